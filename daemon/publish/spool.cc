#include "daemon/publish/spool.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

namespace newswired {
namespace {

using namespace std::chrono_literals;

// Big-endian, so the table's key order is sequence order.
std::string seq_key(std::uint64_t seq) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, seq >>= 8) key[i] = static_cast<char>(seq & 0xff);
  return key;
}

std::uint64_t seq_of(std::string_view key) {
  std::uint64_t seq = 0;
  for (char c : key) seq = (seq << 8) | static_cast<unsigned char>(c);
  return seq;
}

// Files are named by their first number in fixed-width hex, so name order is number order.
constexpr std::string_view kSuffix = ".log";

std::string segment_name(std::uint64_t first) {
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.log", static_cast<unsigned long long>(first));
  return name;
}

std::optional<std::uint64_t> segment_first(const std::string& name) {
  if (name.size() != 16 + kSuffix.size() || !name.ends_with(kSuffix)) return std::nullopt;
  std::uint64_t first = 0;
  const char* end = name.data() + 16;
  const auto [at, ec] = std::from_chars(name.data(), end, first, 16);
  if (ec != std::errc() || at != end) return std::nullopt;
  return first;
}

// A file holds an eighth of the limit (1 to 16 MiB): erased entries' room comes back in
// steps that size, and a file's marks are deleted in one transaction of a few thousand keys.
std::uint64_t segment_bytes_for(std::uint64_t max_bytes) {
  return std::clamp<std::uint64_t>(max_bytes / 8, std::uint64_t{1} << 20, std::uint64_t{16} << 20);
}

// The first slot numbered `seq` or more. Numbers run on without gaps but where a restart
// skipped ahead, so a slot is nearly always as far from the front as its number is; only
// otherwise is it searched for by halving.
template <class SlotDeque>
auto slot_from(SlotDeque& slots, std::uint64_t seq) {
  if (!slots.empty() && seq >= slots.front().seq) {
    const std::uint64_t at = seq - slots.front().seq;
    if (at < slots.size() && slots[at].seq == seq)
      return slots.begin() + static_cast<std::ptrdiff_t>(at);
  }
  return std::lower_bound(slots.begin(), slots.end(), seq,
                          [](const auto& slot, std::uint64_t s) { return slot.seq < s; });
}

// The live slot numbered `seq`, or the end.
template <class SlotDeque>
auto find_live(SlotDeque& slots, std::uint64_t seq) {
  auto it = slot_from(slots, seq);
  return it != slots.end() && it->seq == seq && it->live ? it : slots.end();
}

}  // namespace

Spool::Spool(std::shared_ptr<StateStore> store, std::uint64_t max_bytes)
    : store_(std::move(store)),
      dir_(store_->dir() + "/spool"),
      max_bytes_(max_bytes),
      segment_bytes_(segment_bytes_for(max_bytes)) {
  take_over();
  // Numbers never come back, even when the spool was empty at start: exactly-once mode's
  // changelog names entries by number, and an old record read again must not erase a new one.
  const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  next_seq_ = std::max<std::uint64_t>(next_seq_, static_cast<std::uint64_t>(now_us));
}

Spool::~Spool() {
  // A clean stop leaves the log on disk, not only in the page cache, as the store does.
  for (const auto& [first, segment] : segments_) segment.file->sync();
}

void Spool::take_over() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) problems_.push_back("cannot create the spool directory " + dir_ + ": " + ec.message());
  std::vector<std::uint64_t> marks;  // in order, as the table is
  std::vector<std::pair<std::uint64_t, std::string>> legacy;
  store_->scan(kTable, "", [&](std::string_view key, std::string_view value) {
    const std::uint64_t seq = seq_of(key);
    if (value.empty()) {
      marks.push_back(seq);
    } else {
      legacy.emplace_back(seq, std::string(value));
    }
    next_seq_ = std::max(next_seq_, seq + 1);
    return true;
  });
  std::vector<std::pair<std::uint64_t, std::string>> files;
  for (const auto& f : std::filesystem::directory_iterator(dir_, ec))
    if (auto first = segment_first(f.path().filename().string()))
      files.emplace_back(*first, f.path().string());
  std::sort(files.begin(), files.end());

  std::vector<std::uint64_t> framed;  // every number in a readable file, to move legacy ones
  std::vector<Retired> retired;
  bool unreadable = false;
  for (const auto& [first, path] : files) {
    next_seq_ = std::max(next_seq_, first + 1);
    Segment segment;
    auto file =
        SpoolSegment::open(path, [&](std::uint64_t seq, std::uint64_t offset, std::uint32_t size) {
          if (!legacy.empty()) framed.push_back(seq);
          next_seq_ = std::max(next_seq_, seq + 1);
          segment.last_seq = std::max(segment.last_seq, seq);
          if (std::binary_search(marks.begin(), marks.end(), seq)) return;
          slots_.push_back({seq, Place{first, offset, size}, true});
          ++segment.live;
          ++live_;
          bytes_ += size;
        });
    if (!file.ok()) {
      problems_.push_back(file.reason() + "; its entries stay there, unsent");
      unreadable = true;
      continue;
    }
    segment.file = file.value();
    if (segment.live == 0) {
      retired.push_back({first, std::move(segment)});
      continue;
    }
    file_bytes_ += segment.file->written();
    segments_.emplace(first, std::move(segment));
  }
  // Files first: a mark deleted before its file would bring the entry back.
  for (const Retired& r : retired) r.segment.file->remove();

  std::vector<StateStore::Write> cleanup;
  std::sort(framed.begin(), framed.end());
  std::erase_if(legacy, [&](const auto& e) {
    const bool moved = std::binary_search(framed.begin(), framed.end(), e.first);
    if (moved) cleanup.push_back({kTable, seq_key(e.first), "", true});
    return moved;
  });
  if (!legacy.empty()) move_in_legacy(legacy);
  std::sort(slots_.begin(), slots_.end(),
            [](const Slot& a, const Slot& b) { return a.seq < b.seq; });
  for (const auto& [seq, bytes] : legacy) cleanup.push_back({kTable, seq_key(seq), "", true});
  // Marks of retired files, or of numbers no file holds: nothing can need them any more.
  // While a file could not be read, its marks are not known, so all stay.
  if (!unreadable) {
    for (const std::uint64_t seq : marks) {
      auto after = segments_.upper_bound(seq);
      const bool kept = after != segments_.begin() && seq <= std::prev(after)->second.last_seq;
      if (!kept) cleanup.push_back({kTable, seq_key(seq), "", true});
    }
  }
  if (!cleanup.empty())
    if (auto err = store_->put(cleanup); !err.empty())
      problems_.push_back("could not delete the spool's old marks: " + err);
}

void Spool::move_in_legacy(std::vector<std::pair<std::uint64_t, std::string>>& legacy) {
  SpoolFrames frames;
  std::vector<std::uint64_t> seqs;
  for (const auto& [seq, bytes] : legacy) {
    frames.open_frame().append(bytes);
    frames.close_frame();
    seqs.push_back(seq);
  }
  const std::uint64_t first = seqs.front();
  auto file = SpoolSegment::create(dir_ + "/" + segment_name(first),
                                   std::max(segment_bytes_, frames.bytes()));
  std::string err = file.ok() ? "" : file.reason();
  std::vector<std::uint64_t> offsets(seqs.size());
  if (err.empty())
    err = file.value()->append(frames, seqs,
                               [&](std::size_t i, std::uint64_t offset) { offsets[i] = offset; });
  // Synced before the table's copies go: a power cut must not lose both.
  if (err.empty()) err = file.value()->sync();
  if (!err.empty()) {
    if (file.ok()) file.value()->remove();
    problems_.push_back("could not move " + std::to_string(legacy.size()) +
                        " entries an earlier version spooled into the spool's files (" + err +
                        "); they stay in the state store, unsent");
    legacy.clear();
    return;
  }
  segments_[first].file = file.value();
  count_in(first, frames, seqs, offsets);
}

void Spool::count_in(std::uint64_t first, const SpoolFrames& frames,
                     std::span<const std::uint64_t> seqs, std::span<const std::uint64_t> offsets) {
  Segment& segment = segments_.at(first);
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    const std::uint32_t size = frames.payload_size(i);
    slots_.push_back({seqs[i], Place{first, offsets[i], size}, true});
    ++live_;
    ++segment.live;
    segment.last_seq = seqs[i];
    bytes_ += size;
  }
  file_bytes_ += frames.bytes();
}

bool Spool::fits(std::uint64_t payload, std::uint64_t framed) const {
  // Files are deleted only when every entry in them is erased, so one entry waiting long
  // keeps later files; they may take up to twice the limit before the spool counts as full.
  return bytes_ + payload <= max_bytes_ && file_bytes_ + framed <= 2 * max_bytes_;
}

Outcome<std::uint64_t> Spool::segment_for(std::uint64_t bytes) {
  if (active_ != 0) {
    const Segment& s = segments_.at(active_);
    if (s.file->written() + bytes <= s.file->capacity()) return active_;
    // Full, or emptied by erases while it was the one appended to: it goes.
    if (s.live == 0)
      if (auto gone = retire_locked(active_)) reclaim(*gone);
  }
  auto file =
      SpoolSegment::create(dir_ + "/" + segment_name(next_seq_), std::max(segment_bytes_, bytes));
  if (!file.ok()) return Failure{file.reason()};
  active_ = next_seq_;
  segments_[active_].file = file.value();
  return active_;
}

std::optional<Spool::Retired> Spool::retire_locked(std::uint64_t first) {
  auto it = segments_.find(first);
  if (it == segments_.end()) return std::nullopt;
  Retired gone{first, std::move(it->second)};
  segments_.erase(it);
  if (first == active_) active_ = 0;
  file_bytes_ -= gone.segment.file->written();
  return gone;
}

void Spool::reclaim(const Retired& retired) {
  retired.segment.file->remove();
  std::vector<StateStore::Write> marks;
  store_->scan(kTable, seq_key(retired.first), [&](std::string_view key, std::string_view) {
    if (seq_of(key) > retired.segment.last_seq) return false;
    marks.push_back({kTable, std::string(key), "", true});
    return true;
  });
  // Refused (disk full): the marks stay until the next start, which deletes what no file needs.
  if (!marks.empty()) (void)store_->put(marks);
}

std::string Spool::write_locked(
    SpoolFrames& frames, const std::function<void(std::size_t, std::uint64_t)>& on_assigned) {
  auto first = segment_for(frames.bytes());
  if (!first.ok()) return store_error_ = first.reason();
  std::vector<std::uint64_t> seqs(frames.count());
  for (std::size_t i = 0; i < seqs.size(); ++i) seqs[i] = next_seq_ + i;
  std::vector<std::uint64_t> offsets(frames.count());
  SpoolSegment& file = *segments_.at(first.value()).file;
  if (std::string err = file.append(
          frames, seqs, [&](std::size_t i, std::uint64_t offset) { offsets[i] = offset; });
      !err.empty())
    return store_error_ = err;
  if (on_assigned)
    for (std::size_t i = 0; i < seqs.size(); ++i) on_assigned(i, seqs[i]);
  count_in(first.value(), frames, seqs, offsets);
  next_seq_ += seqs.size();
  store_error_.clear();
  return {};
}

std::uint64_t Spool::append(const SpoolEntry& entry, const std::function<bool()>& keep_waiting,
                            const std::function<void(const std::string&)>& on_wait,
                            const std::function<void(std::uint64_t)>& on_assigned) {
  SpoolFrames frames;
  entry.encode_to(frames.open_frame());
  frames.close_frame();
  std::unique_lock lock(mu_);
  bool waited = false;
  for (;;) {
    std::string why;
    // One entry always fits in an empty spool, however large: a record is never refused here.
    if (fits(frames.payload_bytes(), frames.bytes()) || live_ == 0) {
      std::uint64_t seq = 0;
      const std::string err = write_locked(frames, [&](std::size_t, std::uint64_t assigned) {
        seq = assigned;
        if (on_assigned) on_assigned(seq);
      });
      if (err.empty()) {
        lock.unlock();
        added_.notify_all();
        return seq;
      }
      why = "the spool's write failed: " + err;
    } else {
      why = "the spool is full";
    }
    if (!waited) {
      // Outside the lock: the callback may ask the spool how full it is.
      lock.unlock();
      on_wait(why);
      lock.lock();
    }
    waited = true;
    if (!keep_waiting()) return 0;
    // A failed write is retried on a timer: the disk may get room without anything erased.
    room_.wait_for(lock, 1s);
  }
}

std::vector<std::uint64_t> Spool::append_all(
    const std::vector<const SpoolEntry*>& entries, const std::function<bool()>& keep_waiting,
    const std::function<void(const std::string&)>& on_wait,
    const std::function<void(std::size_t, std::uint64_t)>& on_assigned) {
  std::vector<std::uint64_t> seqs(entries.size(), 0);
  if (entries.size() > 1) {
    // Kept by the thread: a batch's buffer is not allocated again for every batch.
    thread_local SpoolFrames frames;
    frames.clear();
    for (const SpoolEntry* e : entries) {
      e->encode_to(frames.open_frame());
      frames.close_frame();
    }
    std::unique_lock lock(mu_);
    if (fits(frames.payload_bytes(), frames.bytes()) &&
        write_locked(frames, [&](std::size_t i, std::uint64_t seq) {
          seqs[i] = seq;
          on_assigned(i, seq);
        }).empty()) {
      lock.unlock();
      added_.notify_all();
      return seqs;
    }
  }
  // Too many for the room left, or refused: each waits for its turn, as append() does.
  for (std::size_t i = 0; i < entries.size(); ++i)
    seqs[i] =
        append(*entries[i], keep_waiting, on_wait, [&](std::uint64_t seq) { on_assigned(i, seq); });
  return seqs;
}

std::optional<Spool::Next> Spool::next_after(std::uint64_t seq, std::chrono::milliseconds wait) {
  auto next = take_after(seq, 1, wait);
  if (next.empty()) return std::nullopt;
  return std::move(next.front());
}

Spool::Slots::iterator Spool::find_locked(std::uint64_t seq) { return find_live(slots_, seq); }

Spool::Slots::const_iterator Spool::find_locked(std::uint64_t seq) const {
  return find_live(slots_, seq);
}

Spool::Slots::iterator Spool::first_after_locked(std::uint64_t seq) {
  auto it = slot_from(slots_, seq + 1);
  while (it != slots_.end() && !it->live) ++it;
  return it;
}

std::vector<Spool::Raw> Spool::take_raw_after(std::uint64_t seq, std::size_t max,
                                              std::chrono::milliseconds wait) {
  std::vector<Raw> found;
  std::unique_lock lock(mu_);
  auto it = first_after_locked(seq);
  if (it == slots_.end()) {
    if (!added_.wait_for(lock, wait,
                         [&] { return (it = first_after_locked(seq)) != slots_.end(); }))
      return found;
  }
  // The file is held with each: it may be retired meanwhile, its mapping stays until then.
  for (; it != slots_.end() && found.size() < max; ++it)
    if (it->live) {
      const auto& file = segments_.at(it->place.segment).file;
      found.push_back({it->seq, file->payload(it->place.offset, it->place.size), file});
    }
  return found;
}

std::vector<Spool::Next> Spool::take_after(std::uint64_t seq, std::size_t max,
                                           std::chrono::milliseconds wait) {
  std::vector<Next> next;
  for (const Raw& raw : take_raw_after(seq, max, wait))
    next.push_back({raw.seq, SpoolEntry::decode(raw.bytes)});
  return next;
}

std::optional<SpoolEntry> Spool::entry(std::uint64_t seq) const {
  std::shared_ptr<const SpoolSegment> file;
  std::string_view bytes;
  {
    std::lock_guard lock(mu_);
    const auto it = find_locked(seq);
    if (it == slots_.end()) return std::nullopt;
    file = segments_.at(it->place.segment).file;
    bytes = file->payload(it->place.offset, it->place.size);
  }
  return SpoolEntry::decode_without_value(bytes);
}

StateStore::Write Spool::erase_write(std::uint64_t seq) {
  return {kTable, seq_key(seq), "", false, true};
}

void Spool::erased(std::uint64_t seq) { erased(std::span<const std::uint64_t>(&seq, 1)); }

void Spool::erased(std::span<const std::uint64_t> seqs) {
  std::vector<Retired> gone;
  {
    std::lock_guard lock(mu_);
    for (const std::uint64_t seq : seqs) {
      auto it = find_locked(seq);
      if (it == slots_.end()) continue;
      it->live = false;
      --live_;
      bytes_ -= it->place.size;
      const std::uint64_t first = it->place.segment;
      // The file appended to stays until it is full, so a quiet spool does not churn files.
      if (--segments_.at(first).live == 0 && first != active_)
        if (auto retired = retire_locked(first)) gone.push_back(std::move(*retired));
    }
    while (!slots_.empty() && !slots_.front().live) slots_.pop_front();
  }
  room_.notify_all();
  for (const Retired& retired : gone) reclaim(retired);
}

std::string Spool::discard(std::uint64_t seq) {
  std::string err = store_->put({erase_write(seq)});
  if (err.empty()) erased(seq);
  return err;
}

void Spool::wake() { room_.notify_all(); }

std::size_t Spool::records() const {
  std::lock_guard lock(mu_);
  return live_;
}

std::string Spool::store_error() const {
  std::lock_guard lock(mu_);
  return store_error_;
}

}  // namespace newswired
