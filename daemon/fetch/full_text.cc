#include "daemon/fetch/full_text.h"

#include <algorithm>

#include <curl/curl.h>

#include "daemon/fetch/transfer.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/urls.h"

namespace newswired {
namespace {

bool is_web_url(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

struct Page {
  std::string url;  // where it was found, after redirects
  std::string content_type;
  std::string body;
};

Outcome<Page> get(const std::string& url, const FetchConfig& fetch, const SourceConfig& source) {
  Transfer t(fetch, source, url, Validators{});
  if (t.handle() == nullptr) return Failure{"cannot allocate a transfer"};
  Transfer::Outcome out = t.finish(curl_easy_perform(t.handle()));
  if (!out.document) return Failure{out.report.error.empty() ? "no page" : out.report.error};
  return Page{out.document->url, out.document->content_type, std::move(out.document->body)};
}

Outcome<html_page::ExtractedPage> read(const Page& page) {
  return html_page::extract_page(page.body, page.url, page.content_type);
}

}  // namespace

void merge_page(Article& a, const html_page::ExtractedPage& page) {
  // The extractor's blocks go through the same HTML-to-text as feed content, so that text from
  // a page and text from a feed look alike.
  const std::string body = html_to_text(page.body_html);
  if (body.size() > a.body_text.size()) a.body_text = body;
  if (is_web_url(page.canonical_url)) a.canonical_url = canonical_url(page.canonical_url);
  if (a.authors.empty()) {
    for (const auto& name : page.authors) {
      std::string clean = title_text(name);
      if (!clean.empty() && std::find(a.authors.begin(), a.authors.end(), clean) == a.authors.end())
        a.authors.push_back(std::move(clean));
    }
  }
  if (!a.published_at) a.published_at = to_rfc3339_utc(page.published);
  if (a.summary.empty()) a.summary = title_text(page.description);
  if (a.title.empty()) a.title = title_text(page.title);
  if (!page.image.url.empty()) {
    const bool known = std::any_of(a.media.begin(), a.media.end(),
                                   [&](const Media& m) { return m.url == page.image.url; });
    if (!known) {
      Media m;
      m.url = page.image.url;
      m.kind = "image";
      m.caption = title_text(page.image.caption);
      m.credit = title_text(page.image.credit);
      a.media.push_back(std::move(m));
    }
  }
}

std::string fetch_full_text(Article& a, const FetchConfig& fetch, const SourceConfig& source) {
  if (!is_web_url(a.url)) return "the item has no web address";
  Outcome<Page> page = get(a.url, fetch, source);
  if (!page.ok()) return page.reason();
  Outcome<html_page::ExtractedPage> article = read(page.value());
  if (!article.ok()) return article.reason();
  // An AMP or print copy points at the real page: read that one instead, but only once, so
  // that two pages pointing at each other cannot keep us going.
  const std::string& canonical = article.value().canonical_url;
  if (is_web_url(canonical) && canonical_url(canonical) != canonical_url(page.value().url)) {
    if (Outcome<Page> real = get(canonical, fetch, source); real.ok()) {
      if (Outcome<html_page::ExtractedPage> better = read(real.value()); better.ok()) {
        // The page the copy named is the canonical one, whether or not it says so itself.
        if (better.value().canonical_url.empty()) better.value().canonical_url = real.value().url;
        article = std::move(better);
      }
    }
  }
  merge_page(a, article.value());
  return {};
}

}  // namespace newswired
