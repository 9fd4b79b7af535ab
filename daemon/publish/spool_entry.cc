#include "daemon/publish/spool_entry.h"

namespace newswired {
namespace {

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
  bool view(std::string_view& s) {
    std::uint32_t n = 0;
    if (!u32(n) || in_.size() < n) return false;
    s = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  bool skip() {
    std::string_view ignored;
    return view(ignored);
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

}  // namespace

std::string SpoolEntry::encode() const {
  std::string out;
  encode_to(out);
  return out;
}

void SpoolEntry::encode_to(std::string& out) const {
  std::size_t size = 1 + 4 * 8 + role.size() + source.size() + record.topic.size() +
                     record.key.size() + record.value.size();
  for (const auto& [name, value] : record.headers) size += 8 + name.size() + value.size();
  for (const auto& w : on_ack) size += 13 + w.table.size() + w.key.size() + w.value.size();
  out.reserve(out.size() + size);
  out.push_back(kFormat);
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
}

namespace {

// The value is copied into `r`, pointed to in `value`, or skipped.
enum class Value { kCopy, kView, kSkip };

bool read_value(Reader& in, Record& r, Value how, std::string_view* value) {
  switch (how) {
    case Value::kCopy:
      return in.str(r.value);
    case Value::kView:
      return in.view(*value);
    case Value::kSkip:
      return in.skip();
  }
  return false;
}

bool read_record(Reader& in, Record& r, Value how, std::string_view* value = nullptr) {
  std::uint32_t n = 0;
  if (!in.str(r.topic) || !in.str(r.key) || !read_value(in, r, how, value) || !in.u32(n))
    return false;
  r.headers.resize(n);
  for (auto& [name, value] : r.headers)
    if (!in.str(name) || !in.str(value)) return false;
  return true;
}

std::optional<SpoolEntry> decode_entry(std::string_view bytes, bool with_value) {
  if (bytes.empty() || bytes[0] != kFormat) return std::nullopt;
  Reader in(bytes.substr(1));
  SpoolEntry e;
  std::uint32_t n = 0;
  if (!in.str(e.role) || !in.str(e.source) ||
      !read_record(in, e.record, with_value ? Value::kCopy : Value::kSkip) || !in.u32(n))
    return std::nullopt;
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

}  // namespace

std::optional<SpoolEntry> SpoolEntry::decode(std::string_view bytes) {
  return decode_entry(bytes, true);
}

std::optional<SpoolEntry> SpoolEntry::decode_without_value(std::string_view bytes) {
  return decode_entry(bytes, false);
}

bool SpoolEntry::decode_record(std::string_view bytes, Record& out, std::string_view* value) {
  if (bytes.empty() || bytes[0] != kFormat) return false;
  Reader in(bytes.substr(1));
  out.partition = -1;  // never spooled: records are partitioned by key
  if (value) out.value.clear();
  return in.skip() && in.skip() && read_record(in, out, value ? Value::kView : Value::kCopy, value);
}

}  // namespace newswired
