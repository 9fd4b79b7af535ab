#pragma once
// The write-ahead spool: every record the pipeline makes is written here (LMDB, under
// state_dir) before Kafka sees it, and erased in the same transaction that records its
// delivery. So a long Kafka outage, or a restart or crash during one, loses nothing even after
// the items have scrolled off their feeds: the next run sends what is left, in order.
//
// The spool is bounded by size. When full, append() waits, the pipeline's queues fill up and
// fetching pauses; nothing is dropped.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/publish/kafka_publisher.h"
#include "pipeline/core/state_store.h"

namespace newswired {

struct SpoolEntry {
  std::string role;    // the topic's role: articles, duplicates, kills, dead_letter
  std::string source;  // the source it came from, for logs and metrics
  Record record;
  // State that becomes true when Kafka has the record (dedupe's keys), written with its erase.
  std::vector<StateStore::Write> on_ack;

  std::string encode() const;
  static std::optional<SpoolEntry> decode(std::string_view bytes);
};

class Spool {
 public:
  static constexpr const char* kTable = "spool";

  // Takes over what an earlier run left in `store`.
  Spool(std::shared_ptr<StateStore> store, std::uint64_t max_bytes);

  // Writes the entry and returns its sequence number, after calling `on_assigned(seq)` while
  // no reader can see the entry yet. While the spool is full, or the store refuses the write
  // (disk full, unwritable), it waits as long as `keep_waiting()` says so, calling
  // `on_wait(reason)` when it starts waiting; 0 if it gave up.
  std::uint64_t append(const SpoolEntry& entry, const std::function<bool()>& keep_waiting,
                       const std::function<void(const std::string&)>& on_wait,
                       const std::function<void(std::uint64_t)>& on_assigned = {});
  // append() for several entries: one store transaction for all of them when they fit, else
  // one by one as append() does. Returns each entry's number (0: given up), after calling
  // `on_assigned(index, seq)` for each while no reader can see it yet.
  std::vector<std::uint64_t> append_all(
      const std::vector<const SpoolEntry*>& entries, const std::function<bool()>& keep_waiting,
      const std::function<void(const std::string&)>& on_wait,
      const std::function<void(std::size_t, std::uint64_t)>& on_assigned);
  struct Next {
    std::uint64_t seq = 0;
    std::optional<SpoolEntry> entry;  // nothing: unreadable (another version's format)
  };
  // The first entry after `seq`, waiting up to `wait` for one.
  std::optional<Next> next_after(std::uint64_t seq, std::chrono::milliseconds wait);
  // The write that removes an entry: part of the transaction that records its delivery.
  static StateStore::Write erase_write(std::uint64_t seq);
  // The entry's erase write has been stored (or the entry is given up for good: discard()).
  void erased(std::uint64_t seq);
  std::string discard(std::uint64_t seq);
  // Wakes appenders waiting for room, so they can ask keep_waiting() again.
  void wake();

  std::uint64_t bytes() const { return bytes_; }
  std::size_t records() const;
  std::uint64_t max_bytes() const { return max_bytes_; }
  bool full() const { return bytes_ >= max_bytes_; }
  // Set while the store refuses writes; cleared by the next write that succeeds.
  std::string store_error() const;

 private:
  // Writes `values` under the next numbers in one store transaction and counts them in, with
  // `mu_` held; the store's error if it refused them (kept as store_error_).
  std::string write_locked(const std::vector<std::string>& values,
                           const std::function<void(std::size_t, std::uint64_t)>& on_assigned);

  std::shared_ptr<StateStore> store_;
  const std::uint64_t max_bytes_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::uint64_t, std::uint32_t> sizes_;  // seq -> bytes, of every entry in the spool
  std::uint64_t next_seq_ = 1;
  std::atomic<std::uint64_t> bytes_{0};
  std::string store_error_;
};

}  // namespace newswired
