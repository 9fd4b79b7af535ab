#include "daemon/config/config_loader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "daemon/config/config_schema.h"

namespace newswired {
namespace {

const Environment kNoEnv;

constexpr const char* kMinimal = R"(sources:
  - name: dw-top
    url: https://rss.dw.com/rdf/rss-en-top
)";

Outcome<Config> load(const std::string& yaml, const Environment& env = kNoEnv) {
  return load_config_text(yaml, "test.yaml", env);
}

TEST(ConfigLoader, DefaultsFromTheSchema) {
  auto c = load(kMinimal);
  ASSERT_TRUE(c.ok()) << c.reason();
  const Config& cfg = c.value();
  ASSERT_EQ(cfg.sources.size(), 1u);
  EXPECT_EQ(cfg.sources[0].format, "auto");
  EXPECT_EQ(cfg.sources[0].interval, std::chrono::minutes(5));
  EXPECT_EQ(cfg.sources[0].line, 2);
  EXPECT_EQ(cfg.kafka.brokers, "embedded");
  EXPECT_EQ(cfg.kafka.topics.articles, "news.articles");
  EXPECT_EQ(cfg.kafka.topics.dead_letter, "news.deadletter");
  EXPECT_EQ(cfg.metrics.listen, "127.0.0.1:9464");
  EXPECT_EQ(cfg.state_dir, "./state");
}

TEST(ConfigLoader, EveryDocumentedKey) {
  auto c = load(R"(sources:
  - name: a
    url: http://127.0.0.1:8080/a.xml
    format: rss
    interval: 90s
    language: de
    agencies: [dpa, AFP]
fetch: { user_agent: ua/1, timeout: 5s, connect_timeout: 2s, max_body_size: 1MiB,
         jitter: 0.25, max_concurrent: 8 }
kafka:
  brokers: 127.0.0.1:9092
  topics: { articles: a, duplicates: d, dead_letter: dl }
  producer: { compression.type: zstd, linger.ms: 20 }
  flush_timeout: 10s
metrics: { listen: 0.0.0.0:9100 }
log: { level: debug, format: json }
pipeline: { queue_capacity: 16 }
state_dir: /tmp/x
)");
  ASSERT_TRUE(c.ok()) << c.reason();
  const Config& cfg = c.value();
  EXPECT_EQ(cfg.sources[0].format, "rss");
  EXPECT_EQ(cfg.sources[0].interval, std::chrono::seconds(90));
  EXPECT_EQ(cfg.sources[0].agencies, (std::vector<std::string>{"dpa", "AFP"}));
  EXPECT_EQ(cfg.fetch.max_body_bytes, 1u << 20);
  EXPECT_DOUBLE_EQ(cfg.fetch.jitter, 0.25);
  EXPECT_EQ(cfg.fetch.max_concurrent, 8);
  EXPECT_EQ(cfg.kafka.topics.duplicates, "d");
  ASSERT_EQ(cfg.kafka.producer.size(), 2u);
  EXPECT_EQ(cfg.kafka.producer[1], (std::pair<std::string, std::string>{"linger.ms", "20"}));
  EXPECT_EQ(cfg.kafka.flush_timeout, std::chrono::seconds(10));
  EXPECT_EQ(cfg.log.format, "json");
  EXPECT_EQ(cfg.pipeline.queue_capacity, 16u);
  EXPECT_EQ(cfg.state_dir, "/tmp/x");
}

TEST(ConfigLoader, BooleansAreTrueOrFalse) {
  auto on = load(R"(sources:
  - { name: a, url: http://x/, fetch_full_text: true }
  - { name: b, url: http://y/ }
)");
  ASSERT_TRUE(on.ok()) << on.reason();
  EXPECT_TRUE(on.value().sources[0].fetch_full_text);
  EXPECT_FALSE(on.value().sources[1].fetch_full_text);
  auto yes = load(R"(sources:
  - name: a
    url: http://x/
    fetch_full_text: yes
)");
  ASSERT_FALSE(yes.ok());
  EXPECT_EQ(yes.reason(), "test.yaml:4:22: sources[].fetch_full_text: 'yes' is not true or false");
}

TEST(ConfigLoader, UnknownKeyNamesFileLineAndKey) {
  auto c = load(R"(sources:
  - name: a
    url: http://x/
kafka:
  topics:
    articels: typo
)");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.reason(), "test.yaml:6:5: kafka.topics.articels: unknown key");
}

TEST(ConfigLoader, BadValuesAreAllReported) {
  auto c = load(R"(sources:
  - name: a
    url: gopher://x/
    interval: soon
    format: pdf
fetch: { jitter: 2 }
log: { level: loud }
)");
  ASSERT_FALSE(c.ok());
  const std::string& r = c.reason();
  EXPECT_NE(r.find("test.yaml:4:15: sources[].interval: 'soon' is not a duration"),
            std::string::npos)
      << r;
  EXPECT_NE(r.find("test.yaml:5:13: sources[].format: 'pdf' is not one of: auto"),
            std::string::npos)
      << r;
  EXPECT_NE(r.find("fetch.jitter: '2' is not a number from 0 to 1"), std::string::npos) << r;
  EXPECT_NE(r.find("log.level: 'loud' is not one of"), std::string::npos) << r;
  EXPECT_NE(r.find("test.yaml:2: sources[].url: 'gopher://x/' must start with"), std::string::npos)
      << r;
}

TEST(ConfigLoader, MissingRequiredAndDuplicateNames) {
  auto c = load(R"(sources:
  - name: a
  - name: b
    url: http://x/
  - name: b
    url: http://y/
)");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find("test.yaml:2: sources[]: give either a url or a directory"),
            std::string::npos)
      << c.reason();
  EXPECT_NE(c.reason().find("test.yaml:5: sources[].name: 'b' is used by another source"),
            std::string::npos)
      << c.reason();
  EXPECT_FALSE(load("kafka: {brokers: x}\n").ok()) << "sources is required";
}

TEST(ConfigLoader, SyntaxErrorNamesLine) {
  auto c = load("sources:\n  - name: [unclosed\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.reason().rfind("test.yaml:", 0), 0u) << c.reason();
  EXPECT_NE(c.reason().find("(syntax)"), std::string::npos) << c.reason();
}

TEST(ConfigLoader, WrongShapes) {
  auto c = load("sources: {name: a}\nkafka: [1]\nstate_dir: {a: b}\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find("sources: expected a list"), std::string::npos) << c.reason();
  EXPECT_NE(c.reason().find("kafka: expected a mapping"), std::string::npos) << c.reason();
  EXPECT_NE(c.reason().find("state_dir: expected a single value"), std::string::npos);
}

TEST(ConfigLoader, EnvironmentOverrides) {
  Environment env{{"NEWSWIRED_KAFKA_BROKERS", "k1:9092,k2:9092"},
                  {"NEWSWIRED_STATE_DIR", "/var/lib/nw"},
                  {"NEWSWIRED_KAFKA_PRODUCER_SASL_PASSWORD", "s3cret"},
                  {"UNRELATED", "x"}};
  auto c = load(std::string(kMinimal) + "kafka: {producer: {sasl.password: fromfile}}\n", env);
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_EQ(c.value().kafka.brokers, "k1:9092,k2:9092");
  EXPECT_EQ(c.value().state_dir, "/var/lib/nw");
  ASSERT_EQ(c.value().kafka.producer.size(), 1u);
  EXPECT_EQ(c.value().kafka.producer[0].first, "sasl.password");
  EXPECT_EQ(c.value().kafka.producer[0].second, "s3cret");

  auto bad = load(kMinimal, Environment{{"NEWSWIRED_LOG_LEVEL", "chatty"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.reason().find("NEWSWIRED_LOG_LEVEL"), std::string::npos);
}

TEST(ConfigLoader, RelativeFileUrlsResolveBesideTheConfig) {
  const auto dir = std::filesystem::temp_directory_path() / ("nw-cfg-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "c.yaml";
  std::ofstream(path) << "sources:\n  - name: a\n    url: file:feeds/a.xml\n";
  auto c = load_config_file(path.string(), kNoEnv);
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_EQ(c.value().sources[0].url, "file://" + (dir / "feeds/a.xml").string());
  EXPECT_FALSE(load_config_file((dir / "missing.yaml").string(), kNoEnv).ok());
  std::filesystem::remove_all(dir);
}

TEST(ConfigLoader, ShippedConfigsAreValid) {
  const Environment secrets{{"AGENCY_API_TOKEN", "t"}, {"AGENCY_FTP_PASSWORD", "p"}};
  for (const char* f : {"configs/demo.yaml", "configs/example.yaml", "configs/wire-sources.yaml"}) {
    auto c = load_config_file(std::string(NW_SOURCE_DIR) + "/" + f, secrets);
    EXPECT_TRUE(c.ok()) << f << ": " << c.reason();
  }
}

TEST(ConfigSchema, ReferenceDocIsUpToDate) {
  std::ifstream in(std::string(NW_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_EQ(doc.str(), config_reference_markdown())
      << "regenerate: newswired check-config --reference > docs/configuration.md";
}

TEST(ConfigSchema, EveryLeafKeyHasASetter) {
  for (const auto& f : config_schema()) {
    if (f.type == FieldType::kSection || f.type == FieldType::kList) continue;
    EXPECT_TRUE(static_cast<bool>(f.set)) << f.path;
  }
}

}  // namespace
}  // namespace newswired

namespace newswired {
namespace {

TEST(ConfigLoader, FetchPolicyKeys) {
  auto c = load_config_text(R"(sources:
  - name: a
    url: https://a.example/feed
    interval: 5m
    min_interval: 2m
    max_interval: 2h
fetch:
  ca_file: /etc/newswired/ca.pem
  max_decompressed_size: 8MiB
  max_redirects: 3
  max_items: 200
  min_interval: 30s
  max_interval: 6h
  circuit_failures: 4
  circuit_cooldown: 10m
  max_per_host: 2
  host_delay: 0s
  quiet_after: 6
)",
                            "test.yaml", {});
  ASSERT_TRUE(c.ok()) << c.reason();
  const Config& cfg = c.value();
  EXPECT_EQ(cfg.sources[0].min_interval, std::chrono::minutes(2));
  EXPECT_EQ(cfg.sources[0].max_interval, std::chrono::hours(2));
  EXPECT_EQ(cfg.fetch.ca_file, "/etc/newswired/ca.pem");
  EXPECT_EQ(cfg.fetch.max_decompressed_bytes, std::size_t{8} << 20);
  EXPECT_EQ(cfg.fetch.max_redirects, 3);
  EXPECT_EQ(cfg.fetch.max_items, 200u);
  EXPECT_EQ(cfg.fetch.min_interval, std::chrono::seconds(30));
  EXPECT_EQ(cfg.fetch.max_interval, std::chrono::hours(6));
  EXPECT_EQ(cfg.fetch.circuit_failures, 4);
  EXPECT_EQ(cfg.fetch.circuit_cooldown, std::chrono::minutes(10));
  EXPECT_EQ(cfg.fetch.max_per_host, 2);
  EXPECT_EQ(cfg.fetch.host_delay, std::chrono::milliseconds(0));
  EXPECT_EQ(cfg.fetch.quiet_after, 6);
}

TEST(ConfigLoader, FetchPolicyDefaults) {
  auto c = load_config_text("sources: [{name: a, url: 'https://a.example/'}]", "t.yaml", {});
  ASSERT_TRUE(c.ok()) << c.reason();
  const FetchConfig& f = c.value().fetch;
  EXPECT_EQ(f.ca_file, "");
  EXPECT_EQ(f.max_decompressed_bytes, std::size_t{64} << 20);
  EXPECT_EQ(f.max_redirects, 5);
  EXPECT_EQ(f.max_items, 1000u);
  EXPECT_EQ(f.min_interval, std::chrono::minutes(1));
  EXPECT_EQ(f.max_interval, std::chrono::hours(1));
  EXPECT_EQ(f.circuit_failures, 5);
  EXPECT_EQ(f.circuit_cooldown, std::chrono::minutes(30));
  EXPECT_EQ(f.max_per_host, 6);
  EXPECT_EQ(f.host_delay, std::chrono::milliseconds(100));
  EXPECT_EQ(c.value().sources[0].min_interval.count(), 0);
}

TEST(ConfigLoader, IntervalRangeMustBeOrdered) {
  auto c = load_config_text(R"(sources:
  - { name: a, url: 'https://a.example/', min_interval: 1h, max_interval: 10m }
fetch: { min_interval: 2h, max_interval: 1h }
)",
                            "t.yaml", {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find("t.yaml:2: sources[].min_interval: must not exceed"), std::string::npos)
      << c.reason();
  EXPECT_NE(c.reason().find("fetch.min_interval: must not exceed fetch.max_interval"),
            std::string::npos)
      << c.reason();
}

}  // namespace
}  // namespace newswired
