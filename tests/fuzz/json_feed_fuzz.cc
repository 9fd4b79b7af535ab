// JSON Feed 1.0/1.1 (`format: jsonfeed`).

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("jsonfeed", data, size);
}
