#include "pipeline/parse/wire/newsml/newsml_parser.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "pipeline/parse/sniff.h"
#include "pipeline/parse/wire/newsml/newsml_g2.h"
#include "pipeline/parse/wire/newsml/newsml_item.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {
namespace {

using newsml::is_g2;

bool is_news_content(pugi::xml_node item) {
  return is_g2(item, "newsItem") || is_g2(item, "packageItem");
}

// The other NewsML-G2 item classes: metadata about concepts, events and coverage plans, or a
// catalog, with no story of their own.
bool is_other_item(pugi::xml_node item) {
  return is_g2(item, "conceptItem") || is_g2(item, "knowledgeItem") ||
         is_g2(item, "planningItem") || is_g2(item, "catalogItem");
}

std::string label(int position, pugi::xml_node item, const std::string& guid) {
  std::string out = "item " + std::to_string(position) + " (" + item.name();
  if (!guid.empty()) out += " " + guid;
  return out + ")";
}

void add_item(pugi::xml_node item, int position, ParsedFeed& feed) {
  RawItem raw = newsml::read_item(item);
  const std::string where = label(position, item, raw.guid);
  if (raw.guid.empty()) feed.warnings.push_back(where + ": no guid");
  if (is_g2(item, "packageItem")) {
    if (raw.wire->members.empty()) feed.warnings.push_back(where + ": package without members");
  } else if (raw.title.empty() && raw.content.empty() && raw.media.empty()) {
    feed.warnings.push_back(where + ": no headline, body or renditions");
  }
  feed.items.push_back(std::move(raw));
}

void skip_item(pugi::xml_node item, int position, ParsedFeed& feed) {
  feed.warnings.push_back(label(position, item, newsml::attr(item, "guid")) +
                          ": not news content, skipped");
}

void read_message(pugi::xml_node message, ParsedFeed& feed) {
  const pugi::xml_node item_set = newsml::g2_child(message, "itemSet");
  int position = 0;
  for (pugi::xml_node child : item_set.children()) {
    if (child.type() != pugi::node_element) continue;
    ++position;
    if (is_news_content(child)) {
      add_item(child, position, feed);
    } else {
      skip_item(child, position, feed);
    }
  }
}

// A package and its members delivered together: each member learns which packages list it, so
// that consumers can go both ways.
void link_packages(ParsedFeed& feed) {
  std::unordered_map<std::string, RawItem*> by_guid;
  for (RawItem& item : feed.items)
    if (!item.guid.empty()) by_guid.emplace(item.guid, &item);
  for (const RawItem& package : feed.items) {
    if (!package.wire || package.guid.empty()) continue;
    for (const std::string& member : package.wire->members) {
      const auto it = by_guid.find(member);
      if (it != by_guid.end() && it->second->wire && it->second != &package)
        it->second->wire->packages.push_back(package.guid);
    }
  }
}

}  // namespace

bool NewsmlParser::sniff(std::string_view body) const {
  const std::optional<RootElement> root = sniff_root(body);
  if (!root || (root->ns != newsml::kNar && !root->ns.empty())) return false;
  return root->local == "newsItem" || root->local == "packageItem" || root->local == "newsMessage";
}

Outcome<ParsedFeed> NewsmlParser::parse(const Document& doc) const {
  const xml::NamespaceCacheScope namespace_cache;  // outlives the document below
  Outcome<std::unique_ptr<pugi::xml_document>> loaded = xml::load(doc.body);
  if (!loaded.ok()) return Failure{loaded.reason()};
  const pugi::xml_node root = loaded.value()->document_element();
  const bool message = is_g2(root, "newsMessage");
  if (!message && !is_news_content(root) && !is_other_item(root)) {
    return Failure{std::string("not a NewsML-G2 document: root element is <") + root.name() + ">"};
  }

  ParsedFeed feed;
  feed.meta.format = "newsml";
  feed.meta.language = newsml::attr(root, "xml:lang");
  if (message) {
    read_message(root, feed);
    link_packages(feed);
  } else if (is_news_content(root)) {
    add_item(root, 1, feed);
  } else {
    skip_item(root, 1, feed);
  }
  return feed;
}

}  // namespace newswired
