#include "daemon/publish/spool.h"

#include <algorithm>

namespace newswired {
namespace {

using namespace std::chrono_literals;

// Entries are length-prefixed fields after a format byte, so a spool written by one version
// is either read whole by the next or recognised as foreign.
constexpr char kFormat = 1;

void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool u32(std::uint32_t& v) {
    if (in_.size() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in_[i]);
    in_.remove_prefix(4);
    return true;
  }
  bool str(std::string& s) {
    std::uint32_t n = 0;
    if (!u32(n) || in_.size() < n) return false;
    s.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }
  bool byte(char& c) {
    if (in_.empty()) return false;
    c = in_[0];
    in_.remove_prefix(1);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

// Big-endian, so LMDB's key order is sequence order.
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

}  // namespace

std::string SpoolEntry::encode() const {
  std::string out(1, kFormat);
  put_str(out, role);
  put_str(out, source);
  put_str(out, record.topic);
  put_str(out, record.key);
  put_str(out, record.value);
  put_u32(out, static_cast<std::uint32_t>(record.headers.size()));
  for (const auto& [name, value] : record.headers) {
    put_str(out, name);
    put_str(out, value);
  }
  put_u32(out, static_cast<std::uint32_t>(on_ack.size()));
  for (const auto& w : on_ack) {
    put_str(out, w.table);
    put_str(out, w.key);
    put_str(out, w.value);
    out.push_back(w.erase ? 1 : 0);
  }
  return out;
}

std::optional<SpoolEntry> SpoolEntry::decode(std::string_view bytes) {
  if (bytes.empty() || bytes[0] != kFormat) return std::nullopt;
  Reader in(bytes.substr(1));
  SpoolEntry e;
  std::uint32_t n = 0;
  if (!in.str(e.role) || !in.str(e.source) || !in.str(e.record.topic) || !in.str(e.record.key) ||
      !in.str(e.record.value) || !in.u32(n))
    return std::nullopt;
  for (std::uint32_t i = 0; i < n; ++i) {
    auto& h = e.record.headers.emplace_back();
    if (!in.str(h.first) || !in.str(h.second)) return std::nullopt;
  }
  if (!in.u32(n)) return std::nullopt;
  for (std::uint32_t i = 0; i < n; ++i) {
    auto& w = e.on_ack.emplace_back();
    char erase = 0;
    if (!in.str(w.table) || !in.str(w.key) || !in.str(w.value) || !in.byte(erase))
      return std::nullopt;
    w.erase = erase != 0;
  }
  if (!in.done()) return std::nullopt;
  return e;
}

Spool::Spool(std::shared_ptr<StateStore> store, std::uint64_t max_bytes)
    : store_(std::move(store)), max_bytes_(max_bytes) {
  std::uint64_t total = 0;
  store_->scan(kTable, "", [&](std::string_view key, std::string_view value) {
    const std::uint64_t seq = seq_of(key);
    sizes_[seq] = static_cast<std::uint32_t>(value.size());
    total += value.size();
    next_seq_ = seq + 1;
    return true;
  });
  bytes_ = total;
  // Numbers never come back, even when the spool was empty at start: exactly-once mode's
  // changelog names entries by number, and an old record read again must not erase a new one.
  const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  next_seq_ = std::max<std::uint64_t>(next_seq_, static_cast<std::uint64_t>(now_us));
}

std::string Spool::write_locked(
    const std::vector<std::string>& values,
    const std::function<void(std::size_t, std::uint64_t)>& on_assigned) {
  std::vector<StateStore::Write> writes;
  writes.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    writes.push_back({kTable, seq_key(next_seq_ + i), values[i], false, true});
  if (std::string err = store_->put(writes); !err.empty()) return store_error_ = err;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint64_t seq = next_seq_++;
    if (on_assigned) on_assigned(i, seq);
    sizes_[seq] = static_cast<std::uint32_t>(values[i].size());
    bytes_ += values[i].size();
  }
  store_error_.clear();
  return {};
}

std::uint64_t Spool::append(const SpoolEntry& entry, const std::function<bool()>& keep_waiting,
                            const std::function<void(const std::string&)>& on_wait,
                            const std::function<void(std::uint64_t)>& on_assigned) {
  const std::vector<std::string> value{entry.encode()};
  std::unique_lock lock(mu_);
  bool waited = false;
  for (;;) {
    std::string why;
    // One entry always fits in an empty spool, however large: a record is never refused here.
    if (bytes_ + value[0].size() <= max_bytes_ || sizes_.empty()) {
      std::uint64_t seq = 0;
      const std::string err = write_locked(value, [&](std::size_t, std::uint64_t assigned) {
        seq = assigned;
        if (on_assigned) on_assigned(seq);
      });
      if (err.empty()) {
        lock.unlock();
        changed_.notify_all();
        return seq;
      }
      why = "the state store refused the spool's write: " + err;
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
    // A refused write is retried on a timer: the disk may get room without anything erased.
    changed_.wait_for(lock, 1s);
  }
}

std::vector<std::uint64_t> Spool::append_all(
    const std::vector<const SpoolEntry*>& entries, const std::function<bool()>& keep_waiting,
    const std::function<void(const std::string&)>& on_wait,
    const std::function<void(std::size_t, std::uint64_t)>& on_assigned) {
  std::vector<std::uint64_t> seqs(entries.size(), 0);
  std::vector<std::string> values;
  values.reserve(entries.size());
  std::uint64_t total = 0;
  for (const SpoolEntry* e : entries) total += values.emplace_back(e->encode()).size();
  {
    std::unique_lock lock(mu_);
    if (entries.size() > 1 && bytes_ + total <= max_bytes_ &&
        write_locked(values, [&](std::size_t i, std::uint64_t seq) {
          seqs[i] = seq;
          on_assigned(i, seq);
        }).empty()) {
      lock.unlock();
      changed_.notify_all();
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
  std::uint64_t next = 0;
  {
    std::unique_lock lock(mu_);
    if (!changed_.wait_for(lock, wait, [&] { return sizes_.upper_bound(seq) != sizes_.end(); }))
      return std::nullopt;
    next = sizes_.upper_bound(seq)->first;
  }
  auto value = store_->get(kTable, seq_key(next));
  if (!value) return std::nullopt;  // erased meanwhile (discarded)
  return Next{next, SpoolEntry::decode(*value)};
}

StateStore::Write Spool::erase_write(std::uint64_t seq) { return {kTable, seq_key(seq), "", true}; }

void Spool::erased(std::uint64_t seq) {
  {
    std::lock_guard lock(mu_);
    auto it = sizes_.find(seq);
    if (it == sizes_.end()) return;
    bytes_ -= it->second;
    sizes_.erase(it);
  }
  changed_.notify_all();
}

std::string Spool::discard(std::uint64_t seq) {
  std::string err = store_->put({erase_write(seq)});
  if (err.empty()) erased(seq);
  return err;
}

void Spool::wake() { changed_.notify_all(); }

std::size_t Spool::records() const {
  std::lock_guard lock(mu_);
  return sizes_.size();
}

std::string Spool::store_error() const {
  std::lock_guard lock(mu_);
  return store_error_;
}

}  // namespace newswired
