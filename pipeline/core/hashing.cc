#include "pipeline/core/hashing.h"

// The state type of the streaming API is only complete with this.
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

namespace newswired {

namespace {

// "%016llx%016llx" of the high and low halves, without printf's format parsing (an id and a
// content hash are made per article).
std::string to_hex(XXH128_hash_t h) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(h.high64 >> (4 * i)) & 0xF];
    out[31 - i] = kDigits[(h.low64 >> (4 * i)) & 0xF];
  }
  return out;
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
