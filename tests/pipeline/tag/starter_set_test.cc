// The shipped rule set (configs/tagging) on a real article: what it must find and what it must
// not.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/tag/rule_tagger.h"

namespace newswired {
namespace {

const std::string kRules = std::string(NW_SOURCE_DIR) + "/configs/tagging";
const std::string kSeed = std::string(NW_SOURCE_DIR) +
                          "/../shared/seeds/dw-2015-05-12-no-breakthrough-in-us-russia-talks.txt";

std::shared_ptr<const TagMatcher> starter() {
  static auto m = load_tag_matcher(kRules);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.reason());
  return m.ok() ? m.value() : nullptr;
}

std::set<std::string> ids(const std::vector<Tag>& tags) {
  std::set<std::string> out;
  for (const auto& t : tags) out.insert(t.id);
  return out;
}

const Tag* find(const std::vector<Tag>& tags, const std::string& id) {
  auto it = std::find_if(tags.begin(), tags.end(), [&](const Tag& t) { return t.id == id; });
  return it == tags.end() ? nullptr : &*it;
}

// The seed as an article: its headline as the title, the rest as the body.
Article seed_article() {
  std::ifstream in(kSeed);
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  Article a;
  const std::string headline = "'No breakthrough' in US-Russia talks";
  a.title = headline;
  const std::size_t at = all.find(headline);
  a.body_text = all.substr(at + headline.size());
  return a;
}

void print(const Article& a) {
  for (const auto* list : {&a.tags.topics, &a.tags.entities, &a.tags.places, &a.tags.agencies})
    for (const auto& t : *list) {
      std::cout << "  " << t.id << " (" << t.name << ") " << t.score << " x" << t.evidence.size();
      for (const auto& e : t.evidence) {
        const std::string& text = e.field == "title" ? a.title : a.body_text;
        std::cout << " '" << text.substr(e.start, e.end - e.start) << "'";
        if (e.field != "body_text") std::cout << "@" << e.field;
      }
      std::cout << "\n";
    }
}

TEST(StarterSet, LoadsAndCompiles) {
  auto m = starter();
  ASSERT_TRUE(m);
  EXPECT_GT(m->rule_count(), 2000u);
  std::cout << "rules " << m->rule_count() << ", patterns " << m->pattern_count() << ", database "
            << m->database_bytes() / 1024 << " KiB\n";
}

TEST(StarterSet, DwSeedFindsThePeoplePlacesTopicsAndAgencies) {
  if (!std::filesystem::exists(kSeed)) GTEST_SKIP() << "corpus absent: " << kSeed;
  auto m = starter();
  ASSERT_TRUE(m);
  Article a = seed_article();
  m->tag(a);
  print(a);
  const auto people = ids(a.tags.entities);
  for (const char* id : {"person:john-kerry", "person:sergei-lavrov", "person:vladimir-putin"})
    EXPECT_TRUE(people.contains(id)) << id;
  const Tag* lavrov = find(a.tags.entities, "person:sergei-lavrov");
  ASSERT_NE(lavrov, nullptr);
  const bool lawrow =
      std::any_of(lavrov->evidence.begin(), lavrov->evidence.end(), [&](const Evidence& e) {
        return a.body_text.substr(e.start, e.end - e.start).find("Lawrow") != std::string::npos;
      });
  EXPECT_TRUE(lawrow) << "the German spelling in the caption is the same person";
  const auto places = ids(a.tags.places);
  for (const char* id : {"iso3166:US", "iso3166:RU", "iso3166:UA", "geonames:491422", "iso3166:SY",
                         "iso3166:YE", "iso3166:LY"})
    EXPECT_TRUE(places.contains(id)) << id;
  const auto topics = ids(a.tags.topics);
  for (const char* id : {"medtop:20000639", "medtop:20000056", "medtop:20000642"})
    EXPECT_TRUE(topics.contains(id)) << id;
  const auto agencies = ids(a.tags.agencies);
  for (const char* id : {"agency:reuters", "agency:afp", "agency:ap", "agency:dpa"})
    EXPECT_TRUE(agencies.contains(id)) << id;
  // Every tag is accounted for: the ones above, and these, each named in the text.
  const std::set<std::string> also = {
      "org:Q458",         // "EU sanctions"
      "org:Q1065",        // "UN-supported investigation"
      "geonames:524901",  // Moscow ("claims which Moscow has repeatedly denied")
      "geonames:625144",  // Minsk (the Minsk agreement)
  };
  for (const auto* list : {&a.tags.entities, &a.tags.places, &a.tags.agencies})
    for (const auto& t : *list) {
      const bool expected = people.contains(t.id) || also.contains(t.id) ||
                            t.id.starts_with("agency:") || t.id.starts_with("iso3166:") ||
                            t.id == "geonames:491422";
      EXPECT_TRUE(expected) << "unexpected tag " << t.id << " " << t.name;
    }
  EXPECT_LE(a.tags.places.size(), 11u);
  EXPECT_EQ(a.tags.agencies.size(), 4u);
}

}  // namespace
}  // namespace newswired
