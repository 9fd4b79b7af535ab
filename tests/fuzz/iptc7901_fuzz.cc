// IPTC 7901 wire text, one or many messages per file (`format: iptc7901`).

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("iptc7901", data, size);
}
