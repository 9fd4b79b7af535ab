// NITF 3.x (`format: nitf`).

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("nitf", data, size);
}
