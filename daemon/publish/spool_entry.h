#pragma once
// A spooled record and what its delivery makes true, as bytes in the spool's log.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/publish/kafka_publisher.h"
#include "pipeline/core/state_store.h"

namespace newswired {

struct SpoolEntry {
  std::string role;    // the topic's role: articles, duplicates, kills, dead_letter
  std::string source;  // the source it came from, for logs and metrics
  Record record;
  // State that becomes true when Kafka has the record (dedupe's keys), written with its erase.
  std::vector<StateStore::Write> on_ack;

  std::string encode() const;
  // The same bytes, appended to `out`.
  void encode_to(std::string& out) const;
  static std::optional<SpoolEntry> decode(std::string_view bytes);
  // All but the record's value: what a delivery report needs once Kafka has the record.
  static std::optional<SpoolEntry> decode_without_value(std::string_view bytes);
  // Only the record, into `out`, whose strings' room is used again: the sender's part. With
  // `value`, the value is not copied into `out` but pointed to in `bytes`.
  static bool decode_record(std::string_view bytes, Record& out, std::string_view* value = nullptr);
};

}  // namespace newswired
