// NewsML-G2 items, packages and delivery listings (`format: newsml`).

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("newsml", data, size);
}
