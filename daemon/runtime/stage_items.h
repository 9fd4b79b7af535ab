#pragma once
// What travels on the queues between stages.

#include <memory>
#include <string>

#include "daemon/runtime/document_tally.h"
#include "pipeline/core/article.h"
#include "pipeline/core/document.h"
#include "pipeline/core/raw_item.h"
#include "pipeline/dedupe/deduplicator.h"

namespace newswired {

// Shared by all items of one document; the document's body is dropped before sharing.
struct ParseContext {
  FeedMeta feed;
  Document doc;
};

struct ParsedItem {
  RawItem item;
  std::shared_ptr<const ParseContext> ctx;
};

struct DedupedItem {
  Article article;
  DedupeDecision decision;
  std::shared_ptr<DocumentTally> tally = {};  // of the document it came from
};

// The raw item as JSON, the payload of a dead-letter record from the normalize stage.
std::string raw_item_json(const RawItem& item);

}  // namespace newswired
