#include "pipeline/parse/atom_parser.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/parse/channel_hints.h"
#include "pipeline/parse/item_check.h"
#include "pipeline/parse/item_extensions.h"
#include "pipeline/parse/namespaces.h"
#include "pipeline/parse/sniff.h"
#include "pipeline/parse/uri.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {
namespace {

// Namespace-less <feed> documents exist in the wild; their elements are read like Atom's.
bool is_atom_ns(std::string_view uri) {
  return uri == ns::kAtom10 || uri == ns::kAtom03 || uri == ns::kNone;
}

bool is_atom(pugi::xml_node element, std::string_view local) {
  if (element.type() != pugi::node_element) return false;
  const xml::Name name = xml::name_of(element);
  return name.local == local && is_atom_ns(name.ns);
}

// A single <entry> is a valid Atom document; only accept one that says it is Atom.
bool is_entry_document(std::string_view local, std::string_view uri) {
  return local == "entry" && (uri == ns::kAtom10 || uri == ns::kAtom03);
}

// Characters outside the alphabet (line breaks, padding) are skipped.
std::string decode_base64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else {
      continue;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// Text declared as another media type is base64 when it decodes to text; otherwise it was
// text all along, mislabelled (feedparser keeps it then too).
std::string maybe_base64(const std::string& text) {
  std::string decoded = xml::trim(decode_base64(text));
  return is_valid_utf8(decoded) && !decoded.empty() ? decoded : text;
}

bool is_web_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

bool is_xml_type(std::string_view type) { return type.ends_with("+xml") || type.ends_with("/xml"); }

// Markup as it stands, without the wrapper <div> that type="xhtml" requires (RFC 4287 3.1.1.3).
std::string xhtml(pugi::xml_node element) {
  pugi::xml_node wrapper;
  int elements = 0;
  bool loose_text = false;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_element) {
      wrapper = child;
      ++elements;
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      loose_text = loose_text || !xml::trim(child.value()).empty();
    }
  }
  if (elements == 1 && !loose_text && xml::name_of(wrapper).local == "div") {
    return xml::trim(xml::inner_html(wrapper));
  }
  return xml::trim(xml::inner_html(element));
}

// Text constructs (title, summary) and content: "xhtml" and XML media types (Atom 0.3:
// mode="xml") are markup, base64 is decoded, everything else is text or escaped HTML, which
// xml::text already decodes. Other media types are base64 (RFC 4287 4.1.3.3 for content; a
// text construct may not carry one at all, but those that do are base64 too, as feedparser
// reads them).
std::string construct_text(pugi::xml_node element) {
  const std::string type = xml::trim(element.attribute("type").value());
  const std::string mode = xml::trim(element.attribute("mode").value());
  if (type == "xhtml") return xhtml(element);
  if (mode == "xml" || is_xml_type(type)) return xml::trim(xml::inner_html(element));
  const bool other_media_type = type.find('/') != std::string::npos && !type.starts_with("text/");
  if (mode == "base64") return xml::trim(decode_base64(xml::text(element)));
  if (other_media_type) return maybe_base64(xml::text(element));
  return xml::text(element);
}

void keep_first(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

bool is_page_type(std::string_view type) {
  return type.empty() || type.find("html") != std::string_view::npos;
}

// The alternate link (rel="alternate" or no rel) to a page, else, if `any` is set, the first
// link of any kind. An entry's enclosure, related or self link is not the story's page (nor is
// it feedparser's entry link). A link with its own xml:base is resolved here, since RawItem
// keeps only the item's base.
std::string pick_link(pugi::xml_node parent, const Document& doc, bool any) {
  std::string first_any;
  for (pugi::xml_node child : parent.children()) {
    if (!is_atom(child, "link")) continue;
    std::string href = xml::trim(child.attribute("href").value());
    // Some Atom 0.3 producers wrote the URL as the element's text.
    if (href.empty()) href = xml::text(child);
    if (href.empty()) continue;
    if (xml::has_own_base(child)) {
      href = resolve_reference(xml::base_in_effect(child, doc.url), href);
    }
    const std::string rel = xml::trim(child.attribute("rel").value());
    const std::string type = xml::trim(child.attribute("type").value());
    if ((rel.empty() || rel == "alternate") && is_page_type(type)) return href;
    if (any) keep_first(first_any, std::move(href));
  }
  return first_any;
}

// Names of the <author> children (the e-mail when there is no name).
std::vector<std::string> read_authors(pugi::xml_node parent) {
  std::vector<std::string> authors;
  for (pugi::xml_node child : parent.children()) {
    if (!is_atom(child, "author")) continue;
    std::string name;
    std::string email;
    for (pugi::xml_node part : child.children()) {
      if (is_atom(part, "name")) keep_first(name, xml::text(part));
      if (is_atom(part, "email")) keep_first(email, xml::text(part));
    }
    if (name.empty()) name = std::move(email);
    if (!name.empty()) authors.push_back(std::move(name));
  }
  return authors;
}

RawItem read_entry(pugi::xml_node entry, const std::vector<std::string>& feed_authors,
                   const Document& doc) {
  RawItem out;
  ItemExtensions ext;
  for (pugi::xml_node child : entry.children()) {
    if (child.type() != pugi::node_element) continue;
    const xml::Name name = xml::name_of(child);
    if (!is_atom_ns(name.ns)) {
      if (!ext.read(child, name)) ext.read_dublin_core(child, name);
      continue;
    }
    if (name.local == "id") {
      keep_first(out.guid, xml::text(child));
    } else if (name.local == "title") {
      keep_first(out.title, construct_text(child));
    } else if (name.local == "summary") {
      keep_first(out.summary, construct_text(child));
    } else if (name.local == "content") {
      // Out-of-line content (src=) has nothing to read here.
      if (!child.attribute("src")) keep_first(out.content, construct_text(child));
    } else if (name.local == "published" || name.local == "issued") {
      keep_first(out.published, xml::text(child));
    } else if (name.local == "created") {
      keep_first(out.created, xml::text(child));
    } else if (name.local == "updated" || name.local == "modified") {
      keep_first(out.updated, xml::text(child));
    } else if (name.local == "category") {
      std::string term = xml::trim(child.attribute("term").value());
      if (term.empty()) term = xml::trim(child.attribute("label").value());
      if (!term.empty()) out.categories.push_back(std::move(term));
    } else if (name.local == "link" && xml::trim(child.attribute("rel").value()) == "enclosure") {
      ext.add_enclosure(xml::trim(child.attribute("href").value()),
                        xml::trim(child.attribute("type").value()));
    }
  }
  if (out.title.empty()) {
    // Media RSS titles, also used in Atom entries (YouTube, podcasts), as feedparser reads them.
    const pugi::xml_node media = entry.find_node(
        [&](pugi::xml_node n) { return xml::is(n, ns::kMedia, "title") && !xml::text(n).empty(); });
    if (media) out.title = xml::text(media);
  }
  out.link = pick_link(entry, doc, false);
  // An id that is a web address usually is the entry's page (feedparser reads it so too); any
  // other id (urn:, tag:) is a name, not a place.
  if (out.link.empty() && is_web_url(out.guid)) out.link = out.guid;

  // RFC 4287 4.2.1: an entry without authors has those of its atom:source, else the feed's.
  out.authors = read_authors(entry);
  ext.finish(out);  // dc:creator and itunes:author are the entry's own authors too
  const bool own_authors = !out.authors.empty();
  if (out.authors.empty()) {
    for (pugi::xml_node child : entry.children()) {
      if (is_atom(child, "source")) out.authors = read_authors(child);
    }
  }
  if (out.authors.empty()) out.authors = feed_authors;
  out.authors_inherited = !own_authors && !out.authors.empty();

  if (std::string lang = xml::trim(entry.attribute("xml:lang").value()); !lang.empty())
    out.language = std::move(lang);
  out.base_url = xml::base_in_effect(entry, doc.url);
  return out;
}

}  // namespace

bool AtomParser::sniff(std::string_view body) const {
  std::optional<RootElement> root = sniff_root(body);
  return root && (root->local == "feed" || is_entry_document(root->local, root->ns));
}

Outcome<ParsedFeed> AtomParser::parse(const Document& doc) const {
  const xml::NamespaceCacheScope namespace_cache;  // outlives the document below
  Outcome<std::unique_ptr<pugi::xml_document>> loaded = xml::load(doc.body);
  if (!loaded.ok()) return Failure{loaded.reason()};
  const pugi::xml_node root = loaded.value()->document_element();
  const xml::Name root_name = xml::name_of(root);
  const bool entry_document = is_entry_document(root_name.local, root_name.ns);
  if (root_name.local != "feed" && !entry_document) {
    return Failure{std::string("not an Atom document: root element is <") + root.name() + ">"};
  }

  ParsedFeed feed;
  feed.meta.format = "atom";
  feed.meta.language = xml::trim(root.attribute("xml:lang").value());
  feed.meta.base_url = xml::base_in_effect(root, doc.url);
  if (entry_document) {
    // The entry is the document: no feed-level data beyond language and base.
    RawItem item = read_entry(root, {}, doc);
    if (std::string problem = unusable_item_warning(item, 1); !problem.empty())
      feed.warnings.push_back(std::move(problem));
    feed.items.push_back(std::move(item));
    return feed;
  }

  for (pugi::xml_node child : root.children()) {
    if (is_atom(child, "title")) keep_first(feed.meta.title, construct_text(child));
    if (is_atom(child, "link")) read_feed_link(child, feed.meta);
  }
  feed.meta.link = pick_link(root, doc, true);
  const std::vector<std::string> feed_authors = read_authors(root);

  int position = 0;
  for (pugi::xml_node child : root.children()) {
    // Atom has no <item>; feeds that mix RSS habits into Atom mean an entry (feedparser agrees).
    if (!is_atom(child, "entry") && !is_atom(child, "item")) continue;
    ++position;
    RawItem item = read_entry(child, feed_authors, doc);
    if (std::string problem = unusable_item_warning(item, position); !problem.empty())
      feed.warnings.push_back(std::move(problem));
    feed.items.push_back(std::move(item));
  }
  return feed;
}

}  // namespace newswired
