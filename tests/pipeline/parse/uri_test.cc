#include "pipeline/parse/uri.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(ResolveReference, Rfc3986NormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"g/../h", "http://a/b/c/h"},
  };
  for (const auto& [ref, want] : cases) {
    EXPECT_EQ(resolve_reference(base, ref), want) << "ref " << ref;
  }
}

TEST(ResolveReference, RelativeBasesCombine) {
  EXPECT_EQ(resolve_reference("", "posts/"), "posts/");
  EXPECT_EQ(resolve_reference("blog/", "posts/"), "blog/posts/");
  EXPECT_EQ(resolve_reference("/blog/", "../about/"), "/about/");
  EXPECT_EQ(resolve_reference("https://h.example", "x"), "https://h.example/x");
}

}  // namespace
}  // namespace newswired
