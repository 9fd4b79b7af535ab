#include "pipeline/core/state_store.h"

#include <filesystem>
#include <stdexcept>

namespace newswired {
namespace {

constexpr std::size_t kMapSize = std::size_t{4} << 30;  // address space only, not memory

MDB_val as_val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }

struct ReadTxn {
  explicit ReadTxn(MDB_env* env) {
    if (mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn) != 0) txn = nullptr;
  }
  ~ReadTxn() {
    if (txn) mdb_txn_abort(txn);
  }
  MDB_txn* txn = nullptr;
};

}  // namespace

Outcome<std::shared_ptr<StateStore>> StateStore::open(const std::string& dir,
                                                      const std::vector<std::string>& tables) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Failure{"cannot create state directory " + dir + ": " + ec.message()};
  std::shared_ptr<StateStore> store(new StateStore());
  auto fail = [&](int rc, const std::string& what) {
    return Failure{what + " " + dir + ": " + mdb_strerror(rc)};
  };
  int rc = mdb_env_create(&store->env_);
  if (rc != 0) return fail(rc, "cannot create LMDB environment for");
  mdb_env_set_maxdbs(store->env_, static_cast<MDB_dbi>(tables.size() + 1));
  mdb_env_set_mapsize(store->env_, kMapSize);
  rc = mdb_env_open(store->env_, dir.c_str(), MDB_NOTLS | MDB_NOSYNC, 0640);
  if (rc != 0) return fail(rc, "cannot open state in");
  MDB_txn* txn = nullptr;
  rc = mdb_txn_begin(store->env_, nullptr, 0, &txn);
  if (rc != 0) return fail(rc, "cannot begin transaction in");
  for (const auto& name : tables) {
    MDB_dbi dbi = 0;
    rc = mdb_dbi_open(txn, name.c_str(), MDB_CREATE, &dbi);
    if (rc != 0) {
      mdb_txn_abort(txn);
      return fail(rc, "cannot open table " + name + " in");
    }
    store->tables_.emplace_back(name, dbi);
  }
  rc = mdb_txn_commit(txn);
  if (rc != 0) return fail(rc, "cannot commit to");
  return store;
}

StateStore::~StateStore() {
  if (env_) {
    mdb_env_sync(env_, 1);
    mdb_env_close(env_);
  }
}

MDB_dbi StateStore::table(std::string_view name) const {
  for (const auto& [n, dbi] : tables_)
    if (n == name) return dbi;
  throw std::logic_error("unknown state table " + std::string(name));
}

std::optional<std::string> StateStore::get(std::string_view tbl, std::string_view key) const {
  ReadTxn r(env_);
  if (!r.txn) return std::nullopt;
  MDB_val k = as_val(key);
  MDB_val v{};
  if (mdb_get(r.txn, table(tbl), &k, &v) != 0) return std::nullopt;
  return std::string(static_cast<const char*>(v.mv_data), v.mv_size);
}

std::string StateStore::put(const std::vector<Write>& writes) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, 0, &txn);
  if (rc != 0) return mdb_strerror(rc);
  for (const auto& w : writes) {
    MDB_val k = as_val(w.key);
    MDB_val v = as_val(w.value);
    rc = w.erase ? mdb_del(txn, table(w.table), &k, nullptr)
                 : mdb_put(txn, table(w.table), &k, &v, 0);
    if (rc == MDB_NOTFOUND && w.erase) rc = 0;
    if (rc != 0) {
      mdb_txn_abort(txn);
      return mdb_strerror(rc);
    }
  }
  rc = mdb_txn_commit(txn);
  return rc == 0 ? std::string() : std::string(mdb_strerror(rc));
}

std::size_t StateStore::count(std::string_view tbl) const {
  ReadTxn r(env_);
  MDB_stat st{};
  if (!r.txn || mdb_stat(r.txn, table(tbl), &st) != 0) return 0;
  return st.ms_entries;
}

void StateStore::scan(std::string_view tbl, std::string_view from,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const {
  ReadTxn r(env_);
  MDB_cursor* cursor = nullptr;
  if (!r.txn || mdb_cursor_open(r.txn, table(tbl), &cursor) != 0) return;
  MDB_val k = as_val(from);
  MDB_val v{};
  int rc = from.empty() ? mdb_cursor_get(cursor, &k, &v, MDB_FIRST)
                        : mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
  while (rc == 0) {
    if (!fn(std::string_view(static_cast<const char*>(k.mv_data), k.mv_size),
            std::string_view(static_cast<const char*>(v.mv_data), v.mv_size)))
      break;
    rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
  }
  mdb_cursor_close(cursor);
}

void StateStore::sync() { mdb_env_sync(env_, 1); }

}  // namespace newswired
