#pragma once
// A Kafka broker of the fault suite's own, which a scenario may stop and start again (same
// ports, same data) without disturbing the broker the other tests share.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/process.h"

namespace newswired::testing {

class FaultBroker {
 public:
  explicit FaultBroker(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~FaultBroker() { call("stop"); }

  bool start() {
    if (!call("start")) return false;
    bootstrap_ = read_file((dir_ / "bootstrap").string());
    while (!bootstrap_.empty() && bootstrap_.back() == '\n') bootstrap_.pop_back();
    return !bootstrap_.empty();
  }
  bool halt() { return call("halt"); }
  bool resume() { return call("resume"); }
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  bool call(const std::string& verb) {
    const int rc = run(
        {"/bin/bash", std::string(NW_SOURCE_DIR) + "/tests/harness/kafka.sh", verb, dir_.string()},
        (dir_.parent_path() / ("kafka-" + verb)).string(), std::chrono::seconds(180));
    if (rc != 0)
      ADD_FAILURE() << "kafka.sh " << verb << " failed (" << rc << "): "
                    << read_file((dir_.parent_path() / ("kafka-" + verb + ".err")).string());
    return rc == 0;
  }

  std::filesystem::path dir_;
  std::string bootstrap_;
};

}  // namespace newswired::testing
