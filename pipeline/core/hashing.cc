#include "pipeline/core/hashing.h"

#include <cstdio>

// The state type of the streaming API is only complete with this.
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

namespace newswired {

namespace {

std::string to_hex(XXH128_hash_t h) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(buf, 32);
}

}  // namespace

std::string hash128_hex(std::string_view data) {
  return to_hex(XXH3_128bits(data.data(), data.size()));
}

std::string hash128_hex_of_parts(std::initializer_list<std::string_view> parts) {
  // XXH3's streaming form gives the one-shot hash of the concatenation.
  XXH3_state_t state;
  XXH3_128bits_reset(&state);
  for (std::string_view p : parts) XXH3_128bits_update(&state, p.data(), p.size());
  return to_hex(XXH3_128bits_digest(&state));
}

}  // namespace newswired
