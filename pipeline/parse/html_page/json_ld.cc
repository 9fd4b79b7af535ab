// JSON-LD objects of schema.org types that describe an article.
#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "pipeline/parse/html_page/metadata.h"

namespace newswired::html_page {
namespace {

using nlohmann::json;

bool is_article_type(std::string_view type) {
  static constexpr std::array<std::string_view, 14> kTypes{
      "NewsArticle",          "Article",
      "ReportageNewsArticle", "AnalysisNewsArticle",
      "BlogPosting",          "OpinionNewsArticle",
      "ReviewNewsArticle",    "BackgroundNewsArticle",
      "LiveBlogPosting",      "TechArticle",
      "ScholarlyArticle",     "Report",
      "SocialMediaPosting",   "AskPublicNewsArticle"};
  if (type.starts_with("http://schema.org/")) type.remove_prefix(18);
  if (type.starts_with("https://schema.org/")) type.remove_prefix(19);
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

bool has_article_type(const json& object) {
  auto it = object.find("@type");
  if (it == object.end()) return false;
  if (it->is_string()) return is_article_type(it->get<std::string>());
  if (it->is_array()) {
    return std::any_of(it->begin(), it->end(), [](const json& t) {
      return t.is_string() && is_article_type(t.get<std::string>());
    });
  }
  return false;
}

std::string string_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty()) return string_of(value.front());
  return {};
}

std::string field(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? std::string() : collapse_spaces(string_of(*it));
}

// Names of a Person, an Organization, a plain string or an array of those.
void add_names(const json& value, std::vector<std::string>& out) {
  if (value.is_array()) {
    for (const json& v : value) add_names(v, out);
    return;
  }
  std::string name = value.is_object() ? field(value, "name") : string_of(value);
  name = collapse_spaces(name);
  if (!name.empty() && !name.starts_with("http") &&
      std::find(out.begin(), out.end(), name) == out.end()) {
    out.push_back(std::move(name));
  }
}

void read_image(const json& value, LeadImage& image) {
  if (value.is_array()) {
    if (!value.empty()) read_image(value.front(), image);
    return;
  }
  if (value.is_string()) {
    image.url = value.get<std::string>();
    return;
  }
  if (!value.is_object()) return;
  image.url = field(value, "url");
  if (image.url.empty()) image.url = field(value, "contentUrl");
  image.caption = field(value, "caption");
  image.credit = field(value, "creditText");
  if (image.credit.empty()) image.credit = field(value, "copyrightHolder");
}

void set_if_empty(std::string& target, std::string value) {
  if (target.empty()) target = std::move(value);
}

void read_article(const json& a, PageMetadata& into) {
  set_if_empty(into.title, field(a, "headline"));
  set_if_empty(into.title, field(a, "name"));
  set_if_empty(into.published, field(a, "datePublished"));
  set_if_empty(into.published, field(a, "dateCreated"));
  set_if_empty(into.modified, field(a, "dateModified"));
  set_if_empty(into.description, field(a, "description"));
  set_if_empty(into.language, field(a, "inLanguage"));
  if (into.authors.empty()) {
    if (auto it = a.find("author"); it != a.end()) add_names(*it, into.authors);
  }
  if (into.image.url.empty()) {
    if (auto it = a.find("image"); it != a.end()) read_image(*it, into.image);
  }
  if (into.site_name.empty()) {
    if (auto it = a.find("publisher"); it != a.end() && it->is_object()) {
      into.site_name = field(*it, "name");
    }
  }
  // The body as the publisher declares it; the longest if several objects carry one.
  std::string body = field(a, "articleBody");
  if (body.size() > into.declared_body.size()) into.declared_body = std::move(body);
}

void visit(const json& node, PageMetadata& into, int depth) {
  if (depth > 8) return;  // JSON-LD nests a few levels; deeper is not worth walking
  if (node.is_array()) {
    for (const json& n : node) visit(n, into, depth + 1);
    return;
  }
  if (!node.is_object()) return;
  if (has_article_type(node)) read_article(node, into);
  if (auto it = node.find("@graph"); it != node.end()) visit(*it, into, depth + 1);
  if (auto it = node.find("mainEntity"); it != node.end()) visit(*it, into, depth + 1);
}

}  // namespace

void read_json_ld(std::string_view script, PageMetadata& into) {
  // Raw line breaks and tabs inside strings are invalid JSON that publishers often emit.
  std::string text(script);
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded()) visit(doc, into, 0);
}

}  // namespace newswired::html_page
