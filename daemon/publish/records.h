#pragma once
// What goes on the wire: Kafka records in CloudEvents binary mode (the event's attributes are
// `ce_*` headers, its data the record value), so consumers can route on headers alone.

#include <cstddef>
#include <string>

#include "daemon/publish/kafka_publisher.h"
#include "pipeline/core/article.h"

namespace newswired {

// An item a stage could not use, kept for a human to look at.
struct DeadLetter {
  std::string source;
  std::string stage;  // parse | normalize | ...
  std::string reason;
  std::string url;
  std::string payload;  // what the stage was given
  std::string at;       // RFC 3339 UTC
};

// Dead-letter payloads are cut to this many bytes: a broken 16 MiB feed must not become a
// 16 MiB record (most brokers reject records over 1 MB).
inline constexpr std::size_t kDeadLetterPayloadLimit = 64 * 1024;

Record article_record(const Article& a, const std::string& topic);
// An article that repeats another: `a.duplicate_of` names the original and why.
Record duplicate_record(const Article& a, const std::string& topic);
Record dead_letter_record(const DeadLetter& dl, const std::string& topic);

}  // namespace newswired
