#include "pipeline/normalize/urls.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include <curl/curl.h>

#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

// Spaces are common in hand-written feed links; curl percent-encodes them. Schemes curl cannot
// fetch are still URLs worth resolving.
constexpr unsigned kSetFlags = CURLU_ALLOW_SPACE | CURLU_NON_SUPPORT_SCHEME;

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using Url = std::unique_ptr<CURLU, UrlDeleter>;

std::optional<std::string> get_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  std::string value(raw);
  curl_free(raw);
  return value;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_escaped(std::string& out, unsigned char c) {
  constexpr char kHex[] = "0123456789abcdef";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// RFC 3986 6.2.2.2: "%7E" and "~" are one URL, which curl 7.88 leaves as written. Bytes that
// may not stand in a URI at all (an IRI's UTF-8, spaces) are escaped (RFC 3987 3.1). Reserved
// characters keep their spelling: escaped or not they can mean different things to the server.
// The case of the escapes (6.2.2.1) is curl's: it writes every escape of a part it is given in
// lower case, so this does too.
std::string normalize_escapes(std::string_view s) {
  constexpr std::string_view kNeverRaw = "\"<>\\^`{|}";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      const auto decoded =
          static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        append_escaped(out, decoded);
      }
      i += 2;
    } else if (c <= 0x20 || c >= 0x7F || c == '%' ||
               kNeverRaw.find(static_cast<char>(c)) != std::string_view::npos) {
      append_escaped(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string_view param_name(std::string_view param) { return param.substr(0, param.find('=')); }

// The query without tracking and empty parameters, the rest sorted by name. Feeds, share
// buttons and templates write the same parameters in different orders; servers read them as a
// set, and the canonical URL is only ever compared, never fetched (`url` keeps the feed's own
// spelling). The sort is stable: repeated names ("tag=a&tag=b") keep their order, which can
// matter.
std::string clean_query(std::string_view query, const TrackingParams& tracking) {
  std::vector<std::string> kept;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    start = end + 1;
    if (param.empty() || tracking.matches(param_name(param))) continue;
    kept.push_back(normalize_escapes(param));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const std::string& a, const std::string& b) {
    return param_name(a) < param_name(b);
  });
  std::string out;
  for (const std::string& p : kept) out += (out.empty() ? "" : "&") + p;
  return out;
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  if (ref.empty()) return {};
  const std::string ref_str(ref);
  Url url(curl_url());
  if (!url) return ref_str;
  const bool have_base =
      !base.empty() &&
      curl_url_set(url.get(), CURLUPART_URL, std::string(base).c_str(), kSetFlags) == CURLUE_OK;
  CURLUcode rc;
  if (have_base && ref_str.front() == '#') {
    // curl 7.88 resolves "#frag" against the base's directory, dropping the file name; a
    // fragment-only reference means the base document itself.
    rc = curl_url_set(url.get(), CURLUPART_FRAGMENT,
                      ref_str.size() > 1 ? ref_str.c_str() + 1 : nullptr, 0);
  } else {
    // Without a base this only succeeds for an absolute URL, which is then normalised.
    rc = curl_url_set(url.get(), CURLUPART_URL, ref_str.c_str(), kSetFlags);
  }
  if (rc != CURLUE_OK) return ref_str;
  return get_part(url.get(), CURLUPART_URL).value_or(ref_str);
}

std::string canonical_url(std::string_view url_text) {
  return canonical_url(url_text, *tracking_params());
}

std::string canonical_url(std::string_view url_text, const TrackingParams& tracking) {
  const std::string given(url_text);
  Url url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, given.c_str(), kSetFlags) != CURLUE_OK)
    return given;
  const std::string scheme = to_lower_ascii(get_part(url.get(), CURLUPART_SCHEME).value_or(""));
  if (scheme != "http" && scheme != "https") return given;

  const std::optional<std::string> host = get_part(url.get(), CURLUPART_HOST);
  if (host &&
      curl_url_set(url.get(), CURLUPART_HOST, to_lower_ascii(*host).c_str(), 0) != CURLUE_OK)
    return given;
  curl_url_set(url.get(), CURLUPART_FRAGMENT, nullptr, 0);
  if (const std::optional<std::string> path = get_part(url.get(), CURLUPART_PATH)) {
    if (curl_url_set(url.get(), CURLUPART_PATH, normalize_escapes(*path).c_str(), 0) != CURLUE_OK)
      return given;
  }
  if (const std::optional<std::string> query = get_part(url.get(), CURLUPART_QUERY)) {
    const std::string kept = clean_query(*query, tracking);
    curl_url_set(url.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  }
  return get_part(url.get(), CURLUPART_URL, CURLU_NO_DEFAULT_PORT).value_or(given);
}

}  // namespace newswired
