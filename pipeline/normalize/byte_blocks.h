#pragma once
// Sixteen bytes of text tested at once, for the scans that run over every byte of every
// article (whitespace collapsing, markup search). GCC and Clang vector extensions: SSE2 on
// x86-64, NEON on ARM, plain code elsewhere; the loops that use them stay exact, a block only
// tells whether its bytes need a closer look.

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace newswired::bytes {

inline constexpr std::size_t kBlockSize = 16;
using Block = unsigned char __attribute__((vector_size(kBlockSize)));

// The 16 bytes at `p`, which must all be readable.
inline Block load(const char* p) {
  Block b;
  std::memcpy(&b, p, sizeof b);
  return b;
}

// Masks have 0xff in the bytes where a test holds, 0 elsewhere.
inline bool none(Block m) {
  std::uint64_t half[2];
  std::memcpy(half, &m, sizeof half);
  return (half[0] | half[1]) == 0;
}

inline Block equal(Block b, unsigned char c) { return reinterpret_cast<Block>(b == c); }
// lo <= byte <= hi
inline Block in_range(Block b, unsigned char lo, unsigned char hi) {
  return reinterpret_cast<Block>(static_cast<Block>(b - lo) <= static_cast<unsigned char>(hi - lo));
}

}  // namespace newswired::bytes
