// Plain-text articles (`format: text`): layout heuristics, then normalize's cleanup.

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("text", data, size);
}
