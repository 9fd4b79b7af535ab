#include "daemon/fetch/fetcher.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/daemon/fetch/recorder.h"
#include "tests/daemon/fetch/test_server.h"

namespace newswired {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using R = FetchReport::Result;
using namespace std::chrono_literals;

using testing::Recorder;

SourceConfig source(std::string name, std::string url) {
  SourceConfig s;
  s.name = std::move(name);
  s.url = std::move(url);
  s.format = "rss";
  return s;
}

FetchConfig test_config() {
  FetchConfig c;
  c.user_agent = "newswired-test/1";
  c.timeout = 10s;
  c.connect_timeout = 5s;
  c.max_body_bytes = 64 << 10;
  return c;
}

class FetcherTest : public ::testing::Test {
 protected:
  // One server for all tests: civetweb can take seconds to stop.
  static void SetUpTestSuite() { server_ = new testing::TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { server_->reset(); }

  // Polls `sources` once and returns the single report of the only (or first) source.
  FetchReport poll_once(std::vector<SourceConfig> sources, FetchConfig config = test_config()) {
    Fetcher fetcher(config, std::move(sources), recorder.callbacks());
    fetcher.run_once();
    const auto reports = recorder.reports();
    EXPECT_FALSE(reports.empty());
    return reports.empty() ? FetchReport{} : reports.back();
  }

  static testing::TestServer* server_;
  testing::TestServer& server = *server_;
  Recorder recorder;
};

testing::TestServer* FetcherTest::server_ = nullptr;

TEST(FetchReportTest, ResultNames) {
  EXPECT_EQ(to_string(R::kOk), "ok");
  EXPECT_EQ(to_string(R::kNotModified), "not_modified");
  EXPECT_EQ(to_string(R::kHttpError), "http_error");
  EXPECT_EQ(to_string(R::kTransportError), "transport_error");
  EXPECT_EQ(to_string(R::kTooLarge), "too_large");
}

TEST_F(FetcherTest, ConditionalGetUsesAndKeepsValidators) {
  Fetcher fetcher(test_config(), {source("feed", server.url("/feed"))}, recorder.callbacks());

  fetcher.run_once();
  ASSERT_EQ(recorder.reports().size(), 1u);
  FetchReport r = recorder.reports()[0];
  EXPECT_EQ(r.source, "feed");
  EXPECT_EQ(r.result, R::kOk);
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.bytes, testing::feed_body().size());
  EXPECT_GE(r.seconds, 0);
  ASSERT_EQ(recorder.documents().size(), 1u);
  const Document d = recorder.documents()[0];
  EXPECT_EQ(d.source.name, "feed");
  EXPECT_EQ(d.source.url, server.url("/feed"));
  EXPECT_EQ(d.source.format, "rss");
  EXPECT_EQ(d.url, server.url("/feed"));
  EXPECT_EQ(d.content_type, "application/rss+xml");
  EXPECT_EQ(d.body, testing::feed_body());
  EXPECT_THAT(d.fetched_at, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z"));
  EXPECT_EQ(server.last_header("/feed", "If-None-Match"), "");
  EXPECT_EQ(server.last_header("/feed", "User-Agent"), "newswired-test/1");
  EXPECT_THAT(server.last_header("/feed", "Accept-Encoding"), HasSubstr("gzip"));
  const Validators v = fetcher.validators("feed");
  EXPECT_EQ(v.etag, testing::kFeedETag);
  EXPECT_EQ(v.last_modified, testing::kFeedLastModified);

  fetcher.run_once();
  ASSERT_EQ(recorder.reports().size(), 2u);
  r = recorder.reports()[1];
  EXPECT_EQ(r.result, R::kNotModified);
  EXPECT_EQ(r.http_status, 304);
  EXPECT_EQ(r.bytes, 0u);
  EXPECT_EQ(recorder.documents().size(), 1u);
  EXPECT_EQ(server.last_header("/feed", "If-None-Match"), testing::kFeedETag);
  EXPECT_EQ(server.last_header("/feed", "If-Modified-Since"), testing::kFeedLastModified);
  EXPECT_EQ(fetcher.validators("feed").etag, testing::kFeedETag);

  fetcher.forget_validators("feed");
  EXPECT_EQ(fetcher.validators("feed").etag, "");
  fetcher.run_once();
  ASSERT_EQ(recorder.reports().size(), 3u);
  EXPECT_EQ(recorder.reports()[2].result, R::kOk);
  EXPECT_EQ(recorder.documents().size(), 2u);
  EXPECT_EQ(server.requests("/feed"), 3);
}

// How validators are kept in the state store and shared with a fleet.
TEST(FetcherValidators, ReadBackAsWrittenAndNothingFromUnreadableText) {
  const Validators v{"\"abc\"", "Tue, 12 May 2015 14:03:00 GMT"};
  const auto back = Validators::from_json(v.to_json());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->etag, v.etag);
  EXPECT_EQ(back->last_modified, v.last_modified);
  EXPECT_FALSE(v.empty());
  EXPECT_TRUE(Validators{}.empty());
  EXPECT_TRUE(Validators::from_json("{\"etag\": \"x\"}")->last_modified.empty());
  for (const char* bad : {"", "not json", "[1, 2]", "\"etag\""})
    EXPECT_FALSE(Validators::from_json(bad)) << bad;
}

TEST_F(FetcherTest, ValidatorsSetFromOutsideAreSent) {
  Fetcher fetcher(test_config(), {source("feed", server.url("/feed"))}, recorder.callbacks());
  fetcher.set_validators("feed", {std::string(testing::kFeedETag), ""});
  fetcher.run_once();
  ASSERT_EQ(recorder.reports().size(), 1u);
  EXPECT_EQ(recorder.reports()[0].result, R::kNotModified);
  EXPECT_EQ(server.last_header("/feed", "If-Modified-Since"), "");
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, ResponseWithoutValidatorsClearsThem) {
  Fetcher fetcher(test_config(), {source("plain", server.url("/plain"))}, recorder.callbacks());
  fetcher.set_validators("plain", {"\"old\"", "Mon, 11 May 2015 00:00:00 GMT"});
  fetcher.run_once();
  EXPECT_EQ(recorder.reports().at(0).result, R::kOk);
  EXPECT_EQ(fetcher.validators("plain").etag, "");
  EXPECT_EQ(fetcher.validators("plain").last_modified, "");
}

TEST_F(FetcherTest, ServerErrorIsHttpError) {
  const FetchReport r = poll_once({source("error", server.url("/error"))});
  EXPECT_EQ(r.result, R::kHttpError);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.error, "HTTP 500");
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, NotFoundIsHttpError) {
  const FetchReport r = poll_once({source("missing", server.url("/nothing-here"))});
  EXPECT_EQ(r.result, R::kHttpError);
  EXPECT_EQ(r.error, "HTTP 404");
}

TEST_F(FetcherTest, SlowServerTimesOut) {
  FetchConfig config = test_config();
  config.timeout = 500ms;
  const FetchReport r = poll_once({source("slow", server.url("/slow"))}, config);
  EXPECT_EQ(r.result, R::kTransportError);
  EXPECT_THAT(r.error, StartsWith("Timeout was reached: "));
  EXPECT_GE(r.seconds, 0.4);
  EXPECT_LT(r.seconds, 8);
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, ChunkedBodyOverTheLimitIsTooLarge) {
  const FetchReport r = poll_once({source("large", server.url("/large"))});
  EXPECT_EQ(r.result, R::kTooLarge);
  EXPECT_EQ(r.error, "body larger than 65536 bytes");
  EXPECT_LE(r.bytes, 64u << 10);
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, DeclaredLengthOverTheLimitIsTooLarge) {
  const FetchReport r = poll_once({source("large", server.url("/large-known"))});
  EXPECT_EQ(r.result, R::kTooLarge);
  EXPECT_EQ(r.error, "body larger than 65536 bytes");
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, BodyAtTheLimitIsFine) {
  FetchConfig config = test_config();
  config.max_body_bytes = testing::feed_body().size();
  const FetchReport r = poll_once({source("feed", server.url("/feed"))}, config);
  EXPECT_EQ(r.result, R::kOk);
}

TEST_F(FetcherTest, GzipBodyIsDecoded) {
  const FetchReport r = poll_once({source("gzip", server.url("/gzip"))});
  EXPECT_EQ(r.result, R::kOk);
  EXPECT_EQ(r.bytes, testing::feed_body().size());
  ASSERT_EQ(recorder.documents().size(), 1u);
  EXPECT_EQ(recorder.documents()[0].body, testing::feed_body());
}

TEST_F(FetcherTest, RedirectIsFollowed) {
  const FetchReport r = poll_once({source("redirect", server.url("/redirect"))});
  EXPECT_EQ(r.result, R::kOk);
  EXPECT_EQ(r.http_status, 200);
  ASSERT_EQ(recorder.documents().size(), 1u);
  const Document d = recorder.documents()[0];
  EXPECT_EQ(d.url, server.url("/plain"));
  EXPECT_EQ(d.source.url, server.url("/redirect"));
  EXPECT_EQ(d.content_type, "application/atom+xml");
  EXPECT_EQ(d.body, testing::kPlainBody);
}

TEST_F(FetcherTest, RedirectToFileIsRefused) {
  const FetchReport r = poll_once({source("sneaky", server.url("/redirect-file"))});
  EXPECT_EQ(r.result, R::kTransportError);
  EXPECT_THAT(r.error, StartsWith("Unsupported protocol"));
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, OtherSchemesAreRefused) {
  const FetchReport r = poll_once({source("ftp", "ftp://127.0.0.1/feed.xml")});
  EXPECT_EQ(r.result, R::kTransportError);
  EXPECT_THAT(r.error, StartsWith("Unsupported protocol"));
}

TEST_F(FetcherTest, FileUrl) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("nw_fetch_test_" + std::to_string(getpid()) + ".xml");
  std::ofstream(path) << testing::kPlainBody;
  const std::string url = "file://" + path.string();
  const FetchReport r = poll_once({source("file", url)});
  std::filesystem::remove(path);
  EXPECT_EQ(r.result, R::kOk);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_EQ(r.bytes, testing::kPlainBody.size());
  ASSERT_EQ(recorder.documents().size(), 1u);
  const Document d = recorder.documents()[0];
  EXPECT_EQ(d.url, url);
  EXPECT_EQ(d.content_type, "");
  EXPECT_EQ(d.body, testing::kPlainBody);
}

TEST_F(FetcherTest, MissingFileIsTransportError) {
  const FetchReport r = poll_once({source("file", "file:///nonexistent/newswired/feed.xml")});
  EXPECT_EQ(r.result, R::kTransportError);
  EXPECT_THAT(r.error, HasSubstr("/nonexistent/newswired/feed.xml"));
}

TEST_F(FetcherTest, UnreachableIsTransportError) {
  const std::string port = std::to_string(testing::closed_port());
  const FetchReport r = poll_once({source("down", "http://127.0.0.1:" + port + "/")});
  EXPECT_EQ(r.result, R::kTransportError);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_THAT(r.error, StartsWith("Couldn't connect to server: "));
  EXPECT_THAT(r.error, HasSubstr("127.0.0.1 port " + port));
}

TEST_F(FetcherTest, RunOnceReportsEverySourceExactlyOnce) {
  FetchConfig config = test_config();
  config.max_concurrent = 2;
  std::vector<SourceConfig> sources = {
      source("feed", server.url("/feed")),
      source("error", server.url("/error")),
      source("large", server.url("/large")),
      source("gzip", server.url("/gzip")),
      source("redirect", server.url("/redirect")),
      source("down", "http://127.0.0.1:" + std::to_string(testing::closed_port()) + "/"),
  };
  for (int i = 0; i < 6; ++i)
    sources.push_back(source("busy" + std::to_string(i), server.url("/busy")));
  Fetcher fetcher(config, sources, recorder.callbacks());
  fetcher.run_once();

  std::map<std::string, int> count;
  for (const auto& r : recorder.reports()) ++count[r.source];
  EXPECT_EQ(count.size(), sources.size());
  for (const auto& s : sources) EXPECT_EQ(count[s.name], 1) << s.name;
  EXPECT_EQ(recorder.documents().size(), 3u + 6u);  // feed, gzip, redirect and the busy ones
  EXPECT_LE(server.max_busy_in_flight(), 2);
  EXPECT_EQ(server.requests("/busy"), 6);
}

TEST_F(FetcherTest, RunOnceWithoutSourcesReturns) {
  Fetcher fetcher(test_config(), {}, recorder.callbacks());
  fetcher.run_once();
  EXPECT_TRUE(recorder.reports().empty());
}

// Runs fetcher.run() on a thread; stop_and_join() says how long run() took to return.
class Running {
 public:
  explicit Running(Fetcher& fetcher) : fetcher_(fetcher), thread_([this] { fetcher_.run(); }) {}
  ~Running() {
    if (thread_.joinable()) stop_and_join();
  }
  std::chrono::duration<double> stop_and_join() {
    const auto start = std::chrono::steady_clock::now();
    fetcher_.stop();
    thread_.join();
    return std::chrono::steady_clock::now() - start;
  }

 private:
  Fetcher& fetcher_;
  std::thread thread_;
};

TEST_F(FetcherTest, RunPollsRepeatedlyUntilStopped) {
  SourceConfig s = source("plain", server.url("/plain"));
  s.interval = 100ms;
  Fetcher fetcher(test_config(), {s}, recorder.callbacks());
  Running running(fetcher);
  EXPECT_TRUE(recorder.wait_for_reports(3, 10s));
  EXPECT_LT(running.stop_and_join().count(), 1.5);
  const auto reports = recorder.reports();
  EXPECT_GE(reports.size(), 3u);
  for (const auto& r : reports) EXPECT_EQ(r.result, R::kOk) << r.error;
  EXPECT_EQ(recorder.documents().size(), reports.size());
  EXPECT_EQ(server.requests("/plain"), static_cast<int>(reports.size()));
}

TEST_F(FetcherTest, StopAbortsTransfersInFlight) {
  SourceConfig slow = source("slow", server.url("/slow"));
  slow.interval = 100ms;  // its first poll comes right away
  FetchConfig config = test_config();
  config.timeout = 60s;
  Fetcher fetcher(config, {slow}, recorder.callbacks());
  Running running(fetcher);
  ASSERT_TRUE(server.wait_for_request("/slow", 10s));
  EXPECT_LT(running.stop_and_join().count(), 1.5);
  const auto reports = recorder.reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].result, R::kTransportError);
  EXPECT_EQ(reports[0].error, "aborted: fetcher stopped");
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(FetcherTest, StopWhileIdleReturnsPromptly) {
  SourceConfig s = source("plain", server.url("/plain"));
  s.interval = std::chrono::hours(1);
  Fetcher fetcher(test_config(), {s}, recorder.callbacks());
  Running running(fetcher);
  ASSERT_TRUE(recorder.wait_for_reports(1, 10s));
  EXPECT_LT(running.stop_and_join().count(), 1.5);
  EXPECT_EQ(recorder.reports().size(), 1u);
}

TEST_F(FetcherTest, StopBeforeRunMakesRunReturn) {
  Fetcher fetcher(test_config(), {source("plain", server.url("/plain"))}, recorder.callbacks());
  fetcher.stop();
  fetcher.run();
  EXPECT_TRUE(recorder.reports().empty());
}

}  // namespace
}  // namespace newswired
