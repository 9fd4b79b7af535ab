#include "pipeline/parse/sniff.h"

#include <cstdio>
#include <initializer_list>
#include <string_view>

namespace newswired {
namespace {

// Enough for long comments and internal DTD subsets before the root, bounded so that sniffing
// a wide-character document stays cheap.
constexpr std::size_t kMaxWideUnits = 64 * 1024;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool ends_name(char c) { return is_space(c) || c == '/' || c == '>'; }

struct Encoding {
  std::size_t width = 1;  // bytes per code unit
  bool big_endian = false;
  std::size_t bom = 0;  // bytes to skip
};

bool starts_with_bytes(std::string_view body, std::initializer_list<unsigned char> bytes) {
  if (body.size() < bytes.size()) return false;
  std::size_t i = 0;
  for (unsigned char b : bytes) {
    if (static_cast<unsigned char>(body[i++]) != b) return false;
  }
  return true;
}

// By BOM, or without one by where the zero bytes around the first '<' are (XML 1.0 appendix F).
Encoding detect_encoding(std::string_view body) {
  if (starts_with_bytes(body, {0xEF, 0xBB, 0xBF})) return {1, false, 3};
  if (starts_with_bytes(body, {0x00, 0x00, 0xFE, 0xFF})) return {4, true, 4};
  if (starts_with_bytes(body, {0xFF, 0xFE, 0x00, 0x00})) return {4, false, 4};
  if (starts_with_bytes(body, {0x00, 0x00, 0x00, '<'})) return {4, true, 0};
  if (starts_with_bytes(body, {'<', 0x00, 0x00, 0x00})) return {4, false, 0};
  if (starts_with_bytes(body, {0xFE, 0xFF})) return {2, true, 2};
  if (starts_with_bytes(body, {0xFF, 0xFE})) return {2, false, 2};
  if (starts_with_bytes(body, {0x00, '<'})) return {2, true, 0};
  if (starts_with_bytes(body, {'<', 0x00})) return {2, false, 0};
  return {};
}

// The document's start as single-byte characters: UTF-8 as is (minus BOM), UTF-16/32 narrowed
// with anything outside ASCII replaced. Names that matter for sniffing are ASCII.
std::string_view narrow(std::string_view body, std::string& storage) {
  const Encoding enc = detect_encoding(body);
  if (enc.width == 1) return body.substr(enc.bom);
  for (std::size_t i = enc.bom; i + enc.width <= body.size() && storage.size() < kMaxWideUnits;
       i += enc.width) {
    unsigned long unit = 0;
    for (std::size_t k = 0; k < enc.width; ++k) {
      std::size_t at = enc.big_endian ? i + k : i + enc.width - 1 - k;
      unit = (unit << 8) | static_cast<unsigned char>(body[at]);
    }
    storage += unit < 0x80 ? static_cast<char>(unit) : '?';
  }
  return storage;
}

// Skips past `terminator`; false if it never comes.
bool skip_past(std::string_view& s, std::string_view terminator) {
  std::size_t end = s.find(terminator);
  if (end == std::string_view::npos) return false;
  s.remove_prefix(end + terminator.size());
  return true;
}

// Skips a DOCTYPE, whose internal subset may hold '>' inside brackets, quotes and comments.
bool skip_doctype(std::string_view& s) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (s.substr(i).starts_with("<!--")) {
      std::size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 2;
    } else if (c == '[') {
      ++depth;
    } else if (c == ']') {
      --depth;
    } else if (c == '>' && depth <= 0) {
      s.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

// Reads the root start tag's name and the namespace declared for its prefix.
std::optional<RootElement> read_start_tag(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && !ends_name(s[i])) ++i;
  if (i == 0) return std::nullopt;
  RootElement root;
  root.qname = std::string(s.substr(0, i));
  std::size_t colon = root.qname.find(':');
  std::string prefix = colon == std::string::npos ? "" : root.qname.substr(0, colon);
  root.local = colon == std::string::npos ? root.qname : root.qname.substr(colon + 1);
  std::string wanted = prefix.empty() ? "xmlns" : "xmlns:" + prefix;

  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || s[i] == '>' || s[i] == '/') break;
    std::size_t name_start = i;
    while (i < s.size() && s[i] != '=' && !is_space(s[i]) && s[i] != '>') ++i;
    std::string_view name = s.substr(name_start, i - name_start);
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') break;
    ++i;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || (s[i] != '"' && s[i] != '\'')) break;
    char quote = s[i++];
    std::size_t value_end = s.find(quote, i);
    if (value_end == std::string_view::npos) break;
    if (name == wanted) root.ns = std::string(s.substr(i, value_end - i));
    i = value_end + 1;
  }
  return root;
}

}  // namespace

std::optional<RootElement> sniff_root(std::string_view body) {
  std::string storage;
  std::string_view s = narrow(body, storage);
  while (true) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    if (s.starts_with("<?")) {
      if (!skip_past(s, "?>")) return std::nullopt;
    } else if (s.starts_with("<!--")) {
      if (!skip_past(s, "-->")) return std::nullopt;
    } else if (s.starts_with("<!DOCTYPE")) {
      if (!skip_doctype(s)) return std::nullopt;
    } else if (s.starts_with("<")) {
      return read_start_tag(s.substr(1));
    } else {
      return std::nullopt;
    }
  }
}

std::string describe_start(std::string_view body) {
  if (body.empty()) return "empty document";
  constexpr std::size_t kShown = 40;
  std::string out;
  for (char c : body.substr(0, kShown)) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    }
  }
  if (body.size() > kShown) out += "...";
  return out;
}

}  // namespace newswired
