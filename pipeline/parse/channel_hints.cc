#include "pipeline/parse/channel_hints.h"

#include <charconv>
#include <string>

#include "pipeline/parse/namespaces.h"

namespace newswired {
namespace {

// RSS's own elements are in no namespace (RSS 0.9x/2.0) or in RSS 1.0's.
bool is_rss(std::string_view uri) { return uri == ns::kNone || uri == ns::kRss10; }

void keep_first(std::string& field, pugi::xml_node element) {
  if (field.empty()) field = xml::text(element);
}

void read_skip_hours(pugi::xml_node list, std::vector<int>& hours) {
  for (pugi::xml_node hour : list.children()) {
    if (hour.type() != pugi::node_element) continue;
    const std::string t = xml::text(hour);
    int h = -1;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), h);
    // RSS 2.0 says 0-23; some feeds write 24 for midnight.
    if (ec == std::errc() && end == t.data() + t.size() && h >= 0 && h <= 24)
      hours.push_back(h % 24);
  }
}

void read_skip_days(pugi::xml_node list, std::vector<std::string>& days) {
  for (pugi::xml_node day : list.children()) {
    if (day.type() != pugi::node_element) continue;
    if (std::string t = xml::text(day); !t.empty()) days.push_back(std::move(t));
  }
}

}  // namespace

bool read_channel_hint(pugi::xml_node child, const xml::Name& name, FeedMeta& meta) {
  // Syndication elements are also seen without their namespace.
  if (name.ns == ns::kSyndication || is_rss(name.ns)) {
    if (name.local == "updatePeriod") {
      keep_first(meta.update_period, child);
      return true;
    }
    if (name.local == "updateFrequency") {
      keep_first(meta.update_frequency, child);
      return true;
    }
  }
  if (is_rss(name.ns)) {
    if (name.local == "ttl") {
      keep_first(meta.ttl, child);
    } else if (name.local == "skipHours") {
      if (meta.skip_hours.empty()) read_skip_hours(child, meta.skip_hours);
    } else if (name.local == "skipDays") {
      if (meta.skip_days.empty()) read_skip_days(child, meta.skip_days);
    } else {
      return false;
    }
    return true;
  }
  if (name.ns == ns::kAtom10 && name.local == "link") {
    read_feed_link(child, meta);
    return true;
  }
  return false;
}

void read_feed_link(pugi::xml_node link, FeedMeta& meta) {
  const std::string rel = xml::trim(link.attribute("rel").value());
  const std::string href = xml::trim(link.attribute("href").value());
  if (href.empty()) return;
  if (rel == "self" && meta.self_url.empty()) meta.self_url = href;
  if (rel == "hub" && meta.hub_url.empty()) meta.hub_url = href;
}

}  // namespace newswired
