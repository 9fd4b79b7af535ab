#pragma once
// Reading back what the publisher wrote, with a plain librdkafka consumer: the tests check
// what a real client sees, not what the producer believes it sent.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace newswired::testing {

struct Consumed {
  int32_t partition = -1;
  int64_t offset = -1;
  std::string key;
  std::string value;
  std::multimap<std::string, std::string> headers;
};

// Everything in `topic` (all `partitions`), read from the beginning up to the end of each
// partition. Fails the current test if the end is not reached within `timeout`.
std::vector<Consumed> consume_all(const std::string& bootstrap, const std::string& topic,
                                  int partitions,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace newswired::testing
