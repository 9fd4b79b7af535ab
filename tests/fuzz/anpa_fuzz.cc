// ANPA 1312 wire text, one or many messages per file (`format: anpa`).

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("anpa", data, size);
}
