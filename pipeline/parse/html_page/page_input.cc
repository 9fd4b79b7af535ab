#include "pipeline/parse/html_page/page_input.h"

#include <algorithm>

#include <zlib.h>

#include "pipeline/parse/encoding.h"

namespace newswired::html_page {
namespace {

// Browsers read the first 1024 bytes; news pages often put dozens of <meta> and inline scripts
// before the charset, so the prescan looks further.
constexpr std::size_t kPrescanBytes = 16 * 1024;

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower_ascii);
  return out;
}

bool is_charset_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
         c == '.';
}

// The value after "charset" at `at` ("charset=utf-8", "charset = 'utf-8'"), "" if malformed.
std::string charset_value(std::string_view text, std::size_t at) {
  std::size_t i = at + 7;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || text[i] != '=') return {};
  ++i;
  while (i < text.size() && (text[i] == ' ' || text[i] == '"' || text[i] == '\'')) ++i;
  std::size_t end = i;
  while (end < text.size() && is_charset_char(text[end])) ++end;
  return std::string(text.substr(i, end - i));
}

std::string charset_of_content_type(std::string_view content_type) {
  const std::string ct = lower(content_type);
  const std::size_t at = ct.find("charset");
  return at == std::string::npos ? std::string() : charset_value(ct, at);
}

bool has_bom(std::string_view b) {
  return b.starts_with("\xEF\xBB\xBF") || b.starts_with("\xFE\xFF") || b.starts_with("\xFF\xFE");
}

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

}  // namespace

bool is_gzip(std::string_view bytes) { return bytes.starts_with("\x1F\x8B"); }

Outcome<std::string> gunzip(std::string_view bytes, std::size_t limit) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip header and trailer, not a raw zlib stream.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Failure{"gzip: cannot initialise zlib"};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char chunk[64 * 1024];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t produced = sizeof chunk - zs.avail_out;
    if (out.size() + produced > limit) {
      inflateEnd(&zs);
      return Failure{"gzip: page larger than " + std::to_string(limit) + " bytes once inflated"};
    }
    out.append(chunk, produced);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated: keep what was inflated
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
    return Failure{"gzip: corrupt stream" + (zs.msg ? ": " + std::string(zs.msg) : "")};
  }
  return out;
}

std::string declared_charset(std::string_view bytes) {
  const std::string head = lower(bytes.substr(0, kPrescanBytes));
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos;
       meta = head.find("<meta", meta + 5)) {
    const std::size_t end = head.find('>', meta);
    if (end == std::string::npos) break;
    const std::string_view tag = std::string_view(head).substr(meta, end - meta);
    const std::size_t at = tag.find("charset");
    if (at == std::string_view::npos) continue;
    std::string value = charset_value(tag, at);
    if (!value.empty()) return value;
  }
  return {};
}

Outcome<std::string> page_text(std::string_view bytes, std::string_view content_type) {
  std::string inflated;
  if (is_gzip(bytes)) {
    Outcome<std::string> out = gunzip(bytes, kMaxPageBytes);
    if (!out.ok()) return out;
    inflated = std::move(out.value());
    bytes = inflated;
  }
  if (bytes.size() > kMaxPageBytes) {
    return Failure{"page larger than " + std::to_string(kMaxPageBytes) + " bytes"};
  }
  std::string charset = charset_of_content_type(content_type);
  if (charset.empty() && !has_bom(bytes)) charset = declared_charset(bytes);
  // A page in UTF-16 cannot truly declare so in ASCII-compatible <meta>: the label is wrong.
  if (charset.empty() || charset.starts_with("utf-16") || charset == "unicode") charset = "utf-8";
  // Most pages are what they say, UTF-8: they need no conversion at all.
  if (charset == "utf-8" || charset == "utf8") {
    std::string_view text = bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes;
    if (is_utf8(text)) return std::string(text);
  }
  // encoding.h decides by the HTTP charset first, falling back to UTF-8 and windows-1252 when the
  // declared one cannot read the bytes, and trusts UTF-8 over a legacy label that it reads.
  DecodedText decoded = decode_to_utf8(bytes, "text/html; charset=" + charset);
  return std::move(decoded.utf8);
}

}  // namespace newswired::html_page
