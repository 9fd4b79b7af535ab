#include "daemon/fetch/api_pages.h"

#include <memory>
#include <sstream>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

namespace newswired {
namespace {

using json = nlohmann::json;
using UrlHandle = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

UrlHandle parse_url(const std::string& url) {
  UrlHandle h(curl_url(), &curl_url_cleanup);
  if (h && curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) h.reset();
  return h;
}

std::string url_of(CURLU* h) {
  char* out = nullptr;
  if (curl_url_get(h, CURLUPART_URL, &out, 0) != CURLUE_OK) return {};
  std::string s(out);
  curl_free(out);
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool json_like(std::string_view body) {
  const auto first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

// A pointer's target as text: strings as they are, numbers as written, null as nothing.
std::string scalar_at(const json& doc, const std::string& pointer) {
  const json::json_pointer p(pointer);
  if (!doc.contains(p)) return {};
  const json& v = doc.at(p);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return {};
}

}  // namespace

std::string link_rel_next(std::string_view link) {
  // link-value = "<" URI ">" *( ";" param ), values separated by commas outside the brackets.
  while (!link.empty()) {
    const auto open = link.find('<');
    if (open == std::string_view::npos) return {};
    const auto close = link.find('>', open);
    if (close == std::string_view::npos) return {};
    const std::string_view target = link.substr(open + 1, close - open - 1);
    std::string_view params = link.substr(close + 1);
    const auto next_value = params.find('<');
    params = params.substr(0, next_value);
    // The comma that separates this link-value from the next one.
    while (!params.empty() &&
           (params.back() == ',' || params.back() == ' ' || params.back() == '\t'))
      params.remove_suffix(1);
    for (std::string_view rest = params; !rest.empty();) {
      const auto semi = rest.find(';');
      std::string_view param = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      if (!param.starts_with("rel=") && !param.starts_with("rel =")) continue;
      std::string_view value = trim(param.substr(param.find('=') + 1));
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      // rel may hold several space-separated relation types.
      std::istringstream types{std::string(value)};
      for (std::string type; types >> type;)
        if (type == "next") return std::string(target);
    }
    if (next_value == std::string_view::npos) return {};
    link = link.substr(close + 1 + next_value);
  }
  return {};
}

std::string resolve_url(const std::string& base, const std::string& ref) {
  auto h = parse_url(base);
  if (!h || ref.empty()) return {};
  if (curl_url_set(h.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) return {};
  return url_of(h.get());
}

std::string with_query_param(const std::string& url, const std::string& name,
                             const std::string& value) {
  auto h = parse_url(url);
  if (!h) return {};
  char* query = nullptr;
  std::string kept;
  if (curl_url_get(h.get(), CURLUPART_QUERY, &query, 0) == CURLUE_OK && query) {
    std::istringstream parts{std::string(query)};
    for (std::string part; std::getline(parts, part, '&');)
      if (!part.empty() && part != name && !part.starts_with(name + "="))
        kept += (kept.empty() ? "" : "&") + part;
    curl_free(query);
  }
  curl_url_set(h.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  const std::string pair = name + "=" + value;
  curl_url_set(h.get(), CURLUPART_QUERY, pair.c_str(), CURLU_APPENDQUERY | CURLU_URLENCODE);
  return url_of(h.get());
}

namespace {

// Fills in what the JSON page says; false (with page.error) if it is not what `api` describes.
bool read_json_page(const ApiConfig& api, const std::string& body, ApiPage& page,
                    std::string& next) {
  try {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) {
      page.error = "the page is not valid JSON";
      return false;
    }
    if (api.next != "link") next = scalar_at(doc, api.next);
    if (!api.since.empty()) page.since = scalar_at(doc, api.since);
    if (api.items.empty()) return true;
    const json::json_pointer p(api.items);
    if (!doc.contains(p) || !(doc.at(p).is_array() || doc.at(p).is_object())) {
      page.error = "no list of items at " + api.items;
      return false;
    }
    const json& items = doc.at(p);
    page.items = items.is_array() ? items.size() : 1;
    page.counted = true;
    page.body = items.dump();
    return true;
  } catch (const json::exception& e) {
    page.error = std::string("reading the page: ") + e.what();
    return false;
  }
}

}  // namespace

ApiPage read_api_page(const ApiConfig& api, const std::string& url, std::string body,
                      std::string_view link) {
  ApiPage page;
  std::string next;
  if (api.next == "link") next = link_rel_next(link);
  const bool needs_json = !api.items.empty() || api.next != "link" || !api.since.empty();
  if (needs_json && json_like(body)) {
    if (!read_json_page(api, body, page, next)) {
      page.body = std::move(body);
      return page;
    }
  } else if (needs_json && (api.next != "link" || !api.items.empty())) {
    page.error = "expected a JSON page (api.items / api.next are JSON pointers)";
  }
  if (page.body.empty()) page.body = std::move(body);
  if (next.empty()) return page;
  page.next = api.cursor_param.empty() ? resolve_url(url, next)
                                       : with_query_param(url, api.cursor_param, next);
  return page;
}

}  // namespace newswired
