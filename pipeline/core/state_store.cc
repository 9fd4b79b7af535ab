#include "pipeline/core/state_store.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace newswired {
namespace {

constexpr std::size_t kMapSize = std::size_t{4} << 30;  // address space only, not memory
// Idle read transactions kept for reuse; more than the threads reading at once is waste, and
// each holds one of LMDB's 126 reader slots.
constexpr std::size_t kMaxIdleReaders = 8;

MDB_val as_val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }

std::string_view as_view(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

// LMDB's own key order (bytes compared as unsigned, a prefix first), so stores written with
// the default comparison read the same: only faster for keys of 4 or 8 bytes (near-duplicate
// references, spool sequence numbers), which a lookup compares a dozen times as a number
// instead of calling memcmp.
int compare_keys(const MDB_val* a, const MDB_val* b) {
  if (a->mv_size == b->mv_size && (a->mv_size == 4 || a->mv_size == 8)) {
    std::uint64_t x = 0, y = 0;
    if (a->mv_size == 4) {
      std::uint32_t x32 = 0, y32 = 0;
      std::memcpy(&x32, a->mv_data, 4);
      std::memcpy(&y32, b->mv_data, 4);
      x = __builtin_bswap32(x32);
      y = __builtin_bswap32(y32);
    } else {
      std::memcpy(&x, a->mv_data, 8);
      std::memcpy(&y, b->mv_data, 8);
      x = __builtin_bswap64(x);
      y = __builtin_bswap64(y);
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const std::size_t n = std::min(a->mv_size, b->mv_size);
  if (const int d = n == 0 ? 0 : std::memcmp(a->mv_data, b->mv_data, n); d != 0) return d;
  return a->mv_size < b->mv_size ? -1 : a->mv_size > b->mv_size ? 1 : 0;
}
static_assert(std::endian::native == std::endian::little, "compare_keys reads keys byte-swapped");

}  // namespace

MDB_txn* StateStore::begin_read() const {
  MDB_txn* txn = nullptr;
  {
    std::lock_guard lock(idle_readers_mu_);
    if (!idle_readers_.empty()) {
      txn = idle_readers_.back();
      idle_readers_.pop_back();
    }
  }
  if (txn != nullptr) {
    if (mdb_txn_renew(txn) == 0) return txn;
    mdb_txn_abort(txn);
    txn = nullptr;
  }
  if (mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn) != 0) return nullptr;
  return txn;
}

void StateStore::end_read(MDB_txn* txn) const {
  if (txn == nullptr) return;
  mdb_txn_reset(txn);
  {
    std::lock_guard lock(idle_readers_mu_);
    if (idle_readers_.size() < kMaxIdleReaders) {
      idle_readers_.push_back(txn);
      return;
    }
  }
  mdb_txn_abort(txn);
}

StateStore::Snapshot::~Snapshot() {
  for (const auto& [dbi, c] : cursors_) mdb_cursor_close(c);
  if (store_ != nullptr) store_->end_read(txn_);
}

StateStore::Snapshot::Snapshot(Snapshot&& other) noexcept
    : store_(other.store_), txn_(other.txn_), cursors_(std::move(other.cursors_)) {
  other.store_ = nullptr;
  other.txn_ = nullptr;
  other.cursors_.clear();
}

MDB_cursor* StateStore::Snapshot::cursor(MDB_dbi dbi) const {
  for (const auto& [d, c] : cursors_)
    if (d == dbi) return c;
  MDB_cursor* c = nullptr;
  if (mdb_cursor_open(txn_, dbi, &c) != 0) return nullptr;
  cursors_.emplace_back(dbi, c);
  return c;
}

std::optional<std::string_view> StateStore::Snapshot::get(std::string_view tbl,
                                                          std::string_view key) const {
  if (txn_ == nullptr) return std::nullopt;
  MDB_cursor* c = cursor(store_->table(tbl));
  if (c == nullptr) return std::nullopt;
  MDB_val k = as_val(key);
  MDB_val v{};
  if (mdb_cursor_get(c, &k, &v, MDB_SET_KEY) != 0) return std::nullopt;
  return as_view(v);
}

StateStore::Snapshot StateStore::snapshot() const { return Snapshot(this, begin_read()); }

Outcome<std::shared_ptr<StateStore>> StateStore::open(const std::string& dir,
                                                      const std::vector<std::string>& tables) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Failure{"cannot create state directory " + dir + ": " + ec.message()};
  std::shared_ptr<StateStore> store(new StateStore());
  store->dir_ = dir;
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
    // Set once: the environment keeps it for every later transaction.
    mdb_set_compare(txn, dbi, compare_keys);
    store->tables_.emplace_back(name, dbi);
  }
  rc = mdb_txn_commit(txn);
  if (rc != 0) return fail(rc, "cannot commit to");
  return store;
}

StateStore::~StateStore() {
  for (MDB_txn* txn : idle_readers_) mdb_txn_abort(txn);
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
  // One key: mdb_get's cursor on the stack is cheaper than a snapshot's first cursor.
  const Snapshot snap = snapshot();
  if (snap.txn_ == nullptr) return std::nullopt;
  MDB_val k = as_val(key);
  MDB_val v{};
  if (mdb_get(snap.txn_, table(tbl), &k, &v) != 0) return std::nullopt;
  return std::string(as_view(v));
}

std::string StateStore::put(const std::vector<Write>& writes) {
  const std::vector<Write>* const groups[] = {&writes};
  return put(groups);
}

std::string StateStore::put(std::span<const std::vector<Write>* const> groups) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, 0, &txn);
  if (rc != 0) return mdb_strerror(rc);
  for (const std::vector<Write>* writes : groups) {
    for (const auto& w : *writes) {
      MDB_val k = as_val(w.key);
      MDB_val v = as_val(w.value);
      rc = w.erase ? mdb_del(txn, table(w.table), &k, nullptr)
                   : mdb_put(txn, table(w.table), &k, &v, w.append ? MDB_APPEND : 0);
      if (rc == MDB_NOTFOUND && w.erase) rc = 0;
      // Not after the last key after all: written where it belongs.
      if (rc == MDB_KEYEXIST && w.append) rc = mdb_put(txn, table(w.table), &k, &v, 0);
      if (rc != 0) {
        mdb_txn_abort(txn);
        return mdb_strerror(rc);
      }
    }
  }
  rc = mdb_txn_commit(txn);
  return rc == 0 ? std::string() : std::string(mdb_strerror(rc));
}

std::size_t StateStore::count(std::string_view tbl) const {
  const Snapshot snap = snapshot();
  MDB_stat st{};
  if (!snap.txn_ || mdb_stat(snap.txn_, table(tbl), &st) != 0) return 0;
  return st.ms_entries;
}

void StateStore::scan(std::string_view tbl, std::string_view from,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const {
  const Snapshot snap = snapshot();
  MDB_cursor* cursor = nullptr;
  if (!snap.txn_ || mdb_cursor_open(snap.txn_, table(tbl), &cursor) != 0) return;
  MDB_val k = as_val(from);
  MDB_val v{};
  int rc = from.empty() ? mdb_cursor_get(cursor, &k, &v, MDB_FIRST)
                        : mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
  while (rc == 0) {
    if (!fn(as_view(k), as_view(v))) break;
    rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
  }
  mdb_cursor_close(cursor);
}

void StateStore::sync() { mdb_env_sync(env_, 1); }

}  // namespace newswired
