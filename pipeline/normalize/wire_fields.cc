#include "pipeline/normalize/wire_fields.h"

#include <charconv>

#include "pipeline/normalize/article_id.h"
#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/tag/tagger.h"

namespace newswired {
namespace {

void warn(std::vector<std::string>* warnings, std::string message) {
  if (warnings != nullptr) warnings->push_back(std::move(message));
}

// "STAT:Canceled" -> "canceled", "sig:update" -> "update": the code without its scheme.
std::string bare_code(const std::string& raw) {
  std::string s = to_lower_ascii(collapse_whitespace(raw));
  if (const auto colon = s.rfind(':'); colon != std::string::npos) s.erase(0, colon + 1);
  return s;
}

// "stat:canceled", "STAT:Canceled", "cancelled" -> "canceled"; "" stays "" (usable).
std::string status_of(const std::string& raw, std::vector<std::string>* warnings) {
  const std::string s = bare_code(raw);
  if (s.empty() || s == "usable") return "usable";
  if (s == "withheld") return "withheld";
  if (s == "canceled" || s == "cancelled") return "canceled";
  warn(warnings, "unknown publication status '" + raw + "' read as usable");
  return "usable";
}

std::optional<int> urgency_of(const std::string& raw, std::vector<std::string>* warnings) {
  const std::string s = collapse_whitespace(raw);
  if (s.empty()) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc() && end == s.data() + s.size() && value >= 1 && value <= 9) return value;
  warn(warnings, "urgency '" + raw + "' is not 1 to 9: left out");
  return std::nullopt;
}

void add_subject(const RawSubject& s, Tags& tags) {
  Tag t;
  t.id = collapse_whitespace(s.qcode);
  t.name = title_text(s.name);
  if (t.id.empty() && t.name.empty()) return;
  if (t.id.empty()) t.id = "wire:" + t.name;
  if (t.name.empty()) t.name = t.id;
  t.score = 1.0;  // the agency stated it
  if (s.kind == "person" || s.kind == "organisation") {
    t.type = s.kind;
    merge_tag(tags.entities, std::move(t));
  } else if (s.kind == "place") {
    merge_tag(tags.places, std::move(t));
  } else {
    // Subject codes, and keywords or codes of the agency's own schemes (routing labels).
    merge_tag(tags.topics, std::move(t));
  }
}

}  // namespace

void apply_wire_fields(const RawItem& item, Article& a, std::vector<std::string>* warnings) {
  if (!item.wire) return;
  const RawWire& raw = *item.wire;
  WireInfo w;
  w.version = collapse_whitespace(raw.version);
  w.pub_status = status_of(raw.pub_status, warnings);
  for (const std::string& signal : raw.signals)
    if (std::string s = bare_code(signal); !s.empty()) w.signals.push_back(std::move(s));
  w.previous_version = collapse_whitespace(raw.previous_version);
  w.urgency = urgency_of(raw.urgency, warnings);
  w.slugline = title_text(raw.slugline);
  w.genre = collapse_whitespace(raw.genre);
  w.located = title_text(raw.located);
  // Linked by article id as well: the member's article has the id its guid gives it.
  for (const std::string& m : raw.members) {
    if (std::string id = collapse_whitespace(m); !id.empty()) {
      w.member_ids.push_back(article_id(a.source.name, id));
      w.members.push_back(std::move(id));
    }
  }
  for (const std::string& p : raw.packages) {
    if (std::string id = collapse_whitespace(p); !id.empty()) {
      w.package_ids.push_back(article_id(a.source.name, id));
      w.packages.push_back(std::move(id));
    }
  }
  a.wire = std::move(w);
  for (const RawSubject& s : raw.subjects) add_subject(s, a.tags);
}

}  // namespace newswired
