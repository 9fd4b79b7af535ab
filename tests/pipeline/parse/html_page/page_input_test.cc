#include "pipeline/parse/html_page/page_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/pipeline/parse/html_page/fixture.h"

namespace newswired::html_page {
namespace {

using html_page_test::gzip;

TEST(PageInput, GzipIsRecognisedByItsMagicBytes) {
  EXPECT_TRUE(is_gzip(gzip("<html></html>")));
  EXPECT_FALSE(is_gzip("<html></html>"));
  EXPECT_FALSE(is_gzip("\x1F"));
}

TEST(PageInput, GunzipRoundTrips) {
  const std::string page = "<p>" + std::string(100000, 'a') + "</p>";
  Outcome<std::string> out = gunzip(gzip(page), kMaxPageBytes);
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value(), page);
}

TEST(PageInput, GunzipStopsAtTheLimit) {
  // 1 MB of zeros compresses to about 1 KB: the bound is on the output, not the input.
  Outcome<std::string> out = gunzip(gzip(std::string(1 << 20, '\0')), 64 * 1024);
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.reason(), ::testing::HasSubstr("larger than 65536 bytes"));
}

TEST(PageInput, DeclaredCharsetFromMetaTags) {
  EXPECT_EQ(declared_charset("<head><meta charset=\"ISO-8859-2\">"), "iso-8859-2");
  EXPECT_EQ(declared_charset("<meta charset=utf-8>"), "utf-8");
  EXPECT_EQ(declared_charset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                             "charset=windows-1251\">"),
            "windows-1251");
  EXPECT_EQ(declared_charset("<meta name=\"description\" content=\"charset\">"), "");
  EXPECT_EQ(declared_charset("<p>no meta at all</p>"), "");
}

TEST(PageInput, PageTextDecodesTheDeclaredCharset) {
  Outcome<std::string> out =
      page_text("<meta charset=\"windows-1251\"><p>\xCF\xF0\xE8\xE2\xE5\xF2", "");
  ASSERT_TRUE(out.ok());
  EXPECT_THAT(out.value(), ::testing::HasSubstr("Привет"));
}

TEST(PageInput, Utf8BytesUnderALegacyLabelStayUtf8) {
  Outcome<std::string> out = page_text("<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9", "");
  ASSERT_TRUE(out.ok());
  EXPECT_THAT(out.value(), ::testing::HasSubstr("café"));
}

}  // namespace
}  // namespace newswired::html_page
