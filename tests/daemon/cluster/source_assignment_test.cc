// A record of the table of sources read back as a source: the schema of the config file
// applies, and an entry that fails it is skipped with its name and reason in the log.

#include "daemon/cluster/source_assignment.h"

#include <sstream>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <yaml-cpp/yaml.h>

#include "daemon/ops/log.h"

namespace newswired {
namespace {

class SourceFromTable : public ::testing::Test {
 protected:
  void SetUp() override {
    log::init(LogConfig{"info", "text"}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }
  void TearDown() override { log::init(LogConfig{"info", "text"}); }
  std::string logged() {
    spdlog::default_logger()->flush();
    return out_.str();
  }
  std::ostringstream out_;
};

TEST_F(SourceFromTable, ReadsAnEntryAsApplyWroteIt) {
  const std::string value = source_entry_json(YAML::Load(R"(
name: wire
url: file:feeds/wire.xml
interval: 90s
agencies: [dpa, AFP]
fetch_full_text: true
)"));
  const auto source = source_from_table("wire", value, "/srv/newswired", {});
  ASSERT_TRUE(source.has_value()) << logged();
  EXPECT_EQ(source->name, "wire");
  // Relative to the instance's own configuration, as in its file.
  EXPECT_EQ(source->url, "file:///srv/newswired/feeds/wire.xml");
  EXPECT_EQ(source->interval, std::chrono::seconds(90));
  EXPECT_EQ(source->agencies, (std::vector<std::string>{"dpa", "AFP"}));
  EXPECT_TRUE(source->fetch_full_text);
  EXPECT_EQ(logged(), "");
}

TEST_F(SourceFromTable, TakesSecretsFromThisInstancesEnvironment) {
  const std::string value =
      R"({"name":"agency","url":"https://api.example.com/items","api":{"items":"/items"},)"
      R"("auth":{"username":"u","secret_env":"TOKEN","scheme":"bearer"}})";
  const auto source = source_from_table("agency", value, "/", {{"TOKEN", "s3cret"}});
  ASSERT_TRUE(source.has_value()) << logged();
  EXPECT_EQ(source->auth.secret, "s3cret");
  EXPECT_FALSE(source_from_table("agency", value, "/", {}).has_value());
  EXPECT_NE(logged().find("TOKEN is not set"), std::string::npos) << logged();
}

TEST_F(SourceFromTable, SkipsAnInvalidEntryNamingItAndWhy) {
  EXPECT_FALSE(source_from_table("slow",
                                 R"({"name":"slow","url":"http://a.example/x",)"
                                 R"("interval":"soon"})",
                                 "/", {})
                   .has_value());
  EXPECT_FALSE(source_from_table("odd", R"({"name":"odd","url":"gopher://a.example/"})", "/", {})
                   .has_value());
  EXPECT_FALSE(source_from_table("extra",
                                 R"({"name":"extra","url":"http://a.example/",)"
                                 R"("colour":"red"})",
                                 "/", {})
                   .has_value());
  EXPECT_FALSE(source_from_table("broken", R"({"name":"broken",)", "/", {}).has_value());
  EXPECT_FALSE(source_from_table("listed", R"(["name","listed"])", "/", {}).has_value());
  const std::string log = logged();
  for (const char* expected :
       {"[slow]", "'soon' is not a duration", "[odd]", "must start with http://", "[extra]",
        "colour: unknown key", "[broken]", "[listed]", "expected each entry to be a mapping"})
    EXPECT_NE(log.find(expected), std::string::npos) << expected << " not in:\n" << log;
}

TEST_F(SourceFromTable, SkipsAnEntryFiledUnderAnotherName) {
  EXPECT_FALSE(
      source_from_table("a1", R"({"name":"a2","url":"http://a.example/"})", "/", {}).has_value());
  EXPECT_NE(logged().find("its entry names 'a2'"), std::string::npos) << logged();
}

}  // namespace
}  // namespace newswired
