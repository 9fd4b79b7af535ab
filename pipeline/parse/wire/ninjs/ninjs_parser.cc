#include "pipeline/parse/wire/ninjs/ninjs_parser.h"

#include <initializer_list>

#include <nlohmann/json.hpp>

#include "pipeline/core/markup_escape.h"

namespace newswired {
namespace {

using nlohmann::json;

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// The member `name` (lower case) in any spelling of case: 3.x writes versionCreated.
const json* member(const json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (same_name(it.key(), name)) return &it.value();
  return nullptr;
}

std::string as_text(const json* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return std::to_string(v->get<long long>());
  return {};
}

std::string text(const json& object, std::string_view name) {
  return as_text(member(object, name));
}

// From a list of {role, value} (headlines, descriptions, bodies): the first whose role is one
// of `roles`, else the first without a role, else the first.
const json* by_role(const json* list, std::initializer_list<std::string_view> roles) {
  if (list == nullptr || !list->is_array() || list->empty()) return nullptr;
  for (const json& entry : *list) {
    const std::string role = text(entry, "role");
    for (std::string_view r : roles)
      if (same_name(role, r)) return &entry;
  }
  for (const json& entry : *list)
    if (text(entry, "role").empty()) return &entry;
  return &list->front();
}

std::string value_of(const json* entry) { return entry ? text(*entry, "value") : std::string(); }

// Plain text as HTML paragraphs: blank lines (or, without any, line breaks) separate them.
std::string paragraphs_html(std::string_view plain) {
  const bool blank_lines = plain.find("\n\n") != std::string_view::npos;
  const std::string_view separator = blank_lines ? "\n\n" : "\n";
  std::string out;
  for (std::size_t start = 0; start <= plain.size();) {
    std::size_t end = plain.find(separator, start);
    if (end == std::string_view::npos) end = plain.size();
    const std::string_view p = plain.substr(start, end - start);
    if (p.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      out += "<p>";
      append_markup_escaped(out, p);
      out += "</p>\n";
    }
    start = end + separator.size();
  }
  return out;
}

std::string body_html(const json& item) {
  if (std::string html = text(item, "body_html"); !html.empty()) return html;
  if (std::string xhtml = text(item, "body_xhtml"); !xhtml.empty()) return xhtml;
  if (std::string plain = text(item, "body_text"); !plain.empty()) return paragraphs_html(plain);
  const json* bodies = member(item, "bodies");
  if (bodies == nullptr || !bodies->is_array()) return {};
  for (const json& b : *bodies) {
    const std::string type = text(b, "contenttype");
    if (type == "text/html" || type == "application/xhtml+xml" ||
        same_name(text(b, "role"), "html"))
      return text(b, "value");
  }
  const json* first = by_role(bodies, {"text", "main"});
  return first ? paragraphs_html(text(*first, "value")) : std::string();
}

std::string summary_html(const json& item) {
  if (std::string html = text(item, "description_html"); !html.empty()) return html;
  if (std::string plain = text(item, "description_text"); !plain.empty())
    return markup_escaped(plain);
  const json* list = member(item, "descriptions");
  if (list == nullptr || !list->is_array()) return {};
  // Captions and credit lines describe a picture, not the story.
  for (const json& d : *list) {
    const std::string role = text(d, "role");
    if (role.empty() || same_name(role, "summary") || same_name(role, "text") ||
        same_name(role, "abstract"))
      return markup_escaped(text(d, "value"));
  }
  return {};
}

// A subject's code as a qcode where the scheme is a known IPTC or ISO one, else its URI.
std::string qcode_of(const json& s) {
  const std::string code = text(s, "code");
  const std::string scheme = text(s, "scheme");
  if (!code.empty()) {
    if (scheme.find("mediatopic") != std::string::npos) return "medtop:" + code;
    if (scheme.find("subjectcode") != std::string::npos) return "subj:" + code;
    if (scheme.find("iso3166") != std::string::npos) {
      std::string upper = code;
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      return "iso3166:" + upper;
    }
  }
  if (std::string uri = text(s, "uri"); !uri.empty()) return uri;
  if (!code.empty()) return scheme.empty() ? code : scheme + code;
  return text(s, "literal");
}

void read_subjects(const json& item, RawWire& wire) {
  constexpr std::pair<std::string_view, std::string_view> kLists[] = {
      {"subject", "topic"},
      {"subjects", "topic"},
      {"person", "person"},
      {"people", "person"},
      {"organisation", "organisation"},
      {"organisations", "organisation"},
      {"place", "place"},
      {"places", "place"}};
  for (const auto& [name, kind] : kLists) {
    const json* list = member(item, name);
    if (list == nullptr || !list->is_array()) continue;
    for (const json& s : *list) {
      RawSubject subject{qcode_of(s), text(s, "name"), std::string(kind)};
      if (!subject.qcode.empty() || !subject.name.empty()) wire.subjects.push_back(subject);
    }
  }
}

// The rendition to show: the widest one with an address. 1.x keys them by name, 2.x+ lists
// them with a "name" member.
std::optional<RawMedia> best_rendition(const json* renditions) {
  if (renditions == nullptr) return std::nullopt;
  std::optional<RawMedia> best;
  long long best_width = -1;
  auto consider = [&](const json& r) {
    const std::string href = text(r, "href");
    if (href.empty()) return;
    const json* w = member(r, "width");
    const long long width = w && w->is_number_integer() ? w->get<long long>() : 0;
    if (width <= best_width) return;
    best_width = width;
    RawMedia m;
    m.url = href;
    m.type = text(r, "mimetype");
    if (m.type.empty()) m.type = text(r, "contenttype");
    m.width = width > 0 ? std::to_string(width) : "";
    m.height = text(r, "height");
    best = m;
  };
  if (renditions->is_object()) {
    for (const auto& [name, r] : renditions->items()) consider(r);
  } else if (renditions->is_array()) {
    for (const json& r : *renditions) consider(r);
  }
  return best;
}

std::string medium_of(const std::string& type) {
  if (type == "picture" || type == "graphic") return "image";
  if (type == "video" || type == "audio") return type;
  return {};
}

// A picture, graphic, video or audio item (the document itself, or an association of it).
std::optional<RawMedia> media_of(const json& item) {
  const std::string medium = medium_of(text(item, "type"));
  if (medium.empty()) return std::nullopt;
  std::optional<RawMedia> m = best_rendition(member(item, "renditions"));
  if (!m) return std::nullopt;
  m->medium = medium;
  m->caption = value_of(by_role(member(item, "descriptions"), {"caption"}));
  if (m->caption.empty()) m->caption = text(item, "description_text");
  if (m->caption.empty()) m->caption = text(item, "headline");
  if (m->caption.empty()) m->caption = value_of(by_role(member(item, "headlines"), {"main"}));
  const json* descriptions = member(item, "descriptions");
  if (descriptions != nullptr && descriptions->is_array())
    for (const json& d : *descriptions)
      if (same_name(text(d, "role"), "creditline")) m->credit = text(d, "value");
  if (m->credit.empty()) m->credit = text(item, "by");
  if (m->credit.empty()) m->credit = text(item, "byline");
  return m;
}

void read_media(const json& item, RawItem& out) {
  if (std::optional<RawMedia> self = media_of(item)) out.media.push_back(*self);
  const json* associations = member(item, "associations");
  if (associations == nullptr) return;
  auto add = [&](const json& a) {
    if (std::optional<RawMedia> m = media_of(a)) out.media.push_back(*m);
  };
  if (associations->is_object()) {
    for (const auto& [name, a] : associations->items()) add(a);
  } else if (associations->is_array()) {
    for (const json& a : *associations) add(a);
  }
}

std::string first_label(const json* list) {
  if (list == nullptr || !list->is_array() || list->empty()) return {};
  const json& g = list->front();
  if (std::string q = qcode_of(g); !q.empty()) return q;
  return text(g, "name");
}

RawItem read_item(const json& item) {
  RawItem out;
  out.guid = text(item, "uri");
  if (out.guid.empty()) out.guid = text(item, "guid");
  out.title = text(item, "headline");
  if (out.title.empty()) out.title = value_of(by_role(member(item, "headlines"), {"main"}));
  out.summary = summary_html(item);
  out.content = body_html(item);
  for (std::string_view name : {"byline", "by"})
    if (std::string who = text(item, name); !who.empty()) out.authors.push_back(who);
  out.published = text(item, "firstcreated");
  if (out.published.empty()) out.published = text(item, "contentcreated");
  out.updated = text(item, "versioncreated");
  out.language = text(item, "language");
  read_media(item, out);

  RawWire wire;
  wire.version = text(item, "version");
  wire.pub_status = text(item, "pubstatus");
  wire.urgency = text(item, "urgency");
  wire.slugline = text(item, "slugline");
  wire.genre = first_label(member(item, "genre"));
  if (wire.genre.empty()) wire.genre = first_label(member(item, "genres"));
  const json* located = member(item, "located");
  wire.located = located && located->is_object() ? text(*located, "name") : as_text(located);
  read_subjects(item, wire);
  out.wire = std::move(wire);
  return out;
}

std::string_view skip_space(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  return s;
}

}  // namespace

bool NinjsParser::sniff(std::string_view body) const {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  body = skip_space(body);
  if (!body.starts_with('{') && !body.starts_with('[')) return false;
  const std::string_view head = body.substr(0, 8192);
  auto has = [&](std::string_view key) { return head.find(key) != std::string_view::npos; };
  if (!has("\"uri\"") && !has("\"guid\"")) return false;
  // Members of a ninjs item's top level that JSON Feed and common APIs do not use.
  for (std::string_view key :
       {"\"versioncreated\"", "\"versionCreated\"", "\"headlines\"", "\"pubstatus\"",
        "\"pubStatus\"", "\"bodies\"", "\"body_text\"", "\"body_html\"", "\"body_xhtml\"",
        "\"firstcreated\"", "\"firstCreated\""})
    if (has(key)) return true;
  return false;
}

Outcome<ParsedFeed> NinjsParser::parse(const Document& doc) const {
  std::string_view body = doc.body;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  // Without exceptions: a broken document is a value, not an unwinding worker thread.
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) return Failure{"not valid JSON"};
  if (!root.is_object() && !root.is_array())
    return Failure{"not ninjs: the document is neither an item nor a list of items"};
  ParsedFeed feed;
  feed.meta.format = "ninjs";
  std::vector<const json*> items;
  if (root.is_object()) {
    items.push_back(&root);
  } else {
    for (const json& entry : root) items.push_back(&entry);
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = *items[i];
    const std::string where = "item " + std::to_string(i + 1);
    if (!item.is_object()) {
      feed.warnings.push_back(where + ": not a JSON object, skipped");
      continue;
    }
    RawItem raw = read_item(item);
    if (raw.guid.empty()) feed.warnings.push_back(where + ": no uri");
    if (raw.title.empty() && raw.content.empty())
      feed.warnings.push_back(where + ": no headline or body");
    feed.items.push_back(std::move(raw));
  }
  return feed;
}

}  // namespace newswired
