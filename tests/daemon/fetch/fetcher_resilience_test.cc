// The fetcher against misbehaving servers: redirects, 410, 429/503 with Retry-After, failures
// and the circuit breaker, compression bombs, per-host limits and scheduling hints.

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/fetch/fetcher.h"
#include "tests/daemon/fetch/recorder.h"
#include "tests/daemon/fetch/test_server.h"

namespace newswired {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using K = FetchEvent::Kind;
using R = FetchReport::Result;
using namespace std::chrono_literals;

SourceConfig source(std::string name, std::string url, Millis interval = 1s) {
  SourceConfig s;
  s.name = std::move(name);
  s.url = std::move(url);
  s.interval = interval;
  return s;
}

FetchConfig test_config() {
  FetchConfig c;
  c.user_agent = "newswired-test/1";
  c.timeout = 10s;
  c.connect_timeout = 5s;
  c.max_body_bytes = 64 << 10;
  c.host_delay = 0ms;
  return c;
}

std::int64_t unix_now() {
  return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
}

// Runs fetcher.run() on a thread until destroyed.
class Running {
 public:
  explicit Running(Fetcher& f) : fetcher_(f), thread_([this] { fetcher_.run(); }) {}
  ~Running() {
    fetcher_.stop();
    thread_.join();
  }

 private:
  Fetcher& fetcher_;
  std::thread thread_;
};

class ResilienceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new testing::TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { server_->reset(); }

  static testing::TestServer* server_;
  testing::TestServer& server = *server_;
  testing::Recorder recorder;
};

testing::TestServer* ResilienceTest::server_ = nullptr;

TEST(CurlFeatures, Http2AndEveryEncodingAreAvailable) {
  const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
  EXPECT_TRUE(v->features & CURL_VERSION_HTTP2) << "libcurl without nghttp2";
  EXPECT_TRUE(v->features & CURL_VERSION_BROTLI) << "libcurl without brotli";
  EXPECT_TRUE(v->features & CURL_VERSION_LIBZ) << "libcurl without zlib";
  EXPECT_TRUE(v->features & CURL_VERSION_SSL);
}

TEST_F(ResilienceTest, AcceptsEveryEncodingCurlDecodes) {
  Fetcher f(test_config(), {source("p", server.url("/plain"))}, recorder.callbacks());
  f.run_once();
  const std::string accept = server.last_header("/plain", "Accept-Encoding");
  EXPECT_THAT(accept, HasSubstr("gzip"));
  EXPECT_THAT(accept, HasSubstr("deflate"));
  EXPECT_THAT(accept, HasSubstr("br"));
}

// A proxy that answers one request itself and remembers its request line.
class OneShotProxy {
 public:
  OneShotProxy() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(fd_, 1) != 0 || getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("proxy socket");
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneShotProxy() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string request_line() {
    thread_.join();
    thread_ = std::thread([] {});
    return request_line_;
  }

 private:
  void serve() {
    const int c = accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    std::string got;
    char buf[4096];
    while (got.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = read(c, buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    request_line_ = got.substr(0, got.find("\r\n"));
    const std::string body(testing::kPlainBody);
    const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                              "\r\nConnection: close\r\n\r\n" + body;
    (void)!write(c, reply.data(), reply.size());
    close(c);
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string request_line_;
};

TEST_F(ResilienceTest, ProxyComesFromTheEnvironment) {
  OneShotProxy proxy;
  setenv("http_proxy", proxy.url().c_str(), 1);
  Fetcher f(test_config(), {source("p", "http://feeds.newswired.invalid/plain")},
            recorder.callbacks());
  f.run_once();
  unsetenv("http_proxy");
  ASSERT_EQ(recorder.reports().size(), 1u);
  EXPECT_EQ(recorder.reports()[0].result, R::kOk) << recorder.reports()[0].error;
  // The absolute form: the request went through the proxy, not to the (nonexistent) host.
  EXPECT_EQ(proxy.request_line(), "GET http://feeds.newswired.invalid/plain HTTP/1.1");
}

TEST_F(ResilienceTest, PermanentRedirectMovesTheSource) {
  Fetcher f(test_config(), {source("m", server.url("/moved"))}, recorder.callbacks());
  f.run_once();
  ASSERT_EQ(recorder.reports().size(), 1u);
  EXPECT_EQ(recorder.reports()[0].result, R::kOk);
  EXPECT_EQ(f.state("m").effective_url, server.url("/feed"));
  ASSERT_EQ(recorder.events().size(), 1u);
  EXPECT_EQ(recorder.events()[0].kind, K::kMoved);
  EXPECT_EQ(recorder.events()[0].detail, server.url("/feed"));
  EXPECT_EQ(recorder.states().at("m").effective_url, server.url("/feed"));

  f.run_once();  // straight to the new URL
  EXPECT_EQ(server.requests("/moved"), 1);
  EXPECT_EQ(server.requests("/feed"), 2);
  EXPECT_EQ(recorder.reports().at(1).result, R::kNotModified);
  EXPECT_EQ(recorder.events().size(), 1u);
}

TEST_F(ResilienceTest, ChainOfPermanentRedirectsMovesToItsEnd) {
  Fetcher f(test_config(), {source("m", server.url("/moved308"))}, recorder.callbacks());
  f.run_once();
  EXPECT_EQ(recorder.reports().at(0).result, R::kOk);
  EXPECT_EQ(f.state("m").effective_url, server.url("/feed"));
}

TEST_F(ResilienceTest, TemporaryRedirectDoesNotMove) {
  Fetcher f(
      test_config(),
      {source("t", server.url("/temporary-then-moved")), source("r", server.url("/redirect"))},
      recorder.callbacks());
  f.run_once();
  for (const auto& r : recorder.reports()) EXPECT_EQ(r.result, R::kOk) << r.source;
  EXPECT_EQ(f.state("t").effective_url, "");
  EXPECT_EQ(f.state("r").effective_url, "");
  EXPECT_THAT(recorder.event_kinds(), Not(Contains(K::kMoved)));
}

TEST_F(ResilienceTest, SavedMoveOfAnotherUrlIsIgnored) {
  Fetcher f(test_config(), {source("p", server.url("/plain"))}, recorder.callbacks());
  SourceState old;
  old.source_url = server.url("/somewhere-else");
  old.effective_url = server.url("/feed");
  f.set_state("p", old);
  f.run_once();
  EXPECT_EQ(server.requests("/plain"), 1);
  EXPECT_EQ(server.requests("/feed"), 0);
}

TEST_F(ResilienceTest, RedirectLoopIsBounded) {
  FetchConfig config = test_config();
  config.max_redirects = 3;
  Fetcher f(config, {source("loop", server.url("/loop"))}, recorder.callbacks());
  f.run_once();
  ASSERT_EQ(recorder.reports().size(), 1u);
  EXPECT_EQ(recorder.reports()[0].result, R::kTransportError);
  EXPECT_THAT(recorder.reports()[0].error, StartsWith("Number of redirects hit maximum amount"));
  EXPECT_EQ(server.requests("/loop"), 4);  // the first and three redirects
}

TEST_F(ResilienceTest, GoneRetiresTheSource) {
  Fetcher f(test_config(), {source("g", server.url("/gone"), 100ms)}, recorder.callbacks());
  {
    Running running(f);
    ASSERT_TRUE(recorder.wait_for_event(K::kGone, 10s));
    std::this_thread::sleep_for(600ms);  // several intervals: no more polls
  }
  EXPECT_EQ(server.requests("/gone"), 1);
  EXPECT_TRUE(f.state("g").retired);
  EXPECT_TRUE(recorder.states().at("g").retired);
  EXPECT_EQ(recorder.reports().at(0).http_status, 410);
  f.run_once();  // not even a one-off poll
  EXPECT_EQ(server.requests("/gone"), 1);
}

TEST_F(ResilienceTest, RetryAfterSecondsIsHonoured) {
  Fetcher f(test_config(), {source("t", server.url("/throttled"), 100ms)}, recorder.callbacks());
  const auto before = unix_now();
  {
    Running running(f);
    ASSERT_TRUE(recorder.wait_for_reports(1, 10s));
    std::this_thread::sleep_for(600ms);
  }
  EXPECT_EQ(server.requests("/throttled"), 1);
  const SourceState st = f.state("t");
  EXPECT_EQ(st.consecutive_failures, 1);
  EXPECT_GE(st.not_before, before + 119);
  EXPECT_LE(st.not_before, unix_now() + 121);
}

TEST_F(ResilienceTest, RetryAfterDateIsHonoured) {
  Fetcher f(test_config(), {source("u", server.url("/unavailable"))}, recorder.callbacks());
  const auto before = unix_now();
  f.run_once();
  EXPECT_EQ(recorder.reports().at(0).http_status, 503);
  EXPECT_GE(f.state("u").not_before, before + 7000);
  EXPECT_LE(f.state("u").not_before, unix_now() + 7201);
}

TEST_F(ResilienceTest, SavedBackoffHoldsAfterRestartButNotForRunOnce) {
  Fetcher f(test_config(), {source("p", server.url("/plain"), 100ms)}, recorder.callbacks());
  SourceState st;
  st.source_url = server.url("/plain");
  st.consecutive_failures = 2;
  st.not_before = unix_now() + 3600;
  f.set_state("p", st);
  {
    Running running(f);
    std::this_thread::sleep_for(700ms);
  }
  EXPECT_EQ(server.requests("/plain"), 0);
  // A stopped fetcher stays stopped: a second one, as after a restart with --once.
  Fetcher once(test_config(), {source("p", server.url("/plain"), 100ms)}, recorder.callbacks());
  once.set_state("p", st);
  once.run_once();  // an explicit one-off poll
  EXPECT_EQ(server.requests("/plain"), 1);
  EXPECT_EQ(once.state("p").consecutive_failures, 0);
  EXPECT_EQ(once.state("p").not_before, 0);
}

TEST_F(ResilienceTest, CompressionBombIsAbortedEarly) {
  FetchConfig config = test_config();
  config.max_decompressed_bytes = 1 << 20;
  Fetcher f(config, {source("bomb", server.url("/bomb"))}, recorder.callbacks());
  f.run_once();
  ASSERT_EQ(recorder.reports().size(), 1u);
  const FetchReport r = recorder.reports()[0];
  EXPECT_EQ(r.result, R::kTooLarge);
  EXPECT_EQ(r.error, "body larger than 1048576 bytes when decoded");
  EXPECT_LE(r.bytes, std::size_t{1} << 20);
  EXPECT_LT(r.wire_bytes, std::size_t{64} << 10);  // it was small on the wire
  EXPECT_TRUE(recorder.documents().empty());
}

TEST_F(ResilienceTest, CircuitOpensAfterConsecutiveFailuresThenProbes) {
  FetchConfig config = test_config();
  config.circuit_failures = 3;
  config.circuit_cooldown = 800ms;
  Fetcher f(config, {source("e", server.url("/error"), 100ms)}, recorder.callbacks());
  std::chrono::steady_clock::time_point opened;
  {
    Running running(f);
    ASSERT_TRUE(recorder.wait_for_event(K::kCircuitOpened, 20s));
    opened = std::chrono::steady_clock::now();
    EXPECT_EQ(server.requests("/error"), 3);
    ASSERT_TRUE(recorder.wait_for_event(K::kCircuitProbe, 20s));
    // The probe waited out the cool-down (less a little for the clocks' rounding).
    EXPECT_GE(std::chrono::steady_clock::now() - opened, 600ms);
    ASSERT_TRUE(recorder.wait_for_reports(4, 20s));
  }
  const SourceState st = f.state("e");
  EXPECT_TRUE(st.circuit_open);  // the probe failed too
  EXPECT_GE(st.consecutive_failures, 4);
  EXPECT_TRUE(recorder.states().at("e").circuit_open);
  EXPECT_THAT(recorder.event_kinds(), Not(Contains(K::kCircuitClosed)));
}

TEST_F(ResilienceTest, SuccessfulProbeClosesTheCircuit) {
  Fetcher f(test_config(), {source("p", server.url("/plain"))}, recorder.callbacks());
  SourceState st;
  st.source_url = server.url("/plain");
  st.circuit_open = true;
  st.consecutive_failures = 7;
  f.set_state("p", st);
  f.run_once();
  EXPECT_EQ(recorder.event_kinds(), (std::vector<K>{K::kCircuitProbe, K::kCircuitClosed}));
  EXPECT_FALSE(f.state("p").circuit_open);
  EXPECT_EQ(f.state("p").consecutive_failures, 0);
}

TEST_F(ResilienceTest, PerHostConcurrencyIsShared) {
  FetchConfig config = test_config();
  config.max_per_host = 1;
  config.max_concurrent = 8;
  std::vector<SourceConfig> sources;
  for (int i = 0; i < 4; ++i)
    sources.push_back(source("b" + std::to_string(i), server.url("/busy")));
  Fetcher f(config, sources, recorder.callbacks());
  f.run_once();
  EXPECT_EQ(recorder.reports().size(), 4u);
  EXPECT_EQ(server.requests("/busy"), 4);
  EXPECT_EQ(server.max_busy_in_flight(), 1);
}

TEST_F(ResilienceTest, PolitenessDelaySpacesRequestsToOneHost) {
  FetchConfig config = test_config();
  config.host_delay = 300ms;
  std::vector<SourceConfig> sources;
  for (int i = 0; i < 4; ++i)
    sources.push_back(source("p" + std::to_string(i), server.url("/plain")));
  Fetcher f(config, sources, recorder.callbacks());
  const auto start = std::chrono::steady_clock::now();
  f.run_once();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);  // three gaps at least
  EXPECT_EQ(recorder.reports().size(), 4u);
}

TEST_F(ResilienceTest, CacheControlStretchesTheIntervalUpToMax) {
  // max-age=7200 against max_interval 1h: the next poll is an hour away.
  Fetcher f(test_config(), {source("c", server.url("/cached"), 100ms)}, recorder.callbacks());
  {
    Running running(f);
    ASSERT_TRUE(recorder.wait_for_reports(1, 10s));
    std::this_thread::sleep_for(700ms);
  }
  EXPECT_EQ(server.requests("/cached"), 1);
}

TEST_F(ResilienceTest, ExpiresRelativeToDateStretchesTheInterval) {
  Fetcher f(test_config(), {source("x", server.url("/expires"), 100ms)}, recorder.callbacks());
  {
    Running running(f);
    ASSERT_TRUE(recorder.wait_for_reports(1, 10s));
    std::this_thread::sleep_for(700ms);
  }
  EXPECT_EQ(server.requests("/expires"), 1);
}

TEST_F(ResilienceTest, MaxIntervalBoundsTheHint) {
  SourceConfig s = source("c", server.url("/cached"), 100ms);
  s.max_interval = 200ms;
  Fetcher f(test_config(), {s}, recorder.callbacks());
  Running running(f);
  EXPECT_TRUE(recorder.wait_for_reports(3, 20s));
}

TEST_F(ResilienceTest, FeedTtlStretchesTheInterval) {
  Fetcher f(test_config(), {source("p", server.url("/plain"), 100ms)}, recorder.callbacks());
  FeedMeta meta;
  meta.ttl = "60";
  f.hint("p", meta);
  {
    Running running(f);
    ASSERT_TRUE(recorder.wait_for_reports(1, 10s));
    std::this_thread::sleep_for(700ms);
  }
  EXPECT_EQ(server.requests("/plain"), 1);
}

TEST_F(ResilienceTest, ObserveAdaptsTheInterval) {
  SourceConfig s = source("p", server.url("/plain"), std::chrono::minutes(8));
  s.min_interval = std::chrono::minutes(1);
  s.max_interval = std::chrono::minutes(30);
  Fetcher f(test_config(), {s}, recorder.callbacks());
  f.observe("p", 0);
  EXPECT_EQ(f.state("p").learned_interval, std::chrono::minutes(12));
  f.observe("p", 3);
  EXPECT_EQ(f.state("p").learned_interval, std::chrono::minutes(6));
  EXPECT_EQ(recorder.states().at("p").learned_interval, std::chrono::minutes(6));
  f.observe("unknown", 3);  // ignored
}

}  // namespace
}  // namespace newswired
