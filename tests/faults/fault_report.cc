#include "tests/faults/fault_report.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace newswired::testing {
namespace {

constexpr std::size_t kKeysKept = 10;

void keep(std::vector<std::string>& keys, const std::string& key) {
  if (keys.size() < kKeysKept) keys.push_back(key);
}

// The record's key, or "" when its value is not JSON or has nothing at `pointer`.
std::string key_of(const ConsumedRecord& record, const nlohmann::json::json_pointer& pointer) {
  const auto value = nlohmann::json::parse(record.value, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.contains(pointer)) return {};
  const auto& field = value.at(pointer);
  return field.is_string() ? field.get<std::string>() : field.dump();
}

std::string join(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

}  // namespace

FaultTally tally_delivery(const std::string& scenario, const std::set<std::string>& expected,
                          const std::vector<ConsumedRecord>& records, const std::string& key) {
  FaultTally t;
  t.scenario = scenario;
  t.expected = expected.size();
  const nlohmann::json::json_pointer pointer(key);
  std::map<std::string, std::size_t> copies;
  for (const auto& r : records) {
    const std::string k = key_of(r, pointer);
    if (expected.contains(k)) {
      ++copies[k];
    } else {
      ++t.unexpected;
      keep(t.unexpected_keys, k.empty() ? "(no " + key + ")" : k);
    }
  }
  for (const auto& k : expected) {
    const auto it = copies.find(k);
    if (it == copies.end()) {
      ++t.lost;
      keep(t.lost_keys, k);
      continue;
    }
    ++t.delivered;
    if (it->second > 1) {
      ++t.duplicated;
      t.extra += it->second - 1;
      keep(t.duplicated_keys, k + " x" + std::to_string(it->second));
    }
  }
  return t;
}

std::string fault_line(const FaultTally& t, const std::string& note) {
  std::ostringstream line;
  line << "fault-suite | " << t.scenario << " | expected " << t.expected << " | delivered "
       << t.delivered << " | lost " << t.lost << " | duplicated " << t.duplicated << " | extra "
       << t.extra << " | unexpected " << t.unexpected;
  if (!note.empty()) line << " | " << note;
  return line.str();
}

std::string report_fault(const FaultTally& t, const std::string& note) {
  const std::string line = fault_line(t, note);
  std::cout << line << std::endl;
  if (const char* dir = std::getenv("NW_IT_DIR")) {
    const std::string path = (std::filesystem::path(dir) / "fault-suite.txt").string();
    // One write with O_APPEND: scenarios running side by side do not interleave their lines.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      const std::string with_newline = line + "\n";
      const ssize_t written = ::write(fd, with_newline.data(), with_newline.size());
      if (written != static_cast<ssize_t>(with_newline.size()))
        std::cerr << "fault-suite: could not append to " << path << std::endl;
      ::close(fd);
    }
  }
  return line;
}

std::string describe_faults(const FaultTally& t) {
  std::string out;
  if (!t.lost_keys.empty()) out += "lost: " + join(t.lost_keys) + "\n";
  if (!t.duplicated_keys.empty()) out += "duplicated: " + join(t.duplicated_keys) + "\n";
  if (!t.unexpected_keys.empty()) out += "unexpected: " + join(t.unexpected_keys) + "\n";
  return out;
}

}  // namespace newswired::testing
