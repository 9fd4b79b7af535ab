#pragma once
// Durable key-value state under state_dir (LMDB): what was delivered, fetch validators, ... .
// Crash-safe by construction (copy-on-write B-tree); writes are grouped into one transaction
// per call so delivery acknowledgements can be recorded in batches.

#include <functional>
#include <memory>
#include <optional>
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
  };

  // Opens (creating if needed) the store in `dir` with the named tables.
  static Outcome<std::shared_ptr<StateStore>> open(const std::string& dir,
                                                   const std::vector<std::string>& tables);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  std::optional<std::string> get(std::string_view table, std::string_view key) const;
  // All writes land together or not at all. Returns an empty string or the LMDB error.
  std::string put(const std::vector<Write>& writes);
  std::size_t count(std::string_view table) const;
  // Calls fn(key, value) for the keys >= `from` in key order, in one read snapshot, until fn
  // returns false. The views are valid only during the call.
  void scan(std::string_view table, std::string_view from,
            const std::function<bool(std::string_view, std::string_view)>& fn) const;
  // Flushes to disk; writes are otherwise synced lazily (a process crash loses nothing,
  // a power cut may lose the last writes, which then get re-published: at-least-once).
  void sync();

 private:
  StateStore() = default;
  MDB_dbi table(std::string_view name) const;

  MDB_env* env_ = nullptr;
  std::vector<std::pair<std::string, MDB_dbi>> tables_;
};

}  // namespace newswired
