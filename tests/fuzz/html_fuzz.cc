// A news article's web page, as `newswired parse --format html` reads it: the page extractor
// (gzip, charset, DOM scoring, metadata, JSON-LD), then normalize and the body_html sanitizer.

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return newswired::fuzz::fuzz_format("html", data, size);
}
