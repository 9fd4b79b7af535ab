#pragma once
// The write-ahead spool: every record the pipeline makes is written here before Kafka sees it,
// and erased in the same state-store transaction that records its delivery. So a long Kafka
// outage, or a restart or crash during one, loses nothing even after the items have scrolled
// off their feeds: the next run sends what is left, in order.
//
// Entries go to a log of files under state_dir/spool (SpoolSegment), a batch with one write.
// Erasing one writes a small mark under its number in the state store's `spool` table, inside
// the transaction that records the delivery; a file is deleted, and then its marks, once every
// entry in it is marked. After a crash an entry is live exactly when its frame is whole and
// unmarked.
//
// The spool is bounded by size. When full, append() waits, the pipeline's queues fill up and
// fetching pauses; nothing is dropped.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/publish/spool_entry.h"
#include "daemon/publish/spool_segment.h"
#include "pipeline/core/state_store.h"

namespace newswired {

class Spool {
 public:
  // The marks of erased entries, by number. (An earlier version kept whole entries here; a
  // spool it left is moved into the log at start.)
  static constexpr const char* kTable = "spool";

  // Takes over what an earlier run left in `store` and its directory. Files it cannot read
  // stay in place, their entries unsent, and are told by problems().
  Spool(std::shared_ptr<StateStore> store, std::uint64_t max_bytes);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Writes the entry and returns its sequence number, after calling `on_assigned(seq)` while
  // no reader can see the entry yet. While the spool is full, or its write fails (disk full,
  // unwritable), it waits as long as `keep_waiting()` says so, calling `on_wait(reason)` when
  // it starts waiting; 0 if it gave up.
  std::uint64_t append(const SpoolEntry& entry, const std::function<bool()>& keep_waiting,
                       const std::function<void(const std::string&)>& on_wait,
                       const std::function<void(std::uint64_t)>& on_assigned = {});
  // append() for several entries: one write for all of them when they fit, else one by one as
  // append() does. Returns each entry's number (0: given up), after calling
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
  // Up to `max` entries after `seq` in order, waiting up to `wait` for the first.
  std::vector<Next> take_after(std::uint64_t seq, std::size_t max, std::chrono::milliseconds wait);
  // take_after()'s entries as the spool holds them, for a reader that decodes only what it
  // needs (the sender reads just the record).
  struct Raw {
    std::uint64_t seq = 0;
    std::string_view bytes;
    std::shared_ptr<const SpoolSegment> file;  // keeps `bytes` mapped
  };
  std::vector<Raw> take_raw_after(std::uint64_t seq, std::size_t max,
                                  std::chrono::milliseconds wait);
  // A live entry without its record's value (SpoolEntry::decode_without_value); nothing if
  // it was erased, or is unreadable.
  std::optional<SpoolEntry> entry(std::uint64_t seq) const;
  // The write that removes an entry: part of the transaction that records its delivery.
  static StateStore::Write erase_write(std::uint64_t seq);
  // The entry's erase write has been stored (or the entry is given up for good: discard()).
  void erased(std::uint64_t seq);
  void erased(std::span<const std::uint64_t> seqs);
  std::string discard(std::uint64_t seq);
  // Wakes appenders waiting for room, so they can ask keep_waiting() again.
  void wake();

  std::uint64_t bytes() const { return bytes_; }
  std::size_t records() const;
  std::uint64_t max_bytes() const { return max_bytes_; }
  bool full() const { return bytes_ >= max_bytes_; }
  // Set while writes fail; cleared by the next write that succeeds.
  std::string store_error() const;
  // What went wrong taking over an earlier run's spool.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  struct Segment {
    std::shared_ptr<SpoolSegment> file;
    std::uint64_t last_seq = 0;
    std::size_t live = 0;  // entries not erased yet
  };
  struct Place {
    std::uint64_t segment;  // its first number, the key of segments_
    std::uint64_t offset;
    std::uint32_t size;
  };
  // Entries in number order. Numbers only grow, so a deque searched by halving does what a
  // tree would, without a node per entry; an erased slot stays until it reaches the front.
  struct Slot {
    std::uint64_t seq;
    Place place;
    bool live;
  };
  using Slots = std::deque<Slot>;
  Slots::iterator find_locked(std::uint64_t seq);
  Slots::const_iterator find_locked(std::uint64_t seq) const;
  Slots::iterator first_after_locked(std::uint64_t seq);

  void take_over();
  void move_in_legacy(std::vector<std::pair<std::uint64_t, std::string>>& legacy);
  // Writes `frames` under the next numbers with one write and counts them in, with `mu_` held;
  // the error if the write failed (kept as store_error_).
  std::string write_locked(SpoolFrames& frames,
                           const std::function<void(std::size_t, std::uint64_t)>& on_assigned);
  // The segment `bytes` more go into, a new one when the current has no room; with `mu_` held.
  Outcome<std::uint64_t> segment_for(std::uint64_t bytes);
  // Counts in entries just written to the segment `first` at `offsets`, with `mu_` held.
  void count_in(std::uint64_t first, const SpoolFrames& frames, std::span<const std::uint64_t> seqs,
                std::span<const std::uint64_t> offsets);
  // A segment taken out of the spool, with the number it was filed under.
  struct Retired {
    std::uint64_t first;
    Segment segment;
  };
  // Takes a segment with nothing live out of the spool, with `mu_` held; reclaim() it after.
  std::optional<Retired> retire_locked(std::uint64_t first);
  // Deletes the file, then the marks of its entries.
  void reclaim(const Retired& retired);
  bool fits(std::uint64_t payload, std::uint64_t framed) const;

  std::shared_ptr<StateStore> store_;
  const std::string dir_;
  const std::uint64_t max_bytes_;
  const std::uint64_t segment_bytes_;
  mutable std::mutex mu_;
  // Apart, so that an erase does not wake the sender waiting for entries, nor an append a
  // writer waiting for room.
  std::condition_variable added_;
  std::condition_variable room_;
  std::map<std::uint64_t, Segment> segments_;  // by first number
  std::uint64_t active_ = 0;                   // the segment appended to; 0: none yet
  Slots slots_;
  std::size_t live_ = 0;  // slots not erased
  std::uint64_t next_seq_ = 1;
  std::atomic<std::uint64_t> bytes_{0};  // of the live entries
  std::uint64_t file_bytes_ = 0;         // of the segments
  std::string store_error_;
  std::vector<std::string> problems_;
};

}  // namespace newswired
