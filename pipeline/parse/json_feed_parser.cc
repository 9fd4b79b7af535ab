#include "pipeline/parse/json_feed_parser.h"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/parse/item_check.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {
namespace {

using nlohmann::json;

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && is_json_space(s.front())) s.remove_prefix(1);
  return s;
}

bool is_version_url(std::string_view v) {
  return v.starts_with("https://jsonfeed.org/version/1") ||
         v.starts_with("http://jsonfeed.org/version/1");
}

// Strings as they are; ids that a feed wrote as numbers (1.0 feeds do) as their digits.
std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return {};
}

// 1.1's "authors" array, else 1.0's single "author": the names (the URL when nameless).
std::vector<std::string> authors_of(const json& object) {
  std::vector<std::string> out;
  auto add = [&](const json& author) {
    if (!author.is_object()) return;
    std::string name = text_of(author, "name");
    if (name.empty()) name = text_of(author, "url");
    if (!name.empty()) out.push_back(std::move(name));
  };
  if (auto it = object.find("authors"); it != object.end() && it->is_array()) {
    for (const json& a : *it) add(a);
  }
  if (auto it = object.find("author"); out.empty() && it != object.end()) add(*it);
  return out;
}

// content_text is plain text; RawItem content is HTML, so it is escaped, line breaks kept.
std::string text_as_html(std::string_view text) {
  std::string out;
  size_t line_start = 0;
  for (size_t nl = text.find('\n'); nl != std::string_view::npos;
       nl = text.find('\n', line_start)) {
    xml::append_escaped(out, text.substr(line_start, nl - line_start), false);
    out += "<br>";
    line_start = nl + 1;
  }
  xml::append_escaped(out, text.substr(line_start), false);
  return out;
}

RawItem read_item(const json& item, const std::vector<std::string>& feed_authors) {
  RawItem out;
  out.guid = text_of(item, "id");
  out.link = text_of(item, "url");
  if (out.link.empty()) out.link = text_of(item, "external_url");
  out.title = text_of(item, "title");
  out.summary = text_of(item, "summary");
  out.content = text_of(item, "content_html");
  if (out.content.empty()) out.content = text_as_html(text_of(item, "content_text"));
  out.published = text_of(item, "date_published");
  out.updated = text_of(item, "date_modified");
  out.authors = authors_of(item);
  // 1.1: an item without authors has the feed's.
  if (out.authors.empty() && !feed_authors.empty()) {
    out.authors = feed_authors;
    out.authors_inherited = true;
  }
  if (auto tags = item.find("tags"); tags != item.end() && tags->is_array()) {
    for (const json& t : *tags) {
      if (t.is_string() && !t.get<std::string>().empty())
        out.categories.push_back(t.get<std::string>());
    }
  }
  out.language = text_of(item, "language");
  return out;
}

}  // namespace

bool JsonFeedParser::sniff(std::string_view body) const {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  if (!skip_space(body).starts_with('{')) return false;
  // The "version" member may stand anywhere in the object; a linear scan finds it.
  for (std::size_t at = body.find("\"version\""); at != std::string_view::npos;
       at = body.find("\"version\"", at + 1)) {
    std::string_view rest = skip_space(body.substr(at + 9));
    if (!rest.starts_with(':')) continue;
    rest = skip_space(rest.substr(1));
    if (rest.starts_with('"') && is_version_url(rest.substr(1))) return true;
  }
  return false;
}

Outcome<ParsedFeed> JsonFeedParser::parse(const Document& doc) const {
  std::string_view body = doc.body;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  // Without exceptions: a broken document is a value, not an unwinding worker thread.
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) return Failure{"not valid JSON"};
  if (!root.is_object()) return Failure{"not a JSON Feed: the document is not a JSON object"};
  // Configured explicitly (`format: jsonfeed`), a bare "1.0" or "1.1" is accepted too: gofeed's
  // test feeds and some generators write it. Sniffing insists on the URL the spec requires.
  const std::string version = text_of(root, "version");
  if (!is_version_url(version) && version != "1" && !version.starts_with("1.")) {
    return Failure{"not a JSON Feed: version is \"" + version + "\""};
  }

  ParsedFeed feed;
  feed.meta.format = "jsonfeed";
  feed.meta.title = text_of(root, "title");
  feed.meta.link = text_of(root, "home_page_url");
  feed.meta.language = text_of(root, "language");
  const std::vector<std::string> feed_authors = authors_of(root);
  auto items = root.find("items");
  if (items == root.end() || !items->is_array()) {
    feed.warnings.push_back("no items array");
    return feed;
  }
  int position = 0;
  for (const json& item : *items) {
    ++position;
    if (!item.is_object()) {
      feed.warnings.push_back("item " + std::to_string(position) + ": not an object; skipped");
      continue;
    }
    RawItem raw = read_item(item, feed_authors);
    if (std::string problem = unusable_item_warning(raw, position); !problem.empty())
      feed.warnings.push_back(std::move(problem));
    feed.items.push_back(std::move(raw));
  }
  return feed;
}

}  // namespace newswired
