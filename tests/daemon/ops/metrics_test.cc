#include "daemon/ops/metrics.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(Metrics, ScrapeCarriesLabelledSeries) {
  Metrics m;
  m.items("parse", "dw", "ok").Increment(3);
  m.fetches("dw", "http_error", 500).Increment();
  m.fetch_duration("dw").Observe(0.2);
  m.deliveries("articles", "ok").Increment();
  m.dedupe_hits("url").Increment();
  const std::string s = m.scrape();
  EXPECT_NE(s.find("newswired_items_total{outcome=\"ok\",source=\"dw\",stage=\"parse\"} 3"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("newswired_fetches_total{code=\"500\",result=\"http_error\",source=\"dw\"} 1"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("newswired_fetch_duration_seconds_bucket{source=\"dw\",le=\"0.25\"} 1"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("newswired_kafka_deliveries_total{result=\"ok\",topic=\"articles\"} 1"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("newswired_dedupe_hits_total{reason=\"url\"} 1"), std::string::npos);
  EXPECT_NE(s.find("newswired_build_info{version="), std::string::npos);
  EXPECT_NE(s.find("newswired_ready 0"), std::string::npos);
}

TEST(Metrics, SameLabelsSameSeries) {
  Metrics m;
  m.items("tag", "a", "ok").Increment();
  m.items("tag", "a", "ok").Increment();
  EXPECT_DOUBLE_EQ(m.items("tag", "a", "ok").Value(), 2);
}

}  // namespace
}  // namespace newswired
