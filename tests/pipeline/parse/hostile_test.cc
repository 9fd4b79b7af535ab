// Hostile XML through parse_document: no file or network access, bounded entity expansion,
// nesting depth and size, and bytes in any state.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unicode/ustring.h>
#include <unistd.h>

#include "pipeline/parse/encoding.h"
#include "pipeline/parse/registry.h"
#include "tests/pipeline/parse/fixture.h"

namespace newswired {
namespace {

using parse_test::make_document;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

bool valid_utf8(const std::string& s) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, s.data(), static_cast<int32_t>(s.size()), &err);
  return err != U_INVALID_CHAR_FOUND && err != U_ILLEGAL_CHAR_FOUND;
}

// A loopback port that counts who connects to it.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 8);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~Listener() { close(fd_); }
  int port() const { return port_; }
  bool was_contacted() const {
    int conn = accept(fd_, nullptr, nullptr);
    if (conn < 0) return false;
    close(conn);
    return true;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(Hostile, ExternalEntitiesReadNoFileAndOpenNoConnection) {
  const std::string secret_path = ::testing::TempDir() + "/newswired_secret.txt";
  std::ofstream(secret_path) << "NW-SECRET-4711";
  Listener listener;
  const std::string url = "http://127.0.0.1:" + std::to_string(listener.port()) + "/x.dtd";
  const std::string body =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
      "  <!ENTITY file SYSTEM \"file://" +
      secret_path +
      "\">\n"
      "  <!ENTITY path SYSTEM \"" +
      secret_path +
      "\">\n"
      "  <!ENTITY net SYSTEM \"" +
      url +
      "\">\n"
      "  <!ENTITY % dtd SYSTEM \"" +
      url +
      "\"> %dtd;\n]>\n"
      "<rss><channel><title>&net;</title><item><title>&file; &path;</title>"
      "<description>&net;</description><link>https://e.com/1</link></item></channel></rss>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(1));
  EXPECT_EQ(out.value().items[0].title, "&file; &path;");
  EXPECT_THAT(out.value().items[0].title, Not(HasSubstr("NW-SECRET")));
  EXPECT_THAT(out.value().items[0].summary, Not(HasSubstr("NW-SECRET")));
  EXPECT_FALSE(listener.was_contacted());
  std::remove(secret_path.c_str());
}

TEST(Hostile, EntityExpansionStaysBounded) {
  // Thirty levels of tenfold expansion, each reference used thousands of times.
  std::string dtd = "<!DOCTYPE rss [<!ENTITY e0 \"lol\">";
  for (int i = 1; i <= 30; ++i) {
    dtd += "<!ENTITY e" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&e" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  std::string refs;
  for (int i = 0; i < 5000; ++i) refs += "&e30;";
  const std::string body = dtd + "<rss><channel><item><title>" + refs +
                           "</title><link>https://e.com/1</link></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // Nothing expanded: the text is as long as written.
  EXPECT_EQ(out.value().items[0].title, refs);
}

std::string nested(const std::string& open, const std::string& close, int depth,
                   const std::string& core) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += core;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

constexpr int kDepth = 10000;

TEST(Hostile, DeepRssItemWithoutTitleIsSearchedIteratively) {
  // No <title>: the RSS parser looks for media:title through the whole item.
  const std::string body = "<rss xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><item>" +
                           nested("<x>", "</x>", kDepth, "<media:title>deep</media:title>") +
                           "<link>https://e.com/1</link></item></channel></rss>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_EQ(out.value().items[0].title, "deep");
}

TEST(Hostile, DeepAtomXhtmlContent) {
  const std::string body =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id><title>t</title>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" +
      nested("<span>", "</span>", kDepth, "core") + "</div></content></entry></feed>";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_THAT(out.value().items[0].content, HasSubstr("<span>core</span>"));
}

TEST(Hostile, DeepUnclosedNestingAfterItemsIsCutIteratively) {
  const std::string body =
      "<rss><channel><item><title>a</title><link>https://e.com/1</link>"
      "</item><item>" +
      nested("<x>", "", kDepth * 10, "");
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_THAT(out.value().items, SizeIs(1));
}

TEST(Hostile, DeepJsonFeed) {
  const std::string body =
      "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"items\": "
      "[{\"id\": \"1\", \"title\": \"deep\", \"_x\": " +
      nested("[", "]", kDepth, "1") + "}]}";
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  ASSERT_THAT(out.value().items, SizeIs(1));
  EXPECT_EQ(out.value().items[0].title, "deep");
}

TEST(Hostile, ManyInventedEntityNamesStayCheap) {
  std::string refs;
  for (int i = 0; i < 50000; ++i) refs += "&x" + std::to_string(i) + ";";
  const std::string body = "<rss><channel><item><title>" + refs +
                           "</title><link>https://e.com/1</link></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  Outcome<ParsedFeed> out = parse_document(make_document(body));
  ASSERT_TRUE(out.ok()) << out.reason();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(out.value().items[0].title, refs);
}

TEST(Hostile, DocumentSizeIsLimited) {
  const std::string body = "<rss><channel></channel></rss>";
  ParseLimits limits;
  limits.max_document_size = body.size() - 1;
  Outcome<ParsedFeed> out = parse_document(make_document(body), limits);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.reason(), "document too large: " + std::to_string(body.size()) +
                              " bytes, the limit is " + std::to_string(body.size() - 1));
  limits.max_document_size = body.size();
  EXPECT_TRUE(parse_document(make_document(body), limits).ok());
}

TEST(Hostile, InvalidUtf8AndMangledBytesNeverCrash) {
  const std::string feed =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>caf\xC3\xA9</title>"
      "<item><title>\xE6\x97\xA5 &eacute; &amp; x</title><link>https://e.com/1</link></item>"
      "</channel></rss>";
  std::mt19937 rng(4711);
  for (int round = 0; round < 3000; ++round) {
    std::string body = feed;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < flips; ++k) body[rng() % body.size()] = static_cast<char>(rng() % 256);
    if (round % 3 == 0) body.resize(rng() % body.size());
    for (const char* type : {"", "text/xml", "application/xml; charset=utf-16"}) {
      Document doc = make_document(body);
      doc.content_type = type;
      const DecodedText decoded = decode_to_utf8(body, type);
      ASSERT_TRUE(valid_utf8(decoded.utf8)) << "round " << round;
      Outcome<ParsedFeed> out = parse_document(doc);
      if (out.ok()) {
        EXPECT_LE(out.value().items.size(), 1u);
      }
    }
  }
}

}  // namespace
}  // namespace newswired
