// IPTC ninjs 1.x-3.x, single items and API listings (`format: ninjs`).

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("ninjs", data, size);
}
