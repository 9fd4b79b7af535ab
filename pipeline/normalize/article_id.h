#pragma once
// An article's id: stable across polls and restarts, derived from its source and the identity
// the publisher keeps stable (its guid, else its page, else headline and date). Also how a
// package names its members' articles.

#include <string>
#include <string_view>

#include "pipeline/core/hashing.h"

namespace newswired {

inline std::string article_id(std::string_view source, std::string_view identity) {
  std::string key;
  key.reserve(source.size() + 1 + identity.size());
  key.append(source).append("\n").append(identity);
  return hash128_hex(key);
}

}  // namespace newswired
