#pragma once
// The normalize stage's contract: one raw item (plus its feed and document) in, one clean
// Article out: text without markup, dates in RFC 3339 UTC, absolute URLs, a stable id and a
// content hash. An item that cannot become an article is a Failure with the reason.

#include <string>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/core/document.h"
#include "pipeline/core/outcome.h"
#include "pipeline/core/raw_item.h"

namespace newswired {

// Every field normalized as normalize_item does, without refusing anything: for diagnostics and
// the conformance comparison, which look at entries normalize_item would refuse.
// Recoverable problems (a date that cannot be read, which becomes null) are appended to
// `warnings` when given.
Article normalize_fields(const RawItem& item, const FeedMeta& feed, const Document& doc,
                         std::vector<std::string>* warnings = nullptr);

Outcome<Article> normalize_item(const RawItem& item, const FeedMeta& feed, const Document& doc,
                                std::vector<std::string>* warnings = nullptr);

}  // namespace newswired
