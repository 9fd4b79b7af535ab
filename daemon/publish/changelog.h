#pragma once
// Exactly-once mode's changelog: for every spooled record a transaction commits, one record
// carrying the state its delivery makes true (dedupe keys) and the spool entry it empties,
// written in the same transaction as the articles. Read back on start, it closes the gap
// between Kafka's commit and the local one: a crash there neither repeats nor loses anything.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/publish/kafka_publisher.h"
#include "pipeline/core/outcome.h"
#include "pipeline/core/state_store.h"

namespace newswired {

// The local table that remembers how far the changelog has been applied.
inline constexpr const char* kChangelogTable = "changelog";

struct ChangelogEntry {
  std::string instance;   // the transactional.id that wrote it
  std::uint64_t seq = 0;  // the spool entry it empties there
  std::vector<StateStore::Write> writes;

  std::string encode() const;
  static std::optional<ChangelogEntry> decode(std::string_view bytes);
};

// On partition 0: one ordered log to read back, whatever the topic's partition count.
Record changelog_record(const std::string& topic, const ChangelogEntry& entry);
// Part of the local commit after a transaction: everything up to `offset` is applied.
StateStore::Write changelog_offset_write(std::int64_t offset);

struct ChangelogRestore {
  std::size_t applied = 0;  // this instance's records applied now
  std::int64_t last_offset = -1;
};

// Reads the changelog (read_committed) after the last offset applied to `store`, up to its
// end, and applies this instance's records: their writes and their spool entries' erase.
// Fails, naming the cause, when Kafka does not answer within `timeout`.
Outcome<ChangelogRestore> restore_from_changelog(const std::string& bootstrap,
                                                 const KafkaConfig& config,
                                                 const std::string& instance, StateStore& store,
                                                 std::chrono::milliseconds timeout);

}  // namespace newswired
