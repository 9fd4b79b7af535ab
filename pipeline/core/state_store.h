#pragma once
// Durable key-value state under state_dir (LMDB): what was delivered, fetch validators, ... .
// Crash-safe by construction (copy-on-write B-tree); writes are grouped into one transaction
// per call so delivery acknowledgements can be recorded in batches.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <lmdb.h>

#include "pipeline/core/outcome.h"

namespace newswired {

class StateStore {
 public:
  struct Write {
    std::string table;
    std::string key;
    std::string value;
    bool erase = false;  // delete `key` instead (a missing key is not an error)
    // `key` sorts after every key in the table (a sequence number): it goes at the end
    // without a search, and full pages stay full (MDB_APPEND).
    bool append = false;
  };

  // Opens (creating if needed) the store in `dir` with the named tables.
  static Outcome<std::shared_ptr<StateStore>> open(const std::string& dir,
                                                   const std::vector<std::string>& tables);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // One read view of the store as it was when snapshot() was called: a lookup that reads many
  // keys opens one read transaction instead of one per key. Must not outlive its store; may
  // be used from one thread at a time (not necessarily the one that made it).
  class Snapshot {
   public:
    ~Snapshot();
    Snapshot(Snapshot&& other) noexcept;
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;
    Snapshot& operator=(Snapshot&&) = delete;

    // The value, which stays valid (and unchanged by later writes) while the snapshot lives.
    std::optional<std::string_view> get(std::string_view table, std::string_view key) const;

   private:
    friend class StateStore;
    Snapshot(const StateStore* store, MDB_txn* txn) : store_(store), txn_(txn) {}
    MDB_cursor* cursor(MDB_dbi dbi) const;
    const StateStore* store_;
    MDB_txn* txn_;  // nullptr when no read transaction could be had: every get() misses
    // Opened on first use per table: a cursor that stays on its page finds nearby keys
    // without descending the tree again.
    mutable std::vector<std::pair<MDB_dbi, MDB_cursor*>> cursors_;
  };

  Snapshot snapshot() const;
  std::optional<std::string> get(std::string_view table, std::string_view key) const;
  // All writes land together or not at all. Returns an empty string or the LMDB error.
  std::string put(const std::vector<Write>& writes);
  // The same for several lists of writes, in order, in one transaction: a batch of records'
  // writes is stored without first being copied into one list.
  std::string put(std::span<const std::vector<Write>* const> groups);
  std::size_t count(std::string_view table) const;
  // Calls fn(key, value) for the keys >= `from` in key order, in one read snapshot, until fn
  // returns false. The views are valid only during the call.
  void scan(std::string_view table, std::string_view from,
            const std::function<bool(std::string_view, std::string_view)>& fn) const;
  // The directory it lives in; files kept beside it (the spool's log) go there too.
  const std::string& dir() const { return dir_; }
  // Flushes to disk; writes are otherwise synced lazily (a process crash loses nothing,
  // a power cut may lose the last writes, which then get re-published: at-least-once).
  void sync();

 private:
  StateStore() = default;
  MDB_dbi table(std::string_view name) const;
  // Read transactions are reset and renewed rather than begun and aborted: a renewal keeps
  // its reader slot, so it takes no lock on the reader table and allocates nothing.
  MDB_txn* begin_read() const;  // nullptr on failure
  void end_read(MDB_txn* txn) const;

  std::string dir_;
  MDB_env* env_ = nullptr;
  std::vector<std::pair<std::string, MDB_dbi>> tables_;
  mutable std::mutex idle_readers_mu_;
  mutable std::vector<MDB_txn*> idle_readers_;  // reset, ready for mdb_txn_renew
};

}  // namespace newswired
