#include "pipeline/parse/wire/newsml/newsml_item.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "pipeline/core/markup_escape.h"
#include "pipeline/parse/wire/newsml/newsml_catalog.h"
#include "pipeline/parse/wire/newsml/newsml_content.h"
#include "pipeline/parse/wire/newsml/newsml_g2.h"
#include "pipeline/parse/xml_util.h"

namespace newswired::newsml {
namespace {

// IPTC's controlled vocabularies as URIs, for senders that give @uri instead of @qcode.
constexpr std::string_view kSignalCodes = "cv.iptc.org/newscodes/signal/";

void add_once(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

// The code of a qcode (or, without one, of the @uri) as a lower-case status word.
std::string pub_status(pugi::xml_node element) {
  const std::string qcode = attr(element, "qcode");
  if (!qcode.empty()) return lower(code_of(qcode));
  return lower(last_segment(attr(element, "uri")));
}

// IPTC signals lose their "sig:" alias; other schemes' signals stay as written.
std::string signal(pugi::xml_node element) {
  const std::string qcode = attr(element, "qcode");
  if (qcode.starts_with("sig:")) return qcode.substr(4);
  if (!qcode.empty()) return qcode;
  const std::string uri = attr(element, "uri");
  if (uri.find(kSignalCodes) != std::string::npos) return last_segment(uri);
  return uri;
}

// The kind of concept from its @type (cpnat:abstract, cpnat:person, ...), else from the
// scheme of its qcode (IPTC Media Topics and Subject Codes are topics).
std::string subject_kind(pugi::xml_node subject, std::string_view qcode) {
  std::string nature = code_of(attr(subject, "type"));
  const std::string type_uri = attr(subject, "typeuri");
  if (nature.empty() && type_uri.find("/cpnature/") != std::string::npos)
    nature = last_segment(type_uri);
  if (nature == "abstract") return "topic";
  if (nature == "person") return "person";
  if (nature == "organisation") return "organisation";
  if (nature == "geoArea" || nature == "poi") return "place";
  if (nature.empty() && (qcode.starts_with("medtop:") || qcode.starts_with("subj:")))
    return "topic";
  return {};
}

// Rendition media type by itemClass: ninat:picture and ninat:graphic are images.
std::string medium_of_class(pugi::xml_node item_class) {
  std::string code = code_of(attr(item_class, "qcode"));
  const std::string uri = attr(item_class, "uri");
  if (code.empty()) code = last_segment(uri);
  if (code == "picture" || code == "graphic") return "image";
  if (code == "video" || code == "audio") return code;
  return {};
}

// Descriptions and headlines are text that may carry inline markup; as HTML either way.
std::string block_html(pugi::xml_node element) {
  for (pugi::xml_node child : element.children())
    if (child.type() == pugi::node_element) return xml::trim(xml::inner_html(element));
  return markup_escaped(xml::text(element));
}

// What contentMeta and itemMeta give besides what goes straight into the item.
struct ItemReading {
  RawItem out;
  RawWire wire;
  std::string metadata_lang;  // the item's xml:lang: the language of its names and labels
  std::string meta_title;     // itemMeta/title: a label for when there is no headline
  std::string fallback_summary;
  std::vector<std::string> contributors;
  RenditionContext renditions;
  const SchemeAliases* aliases = nullptr;
};

void read_item_meta(pugi::xml_node meta, ItemReading& r) {
  for (pugi::xml_node child : meta.children()) {
    if (is_g2(child, "itemClass")) {
      r.renditions.medium = medium_of_class(child);
    } else if (is_g2(child, "versionCreated")) {
      r.out.updated = xml::text(child);
    } else if (is_g2(child, "firstCreated")) {
      r.out.published = xml::text(child);
    } else if (is_g2(child, "pubStatus")) {
      r.wire.pub_status = pub_status(child);
    } else if (is_g2(child, "signal")) {
      add_once(r.wire.signals, signal(child));
    } else if (is_g2(child, "link") && code_of(attr(child, "rel")) == "previousVersion") {
      r.wire.previous_version = attr(child, "residref");
      if (r.wire.previous_version.empty()) r.wire.previous_version = attr(child, "href");
    } else if (is_g2(child, "title") && r.meta_title.empty()) {
      r.meta_title = xml::text(child);
    }
  }
}

void read_subject(pugi::xml_node subject, ItemReading& r) {
  RawSubject s;
  s.qcode = attr(subject, "qcode");
  if (s.qcode.empty()) s.qcode = attr(subject, "uri");
  s.qcode = r.aliases->canonical(s.qcode);
  s.name = name_of_concept(subject, r.metadata_lang);
  if (s.qcode.empty() && s.name.empty()) return;
  s.kind = subject_kind(subject, s.qcode);
  r.wire.subjects.push_back(std::move(s));
}

// The headline without a role (or with the main role) is the story's; others are subtitles,
// kickers, or headlines for other outputs.
bool is_main_headline(pugi::xml_node headline) {
  const std::string role = attr(headline, "role");
  return role.empty() || code_of(role) == "main";
}

void read_content_meta(pugi::xml_node meta, ItemReading& r) {
  pugi::xml_node headline;
  for (pugi::xml_node child : meta.children()) {
    if (child.type() != pugi::node_element) continue;
    if (is_g2(child, "headline")) {
      if (!headline || (!is_main_headline(headline) && is_main_headline(child))) headline = child;
    } else if (is_g2(child, "description")) {
      const std::string role = code_of(attr(child, "role"));
      if (role == "summary" && r.out.summary.empty()) r.out.summary = block_html(child);
      if (role.empty() && r.fallback_summary.empty()) r.fallback_summary = block_html(child);
      if (role == "caption" && r.renditions.caption.empty())
        r.renditions.caption = xml::text(child);
    } else if (is_g2(child, "subject")) {
      read_subject(child, r);
    } else if (is_g2(child, "creator")) {
      add_once(r.out.authors, name_of_concept(child, r.metadata_lang));
    } else if (is_g2(child, "contributor")) {
      add_once(r.contributors, name_of_concept(child, r.metadata_lang));
    } else if (is_g2(child, "slugline") && r.wire.slugline.empty()) {
      r.wire.slugline = xml::text(child);
    } else if (is_g2(child, "located") && r.wire.located.empty()) {
      r.wire.located = name_of_concept(child, r.metadata_lang);
    } else if (is_g2(child, "language") && r.out.language.empty()) {
      r.out.language = attr(child, "tag");
    } else if (is_g2(child, "urgency") && r.wire.urgency.empty()) {
      r.wire.urgency = xml::text(child);
    } else if (is_g2(child, "genre") && r.wire.genre.empty()) {
      r.wire.genre = r.aliases->canonical(attr(child, "qcode"));
      if (r.wire.genre.empty()) r.wire.genre = name_of_concept(child, r.metadata_lang);
    } else if (is_g2(child, "creditline") && r.renditions.credit.empty()) {
      r.renditions.credit = xml::text(child);
    } else if (is_g2(child, "contentCreated")) {
      r.out.created = xml::text(child);
    }
  }
  if (headline) r.out.title = xml::text(headline);
}

// The items a package refers to, in the order its groups list them. Some abbreviated packages
// (the guidelines' news message example) put itemRefs straight under the packageItem.
void read_members(pugi::xml_node package, RawWire& wire) {
  auto add_ref = [&](pugi::xml_node ref) {
    std::string id = attr(ref, "residref");
    if (id.empty()) id = attr(ref, "href");
    add_once(wire.members, std::move(id));
  };
  for (pugi::xml_node child : package.children()) {
    if (is_g2(child, "itemRef")) add_ref(child);
    if (!is_g2(child, "groupSet")) continue;
    for (pugi::xml_node group : child.children()) {
      if (!is_g2(group, "group")) continue;
      for (pugi::xml_node ref : group.children())
        if (is_g2(ref, "itemRef")) add_ref(ref);
    }
  }
}

}  // namespace

RawItem read_item(pugi::xml_node item) {
  const SchemeAliases aliases(item);
  ItemReading r;
  r.aliases = &aliases;
  r.out.guid = attr(item, "guid");
  r.wire.version = attr(item, "version");
  r.metadata_lang = attr(item, "xml:lang");
  if (pugi::xml_node meta = g2_child(item, "itemMeta")) read_item_meta(meta, r);
  if (pugi::xml_node meta = g2_child(item, "contentMeta")) read_content_meta(meta, r);
  if (r.out.title.empty()) r.out.title = r.meta_title;
  if (r.out.summary.empty()) r.out.summary = r.fallback_summary;
  // Contributors (editors, caption writers) stand in as authors only when no creator is named.
  if (r.out.authors.empty()) r.out.authors = r.contributors;
  if (r.out.language.empty()) r.out.language = r.metadata_lang;
  if (r.wire.pub_status.empty()) r.wire.pub_status = "usable";
  if (pugi::xml_node content = g2_child(item, "contentSet"))
    read_content_set(content, r.renditions, r.out);
  if (is_g2(item, "packageItem")) read_members(item, r.wire);
  r.out.wire = std::move(r.wire);
  return std::move(r.out);
}

}  // namespace newswired::newsml
