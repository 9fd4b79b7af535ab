#pragma once
// The fault suite's account of one scenario: which of the articles that had to arrive did
// (read back from the articles topic), which were lost, which came more than once. Each
// scenario prints one line in a fixed format and appends it to ${NW_IT_DIR}/fault-suite.txt,
// which the suite prints at the end:
//
//   fault-suite | <scenario> | expected 120 | delivered 120 | lost 0 | duplicated 0 | extra 0 |
//   unexpected 0[ | <note>]
//
// (one line; wrapped here).

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "tests/support/kafka_reader.h"

namespace newswired::testing {

struct FaultTally {
  std::string scenario;
  std::size_t expected = 0;    // articles that had to arrive
  std::size_t delivered = 0;   // of those, how many arrived at least once
  std::size_t lost = 0;        // expected, never delivered: expected = delivered + lost
  std::size_t duplicated = 0;  // expected articles delivered more than once
  std::size_t extra = 0;       // the copies beyond the first of those, all together
  std::size_t unexpected = 0;  // records not naming an expected article (or unreadable)
  // A few of each, sorted, for failure messages.
  std::vector<std::string> lost_keys, duplicated_keys, unexpected_keys;
};

// Counts `records` (values are article JSON) against `expected`. `key` is a JSON pointer to
// what names an article in a record's value: "/id", "/url", "/title", ...
FaultTally tally_delivery(const std::string& scenario, const std::set<std::string>& expected,
                          const std::vector<ConsumedRecord>& records,
                          const std::string& key = "/id");

// The line above; `note` (peak RSS, wall time, ...) is appended after one more " | ".
std::string fault_line(const FaultTally& tally, const std::string& note = "");

// Prints fault_line on stdout and appends it to ${NW_IT_DIR}/fault-suite.txt (when NW_IT_DIR
// is set). Returns the line.
std::string report_fault(const FaultTally& tally, const std::string& note = "");

// Lost, duplicated and unexpected keys, for an assertion's message.
std::string describe_faults(const FaultTally& tally);

}  // namespace newswired::testing
