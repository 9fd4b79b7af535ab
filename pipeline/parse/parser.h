#pragma once
// The parse stage's contract: one fetched document in, the feed's items out (still raw).
// Each format is one class; registry.cc lists them all.

#include <string_view>

#include "pipeline/core/document.h"
#include "pipeline/core/outcome.h"
#include "pipeline/core/raw_item.h"

namespace newswired {

class Parser {
 public:
  virtual ~Parser() = default;
  // The name used in configs (`format: rss`) and in records.
  virtual std::string_view format() const = 0;
  // Cheap look at the payload's start: is it this format? Used by `format: auto`.
  virtual bool sniff(std::string_view body) const = 0;
  // A document that cannot be read at all is a Failure with the reason (and byte offset for
  // XML); problems with single items become ParsedFeed::warnings and the rest is kept.
  virtual Outcome<ParsedFeed> parse(const Document& doc) const = 0;
};

}  // namespace newswired
