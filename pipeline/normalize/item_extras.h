#pragma once
// What feeds say beside the story itself, as the parsers collected it (RawItem media, geo,
// comments), checked and turned into the Article's fields.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/core/raw_item.h"

namespace newswired {

// "image", "video", "audio" from Media RSS's medium, else from the MIME type; "" when neither
// says (a document, a player page).
std::string media_kind(std::string_view medium, std::string_view mime_type);

// Media with absolute URLs (relative ones resolved against `base`), plain-text captions and
// credits, one entry per URL: a later mention of the same file only fills what the first left
// empty.
std::vector<Media> normalize_media(const std::vector<RawMedia>& raw, std::string_view base);

// "lat lon" (GeoRSS order, also with a comma) within the earth's ranges, else nullopt.
std::optional<GeoPoint> parse_geo_point(std::string_view text);

// Sets a.media, a.geo and a.comments from `item`; values that are there but unreadable are
// worth a warning.
void apply_item_extras(const RawItem& item, std::string_view base, Article& a,
                       std::vector<std::string>* warnings);

}  // namespace newswired
