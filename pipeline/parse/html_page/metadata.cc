#include "pipeline/parse/html_page/metadata.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

#include "pipeline/parse/uri.h"

namespace newswired::html_page {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// <meta> content by lower-case name or property; the first one written wins.
using MetaMap = std::unordered_map<std::string, std::string>;

struct Collected {
  MetaMap meta;
  std::vector<std::string> json_ld;
  std::string canonical;
  std::string title_tag;
  std::string first_h1;
  std::string time_published;  // <time datetime> marked as the publication date, else the first
  std::string time_any;
};

void collect_meta(const GumboNode* n, Collected& c) {
  std::string_view key = attribute(n, "property");
  if (key.empty()) key = attribute(n, "name");
  if (key.empty()) key = attribute(n, "itemprop");
  if (key.empty()) key = attribute(n, "http-equiv");
  const std::string_view content = attribute(n, "content");
  if (key.empty() || content.empty()) return;
  c.meta.try_emplace(lower(key), collapse_spaces(content));
}

void collect(const GumboNode* root, Collected& c) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!is_element(n)) continue;
    switch (tag_of(n)) {
      case GUMBO_TAG_META:
        collect_meta(n, c);
        continue;
      case GUMBO_TAG_LINK:
        if (c.canonical.empty() && lower(attribute(n, "rel")) == "canonical") {
          c.canonical = collapse_spaces(attribute(n, "href"));
        }
        continue;
      case GUMBO_TAG_SCRIPT:
        if (lower(attribute(n, "type")) == "application/ld+json" &&
            n->v.element.children.length > 0) {
          const auto* text = static_cast<const GumboNode*>(n->v.element.children.data[0]);
          if (text->type == GUMBO_NODE_TEXT || text->type == GUMBO_NODE_WHITESPACE ||
              text->type == GUMBO_NODE_CDATA)
            c.json_ld.emplace_back(text->v.text.text);
        }
        continue;
      case GUMBO_TAG_TITLE:
        if (c.title_tag.empty()) c.title_tag = text_content(n);
        continue;
      case GUMBO_TAG_H1:
        if (c.first_h1.empty()) c.first_h1 = text_content(n);
        break;
      case GUMBO_TAG_TIME: {
        std::string dt = collapse_spaces(attribute(n, "datetime"));
        const bool marked = attribute(n, "itemprop") == "datePublished" ||
                            gumbo_get_attribute(&n->v.element.attributes, "pubdate") != nullptr;
        if (marked && c.time_published.empty()) c.time_published = dt;
        if (c.time_any.empty()) c.time_any = std::move(dt);
        break;
      }
      default:
        break;
    }
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
  }
}

std::string first_of(const MetaMap& meta, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (auto it = meta.find(k); it != meta.end() && !it->second.empty()) return it->second;
  }
  return {};
}

// "en_US" (og:locale) -> "en-US"; "en-us,fr" (Content-Language) -> "en-us".
std::string language_tag(std::string value) {
  value = value.substr(0, value.find_first_of(", "));
  std::replace(value.begin(), value.end(), '_', '-');
  return value;
}

std::string absolute(std::string_view page_url, const std::string& ref) {
  if (ref.empty()) return {};
  return resolve_reference(page_url, ref);
}

// "By Jane Doe and John Roe" as <meta name=byl>: the names.
std::vector<std::string> split_byline(std::string byline) {
  if (lower(byline).starts_with("by ")) byline.erase(0, 3);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < byline.size()) {
    std::size_t end = byline.find(" and ", start);
    const std::size_t comma = byline.find(", ", start);
    std::size_t skip = 5;
    if (comma < end) {
      end = comma;
      skip = 2;
    }
    std::string name = collapse_spaces(byline.substr(start, end - start));
    if (!name.empty()) out.push_back(std::move(name));
    if (end == std::string::npos) break;
    start = end + skip;
  }
  return out;
}

}  // namespace

std::string clean_title(std::string_view title, std::string_view site_name) {
  std::string t = collapse_spaces(title);
  static constexpr std::array<std::string_view, 7> kSeparators{" | ",  " - ",  " – ", " — ",
                                                               " :: ", " // ", " · "};
  for (std::string_view sep : kSeparators) {
    const std::size_t last = t.rfind(sep);
    if (last != std::string::npos && last > 0) {
      const std::string tail = t.substr(last + sep.size());
      const bool is_site =
          (!site_name.empty() && lower(tail) == lower(site_name)) ||
          std::count(tail.begin(), tail.end(), ' ') < 3;  // "Reuters", "The Daily Planet"
      if (is_site && last * 2 > tail.size()) return clean_title(t.substr(0, last), site_name);
    }
    const std::size_t first = t.find(sep);
    if (first != std::string::npos && !site_name.empty() &&
        lower(t.substr(0, first)) == lower(site_name)) {
      return t.substr(first + sep.size());
    }
  }
  return t;
}

PageMetadata read_metadata(const HtmlTree& tree, std::string_view page_url) {
  PageMetadata m;
  if (tree.root() == nullptr) return m;
  Collected c;
  collect(tree.root(), c);
  for (const std::string& script : c.json_ld) read_json_ld(script, m);
  const MetaMap& meta = c.meta;

  if (std::string site = first_of(meta, {"og:site_name", "application-name"}); !site.empty()) {
    m.site_name = std::move(site);
  }
  // OpenGraph titles are written for sharing, without the site name; JSON-LD's headline next.
  std::string title = first_of(meta, {"og:title", "twitter:title"});
  if (title.empty()) title = m.title;
  if (title.empty()) title = c.title_tag;
  if (title.empty()) title = c.first_h1;
  m.title = clean_title(title, m.site_name);

  if (m.published.empty()) {
    m.published =
        first_of(meta, {"article:published_time", "og:article:published_time", "datepublished",
                        "date", "dc.date", "dc.date.issued", "dcterms.created", "pubdate",
                        "publishdate", "sailthru.date", "parsely-pub-date", "article.published"});
  }
  if (m.published.empty()) m.published = c.time_published.empty() ? c.time_any : c.time_published;
  if (m.modified.empty()) {
    m.modified = first_of(meta, {"article:modified_time", "og:updated_time", "datemodified",
                                 "dcterms.modified", "last-modified"});
  }
  if (m.authors.empty()) {
    std::string author = first_of(meta, {"author", "article:author", "dc.creator",
                                         "sailthru.author", "parsely-author", "byl"});
    if (!author.starts_with("http")) m.authors = split_byline(std::move(author));
  }
  // The page's own summary line is meant for readers; JSON-LD's is a fallback.
  if (std::string d = first_of(meta, {"og:description", "description", "twitter:description"});
      !d.empty()) {
    m.description = std::move(d);
  }
  std::string lang(attribute(tree.root(), "lang"));
  if (lang.empty()) lang = attribute(tree.root(), "xml:lang");
  if (lang.empty()) lang = m.language;
  if (lang.empty()) lang = first_of(meta, {"content-language", "og:locale", "language"});
  m.language = language_tag(collapse_spaces(lang));

  std::string canonical = c.canonical.empty() ? first_of(meta, {"og:url"}) : c.canonical;
  m.canonical_url = absolute(page_url, canonical);
  if (m.image.url.empty()) m.image.url = first_of(meta, {"og:image", "twitter:image", "image"});
  m.image.url = absolute(page_url, m.image.url);
  if (m.image.caption.empty())
    m.image.caption = first_of(meta, {"og:image:alt", "twitter:image:alt"});
  return m;
}

}  // namespace newswired::html_page
