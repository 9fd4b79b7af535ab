#include "pipeline/normalize/item_extras.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/urls.h"

namespace newswired {
namespace {

// Width and height as written; anything but a plain positive number is unknown (0).
int dimension(std::string_view text) {
  const std::string s = collapse_whitespace(text);
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && v > 0 ? v : 0;
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

void fill(std::string& field, const std::string& value) {
  if (field.empty()) field = value;
}

}  // namespace

std::string media_kind(std::string_view medium, std::string_view mime_type) {
  const std::string m = to_lower_ascii(collapse_whitespace(medium));
  if (m == "image" || m == "video" || m == "audio") return m;
  const std::string type = to_lower_ascii(collapse_whitespace(mime_type));
  for (std::string_view kind : {"image", "video", "audio"}) {
    if (type.starts_with(std::string(kind) + "/")) return std::string(kind);
  }
  return {};
}

std::vector<Media> normalize_media(const std::vector<RawMedia>& raw, std::string_view base) {
  std::vector<Media> out;
  for (const RawMedia& r : raw) {
    Media m;
    m.url = resolve_url(base, collapse_whitespace(r.url));
    if (m.url.empty()) continue;
    m.mime_type = to_lower_ascii(collapse_whitespace(r.type));
    m.kind = media_kind(r.medium, m.mime_type);
    m.caption = title_text(r.caption);
    m.credit = title_text(r.credit);
    const std::string thumbnail = collapse_whitespace(r.thumbnail);
    if (!thumbnail.empty()) m.thumbnail_url = resolve_url(base, thumbnail);
    m.width = dimension(r.width);
    m.height = dimension(r.height);
    auto same =
        std::find_if(out.begin(), out.end(), [&](const Media& o) { return o.url == m.url; });
    if (same == out.end()) {
      out.push_back(std::move(m));
      continue;
    }
    fill(same->kind, m.kind);
    fill(same->mime_type, m.mime_type);
    fill(same->caption, m.caption);
    fill(same->credit, m.credit);
    fill(same->thumbnail_url, m.thumbnail_url);
    if (same->width == 0 && same->height == 0) {
      same->width = m.width;
      same->height = m.height;
    }
  }
  return out;
}

std::optional<GeoPoint> parse_geo_point(std::string_view text) {
  std::string s = collapse_whitespace(text);
  for (char& c : s)
    if (c == ',') c = ' ';
  s = collapse_whitespace(s);
  const std::size_t space = s.find(' ');
  if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
    return std::nullopt;
  const std::optional<double> lat = number(std::string_view(s).substr(0, space));
  const std::optional<double> lon = number(std::string_view(s).substr(space + 1));
  if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) return std::nullopt;
  return GeoPoint{*lat, *lon};
}

void apply_item_extras(const RawItem& item, std::string_view base, Article& a,
                       std::vector<std::string>* warnings) {
  a.media = normalize_media(item.media, base);
  const std::string geo = collapse_whitespace(item.geo);
  a.geo = parse_geo_point(geo);
  if (!a.geo && !geo.empty() && warnings != nullptr)
    warnings->push_back("geo point not understood: \"" + geo + "\"");
  const std::string comments = collapse_whitespace(item.comments);
  if (comments.empty()) return;
  int count = -1;
  const auto [end, ec] = std::from_chars(comments.data(), comments.data() + comments.size(), count);
  if (ec == std::errc() && end == comments.data() + comments.size() && count >= 0) {
    a.comments = count;
  } else if (warnings != nullptr) {
    warnings->push_back("comment count not understood: \"" + comments + "\"");
  }
}

}  // namespace newswired
