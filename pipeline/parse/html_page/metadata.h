#pragma once
// What a news page says about itself, outside its body text: JSON-LD (schema.org NewsArticle and
// kin, also inside @graph), OpenGraph and article:* properties, <meta name=...>, <link
// rel=canonical>, <html lang>, <time datetime>. Values are kept as written (dates are raw text
// for the normalize stage), except that URLs are made absolute.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/parse/html_page/dom.h"

namespace newswired::html_page {

struct LeadImage {
  std::string url;  // absolute
  std::string caption;
  std::string credit;
};

struct PageMetadata {
  std::string title;  // the best-declared headline, the site name removed
  std::string site_name;
  std::string published;  // raw
  std::string modified;   // raw
  std::vector<std::string> authors;
  std::string canonical_url;  // absolute; "" when the page declares none
  std::string description;
  std::string language;
  LeadImage image;
  // JSON-LD articleBody: the publisher's own plain-text body, sometimes cut short by a paywall.
  std::string declared_body;
};

// What one JSON-LD script contributes; fields already set are not overwritten, so the first
// article object on the page wins.
void read_json_ld(std::string_view script, PageMetadata& into);

PageMetadata read_metadata(const HtmlTree& tree, std::string_view page_url);

// " | Site", " - Site", "Site: " and the like removed from a <title>; `site_name` may be "".
std::string clean_title(std::string_view title, std::string_view site_name);

}  // namespace newswired::html_page
