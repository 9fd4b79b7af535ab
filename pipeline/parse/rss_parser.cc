#include "pipeline/parse/rss_parser.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/parse/channel_hints.h"
#include "pipeline/parse/item_check.h"
#include "pipeline/parse/item_extensions.h"
#include "pipeline/parse/namespaces.h"
#include "pipeline/parse/sniff.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {
namespace {

// The namespaces RSS's own elements appear in, depending on the version.
bool is_rss_ns(std::string_view uri) {
  return uri == ns::kNone || uri == ns::kRss10 || uri == ns::kRss090 || uri == ns::kUserlandRss2 ||
         uri == ns::kUserlandRss;
}

bool is_root(std::string_view local) { return local == "rss" || local == "RDF"; }

// Feeds repeat single-valued elements (often an empty one first): the first non-empty wins.
void keep_first(std::string& field, pugi::xml_node element) {
  if (field.empty()) field = xml::text(element);
}

void add_nonempty(std::vector<std::string>& list, pugi::xml_node element) {
  std::string value = xml::text(element);
  if (!value.empty()) list.push_back(std::move(value));
}

bool is_web_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

// <atom:author> inside an RSS item: the name, else the e-mail.
std::string atom_person(pugi::xml_node author) {
  std::string name;
  std::string email;
  for (pugi::xml_node part : author.children()) {
    if (xml::is(part, ns::kAtom10, "name") && name.empty()) name = xml::text(part);
    if (xml::is(part, ns::kAtom10, "email") && email.empty()) email = xml::text(part);
  }
  return name.empty() ? email : name;
}

// media:title anywhere in the item (also inside media:group, media:content or an enclosure)
// names the item when it has no title of its own, as feedparser reads it.
std::string media_title(pugi::xml_node item) {
  const pugi::xml_node found = item.find_node(
      [](pugi::xml_node n) { return xml::is(n, ns::kMedia, "title") && !xml::text(n).empty(); });
  return found ? xml::text(found) : std::string();
}

// What other vocabularies offer for fields RSS has its own element for: used only when the
// item lacks that element, whatever the order.
struct Fallbacks {
  std::string title;
  std::string summary;
  std::string published;
};

void read_extension(pugi::xml_node child, const xml::Name& name, RawItem& out, Fallbacks& alt) {
  if (name.ns == ns::kDc) {
    if (name.local == "creator" || name.local == "author") {
      add_nonempty(out.authors, child);
    } else if (name.local == "subject") {
      add_nonempty(out.categories, child);
    } else if (name.local == "date") {
      // An unqualified date: feedparser (and so most readers) take it as the updated date;
      // normalize falls back to it when there is no publication date.
      keep_first(out.updated, child);
    } else if (name.local == "language") {
      keep_first(out.language, child);
    } else if (name.local == "title") {
      keep_first(alt.title, child);
    } else if (name.local == "description") {
      keep_first(alt.summary, child);
    }
  } else if (name.ns == ns::kDcTerms) {
    if (name.local == "modified") {
      keep_first(out.updated, child);
    } else if (name.local == "issued") {
      keep_first(alt.published, child);
    } else if (name.local == "created") {
      keep_first(out.created, child);
    }
  } else if (name.ns == ns::kContent && name.local == "encoded") {
    keep_first(out.content, child);
  } else if (name.ns == ns::kAtom10) {
    if (name.local == "updated") {
      keep_first(out.updated, child);
    } else if (name.local == "published") {
      keep_first(alt.published, child);
    } else if (name.local == "author") {
      if (std::string who = atom_person(child); !who.empty()) out.authors.push_back(who);
    }
  }
}

RawItem read_item(pugi::xml_node item, const Document& doc) {
  RawItem out;
  Fallbacks alt;
  ItemExtensions ext;
  bool guid_is_permalink = true;
  for (pugi::xml_node child : item.children()) {
    if (child.type() != pugi::node_element) continue;
    const xml::Name name = xml::name_of(child);
    if (!is_rss_ns(name.ns)) {
      if (!ext.read(child, name)) read_extension(child, name, out, alt);
    } else if (name.local == "title") {
      keep_first(out.title, child);
    } else if (name.local == "link") {
      keep_first(out.link, child);
    } else if (name.local == "guid") {
      if (out.guid.empty()) {
        out.guid = xml::text(child);
        guid_is_permalink = xml::trim(child.attribute("isPermaLink").value()) != "false";
      }
    } else if (name.local == "description") {
      keep_first(out.summary, child);
    } else if (name.local == "author") {
      add_nonempty(out.authors, child);
    } else if (name.local == "category") {
      add_nonempty(out.categories, child);
    } else if (name.local == "pubDate") {
      keep_first(out.published, child);
    } else if (name.local == "enclosure") {
      ext.add_enclosure(xml::trim(child.attribute("url").value()),
                        xml::trim(child.attribute("type").value()));
    }
  }

  if (out.title.empty()) out.title = std::move(alt.title);
  if (out.title.empty()) out.title = media_title(item);
  if (out.summary.empty()) out.summary = std::move(alt.summary);
  if (out.published.empty()) out.published = std::move(alt.published);
  ext.finish(out);  // after the fallbacks: iTunes fills only what nothing else did
  // A guid is a permalink unless it says otherwise (RSS 2.0); only trust that for web URLs.
  if (out.link.empty() && guid_is_permalink && is_web_url(out.guid)) out.link = out.guid;
  // RSS 1.0 names each item by its rdf:about. It is the item's URI but not said to be its
  // page: like feedparser, only <link> (or a permalink guid) gives the link.
  if (out.guid.empty()) out.guid = xml::trim(xml::attribute(item, ns::kRdf, "about"));

  std::string lang = xml::trim(item.attribute("xml:lang").value());
  if (!lang.empty()) out.language = std::move(lang);
  out.base_url = xml::base_in_effect(item, doc.url);
  return out;
}

FeedMeta read_meta(pugi::xml_node root, pugi::xml_node channel, const Document& doc) {
  FeedMeta meta;
  meta.format = "rss";
  std::string dc_language;
  std::string dc_title;
  for (pugi::xml_node child : channel.children()) {
    if (child.type() != pugi::node_element) continue;
    const xml::Name name = xml::name_of(child);
    if (read_channel_hint(child, name, meta)) continue;
    if (is_rss_ns(name.ns)) {
      if (name.local == "title") {
        keep_first(meta.title, child);
      } else if (name.local == "link") {
        keep_first(meta.link, child);
      } else if (name.local == "language") {
        keep_first(meta.language, child);
      }
    } else if (name.ns == ns::kDc) {
      if (name.local == "language") {
        keep_first(dc_language, child);
      } else if (name.local == "title") {
        keep_first(dc_title, child);
      }
    }
  }
  if (meta.title.empty()) meta.title = std::move(dc_title);
  if (meta.language.empty()) meta.language = std::move(dc_language);
  if (meta.language.empty()) meta.language = xml::trim(channel.attribute("xml:lang").value());
  if (meta.language.empty()) meta.language = xml::trim(root.attribute("xml:lang").value());
  meta.base_url = xml::base_in_effect(channel ? channel : root, doc.url);
  return meta;
}

void read_items(pugi::xml_node parent, const Document& doc, ParsedFeed& feed, int& position) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() != pugi::node_element) continue;
    const xml::Name name = xml::name_of(child);
    if (name.local != "item" || !is_rss_ns(name.ns)) continue;
    ++position;
    RawItem item = read_item(child, doc);
    if (std::string problem = unusable_item_warning(item, position); !problem.empty())
      feed.warnings.push_back(std::move(problem));
    feed.items.push_back(std::move(item));
  }
}

}  // namespace

bool RssParser::sniff(std::string_view body) const {
  std::optional<RootElement> root = sniff_root(body);
  return root && is_root(root->local);
}

Outcome<ParsedFeed> RssParser::parse(const Document& doc) const {
  const xml::NamespaceCacheScope namespace_cache;  // outlives the document below
  Outcome<std::unique_ptr<pugi::xml_document>> loaded = xml::load(doc.body);
  if (!loaded.ok()) return Failure{loaded.reason()};
  const pugi::xml_node root = loaded.value()->document_element();
  if (!is_root(xml::name_of(root).local)) {
    return Failure{std::string("not an RSS document: root element is <") + root.name() + ">"};
  }

  pugi::xml_node channel;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const xml::Name name = xml::name_of(child);
    if (name.local == "channel" && is_rss_ns(name.ns)) {
      channel = child;
      break;
    }
  }

  ParsedFeed feed;
  feed.meta = read_meta(root, channel, doc);
  int position = 0;
  // RSS 0.9x/2.0 nest items in the channel, RSS 0.90/1.0 put them beside it.
  if (channel) read_items(channel, doc, feed, position);
  read_items(root, doc, feed, position);
  return feed;
}

}  // namespace newswired
