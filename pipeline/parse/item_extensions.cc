#include "pipeline/parse/item_extensions.h"

#include <charconv>
#include <optional>
#include <string_view>
#include <utility>

#include "pipeline/parse/namespaces.h"

namespace newswired {
namespace {

// Galleries of hundreds of pictures exist; an article record carries the first few.
constexpr std::size_t kMaxMedia = 16;

bool is_element(pugi::xml_node n, std::string_view ns_uri, std::string_view local) {
  if (n.type() != pugi::node_element) return false;
  const xml::Name name = xml::name_of(n);
  return name.local == local && name.ns == ns_uri;
}

bool is_media(pugi::xml_node n, std::string_view local) {
  return is_element(n, ns::kMedia, local) || is_element(n, ns::kMediaNoSlash, local);
}

std::string attr(pugi::xml_node n, const char* name) {
  return xml::trim(n.attribute(name).value());
}

void keep_first(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

// Caption, credit and thumbnail as one level (item, group or content element) states them;
// media:description is the caption, media:title only when there is no description.
RawMedia read_details(pugi::xml_node parent) {
  RawMedia d;
  std::string title;
  for (pugi::xml_node child : parent.children()) {
    if (is_media(child, "thumbnail")) {
      keep_first(d.thumbnail, attr(child, "url"));
    } else if (is_media(child, "credit")) {
      keep_first(d.credit, xml::text(child));
    } else if (is_media(child, "description")) {
      keep_first(d.caption, xml::text(child));
    } else if (is_media(child, "title")) {
      keep_first(title, xml::text(child));
    }
  }
  keep_first(d.caption, std::move(title));
  return d;
}

void fill_missing(RawMedia& m, const RawMedia& from) {
  keep_first(m.caption, from.caption);
  keep_first(m.credit, from.credit);
  keep_first(m.thumbnail, from.thumbnail);
}

// media:content. Without a url attribute the object is only reachable through its player
// (Media RSS 2: one of the two must be there).
RawMedia read_content(pugi::xml_node content) {
  RawMedia m = read_details(content);
  m.url = attr(content, "url");
  if (m.url.empty()) {
    for (pugi::xml_node child : content.children())
      if (is_media(child, "player")) keep_first(m.url, attr(child, "url"));
  }
  m.type = attr(content, "type");
  m.medium = attr(content, "medium");
  m.width = attr(content, "width");
  m.height = attr(content, "height");
  return m;
}

int width_of(const RawMedia& m) {
  int w = 0;
  std::from_chars(m.width.data(), m.width.data() + m.width.size(), w);
  return w;
}

// Apple's documentation spells the iTunes namespace URI in several cases; feeds copy each.
bool is_itunes_ns(std::string_view uri) {
  if (uri.size() != ns::kItunes.size()) return false;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    const char c = uri[i] >= 'A' && uri[i] <= 'Z' ? static_cast<char>(uri[i] - 'A' + 'a') : uri[i];
    if (c != ns::kItunes[i]) return false;
  }
  return true;
}

}  // namespace

// A group holds renditions of one object (Media RSS 5): keep one, the one marked default,
// else the widest, so that a record does not list the same picture in six sizes.
void ItemExtensions::read_group(pugi::xml_node group) {
  const RawMedia shared = read_details(group);
  std::optional<RawMedia> chosen;
  bool chosen_is_default = false;
  for (pugi::xml_node child : group.children()) {
    if (!is_media(child, "content")) continue;
    RawMedia m = read_content(child);
    if (m.url.empty() || chosen_is_default) continue;
    const bool is_default = attr(child, "isDefault") == "true";
    if (!chosen || is_default || width_of(m) > width_of(*chosen)) {
      chosen = std::move(m);
      chosen_is_default = is_default;
    }
  }
  if (!chosen && !shared.thumbnail.empty()) {
    // A group of only a picture (YouTube-style previews): the picture is the object.
    chosen = shared;
    chosen->url = shared.thumbnail;
    chosen->medium = "image";
  }
  if (!chosen) return;
  fill_missing(*chosen, shared);
  media_.push_back(std::move(*chosen));
}

bool ItemExtensions::read(pugi::xml_node child, const xml::Name& name) {
  if (name.ns == ns::kMedia || name.ns == ns::kMediaNoSlash) {
    if (name.local == "content") {
      media_.push_back(read_content(child));
    } else if (name.local == "group") {
      read_group(child);
    } else if (name.local == "thumbnail") {
      keep_first(item_level_.thumbnail, attr(child, "url"));
    } else if (name.local == "credit") {
      keep_first(item_level_.credit, xml::text(child));
    } else if (name.local == "description") {
      keep_first(item_level_.caption, xml::text(child));
    }
    // media:title is read by the parsers themselves (it may name the item); the rest of Media
    // RSS (ratings, restrictions, statistics) says nothing a news record carries.
    return name.local != "title";
  }
  if (name.ns == ns::kGeoRss) {
    if (name.local == "point") {
      keep_first(georss_point_, xml::text(child));
    } else if (name.local == "where") {
      const pugi::xml_node pos =
          child.find_node([](pugi::xml_node n) { return is_element(n, ns::kGml, "pos"); });
      if (pos) keep_first(georss_point_, xml::text(pos));
    }
    return true;
  }
  if (name.ns == ns::kW3cGeo) {
    if (name.local == "Point") {
      for (pugi::xml_node n : child.children()) {
        if (is_element(n, ns::kW3cGeo, "lat")) keep_first(geo_lat_, xml::text(n));
        if (is_element(n, ns::kW3cGeo, "long")) keep_first(geo_long_, xml::text(n));
      }
    } else if (name.local == "lat") {
      keep_first(geo_lat_, xml::text(child));
    } else if (name.local == "long") {
      keep_first(geo_long_, xml::text(child));
    }
    return true;
  }
  if (name.ns == ns::kSlash) {
    if (name.local == "comments") keep_first(comments_, xml::text(child));
    return true;
  }
  if (is_itunes_ns(name.ns)) {
    if (name.local == "author") {
      keep_first(itunes_author_, xml::text(child));
    } else if (name.local == "summary") {
      keep_first(itunes_summary_, xml::text(child));
    } else if (name.local == "image") {
      std::string url = attr(child, "href");
      keep_first(url, attr(child, "url"));
      if (!url.empty()) {
        RawMedia picture;
        picture.url = std::move(url);
        picture.medium = "image";
        media_.push_back(std::move(picture));
      }
    }
    // Duration, explicit, episode numbers and the like are for podcast players.
    return true;
  }
  return false;
}

bool ItemExtensions::read_dublin_core(pugi::xml_node child, const xml::Name& name) {
  if (name.ns == ns::kDc) {
    if (name.local == "creator" || name.local == "author") {
      if (std::string who = xml::text(child); !who.empty()) dc_.authors.push_back(std::move(who));
    } else if (name.local == "subject") {
      if (std::string s = xml::text(child); !s.empty()) dc_.categories.push_back(std::move(s));
    } else if (name.local == "date") {
      keep_first(dc_.updated, xml::text(child));
    } else if (name.local == "language") {
      keep_first(dc_.language, xml::text(child));
    } else {
      return false;
    }
    return true;
  }
  if (name.ns == ns::kDcTerms) {
    if (name.local == "issued") {
      keep_first(dc_.published, xml::text(child));
    } else if (name.local == "created") {
      keep_first(dc_.created, xml::text(child));
    } else if (name.local == "modified") {
      keep_first(dc_.updated, xml::text(child));
    } else {
      return false;
    }
    return true;
  }
  return false;
}

void ItemExtensions::add_enclosure(std::string url, std::string type) {
  if (url.empty()) return;
  RawMedia file;
  file.url = std::move(url);
  file.type = std::move(type);
  media_.push_back(std::move(file));
}

void ItemExtensions::finish(RawItem& item) {
  if (!item_level_.thumbnail.empty() && media_.empty()) {
    // Only a picture for the whole item (BBC and many others): that picture is its media.
    RawMedia picture = item_level_;
    picture.url = item_level_.thumbnail;
    picture.medium = "image";
    media_.push_back(std::move(picture));
  }
  for (RawMedia& m : media_) {
    if (m.url.empty()) continue;
    fill_missing(m, item_level_);
    if (item.media.size() < kMaxMedia) item.media.push_back(std::move(m));
  }
  media_.clear();
  if (item.geo.empty()) {
    item.geo = !georss_point_.empty()                    ? georss_point_
               : !geo_lat_.empty() && !geo_long_.empty() ? geo_lat_ + " " + geo_long_
                                                         : std::string();
  }
  keep_first(item.comments, std::move(comments_));
  if (item.authors.empty()) item.authors = std::move(dc_.authors);
  if (item.authors.empty() && !itunes_author_.empty()) item.authors.push_back(itunes_author_);
  for (std::string& c : dc_.categories) item.categories.push_back(std::move(c));
  keep_first(item.published, std::move(dc_.published));
  keep_first(item.created, std::move(dc_.created));
  keep_first(item.updated, std::move(dc_.updated));
  keep_first(item.language, std::move(dc_.language));
  keep_first(item.summary, std::move(itunes_summary_));
}

}  // namespace newswired
