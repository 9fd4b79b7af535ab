#include "daemon/publish/embedded_broker.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/publish/kafka_publisher.h"
#include "daemon/publish/records.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// The command's stdout (stderr dropped) and whether it exited 0.
std::pair<std::string, bool> run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {"", false};
  std::array<char, 4096> buf;
  for (std::size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) out.append(buf.data(), n);
  return {out, pclose(p) == 0};
}

TEST(EmbeddedBroker, BootstrapIsALocalAddress) {
  auto broker = EmbeddedBroker::start({"a", "b"});
  ASSERT_TRUE(broker.ok()) << broker.reason();
  EXPECT_TRUE(std::regex_match(broker.value()->bootstrap(), std::regex(R"(127\.0\.0\.1:\d+)")))
      << broker.value()->bootstrap();
  EXPECT_NE(broker.value()->mock_cluster(), nullptr);
}

TEST(EmbeddedBroker, RejectsZeroPartitions) { EXPECT_FALSE(EmbeddedBroker::start({"a"}, 0).ok()); }

// The demo tells users to read the embedded broker with kcat: check that this really works.
TEST(EmbeddedBroker, KcatReadsWhatThePublisherWrote) {
  if (std::system("command -v kcat >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "kcat is not on PATH (Debian package kcat); not checking a real client";
  auto started = EmbeddedBroker::start({"news.articles", "news.deadletter"}, 3);
  ASSERT_TRUE(started.ok()) << started.reason();
  const std::string addr = started.value()->bootstrap();
  auto created = KafkaPublisher::create(KafkaConfig{}, addr);
  ASSERT_TRUE(created.ok()) << created.reason();
  auto& publisher = *created.value();

  Article a;
  a.id = "article-one";
  a.source.name = "demo-world";
  a.url = "https://example.org/1";
  a.fetched_at = "2024-05-01T12:00:00Z";
  publisher.produce(article_record(a, "news.articles"), [](const DeliveryReport&) {});
  a.id = "article-two";
  publisher.produce(article_record(a, "news.articles"), [](const DeliveryReport&) {});
  ASSERT_EQ(publisher.flush(20s), 0);

  const auto [listing, listed] = run("timeout 20 kcat -b " + addr + " -L 2>/dev/null");
  ASSERT_TRUE(listed) << listing;
  EXPECT_THAT(listing, HasSubstr("topic \"news.articles\" with 3 partitions"));
  EXPECT_THAT(listing, HasSubstr("topic \"news.deadletter\" with 3 partitions"));

  const auto [read, consumed] =
      run("timeout 20 kcat -b " + addr + " -t news.articles -C -e -q -f '%k|%h|%s\\n' 2>/dev/null");
  ASSERT_TRUE(consumed) << read;
  EXPECT_THAT(read, HasSubstr("article-one|"));
  EXPECT_THAT(read, HasSubstr("article-two|"));
  EXPECT_THAT(read, HasSubstr("ce_type=org.newswired.article.v1"));
  EXPECT_THAT(read, HasSubstr("\"id\":\"article-one\""));
}

}  // namespace
}  // namespace newswired
