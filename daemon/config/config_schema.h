#pragma once
// Every configuration key, declared once: its type, default and meaning. The loader validates
// against it (unknown keys are errors) and docs/configuration.md is generated from it.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.h"

namespace YAML {
class Node;
}

namespace newswired {

enum class FieldType {
  kSection,  // a mapping of further keys
  kList,     // a sequence of sections (path ends in "[]" for the members' keys)
  kString,
  kEnum,        // a string from `choices`
  kDuration,    // "90s", "5m", "1h30m"
  kSize,        // "16MiB", "1000000"
  kInt,         // whole number >= 1
  kFraction,    // number in [0, 1]
  kBool,        // true | false
  kStringList,  // a sequence of strings
  kFreeMap,     // string keys to scalar values, passed through (e.g. to librdkafka)
};

struct SetTarget {
  Config& config;
  SourceConfig* source;  // the list member being read, for "sources[]." keys
};

struct FieldSpec {
  std::string_view path;  // "kafka.topics.articles", "sources[].url"
  FieldType type;
  std::string_view default_value;
  std::string_view description;
  std::vector<std::string> choices = {};
  bool required = false;
  // Stores an already validated value; empty for sections and lists.
  std::function<void(SetTarget&, const YAML::Node&)> set = {};
  // Further checks of a scalar beyond its type: what is wrong with it, or empty.
  std::function<std::string(const std::string&)> check = {};
};

const std::vector<FieldSpec>& config_schema();
const FieldSpec* find_field(std::string_view path);
std::string_view to_string(FieldType t);
// The Markdown reference in docs/configuration.md.
std::string config_reference_markdown();

}  // namespace newswired
