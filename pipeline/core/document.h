#pragma once
// What the fetcher hands to the parse stage: one fetched payload of one source.

#include <functional>
#include <string>
#include <string_view>

#include "pipeline/core/article.h"

namespace newswired {

// What became of one document once every record made from it was settled with Kafka.
struct Settlement {
  enum class Outcome {
    kDelivered,    // every article (or what dedupe let through) acknowledged by Kafka
    kRejected,     // unreadable, or no item made an article; its dead letters acknowledged
    kUndelivered,  // Kafka did not take a record of it: to be read again later
  };
  Outcome outcome = Outcome::kDelivered;
  std::string reason;  // why rejected or undelivered
};

struct Document {
  SourceInfo source;         // format is the configured one ("auto" allowed)
  std::string url;           // effective URL after redirects; base for relative links
  std::string content_type;  // HTTP Content-Type, empty for file:// and local files
  std::string body;
  std::string fetched_at;     // RFC 3339 UTC
  std::string language = {};  // the source's configured language: a declaration of last resort
  // Set by sources that deliver files (drops, FTP, SFTP), which may move or forget a file only
  // once all of it is safe; called once, from whichever thread settles the last record.
  std::function<void(const Settlement&)> on_settled = {};
};

constexpr std::string_view to_string(Settlement::Outcome o) {
  switch (o) {
    case Settlement::Outcome::kDelivered:
      return "delivered";
    case Settlement::Outcome::kRejected:
      return "rejected";
    case Settlement::Outcome::kUndelivered:
      return "undelivered";
  }
  return "?";
}

}  // namespace newswired
