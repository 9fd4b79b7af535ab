#include "pipeline/parse/html_page/html_page_parser.h"

#include "pipeline/parse/html_page/extractor.h"

namespace newswired {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view skip_space(std::string_view s) {
  const std::size_t at = s.find_first_not_of(" \t\r\n\f");
  return at == std::string_view::npos ? std::string_view() : s.substr(at);
}

}  // namespace

bool HtmlPageParser::sniff(std::string_view body) const {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  body = skip_space(body);
  // An XML declaration (XHTML) and comments may come first; a feed never opens with <html>.
  for (int guard = 0; guard < 64; ++guard) {
    std::string_view end_marker;
    if (body.starts_with("<?")) end_marker = "?>";
    if (body.starts_with("<!--")) end_marker = "-->";
    if (end_marker.empty()) break;
    const std::size_t end = body.find(end_marker);
    if (end == std::string_view::npos) return false;
    body = skip_space(body.substr(end + end_marker.size()));
  }
  if (starts_with_nocase(body, "<!doctype html")) {
    return body.size() == 14 || body[14] == '>' || body[14] == ' ' || body[14] == '\t' ||
           body[14] == '\r' || body[14] == '\n';
  }
  if (!starts_with_nocase(body, "<html")) return false;
  return body.size() == 5 || body[5] == '>' || body[5] == ' ' || body[5] == '\t' ||
         body[5] == '\r' || body[5] == '\n';
}

Outcome<ParsedFeed> HtmlPageParser::parse(const Document& doc) const {
  Outcome<html_page::ExtractedPage> extracted =
      html_page::extract_page(doc.body, doc.url, doc.content_type);
  if (!extracted.ok()) return Failure{extracted.reason()};
  html_page::ExtractedPage& page = extracted.value();
  if (page.title.empty() && page.body_text.empty()) {
    return Failure{"no article found in the page: no title and no body text"};
  }
  ParsedFeed feed;
  feed.meta.format = "html";
  feed.meta.title = page.site_name;
  feed.meta.link = doc.url;
  feed.meta.language = page.language;
  if (page.body_text.empty()) feed.warnings.push_back("no article text found in the page");
  RawItem item;
  item.title = std::move(page.title);
  item.link = page.canonical_url.empty() ? doc.url : std::move(page.canonical_url);
  item.content = std::move(page.body_html);
  item.summary = std::move(page.description);
  item.authors = std::move(page.authors);
  item.published = std::move(page.published);
  item.updated = std::move(page.modified);
  item.language = std::move(page.language);
  if (!page.image.url.empty()) {
    RawMedia image;
    image.url = std::move(page.image.url);
    image.medium = "image";
    image.caption = std::move(page.image.caption);
    image.credit = std::move(page.image.credit);
    item.media.push_back(std::move(image));
  }
  feed.items.push_back(std::move(item));
  return feed;
}

}  // namespace newswired
