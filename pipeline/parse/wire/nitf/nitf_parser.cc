#include "pipeline/parse/wire/nitf/nitf_parser.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/parse/item_check.h"
#include "pipeline/parse/sniff.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_web_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

void keep_first(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

void add_once(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

std::string attr(pugi::xml_node element, const char* name) {
  return xml::trim(element.attribute(name).value());
}

// "idsrc" and "value" (or "code-source" and "location-code") as one code: the taxonomy as a
// scheme prefix, unless it is a URI that the value continues.
std::string coded(std::string_view source, std::string_view value) {
  if (value.empty()) return {};
  if (source.empty()) return std::string(value);
  if (source.ends_with('/') || source.ends_with('#'))
    return std::string(source) + std::string(value);
  return std::string(source) + ":" + std::string(value);
}

// Reads one <nitf> document. NITF elements are matched in the namespace of the document's own
// root, whichever it is, so that a provider's extension element (docdata allows any other
// namespace) is never taken for NITF's.
class StoryReader {
 public:
  explicit StoryReader(pugi::xml_node root) : ns_(xml::name_of(root).ns) {}

  RawItem read(pugi::xml_node root, const Document& doc, std::vector<std::string>& warnings);

 private:
  // The element's local name if it is a NITF element, else "".
  std::string_view nitf_name(pugi::xml_node node) const {
    if (node.type() != pugi::node_element) return {};
    const xml::Name name = xml::name_of(node);
    return name.ns == ns_ ? name.local : std::string_view();
  }
  pugi::xml_node nitf_child(pugi::xml_node parent, std::string_view local) const {
    for (pugi::xml_node child : parent.children()) {
      if (nitf_name(child) == local) return child;
    }
    return {};
  }

  // Text of the element and its descendants as one line; child elements are separate words
  // (<name.given>Ann</name.given><name.family>Lee</name.family> is "Ann Lee"). Elements named
  // in `skip` (a person's function, a byline's title) are left out.
  std::string words(pugi::xml_node element,
                    std::initializer_list<std::string_view> skip = {}) const;
  void gather_words(pugi::xml_node element, std::initializer_list<std::string_view> skip,
                    std::string& out) const;
  // The element's own text, without that of its child elements ("Oslo" in a dateline).
  static std::string own_text(pugi::xml_node element);
  // "Ottawa, Ontario, Canada" for a structured <location>, its text otherwise.
  std::string place_name(pugi::xml_node location) const;

  void read_head(pugi::xml_node head);
  void read_tobject(pugi::xml_node tobject);
  void read_docdata(pugi::xml_node docdata);
  void read_status(std::string_view raw);
  void read_editorial_message(pugi::xml_node ed_msg);
  void read_pubdata(pugi::xml_node pubdata);
  void read_identified_content(pugi::xml_node container);
  void read_body_head(pugi::xml_node body_head);
  void read_byline(pugi::xml_node byline);
  void read_dateline(pugi::xml_node dateline);

  std::vector<RawMedia> media_of(pugi::xml_node media) const;
  void collect_media(pugi::xml_node node);
  // body.content as HTML: NITF's own block elements become their HTML counterparts, pictures
  // become <figure>s, the rest is serialised as it stands.
  void render_blocks(pugi::xml_node parent, std::string& out) const;
  void render_figure(pugi::xml_node media, std::string& out) const;
  void render_table(pugi::xml_node nitf_table, std::string& out) const;

  std::string_view ns_;
  RawItem item_;
  RawWire wire_;
  std::string head_title_;
  std::string subtitle_;
  std::string release_date_;
  std::string event_location_;
  bool status_from_docdata_ = false;
};

void StoryReader::gather_words(pugi::xml_node element, std::initializer_list<std::string_view> skip,
                               std::string& out) const {
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    } else if (child.type() == pugi::node_element) {
      const std::string_view local = xml::name_of(child).local;
      if (std::find(skip.begin(), skip.end(), local) != skip.end()) continue;
      out += ' ';
      gather_words(child, skip, out);
      out += ' ';
    }
  }
}

std::string StoryReader::words(pugi::xml_node element,
                               std::initializer_list<std::string_view> skip) const {
  std::string out;
  gather_words(element, skip, out);
  return collapse_whitespace(out);
}

std::string StoryReader::own_text(pugi::xml_node element) {
  std::string out;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return collapse_whitespace(out);
}

std::string StoryReader::place_name(pugi::xml_node location) const {
  std::string joined;
  for (pugi::xml_node part : location.children()) {
    const std::string_view local = nitf_name(part);
    if (local != "sublocation" && local != "city" && local != "state" && local != "region" &&
        local != "country") {
      continue;
    }
    std::string name = words(part);
    if (name.empty()) name = attr(part, "value");
    if (name.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined.empty() ? words(location, {"alt-code"}) : joined;
}

void StoryReader::read_head(pugi::xml_node head) {
  for (pugi::xml_node child : head.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "title") {
      keep_first(head_title_, xml::text(child));
    } else if (local == "tobject") {
      read_tobject(child);
    } else if (local == "docdata") {
      read_docdata(child);
    } else if (local == "pubdata") {
      read_pubdata(child);
    } else if (local == "urgency") {
      // Beside docdata rather than in it, as some agencies place it.
      keep_first(wire_.urgency, attr(child, "ed-urg"));
    }
  }
}

// tobject.subject holds an IPTC Subject Code (eight digits, "subj:" in NewsML-G2), unless its
// information provider reference names another scheme.
void StoryReader::read_tobject(pugi::xml_node tobject) {
  for (pugi::xml_node child : tobject.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "tobject.property") {
      keep_first(wire_.genre, attr(child, "tobject.property.type"));
    } else if (local == "tobject.subject") {
      const std::string refnum = attr(child, "tobject.subject.refnum");
      const std::string ipr = attr(child, "tobject.subject.ipr");
      RawSubject subject;
      if (!refnum.empty()) {
        subject.qcode =
            ipr.empty() || lower_ascii(ipr) == "iptc" ? "subj:" + refnum : coded(ipr, refnum);
      }
      // The most specific of the three tiers that is named.
      for (const char* tier :
           {"tobject.subject.detail", "tobject.subject.matter", "tobject.subject.type"}) {
        keep_first(subject.name, attr(child, tier));
      }
      if (subject.qcode.empty() && subject.name.empty()) continue;
      subject.kind = "topic";
      wire_.subjects.push_back(std::move(subject));
    }
  }
}

// NITF's management-status: usable, embargoed, withheld or canceled. An embargoed document is
// not to be published yet, which is what "withheld" says to the rest of the pipeline; kills
// written as "kill" or "cancelled" are cancellations.
void StoryReader::read_status(std::string_view raw) {
  const std::string status = lower_ascii(collapse_whitespace(raw));
  if (status.empty()) return;
  if (status == "embargoed") {
    wire_.pub_status = "withheld";
    add_once(wire_.signals, "embargoed");
  } else if (status == "kill" || status == "killed" || status == "cancelled") {
    wire_.pub_status = "canceled";
  } else {
    wire_.pub_status = status;
  }
}

// ed-msg's msg-type has no fixed vocabulary ("providers are urged to use consistent values");
// the common kill, withhold, correction and update notes are read, and the status they imply
// yields to one that management-status states.
void StoryReader::read_editorial_message(pugi::xml_node ed_msg) {
  const std::string type = lower_ascii(collapse_whitespace(attr(ed_msg, "msg-type")));
  if (type.empty()) return;
  const auto mentions = [&](std::string_view word) { return type.find(word) != std::string::npos; };
  if (mentions("correct")) {
    add_once(wire_.signals, "correction");
  } else if (mentions("kill") || mentions("cancel") || mentions("withdraw")) {
    if (!status_from_docdata_) wire_.pub_status = "canceled";
  } else if (mentions("withh")) {
    if (!status_from_docdata_) wire_.pub_status = "withheld";
  } else if (mentions("update")) {
    add_once(wire_.signals, "update");
  }
}

void StoryReader::read_docdata(pugi::xml_node docdata) {
  if (const std::string status = attr(docdata, "management-status"); !status.empty()) {
    read_status(status);
    status_from_docdata_ = true;
  }
  // The document this one updates or replaces.
  keep_first(wire_.previous_version, attr(docdata, "management-doc-idref"));
  for (pugi::xml_node child : docdata.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "doc-id") {
      keep_first(item_.guid, attr(child, "id-string"));
    } else if (local == "urgency") {
      keep_first(wire_.urgency, attr(child, "ed-urg"));
    } else if (local == "date.issue") {
      keep_first(item_.published, attr(child, "norm"));
    } else if (local == "date.release") {
      keep_first(release_date_, attr(child, "norm"));
    } else if (local == "du-key") {
      // version counts the uses of this key; generation, where only it is given, likewise.
      keep_first(wire_.version, attr(child, "version"));
      keep_first(wire_.version, attr(child, "generation"));
    } else if (local == "doc-scope") {
      add_once(item_.categories, attr(child, "scope"));
    } else if (local == "ed-msg") {
      read_editorial_message(child);
    } else if (local == "correction") {
      add_once(wire_.signals, "correction");
      keep_first(wire_.previous_version, attr(child, "id-string"));
    } else if (local == "key-list") {
      for (pugi::xml_node keyword : child.children()) {
        if (nitf_name(keyword) != "keyword") continue;
        std::string key = attr(keyword, "key");
        if (key.empty()) key = words(keyword);  // some agencies write the keyword as text
        if (!key.empty()) wire_.subjects.push_back(RawSubject{"", std::move(key), ""});
      }
    } else if (local == "identified-content") {
      read_identified_content(child);
    } else if (local == "evloc") {
      std::string place;
      for (const char* part : {"city", "county-dist", "state-prov", "iso-cc"}) {
        const std::string value = attr(child, part);
        if (value.empty() || place.find(value) != std::string::npos) continue;
        if (!place.empty()) place += ", ";
        place += value;
      }
      keep_first(event_location_, std::move(place));
    } else if (local == "pubdata") {
      read_pubdata(child);  // belongs to head, but is found here too
    }
  }
}

void StoryReader::read_pubdata(pugi::xml_node pubdata) {
  if (const std::string ref = attr(pubdata, "ex-ref"); is_web_url(ref)) keep_first(item_.link, ref);
  add_once(item_.categories, attr(pubdata, "position.section"));
}

void StoryReader::read_identified_content(pugi::xml_node container) {
  for (pugi::xml_node child : container.children()) {
    const std::string_view local = nitf_name(child);
    RawSubject subject;
    if (local == "person") {
      subject.kind = "person";
      subject.name = words(child, {"function", "alt-code"});
    } else if (local == "org") {
      subject.kind = "organisation";
      subject.name = words(child, {"alt-code"});
    } else if (local == "location") {
      subject.kind = "place";
      subject.name = place_name(child);
      subject.qcode = coded(attr(child, "code-source"), attr(child, "location-code"));
    } else if (local == "classifier") {
      subject.name = words(child, {"alt-code"});
    } else {
      continue;
    }
    keep_first(subject.qcode, coded(attr(child, "idsrc"), attr(child, "value")));
    if (subject.name.empty() && subject.qcode.empty()) continue;
    wire_.subjects.push_back(std::move(subject));
  }
}

void StoryReader::read_body_head(pugi::xml_node body_head) {
  for (pugi::xml_node child : body_head.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "hedline") {
      for (pugi::xml_node line : child.children()) {
        const std::string_view part = nitf_name(line);
        if (part == "hl1") keep_first(item_.title, xml::text(line));
        if (part == "hl2") keep_first(subtitle_, xml::text(line));
      }
    } else if (local == "byline") {
      read_byline(child);
    } else if (local == "dateline") {
      read_dateline(child);
    } else if (local == "abstract") {
      // An abstract that holds only media metadata has nothing to read.
      if (!words(child).empty()) keep_first(item_.summary, xml::text(child));
    }
  }
}

// Each <person> is an author; a byline without them is its text ("By Ann Lee"), else its
// title ("Sports Network"), which then names the author.
void StoryReader::read_byline(pugi::xml_node byline) {
  bool has_person = false;
  for (pugi::xml_node child : byline.children()) {
    if (nitf_name(child) != "person") continue;
    has_person = true;
    add_once(item_.authors, words(child, {"function", "alt-code"}));
  }
  if (has_person) return;
  std::string text = own_text(byline);
  if (text.empty()) {
    if (pugi::xml_node title = nitf_child(byline, "byttl")) text = words(title);
  }
  add_once(item_.authors, std::move(text));
}

void StoryReader::read_dateline(pugi::xml_node dateline) {
  std::string place;
  if (pugi::xml_node location = nitf_child(dateline, "location")) place = place_name(location);
  if (place.empty()) {
    place = own_text(dateline);
    while (!place.empty() && (place.back() == ',' || place.back() == '-' || is_space(place.back())))
      place.pop_back();
  }
  keep_first(wire_.located, std::move(place));
  if (pugi::xml_node date = nitf_child(dateline, "story.date")) {
    std::string norm = attr(date, "norm");
    if (norm.empty()) norm = words(date);
    keep_first(item_.created, std::move(norm));
  }
}

std::string medium_of(std::string_view media_type, std::string_view mime) {
  const std::string type = lower_ascii(media_type);
  if (type == "image" || type == "photo" || type == "graphic" || type == "picture") return "image";
  if (type == "video") return "video";
  if (type == "audio" || type == "sound") return "audio";
  if (type == "text" || type == "document") return "document";
  if (mime.starts_with("image/")) return "image";
  if (mime.starts_with("video/")) return "video";
  if (mime.starts_with("audio/")) return "audio";
  return {};
}

// One RawMedia per media-reference that points somewhere (several are renditions of one
// picture); the caption and credit are the media element's.
std::vector<RawMedia> StoryReader::media_of(pugi::xml_node media) const {
  std::string caption;
  std::string credit;
  for (pugi::xml_node child : media.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "media-caption") keep_first(caption, words(child));
    if (local == "media-producer") keep_first(credit, words(child));
  }
  std::vector<RawMedia> out;
  for (pugi::xml_node reference : media.children()) {
    if (nitf_name(reference) != "media-reference") continue;
    RawMedia m;
    m.url = attr(reference, "source");
    if (m.url.empty()) continue;
    m.type = attr(reference, "mime-type");
    m.medium = medium_of(attr(media, "media-type"), m.type);
    m.width = attr(reference, "width");
    m.height = attr(reference, "height");
    m.caption = caption.empty() ? attr(reference, "alternate-text") : caption;
    m.credit = credit;
    keep_first(m.credit, attr(reference, "source-credit"));
    keep_first(m.credit, attr(reference, "copyright"));
    out.push_back(std::move(m));
  }
  return out;
}

void StoryReader::collect_media(pugi::xml_node node) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (nitf_name(child) == "media") {
      for (RawMedia& m : media_of(child)) item_.media.push_back(std::move(m));
    } else {
      collect_media(child);
    }
  }
}

constexpr std::array<std::string_view, 3> kVoidElements{"br", "hr", "img"};

void open_element(pugi::xml_node element, std::string_view local, std::string& out) {
  out += '<';
  out += local;
  for (pugi::xml_attribute a : element.attributes()) {
    std::string_view name = a.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    if (const std::size_t colon = name.find(':'); colon != std::string_view::npos)
      name.remove_prefix(colon + 1);
    out += ' ';
    out += name;
    out += "=\"";
    xml::append_escaped(out, a.value(), true);
    out += '"';
  }
  out += '>';
}

void outer_html(pugi::xml_node element, std::string_view local, std::string& out) {
  open_element(element, local, out);
  if (std::find(kVoidElements.begin(), kVoidElements.end(), local) != kVoidElements.end()) return;
  out += xml::inner_html(element);
  out += "</";
  out += local;
  out += '>';
}

void StoryReader::render_figure(pugi::xml_node media, std::string& out) const {
  for (const RawMedia& m : media_of(media)) {
    if (m.medium != "image") continue;
    out += "<figure><img src=\"";
    xml::append_escaped(out, m.url, true);
    out += "\" alt=\"";
    xml::append_escaped(out, m.caption, true);
    out += "\">";
    if (!m.caption.empty()) {
      out += "<figcaption>";
      xml::append_escaped(out, m.caption, false);
      out += "</figcaption>";
    }
    out += "</figure>\n";
    return;  // the first rendition stands for the others
  }
}

void StoryReader::render_table(pugi::xml_node nitf_table, std::string& out) const {
  for (pugi::xml_node child : nitf_table.children()) {
    if (nitf_name(child) == "table") outer_html(child, "table", out);
  }
}

void StoryReader::render_blocks(pugi::xml_node parent, std::string& out) const {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      // Text straight in body.content, outside any paragraph, as some agencies send it.
      if (const std::string text = xml::trim(child.value()); !text.empty()) {
        out += "<p>";
        xml::append_escaped(out, text, false);
        out += "</p>\n";
      }
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const std::string_view local = nitf_name(child);
    if (local == "block" || local == "fn") {
      render_blocks(child, out);
    } else if (local == "media") {
      render_figure(child, out);
    } else if (local == "nitf-table") {
      render_table(child, out);
    } else if (local == "hl2") {
      outer_html(child, "h2", out);
      out += '\n';
    } else if (local == "bq") {
      out += "<blockquote>";
      render_blocks(child, out);
      out += "</blockquote>\n";
    } else if (local == "credit") {
      outer_html(child, "p", out);  // a quotation's source, below it
      out += '\n';
    } else if (local == "abstract") {
      render_blocks(child, out);
    } else if (local == "byline" || local == "dateline" || local == "copyrite") {
      outer_html(child, "p", out);
      out += '\n';
    } else if (local == "media-metadata" || local == "nitf-table-metadata" || local == "tobject" ||
               local == "key-list" || local == "classifier" || local == "datasource") {
      continue;  // metadata a block may start with: not text to show
    } else {
      outer_html(child, xml::name_of(child).local, out);
      out += '\n';
    }
  }
}

RawItem StoryReader::read(pugi::xml_node root, const Document& doc,
                          std::vector<std::string>& warnings) {
  if (pugi::xml_node head = nitf_child(root, "head")) read_head(head);
  const pugi::xml_node body = nitf_child(root, "body");
  if (body) {
    if (pugi::xml_node body_head = nitf_child(body, "body.head")) read_body_head(body_head);
    std::string content;
    for (pugi::xml_node part : body.children()) {
      if (nitf_name(part) == "body.content") render_blocks(part, content);
    }
    if (pugi::xml_node body_end = nitf_child(body, "body.end")) {
      for (pugi::xml_node tagline : body_end.children()) {
        if (nitf_name(tagline) != "tagline") continue;
        if (const std::string html = xml::trim(xml::inner_html(tagline)); !html.empty())
          content += "<p>" + html + "</p>\n";
      }
    }
    item_.content = xml::trim(content);
    collect_media(body);
  }

  keep_first(item_.title, head_title_);
  // A subtitle is the nearest thing to an abstract that a story without one has; some agencies
  // repeat the headline there ("originalHeadline"), which summarises nothing.
  if (subtitle_ != item_.title) keep_first(item_.summary, subtitle_);
  keep_first(item_.published, release_date_);
  keep_first(wire_.located, event_location_);
  std::string language = attr(root, "baselang");
  keep_first(language, attr(root, "xml:lang"));
  item_.language = std::move(language);
  item_.base_url = xml::base_in_effect(root, doc.url);
  item_.wire = std::move(wire_);

  if (item_.guid.empty()) warnings.push_back("item 1: no doc-id");
  if (std::string problem = unusable_item_warning(item_, 1); !problem.empty())
    warnings.push_back(std::move(problem));
  return std::move(item_);
}

}  // namespace

bool NitfParser::sniff(std::string_view body) const {
  const std::optional<RootElement> root = sniff_root(body);
  return root && root->local == "nitf";
}

Outcome<ParsedFeed> NitfParser::parse(const Document& doc) const {
  const xml::NamespaceCacheScope namespace_cache;  // outlives the document below
  Outcome<std::unique_ptr<pugi::xml_document>> loaded = xml::load(doc.body);
  if (!loaded.ok()) return Failure{loaded.reason()};
  const pugi::xml_node root = loaded.value()->document_element();
  if (xml::name_of(root).local != "nitf") {
    return Failure{std::string("not a NITF document: root element is <") + root.name() + ">"};
  }
  ParsedFeed feed;
  feed.meta.format = "nitf";
  RawItem item = StoryReader(root).read(root, doc, feed.warnings);
  feed.meta.language = item.language;
  feed.items.push_back(std::move(item));
  return feed;
}

}  // namespace newswired
