#include "pipeline/normalize/urls.h"

#include <array>
#include <memory>
#include <optional>

#include <curl/curl.h>

#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

// Query parameters that only say how the reader arrived, never which page it is.
// A trailing '*' matches any parameter with that prefix.
constexpr std::array<std::string_view, 6> kTrackingParams = {
    "utm_*", "fbclid", "gclid", "mc_cid", "mc_eid", "maca",
};

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

bool is_tracking_param(std::string_view param) {
  const std::string name = to_lower_ascii(param.substr(0, param.find('=')));
  for (std::string_view pattern : kTrackingParams) {
    if (pattern.ends_with('*') ? name.starts_with(pattern.substr(0, pattern.size() - 1))
                               : name == pattern)
      return true;
  }
  return false;
}

// The query without tracking and empty parameters, order kept (it can matter to the server).
std::string strip_tracking(std::string_view query) {
  std::string kept;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    start = end + 1;
    if (param.empty() || is_tracking_param(param)) continue;
    if (!kept.empty()) kept += '&';
    kept += param;
  }
  return kept;
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
  if (const std::optional<std::string> query = get_part(url.get(), CURLUPART_QUERY)) {
    const std::string kept = strip_tracking(*query);
    curl_url_set(url.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  }
  return get_part(url.get(), CURLUPART_URL, CURLU_NO_DEFAULT_PORT).value_or(given);
}

}  // namespace newswired
