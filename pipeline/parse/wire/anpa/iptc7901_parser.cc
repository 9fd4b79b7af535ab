#include "pipeline/parse/wire/anpa/iptc7901_parser.h"

#include "pipeline/core/markup_escape.h"
#include "pipeline/parse/item_check.h"
#include "pipeline/parse/wire/anpa/framing.h"
#include "pipeline/parse/wire/anpa/iptc7901_story.h"
#include "pipeline/parse/wire/anpa/story_text.h"
#include "pipeline/parse/wire/anpa/trailer_dates.h"

namespace newswired {
namespace {

using iptc7901::Iptc7901Story;
using wire_text::lower_ascii;
using wire_text::WireMessage;

// The category codes of the IPTC Information Interchange Model (2:15), which 7901 lines
// share; agencies' own one-letter codes keep only their code.
std::string category_name(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"ACE", "Arts, culture and entertainment"},
      {"CLJ", "Crime, law and justice"},
      {"DIS", "Disasters and accidents"},
      {"FIN", "Economy, business and finance"},
      {"EDU", "Education"},
      {"EVN", "Environmental issues"},
      {"HTH", "Health"},
      {"HUM", "Human interest"},
      {"LAB", "Labour"},
      {"LIF", "Lifestyle and leisure"},
      {"POL", "Politics"},
      {"REL", "Religion and belief"},
      {"SCI", "Science and technology"},
      {"SOI", "Social issues"},
      {"SPO", "Sports"},
      {"WAR", "Unrest, conflicts and war"},
      {"WEA", "Weather"},
  };
  std::string upper(code);
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  for (const auto& [c, name] : kNames)
    if (c == upper) return std::string(name);
  return {};
}

std::string collapse_for_id(std::string_view s) {
  std::string out;
  for (char c : lower_ascii(s)) out += c == ' ' ? '-' : c;
  return out;
}

std::string guid_of(const Iptc7901Story& story, const std::string& date) {
  const std::string day = date.substr(0, 10);
  if (story.keyword.empty()) {
    if (story.message.empty()) return {};
    return "iptc7901:" + lower_ascii(story.message) + (day.empty() ? "" : "/" + day);
  }
  std::string guid = "iptc7901:";
  if (!story.source.empty()) guid += lower_ascii(story.source) + "/";
  guid += collapse_for_id(story.keyword);
  if (!day.empty()) guid += "/" + day;
  return guid;
}

std::string label_of(const WireMessage& m, const Iptc7901Story& story) {
  std::string label = "message " + std::to_string(m.position);
  if (!story.message.empty()) label += " (" + story.message + ")";
  return label;
}

RawItem item_of(const WireMessage& m, const Iptc7901Story& story, const Document& doc,
                std::vector<std::string>& warnings) {
  const wire_text::VersionWords words = wire_text::read_version_words(story.labels);
  const wire_text::TrailerDate date =
      wire_text::iptc7901_trailer_date(story.trailer, doc.fetched_at);
  if (!date.problem.empty()) warnings.push_back(label_of(m, story) + ": " + date.problem);

  RawItem item;
  item.guid = guid_of(story, date.rfc3339);
  item.title = markup_escaped(story.headline);
  item.content = wire_text::paragraphs_html(story.paragraphs);
  item.authors = story.authors;
  RawWire w;
  w.version = wire_text::version_of(words);
  item.updated = date.rfc3339;
  if (w.version == "1") item.published = date.rfc3339;
  w.signals = wire_text::signals_of(words);
  w.pub_status = words.kill ? "canceled" : "usable";
  w.urgency = story.priority;
  w.slugline = story.keyword;
  w.located = story.located;
  if (!story.category.empty()) {
    w.subjects.push_back(
        {"iptc7901-cat:" + story.category, category_name(story.category), "topic"});
  }
  item.wire = std::move(w);
  return item;
}

}  // namespace

bool Iptc7901Parser::sniff(std::string_view body) const {
  if (wire_text::starts_with_telex_frame(body)) return true;
  const std::optional<std::string_view> header = wire_text::first_control_header(body);
  if (!header) return false;
  const std::string_view first_line = header->substr(0, header->find_first_of("\r\n"));
  return iptc7901::is_iptc7901_header_line(first_line);
}

Outcome<ParsedFeed> Iptc7901Parser::parse(const Document& doc) const {
  std::vector<WireMessage> messages = wire_text::split_messages(doc.body, doc.content_type);
  if (messages.empty()) {
    return Failure{"not an IPTC 7901 document: no message starts with SOH or ZCZC"};
  }
  ParsedFeed feed;
  feed.meta.format = "iptc7901";
  for (const WireMessage& m : messages) {
    const Iptc7901Story story = iptc7901::read_iptc7901_story(m);
    if (!m.problem.empty()) {
      feed.warnings.push_back(label_of(m, story) + ": " + m.problem + ", skipped");
      continue;
    }
    if (!story.has_header) {
      feed.warnings.push_back(label_of(m, story) +
                              ": no header line with message number, priority and category");
    }
    RawItem item = item_of(m, story, doc, feed.warnings);
    if (std::string w = unusable_item_warning(item, m.position); !w.empty()) {
      feed.warnings.push_back(std::move(w));
    }
    feed.items.push_back(std::move(item));
  }
  return feed;
}

}  // namespace newswired
