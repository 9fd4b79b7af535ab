#include "pipeline/parse/feed_hints.h"

#include <charconv>
#include <string>

#include <pugixml.hpp>

namespace newswired {
namespace {

// Prefixes vary (sy:, syn:, none), so elements are matched by local name.
std::string_view local_name(const pugi::xml_node& n) {
  const std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string text_of(const pugi::xml_node& n) {
  std::string_view v = n.child_value();
  const auto first = v.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(v.substr(first, v.find_last_not_of(" \t\r\n") - first + 1));
}

pugi::xml_node channel_of(const pugi::xml_document& doc) {
  const pugi::xml_node root = doc.document_element();
  const std::string_view root_name = local_name(root);
  if (root_name != "rss" && root_name != "RDF") return {};
  for (const auto& child : root.children())
    if (local_name(child) == "channel") return child;
  return {};
}

}  // namespace

void read_feed_hints(std::string_view body, FeedMeta& meta) {
  pugi::xml_document doc;
  // Entities and CDATA do not matter for these elements; the cheapest parse will do.
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_minimal)) return;
  const pugi::xml_node channel = channel_of(doc);
  if (!channel) return;
  const bool had_hours = !meta.skip_hours.empty();
  const bool had_days = !meta.skip_days.empty();
  for (const auto& child : channel.children()) {
    const std::string_view name = local_name(child);
    if (name == "ttl" && meta.ttl.empty()) meta.ttl = text_of(child);
    if (name == "updatePeriod" && meta.update_period.empty()) meta.update_period = text_of(child);
    if (name == "updateFrequency" && meta.update_frequency.empty())
      meta.update_frequency = text_of(child);
    if (name == "skipHours" && !had_hours) {
      for (const auto& hour : child.children()) {
        const std::string t = text_of(hour);
        int h = -1;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), h);
        // RSS 2.0 says 0-23; some feeds write 24 for midnight.
        if (ec == std::errc() && end == t.data() + t.size() && h >= 0 && h <= 24)
          meta.skip_hours.push_back(h % 24);
      }
    }
    if (name == "skipDays" && !had_days) {
      for (const auto& day : child.children())
        if (auto t = text_of(day); !t.empty()) meta.skip_days.push_back(t);
    }
  }
}

}  // namespace newswired
