#pragma once
// Fixture files under tests/fixtures/feeds and Documents built from them.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/core/document.h"
#include "pipeline/core/outcome.h"
#include "pipeline/parse/parser.h"

namespace newswired::parse_test {

inline std::string read_feed_fixture(const std::string& name) {
  std::ifstream in(std::string(NW_FIXTURES) + "/feeds/" + name, std::ios::binary);
  if (!in) ADD_FAILURE() << "missing fixture " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Document make_document(std::string body, std::string format = "auto", std::string url = "") {
  Document doc;
  doc.source.name = "test";
  doc.source.url = url;
  doc.source.format = std::move(format);
  doc.url = std::move(url);
  doc.body = std::move(body);
  return doc;
}

inline Document fixture_document(const std::string& name, std::string format = "auto",
                                 std::string url = "") {
  return make_document(read_feed_fixture(name), std::move(format), std::move(url));
}

// The parse result of a document `P` must accept; a test failure (and an empty feed) if not.
template <typename P>
ParsedFeed parse_ok(const Document& doc) {
  Outcome<ParsedFeed> out = P().parse(doc);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.reason());
  return out.ok() ? out.value() : ParsedFeed{};
}

}  // namespace newswired::parse_test
