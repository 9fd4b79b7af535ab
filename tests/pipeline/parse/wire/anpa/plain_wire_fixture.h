#pragma once
// Reading the plain-text wire fixtures (tests/fixtures/wire/<format>/) with one parser.

#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "pipeline/parse/parser.h"
#include "tests/support/test_files.h"

namespace newswired::testing {

// As a fetch would hand it on; the fetch time decides the year the trailers leave out.
inline Document wire_document(std::string format, std::string body) {
  Document d;
  d.source = {"wire", "", std::move(format)};
  d.body = std::move(body);
  d.fetched_at = "2026-03-05T22:00:00Z";
  return d;
}

inline std::string wire_fixture(const std::string& format, const std::string& name) {
  return read_test_file(std::filesystem::path(NW_FIXTURES) / "wire" / format / name);
}

inline ParsedFeed parsed_fixture(const Parser& parser, const std::string& name) {
  const std::string format(parser.format());
  auto out = parser.parse(wire_document(format, wire_fixture(format, name)));
  EXPECT_TRUE(out.ok()) << out.reason();
  return out.ok() ? out.value() : ParsedFeed{};
}

inline bool has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace newswired::testing
