#include "pipeline/normalize/normalize.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/core/hashing.h"
#include "pipeline/normalize/article_id.h"
#include "pipeline/normalize/body_cleanup.h"
#include "pipeline/normalize/dates.h"
#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/item_extras.h"
#include "pipeline/normalize/language.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/urls.h"
#include "pipeline/normalize/wire_fields.h"

namespace newswired {
namespace {

// Names and labels, cleaned, without empties or repeats (feeds often list an author both as
// dc:creator and author), in feed order.
std::vector<std::string> clean_labels(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const std::string& r : raw) {
    std::string label = title_text(r);
    if (label.empty() || std::find(out.begin(), out.end(), label) != out.end()) continue;
    out.push_back(std::move(label));
  }
  return out;
}

// xml:base may itself be relative: a feed's to the document URL, an item's to the feed's.
// A feed read from a file (a drop folder, `newswired parse`) has no web address of its own:
// its links are relative to the site it describes, so the feed's own link is the base.
std::string item_base(const RawItem& item, const FeedMeta& feed, const Document& doc) {
  std::string doc_url = collapse_whitespace(doc.url);
  if (!doc_url.starts_with("http://") && !doc_url.starts_with("https://") && !feed.link.empty())
    doc_url = collapse_whitespace(feed.link);
  const std::string feed_base_ref = collapse_whitespace(feed.base_url);
  const std::string feed_base =
      feed_base_ref.empty() ? doc_url : resolve_url(doc_url, feed_base_ref);
  const std::string item_base_ref = collapse_whitespace(item.base_url);
  return item_base_ref.empty() ? feed_base : resolve_url(feed_base, item_base_ref);
}

// The date, or nullopt; a date that is there but cannot be read is worth a warning, since a
// feed whose every date is dropped looks fine otherwise.
std::optional<std::string> read_date(std::string_view raw, const char* which,
                                     std::vector<std::string>* warnings) {
  std::optional<std::string> d = to_rfc3339_utc(raw);
  if (!d && warnings != nullptr && !collapse_whitespace(raw).empty())
    warnings->push_back(std::string(which) + " date not understood: \"" + collapse_whitespace(raw) +
                        "\"");
  return d;
}

}  // namespace

Article normalize_fields(const RawItem& item, const FeedMeta& feed, const Document& doc,
                         std::vector<std::string>* warnings) {
  Article a;
  a.source = doc.source;
  if (a.source.format == "auto") a.source.format = feed.format;

  const std::string base = item_base(item, feed, doc);
  a.url = resolve_url(base, collapse_whitespace(item.link));
  if (!a.url.empty()) a.canonical_url = canonical_url(a.url);

  a.title = title_text(item.title);
  a.summary = html_to_text(item.summary);
  a.body_text = html_to_text(item.content);
  // Content that is only an image or an embed has no text; the summary is then the best text.
  if (a.body_text.empty()) a.body_text = a.summary;

  a.authors = clean_labels(item.authors);
  a.categories = clean_labels(item.categories);
  apply_wire_fields(item, a, warnings);
  apply_item_extras(item, base, a, warnings);  // before the cleanup, which adds captions to media
  clean_article_text(a);  // chrome out; captions to media, the agency line to authors and tags
  // The feed's publication date, else its creation date, else the only date it gives.
  const std::optional<std::string> published = read_date(item.published, "published", warnings);
  const std::optional<std::string> created = read_date(item.created, "created", warnings);
  a.updated_at = read_date(item.updated, "updated", warnings);
  a.published_at = published ? published : created ? created : a.updated_at;
  a.fetched_at = doc.fetched_at;

  // The most specific declaration counts: the item's, the feed's, the source's configuration.
  for (const std::string* declared : {&item.language, &feed.language, &doc.language}) {
    if (a.language_declared.empty()) a.language_declared = collapse_whitespace(*declared);
  }
  a.language = language_in_effect(a.language_declared, a.title, a.body_text);

  // The id must survive re-polls and restarts, so it is built only from what the publisher
  // keeps stable: the guid if there is one, else the page, else the headline and its date.
  std::string identity = collapse_whitespace(item.guid);
  if (identity.empty()) identity = a.canonical_url;
  if (identity.empty()) identity = a.title + "\n" + collapse_whitespace(item.published);
  a.id = article_id(a.source.name, identity);
  // Over the normalized text, so the same story re-serialised with other markup hashes equal.
  a.content_hash = hash128_hex_of_parts({a.title, "\n", a.body_text});
  return a;
}

Outcome<Article> normalize_item(const RawItem& item, const FeedMeta& feed, const Document& doc,
                                std::vector<std::string>* warnings) {
  Article a = normalize_fields(item, feed, doc, warnings);
  // Parse keeps every entry the feed has (one with only an author or a date included); an
  // article with nothing to read or follow is not worth publishing.
  if (a.title.empty() && a.url.empty() && a.body_text.empty())
    return Failure{"item has no title, link or text"};
  return a;
}

}  // namespace newswired
