#include "daemon/ops/http_endpoint.h"

#include <atomic>

#include <gtest/gtest.h>

#include "tests/daemon/ops/http_get.h"

namespace newswired {
namespace {

using testing::http_get;

TEST(HttpEndpoint, ServesMetricsHealthAndReadiness) {
  std::atomic<bool> ready{false};
  auto ep = HttpEndpoint::start(
      "127.0.0.1:0", HttpProbes{[] { return std::string("newswired_up 1\n"); }, [] { return true; },
                                [&] { return ready.load(); }});
  ASSERT_TRUE(ep.ok()) << ep.reason();
  const std::string base = "http://127.0.0.1:" + std::to_string(ep.value()->port());
  ASSERT_GT(ep.value()->port(), 0);

  auto metrics = http_get(base + "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.body, "newswired_up 1\n");
  EXPECT_EQ(http_get(base + "/healthz").status, 200);
  EXPECT_EQ(http_get(base + "/readyz").status, 503);
  ready = true;
  auto r = http_get(base + "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ready\n");
  EXPECT_EQ(http_get(base + "/nothing-here").status, 404);
}

TEST(HttpEndpoint, ServesTheStatusPageAsHtmlAndJson) {
  HttpProbes probes{[] { return std::string(); }, [] { return true; }, [] { return true; },
                    [] { return std::string("<!DOCTYPE html><title>status</title>"); },
                    [] { return std::string(R"({"sources":[]})"); }};
  auto ep = HttpEndpoint::start("127.0.0.1:0", std::move(probes));
  ASSERT_TRUE(ep.ok()) << ep.reason();
  const std::string base = "http://127.0.0.1:" + std::to_string(ep.value()->port());
  auto html = http_get(base + "/status");
  EXPECT_EQ(html.status, 200);
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(html.body, "<!DOCTYPE html><title>status</title>");
  auto json = http_get(base + "/status.json");
  EXPECT_EQ(json.status, 200);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body, R"({"sources":[]})");
  EXPECT_EQ(http_get(base + "/status?refresh=1").body, html.body);
  EXPECT_EQ(http_get(base + "/statusx").status, 404);
}

TEST(HttpEndpoint, NoStatusPageWithoutItsProbes) {
  auto ep = HttpEndpoint::start("127.0.0.1:0", HttpProbes{});
  ASSERT_TRUE(ep.ok()) << ep.reason();
  const std::string base = "http://127.0.0.1:" + std::to_string(ep.value()->port());
  EXPECT_EQ(http_get(base + "/status").status, 404);
  EXPECT_EQ(http_get(base + "/status.json").status, 404);
}

TEST(HttpEndpoint, BusyPortIsAClearFailure) {
  auto first = HttpEndpoint::start("127.0.0.1:0", HttpProbes{});
  ASSERT_TRUE(first.ok());
  const std::string taken = "127.0.0.1:" + std::to_string(first.value()->port());
  auto second = HttpEndpoint::start(taken, HttpProbes{});
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.reason().find(taken), std::string::npos) << second.reason();
}

}  // namespace
}  // namespace newswired
