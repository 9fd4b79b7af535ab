#include "pipeline/parse/wire/anpa/anpa_parser.h"

#include "pipeline/core/markup_escape.h"
#include "pipeline/parse/item_check.h"
#include "pipeline/parse/wire/anpa/anpa_header.h"
#include "pipeline/parse/wire/anpa/anpa_story.h"
#include "pipeline/parse/wire/anpa/framing.h"
#include "pipeline/parse/wire/anpa/story_text.h"
#include "pipeline/parse/wire/anpa/trailer_dates.h"

namespace newswired {
namespace {

using anpa::AnpaHeader;
using anpa::AnpaStory;
using wire_text::lower_ascii;
using wire_text::VersionWords;
using wire_text::WireMessage;

// Priority letters (ANPA 1312 as AP sends it) on the IPTC urgency scale, 1 most urgent:
// flash, bulletin, urgent, regular; advances (for weekend or later use) after regular copy;
// deferred (and AP's "h", handled as deferred), then reruns.
std::string urgency_of(char priority) {
  switch (priority) {
    case 'f':
      return "1";
    case 'b':
      return "2";
    case 'u':
      return "3";
    case 'r':
      return "5";
    case 'a':
    case 's':
      return "6";
    case 'd':
    case 'h':
      return "7";
    case 'y':
      return "8";
    default:
      return {};
  }
}

// ANPA category letters, as AP documents them.
std::string category_name(char category) {
  switch (category) {
    case 'a':
    case 'b':
      return "Domestic news";
    case 'c':
      return "Standing features";
    case 'e':
      return "Entertainment and culture";
    case 'f':
      return "Financial";
    case 'i':
      return "International news";
    case 'k':
      return "Commentary and editorials";
    case 'l':
      return "Lifestyle";
    case 'n':
    case 'u':
      return "State and regional";
    case 'q':
      return "Sports scores";
    case 'r':
      return "Racing results";
    case 's':
      return "Sports";
    case 't':
      return "Travel";
    case 'v':
      return "Advisories";
    case 'w':
      return "Washington";
    default:
      return {};
  }
}

// AM- and PM- (morning and evening papers) and BC- (both cycles) route a story; the same
// story may move from one cycle to the next.
std::string without_cycle(std::string keyword) {
  const std::string prefix = lower_ascii(keyword.substr(0, 3));
  if (prefix == "bc-" || prefix == "am-" || prefix == "pm-") keyword.erase(0, 3);
  return keyword;
}

std::string guid_of(const AnpaHeader& h, const AnpaStory& story, const VersionWords& words,
                    const std::string& date) {
  std::string keyword = h.keyword;
  if (keyword.empty()) {
    // As the header would have it: no blanks, 24 characters at most.
    for (char c : story.slug)
      if (c != ' ' && keyword.size() < 24) keyword += c;
  }
  const std::string message = lower_ascii(std::string(h.service ? 1 : 0, h.service) + h.number);
  if (keyword.empty()) return message.empty() ? std::string() : "anpa:" + message + "/" + date;
  std::string guid = "anpa:";
  if (!h.selector.empty()) guid += lower_ascii(h.selector) + "/";
  guid += lower_ascii(without_cycle(keyword));
  // Every AP news alert has the same keyword: each is a story of its own.
  if (guid.find("newsalert") != std::string::npos && !message.empty()) guid += "/" + message;
  if (words.take > 0) guid += "/add" + std::to_string(words.take);
  return guid;
}

std::string label_of(const WireMessage& m, const AnpaHeader& h) {
  std::string label = "message " + std::to_string(m.position);
  if (!h.keyword.empty()) label += " (" + h.keyword + ")";
  return label;
}

RawItem item_of(const WireMessage& m, const AnpaHeader& h, const Document& doc,
                std::vector<std::string>& warnings) {
  const AnpaStory story = anpa::read_anpa_story(m.text, h);
  const VersionWords words = wire_text::read_version_words(h.version + " " + story.version_text);
  const wire_text::TrailerDate date = wire_text::anpa_trailer_date(m.trailer, doc.fetched_at);
  if (!date.problem.empty()) warnings.push_back(label_of(m, h) + ": " + date.problem);

  RawItem item;
  item.guid = guid_of(h, story, words, date.rfc3339);
  item.title = markup_escaped(story.headline);
  item.summary = wire_text::paragraphs_html(story.summary);
  item.content = h.tabular ? wire_text::preformatted_html(story.table_lines)
                           : wire_text::paragraphs_html(story.paragraphs);
  item.authors = story.authors;
  RawWire w;
  w.version = wire_text::version_of(words);
  item.updated = date.rfc3339;
  if (w.version == "1") item.published = date.rfc3339;
  w.signals = wire_text::signals_of(words);
  w.pub_status = words.kill ? "canceled" : "usable";
  w.urgency = urgency_of(h.priority);
  w.slugline = story.slug.empty() ? h.keyword : story.slug;
  w.located = story.located;
  if (h.category != 0) {
    w.subjects.push_back(
        {"anpa-cat:" + std::string(1, h.category), category_name(h.category), "topic"});
  }
  item.wire = std::move(w);
  return item;
}

}  // namespace

bool AnpaParser::sniff(std::string_view body) const {
  const std::optional<std::string_view> header = wire_text::first_control_header(body);
  return header && anpa::looks_like_anpa_header(*header);
}

Outcome<ParsedFeed> AnpaParser::parse(const Document& doc) const {
  if (doc.body.find(wire_text::kSoh) == std::string::npos) {
    return Failure{"not an ANPA 1312 document: no message starts with SOH"};
  }
  ParsedFeed feed;
  feed.meta.format = "anpa";
  for (const WireMessage& m : wire_text::split_messages(doc.body, doc.content_type)) {
    const AnpaHeader h = anpa::read_anpa_header(m.header);
    if (!m.problem.empty()) {
      feed.warnings.push_back(label_of(m, h) + ": " + m.problem + ", skipped");
      continue;
    }
    if (h.priority == 0) {
      feed.warnings.push_back(label_of(m, h) + ": no priority and category line in the header");
    }
    RawItem item = item_of(m, h, doc, feed.warnings);
    if (std::string w = unusable_item_warning(item, m.position); !w.empty()) {
      feed.warnings.push_back(std::move(w));
    }
    feed.items.push_back(std::move(item));
  }
  return feed;
}

}  // namespace newswired
