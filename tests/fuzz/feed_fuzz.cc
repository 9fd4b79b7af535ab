// RSS 0.9x/1.0 (RDF)/2.0 and Atom 0.3/1.0 through parse_document, the daemon's entry point. The
// format is the one `format: auto` would pick among the feed parsers; anything else goes to a
// source configured `format: rss`, so that broken roots still reach recovery and the RSS parser.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipeline/parse/registry.h"
#include "tests/fuzz/fuzz_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const newswired::Parser* const atom = newswired::find_parser("atom");
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  return newswired::fuzz::fuzz_format(atom->sniff(body) ? "atom" : "rss", data, size);
}
