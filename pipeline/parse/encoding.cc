#include "pipeline/parse/encoding.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

namespace newswired {
namespace {

struct Sniffed {
  std::string encoding;  // empty: no BOM and no wide "<?xml" pattern
  std::size_t bom = 0;   // bytes to drop
};

bool starts_with_bytes(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix);
}

Sniffed sniff_bom(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with_bytes(b, "\x00\x00\xFE\xFF"sv)) return {"utf-32be", 4};
  if (starts_with_bytes(b, "\xFF\xFE\x00\x00"sv)) return {"utf-32le", 4};
  if (starts_with_bytes(b, "\xEF\xBB\xBF"sv)) return {"utf-8", 3};
  if (starts_with_bytes(b, "\xFE\xFF"sv)) return {"utf-16be", 2};
  if (starts_with_bytes(b, "\xFF\xFE"sv)) return {"utf-16le", 2};
  // No BOM: the pattern of zero bytes around "<?" (XML 1.0 appendix F).
  if (starts_with_bytes(b, "\x00\x00\x00<"sv)) return {"utf-32be", 0};
  if (starts_with_bytes(b, "<\x00\x00\x00"sv)) return {"utf-32le", 0};
  if (starts_with_bytes(b, "\x00<\x00?"sv)) return {"utf-16be", 0};
  if (starts_with_bytes(b, "<\x00?\x00"sv)) return {"utf-16le", 0};
  return {};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t start = s.find_first_not_of(kSpace);
  if (start == std::string_view::npos) return {};
  return s.substr(start, s.find_last_not_of(kSpace) - start + 1);
}

// The start of the document as ASCII (wide encodings narrowed, other code units dropped to
// '?'), enough to read an XML declaration.
std::string ascii_head(std::string_view b, const Sniffed& s) {
  constexpr std::size_t kHead = 1024;
  std::size_t width = s.encoding.starts_with("utf-32")   ? 4
                      : s.encoding.starts_with("utf-16") ? 2
                                                         : 1;
  const bool big = s.encoding.ends_with("be");
  if (width == 1) {
    std::string out(b.substr(std::min(s.bom, b.size()), kHead));
    for (char& c : out) {
      if ((c & 0x80) != 0) c = '?';
    }
    return out;
  }
  std::string out;
  out.reserve(kHead);
  for (std::size_t i = s.bom; i + width <= b.size() && out.size() < kHead; i += width) {
    unsigned long unit = 0;
    for (std::size_t k = 0; k < width; ++k) {
      const std::size_t at = big ? i + k : i + width - 1 - k;
      unit = (unit << 8) | static_cast<unsigned char>(b[at]);
    }
    out += unit < 0x80 ? static_cast<char>(unit) : '?';
  }
  return out;
}

struct Declaration {
  std::size_t value_start = 0;  // of the encoding value, in the text it was read from
  std::size_t value_size = 0;
  std::string encoding;  // empty when the declaration names none (or there is none)
};

// feedparser's pattern: `<?xml ... encoding="X" ... ?>` at the very start.
std::optional<Declaration> read_declaration(std::string_view text) {
  if (!text.starts_with("<?xml")) return std::nullopt;
  const std::size_t end = text.find("?>");
  if (end == std::string_view::npos) return std::nullopt;
  Declaration d;
  const std::string_view decl = text.substr(0, end);
  const std::size_t key = decl.find("encoding");
  if (key == std::string_view::npos) return d;
  std::size_t i = key + 8;
  while (i < decl.size() &&
         (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n'))
    ++i;
  if (i >= decl.size() || decl[i] != '=') return d;
  ++i;
  while (i < decl.size() &&
         (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n'))
    ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return d;
  const std::size_t close = decl.find(decl[i], i + 1);
  if (close == std::string_view::npos) return d;
  d.value_start = i + 1;
  d.value_size = close - i - 1;
  d.encoding = lower(trim(decl.substr(d.value_start, d.value_size)));
  return d;
}

// Names under which documents declare UTF-16/32 without saying the byte order: the BOM (or
// the byte pattern) says it.
bool is_wide_alias(std::string_view e) {
  static constexpr std::array<std::string_view, 18> kWide{
      "u16",   "utf-16", "utf16",           "utf_16",          "utf-16be",  "utf-16le",
      "u32",   "utf-32", "utf32",           "utf_32",          "utf-32be",  "utf-32le",
      "ucs-2", "ucs-4",  "iso-10646-ucs-2", "iso-10646-ucs-4", "csunicode", "csucs4"};
  return std::find(kWide.begin(), kWide.end(), e) != kWide.end();
}

struct ContentType {
  std::string media;    // lower case, no parameters
  std::string charset;  // lower case, unquoted; empty when absent
};

ContentType parse_content_type(std::string_view header) {
  ContentType ct;
  std::size_t semi = header.find(';');
  ct.media = lower(trim(header.substr(0, semi)));
  while (semi != std::string_view::npos) {
    const std::size_t next = header.find(';', semi + 1);
    const std::string_view param = header.substr(
        semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1);
    const std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && lower(trim(param.substr(0, eq))) == "charset") {
      std::string_view value = trim(param.substr(eq + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      ct.charset = lower(trim(value));
    }
    semi = next;
  }
  return ct;
}

// GB2312 documents routinely use characters only its superset GB18030 has (feedparser too).
std::string widen_chinese(std::string e) { return e == "gb2312" || e == "gbk" ? "gb18030" : e; }

struct Converter {
  explicit Converter(const std::string& name) {
    UErrorCode err = U_ZERO_ERROR;
    handle = ucnv_open(name.c_str(), &err);
    if (U_FAILURE(err)) handle = nullptr;
  }
  ~Converter() {
    if (handle != nullptr) ucnv_close(handle);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  UConverter* handle = nullptr;
};

// Length of the ASCII run `s` starts with. Eight bytes at a time: feeds are mostly ASCII markup,
// and this scan runs over every byte of every document.
std::size_t ascii_prefix(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0x80) == 0) ++i;
  return i;
}

bool has_non_ascii(std::string_view s) { return ascii_prefix(s) < s.size(); }

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    if ((p[i] & 0x80) == 0) {
      i += static_cast<int32_t>(ascii_prefix(s.substr(static_cast<std::size_t>(i))));
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

// `bytes` read as `encoding`; nullopt when ICU does not know the name or, with `strict`, when
// any byte sequence is invalid in it (otherwise such bytes become U+FFFD).
std::optional<std::string> convert(std::string_view bytes, const std::string& encoding,
                                   bool strict) {
  // Most feeds are valid UTF-8 (or ASCII): checking is four times cheaper than the round trip
  // through UTF-16 below, and gives the same bytes.
  const bool utf8 = encoding == "utf-8" || encoding == "utf8";
  if (utf8 && is_valid_utf8(bytes)) return std::string(bytes);
  if (strict && (encoding == "us-ascii" || encoding == "ascii") && !has_non_ascii(bytes)) {
    return std::string(bytes);
  }
  Converter conv(encoding);
  if (conv.handle == nullptr) return std::nullopt;
  UErrorCode err = U_ZERO_ERROR;
  if (strict) {
    ucnv_setToUCallBack(conv.handle, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  } else {
    static const UChar kReplacement[] = {0xFFFD};
    ucnv_setSubstString(conv.handle, kReplacement, 1, &err);
  }
  if (U_FAILURE(err)) return std::nullopt;
  // One byte never yields more than two UTF-16 units (a supplementary character).
  std::u16string wide(bytes.size() * 2 + 2, u'\0');
  const int32_t units = ucnv_toUChars(conv.handle, wide.data(), static_cast<int32_t>(wide.size()),
                                      bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) return std::nullopt;
  std::string out(static_cast<std::size_t>(units) * 3, '\0');
  int32_t length = 0;
  int32_t substitutions = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, wide.data(), units,
                     0xFFFD, &substitutions, &err);
  if (U_FAILURE(err)) return std::nullopt;
  out.resize(static_cast<std::size_t>(length));
  // ICU maps windows-1252's five unassigned bytes to C1 controls; Python's codec (and so
  // feedparser) rejects them, which lets the next candidate have its turn.
  if (strict && encoding == "windows-1252") {
    for (char16_t u : std::u16string_view(wide.data(), static_cast<std::size_t>(units))) {
      if (u == 0x81 || u == 0x8D || u == 0x8F || u == 0x90 || u == 0x9D) return std::nullopt;
    }
  }
  return out;
}

bool is_single_byte_legacy(std::string_view e) {
  return e.starts_with("iso-8859-") || e.starts_with("windows-125") || e.starts_with("cp125") ||
         e == "latin1" || e == "latin-1" || e == "koi8-r" || e == "koi8-u";
}

// The declaration's encoding now says utf-8, so that the XML parser reads the bytes as they are.
void rewrite_declaration(std::string& text) {
  std::optional<Declaration> d = read_declaration(text);
  if (!d || d->encoding.empty()) return;
  text.replace(d->value_start, d->value_size, "utf-8");
}

bool looks_like_xml(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '<';
}

}  // namespace

DecodedText decode_to_utf8(std::string_view body, std::string_view content_type) {
  DecodedText out;
  const Sniffed sniffed = sniff_bom(body);
  const std::string head = ascii_head(body, sniffed);
  const std::optional<Declaration> decl = read_declaration(head);
  std::string xml_encoding = decl ? decl->encoding : "";
  if (!sniffed.encoding.empty() && is_wide_alias(xml_encoding)) xml_encoding = sniffed.encoding;
  xml_encoding = widen_chinese(xml_encoding);

  // RFC 3023 as feedparser applies it.
  const ContentType ct = parse_content_type(content_type);
  const std::string charset = widen_chinese(ct.charset);
  const bool text_type = ct.media.starts_with("text/");
  const bool xml_type = ct.media == "application/xml" || ct.media == "application/xml-dtd" ||
                        ct.media == "application/xml-external-parsed-entity" ||
                        (ct.media.starts_with("application/") && ct.media.ends_with("+xml"));
  const bool text_xml_type = ct.media == "text/xml" ||
                             ct.media == "text/xml-external-parsed-entity" ||
                             (text_type && ct.media.ends_with("+xml"));
  const bool xml = looks_like_xml(head);
  std::string declared;
  if (!xml) {
    // JSON and other text: UTF-8 unless the server says otherwise (RFC 8259 8.1).
    declared = !charset.empty() ? charset : "utf-8";
  } else if (xml_type) {
    declared = !charset.empty() ? charset : !xml_encoding.empty() ? xml_encoding : "utf-8";
  } else if (text_type) {
    declared = !charset.empty() ? charset : "us-ascii";
  } else {
    declared = !xml_encoding.empty() ? xml_encoding : "utf-8";
  }

  // Defaults (utf-8, us-ascii) yield to a BOM without complaint; stated encodings do not.
  const bool explicitly_declared = !charset.empty() || (xml && !text_type && !xml_encoding.empty());
  const std::string_view payload = body.substr(sniffed.bom);
  if (!ct.media.empty() && xml && !xml_type && !text_xml_type) {
    out.warnings.push_back(ct.media + " is not an XML media type");
  }

  // A BOM (or the zero-byte pattern of a wide "<?xml") is certain where labels are often wrong.
  std::vector<std::string> candidates;
  // Departing from feedparser (as miniflux does): a legacy single-byte declaration over bytes
  // that are valid, non-ASCII UTF-8 is a template's leftover; read as declared, every
  // multi-byte character would turn into two or three wrong ones.
  std::string utf8_first;
  if (sniffed.encoding.empty() && is_single_byte_legacy(declared) && has_non_ascii(payload) &&
      convert(payload, "utf-8", true)) {
    utf8_first = "utf-8";
  }
  for (const std::string& c : {sniffed.encoding, utf8_first, declared, xml_encoding,
                               std::string("utf-8"), std::string("windows-1252")}) {
    if (!c.empty() && std::find(candidates.begin(), candidates.end(), c) == candidates.end()) {
      candidates.push_back(c);
    }
  }
  for (const std::string& candidate : candidates) {
    std::optional<std::string> text = convert(payload, candidate, true);
    if (!text) continue;
    out.utf8 = std::move(*text);
    out.encoding = candidate;
    break;
  }
  if (out.encoding.empty()) {
    out.utf8 = convert(payload, "utf-8", false).value_or(std::string());
    out.encoding = "utf-8";
    out.warnings.push_back("document declared as " + declared +
                           ", but no encoding reads it: invalid bytes replaced with U+FFFD");
  } else if (out.encoding != declared &&
             (explicitly_declared || out.encoding != sniffed.encoding)) {
    out.warnings.push_back("document declared as " + declared + ", but parsed as " + out.encoding);
  }
  if (xml) rewrite_declaration(out.utf8);
  return out;
}

}  // namespace newswired
