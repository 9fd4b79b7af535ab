#include "pipeline/normalize/wire_fields.h"

#include <gtest/gtest.h>

#include "pipeline/normalize/article_id.h"

namespace newswired {
namespace {

RawItem wire_item(RawWire w) {
  RawItem item;
  item.wire = std::move(w);
  return item;
}

TEST(WireFields, FeedItemsGetNoWireObject) {
  Article a;
  std::vector<std::string> warnings;
  apply_wire_fields(RawItem{}, a, &warnings);
  EXPECT_FALSE(a.wire);
  EXPECT_TRUE(warnings.empty());
}

TEST(WireFields, StatusAndSignalsLoseTheirSchemes) {
  RawWire w;
  w.version = " 3 ";
  w.pub_status = "STAT:Canceled";
  w.signals = {"sig:Correction", "update", " "};
  w.urgency = "2";
  w.slugline = "<b>US-Fed</b>";
  w.members = {" urn:a ", ""};
  w.packages = {"urn:p"};
  Article a;
  a.source.name = "wire";
  std::vector<std::string> warnings;
  apply_wire_fields(wire_item(w), a, &warnings);
  ASSERT_TRUE(a.wire);
  EXPECT_EQ(a.wire->version, "3");
  EXPECT_EQ(a.wire->pub_status, "canceled");
  EXPECT_EQ(a.wire->signals, (std::vector<std::string>{"correction", "update"}));
  EXPECT_EQ(a.wire->urgency, 2);
  EXPECT_EQ(a.wire->slugline, "US-Fed");
  EXPECT_EQ(a.wire->members, (std::vector<std::string>{"urn:a"}));
  // The ids the member's and the package's own articles get from their guids.
  EXPECT_EQ(a.wire->member_ids, (std::vector<std::string>{article_id("wire", "urn:a")}));
  EXPECT_EQ(a.wire->packages, (std::vector<std::string>{"urn:p"}));
  EXPECT_EQ(a.wire->package_ids, (std::vector<std::string>{article_id("wire", "urn:p")}));
  EXPECT_TRUE(warnings.empty());
  w.pub_status = "cancelled";
  Article b;
  apply_wire_fields(wire_item(w), b, &warnings);
  EXPECT_EQ(b.wire->pub_status, "canceled");
}

TEST(WireFields, BadStatusAndUrgencyAreWarnedNotGuessed) {
  RawWire w;
  w.pub_status = "stat:embargo-ish";
  w.urgency = "12";
  Article a;
  std::vector<std::string> warnings;
  apply_wire_fields(wire_item(w), a, &warnings);
  ASSERT_TRUE(a.wire);
  EXPECT_EQ(a.wire->pub_status, "usable");
  EXPECT_FALSE(a.wire->urgency);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], "unknown publication status 'stat:embargo-ish' read as usable");
  EXPECT_EQ(warnings[1], "urgency '12' is not 1 to 9: left out");
}

TEST(WireFields, StatedSubjectsBecomeTagsByKind) {
  RawWire w;
  w.subjects = {{"medtop:20000639", "diplomacy", "topic"},
                {"", "Sergei Lavrov", "person"},
                {"iso3166:RU", "", "place"},
                {"kw:ferry", "ferry", ""},
                {"", "", "topic"},
                {"medtop:20000639", "diplomacy again", "topic"}};
  Article a;
  apply_wire_fields(wire_item(w), a, nullptr);
  ASSERT_EQ(a.tags.topics.size(), 2u);  // the repeated code merged, the empty subject left out
  EXPECT_EQ(a.tags.topics[0].id, "medtop:20000639");
  EXPECT_EQ(a.tags.topics[0].score, 1.0);
  EXPECT_EQ(a.tags.topics[1].id, "kw:ferry");
  ASSERT_EQ(a.tags.entities.size(), 1u);
  EXPECT_EQ(a.tags.entities[0].id, "wire:Sergei Lavrov");
  EXPECT_EQ(a.tags.entities[0].type, "person");
  ASSERT_EQ(a.tags.places.size(), 1u);
  EXPECT_EQ(a.tags.places[0].name, "iso3166:RU");  // no label given: the code stands in
}

}  // namespace
}  // namespace newswired
