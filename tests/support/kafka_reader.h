#pragma once
// Reads a whole topic from the beginning with a librdkafka consumer, for assertions.

#include <map>
#include <string>
#include <vector>

namespace newswired::testing {

struct ConsumedRecord {
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
  int partition = -1;
};

// Every record currently in `topic` (empty if the topic does not exist).
std::vector<ConsumedRecord> read_topic(const std::string& bootstrap, const std::string& topic);

}  // namespace newswired::testing
