// The table's values (a source entry as JSON) and what an apply writes to reach a file's state.

#include "daemon/cluster/source_table.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "daemon/config/config_loader.h"

namespace newswired {
namespace {

TEST(ClusterSourceEntry, KeepsWhatTheUserWroteInItsOrder) {
  const YAML::Node entry = YAML::Load(R"(
name: wire
url: file:feeds/wire.xml
interval: 90s
agencies: [dpa, AFP]
api: { items: /data, max_pages: 3 }
fetch_full_text: true
)");
  EXPECT_EQ(source_entry_json(entry),
            R"({"name":"wire","url":"file:feeds/wire.xml","interval":"90s",)"
            R"("agencies":["dpa","AFP"],"api":{"items":"/data","max_pages":"3"},)"
            R"("fetch_full_text":"true"})");
}

TEST(ClusterSourceEntry, ReadsBackThroughTheSameSchema) {
  const std::string yaml = R"(sources:
  - name: agency
    url: https://api.example.com/v1/items
    interval: 2m
    language: de
    agencies: [dpa]
    api: { items: /items, next: /next, max_pages: 5 }
    auth: { username: u, secret_env: TOKEN, scheme: bearer }
)";
  const Environment env{{"TOKEN", "t"}};
  auto direct = load_config_text(yaml, "a.yaml", env);
  ASSERT_TRUE(direct.ok()) << direct.reason();
  // JSON is YAML: the stored value, put back under sources:, loads to the same source.
  const std::string json = source_entry_json(YAML::Load(yaml)["sources"][0]);
  auto round_trip = load_config_text("sources: [" + json + "]", "b.yaml", env);
  ASSERT_TRUE(round_trip.ok()) << round_trip.reason();
  const SourceConfig& a = direct.value().sources[0];
  const SourceConfig& b = round_trip.value().sources[0];
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.interval, b.interval);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.agencies, b.agencies);
  ASSERT_TRUE(b.api.has_value());
  EXPECT_EQ(a.api->items, b.api->items);
  EXPECT_EQ(a.api->next, b.api->next);
  EXPECT_EQ(a.api->max_pages, b.api->max_pages);
  EXPECT_EQ(a.auth.scheme, b.auth.scheme);
  EXPECT_EQ(a.auth.secret, b.auth.secret);
}

TEST(ClusterSourceTable, ATombstoneRemovesOnlyThePartitionItWasWrittenTo) {
  SourceTable table;
  apply_record(table, "a", 1, "{\"v\":1}");
  apply_record(table, "a", 3, "{\"v\":2}");  // moved: seen before the old one's tombstone
  apply_record(table, "a", 1, std::nullopt);
  apply_record(table, "b", 2, "{}");
  apply_record(table, "b", 2, std::nullopt);
  apply_record(table, "c", 0, std::nullopt);
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table.at("a"), (std::map<std::int32_t, std::string>{{3, "{\"v\":2}"}}));
}

TEST(ClusterApplyPlan, AddsChangesRemovesAndLeavesTheRest) {
  const SourceTable current{{"same", {{0, "s"}}}, {"edited", {{1, "old"}}}, {"gone", {{2, "g"}}}};
  const WantedSources wanted{{"same", {0, "s"}}, {"edited", {1, "new"}}, {"fresh", {4, "f"}}};
  const ApplyPlan plan = plan_apply(current, wanted);
  EXPECT_EQ(plan.summary(), "1 added, 1 changed, 1 removed, 1 unchanged");
  ASSERT_EQ(plan.writes.size(), 3u);
  EXPECT_EQ(plan.writes[0].name, "edited");
  EXPECT_EQ(plan.writes[0].value, "new");
  EXPECT_EQ(plan.writes[1].name, "fresh");
  EXPECT_EQ(plan.writes[1].partition, 4);
  EXPECT_EQ(plan.writes[2].name, "gone");
  EXPECT_EQ(plan.writes[2].partition, 2);
  EXPECT_FALSE(plan.writes[2].value.has_value());
}

TEST(ClusterApplyPlan, TheSameTableTwiceWritesNothing) {
  const WantedSources wanted{{"a", {0, "x"}}, {"b", {5, "y"}}};
  SourceTable current;
  for (const auto& w : plan_apply(current, wanted).writes)
    apply_record(current, w.name, w.partition, w.value);
  const ApplyPlan again = plan_apply(current, wanted);
  EXPECT_TRUE(again.writes.empty());
  EXPECT_EQ(again.summary(), "0 added, 0 changed, 0 removed, 2 unchanged");
}

TEST(ClusterApplyPlan, AMovedSourceIsWrittenToItsNewPartitionAndRemovedFromTheOld) {
  const SourceTable current{{"a", {{1, "x"}}}};
  const ApplyPlan plan = plan_apply(current, {{"a", {7, "x"}}});
  EXPECT_EQ(plan.summary(), "0 added, 1 changed, 0 removed, 0 unchanged");
  ASSERT_EQ(plan.writes.size(), 2u);
  EXPECT_EQ(plan.writes[0].partition, 7);
  EXPECT_EQ(plan.writes[0].value, "x");
  EXPECT_EQ(plan.writes[1].partition, 1);
  EXPECT_FALSE(plan.writes[1].value.has_value());
}

TEST(ClusterApplyPlan, AStrayCopyOnAnotherPartitionIsRemoved) {
  const SourceTable current{{"a", {{1, "x"}, {3, "x"}}}};
  const ApplyPlan plan = plan_apply(current, {{"a", {1, "x"}}});
  EXPECT_EQ(plan.changed, 1);
  ASSERT_EQ(plan.writes.size(), 1u);
  EXPECT_EQ(plan.writes[0].partition, 3);
  EXPECT_FALSE(plan.writes[0].value.has_value());
}

}  // namespace
}  // namespace newswired
