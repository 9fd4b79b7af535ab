#pragma once
// Short words as 64-bit numbers, for tables of function words looked up without hashing
// strings: a word of at most 8 bytes is its bytes, zero-padded (words have no zero bytes).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace newswired {

// The word's bytes as a little-endian number: byte k in bits 8k to 8k + 7.
constexpr std::uint64_t packed_word(std::string_view word) {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < word.size() && k < 8; ++k)
    v |= std::uint64_t{static_cast<unsigned char>(word[k])} << (8 * k);
  return v;
}

// The slot of a packed word in an open-addressing table of 2^bits slots (Fibonacci hashing).
constexpr std::size_t packed_word_slot(std::uint64_t v, int bits) {
  return static_cast<std::size_t>((v * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

}  // namespace newswired
