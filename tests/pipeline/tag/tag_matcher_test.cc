#include "pipeline/tag/tag_matcher.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace newswired {
namespace {

std::shared_ptr<const TagMatcher> matcher(const std::string& rules) {
  auto parsed = parse_tag_rules(rules, "t.tsv");
  EXPECT_TRUE(parsed.ok()) << parsed.reason();
  auto m = TagMatcher::build(parsed.value());
  EXPECT_TRUE(m.ok()) << m.reason();
  return m.value();
}

Article body(const std::string& text) {
  Article a;
  a.body_text = text;
  return a;
}

std::vector<std::string> ids(const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const auto& t : tags) out.push_back(t.id);
  return out;
}

std::vector<std::string> places(const TagMatcher& m, const std::string& text) {
  Article a = body(text);
  m.tag(a);
  return ids(a.tags.places);
}

using V = std::vector<std::string>;

TEST(TagMatcher, WholeWordsOnlyInAnyScript) {
  auto m = matcher(
      "iso3166:OM\tcountry\tOman\tOM\tOman\n"
      "iso3166:IR\tcountry\tIran\tIR\tIran|Iranian@0.5\n"
      "geonames:1\tcity\tKyiv\tUA\tKyiv|Київ\n");
  EXPECT_EQ(places(*m, "A woman spoke."), V{});
  EXPECT_EQ(places(*m, "Oman's ruler spoke."), V{"iso3166:OM"});
  EXPECT_EQ(places(*m, "Omani-British talks"), V{});
  EXPECT_EQ(places(*m, "Iranian and Iranian officials"), V{"iso3166:IR"}) << "demonym: weaker";
  EXPECT_EQ(places(*m, "an Iranian official"), V{}) << "one demonym in the body is too little";
  EXPECT_EQ(places(*m, "Iranà"), V{}) << "a Latin letter after it";
  EXPECT_EQ(places(*m, "Київщина"), V{}) << "a Cyrillic letter after it";
  EXPECT_EQ(places(*m, "«Київ»"), V{"geonames:1"});
  EXPECT_EQ(places(*m, "Kyiv\xCC\x81"), V{}) << "a combining mark belongs to the word";
}

TEST(TagMatcher, AcronymsMatchOnlyInTheirCaseNamesAlsoInCapitals) {
  auto m = matcher(
      "org:who\torganisation\tWHO\t\tWHO|World Health Organization\n"
      "person:putin\tperson\tVladimir Putin\tRU\tVladimir Putin\n"
      "medtop:20000642\ttopic\teconomic sanction\t\tsanctions\n");
  Article a = body("Who knows? The WHO said so. VLADIMIR PUTIN SPEAKS. vladimir putin. Sanctions.");
  m->tag(a);
  ASSERT_EQ(a.tags.entities.size(), 2u);
  EXPECT_EQ(a.tags.entities[0].evidence.size(), 1u);  // "WHO", not "Who"
  EXPECT_EQ(a.tags.entities[1].evidence.size(), 1u);  // capitals yes, lower case no
  EXPECT_EQ(ids(a.tags.topics), V{"medtop:20000642"}) << "lower-case terms match in any case";
}

TEST(TagMatcher, EvidencePointsAtTheBytesInEachField) {
  auto m = matcher("iso3166:RU\tcountry\tRussia\tRU\tRussia|Russland\n");
  Article a;
  a.title = "Čestitke: Russland";
  a.summary = "—Russia";
  a.body_text = "Żółć Russia, Russia.";
  m->tag(a);
  ASSERT_EQ(a.tags.places.size(), 1u);
  const Tag& t = a.tags.places[0];
  EXPECT_EQ(t.country, "RU");
  EXPECT_EQ(t.type, "country");
  ASSERT_EQ(t.evidence.size(), 4u);
  for (const auto& e : t.evidence) {
    const std::string& text = e.field == "title"     ? a.title
                              : e.field == "summary" ? a.summary
                                                     : a.body_text;
    const std::string seen = text.substr(e.start, e.end - e.start);
    EXPECT_TRUE(seen == "Russia" || seen == "Russland") << e.field << " " << seen;
  }
  EXPECT_EQ(t.evidence[0].field, "title");
  EXPECT_EQ(t.evidence[0].start, 11u);  // "Č" is two bytes
}

// A summary that starts the body takes its hits from the body's scan: the same as scanning it.
TEST(TagMatcher, SummaryAtTheStartOfTheBodyHasItsOwnEvidence) {
  auto m = matcher(
      "iso3166:RU\tcountry\tRussia\tRU\tRussia|Russland\n"
      "geonames:1\tcity\tKyiv\tUA\tKyiv|Київ\n"
      "person:putin\tperson\tVladimir Putin\tRU\tVladimir Putin|Putin\n");
  // The summary's evidence with the body `body`; an empty body has the summary scanned alone.
  auto summary_evidence = [&](const std::string& summary, const std::string& body) {
    Article a;
    a.summary = summary;
    a.body_text = body;
    m->tag(a);
    std::vector<std::string> out;
    for (const auto* list : {&a.tags.places, &a.tags.entities})
      for (const auto& t : *list)
        for (const auto& e : t.evidence)
          if (e.field == "summary")
            out.push_back(t.id + "@" + std::to_string(e.start) + "-" + std::to_string(e.end));
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::string s = "Vladimir Putin went to Київ; Russia and Putin, Russland";
  const auto alone = summary_evidence(s, "");
  EXPECT_EQ(alone.size(), 5u);
  EXPECT_EQ(summary_evidence(s, s), alone);
  EXPECT_EQ(summary_evidence(s, s + "\n\nRussia again."), alone);
  EXPECT_EQ(summary_evidence(s, s + " and more Russia."), alone);
  EXPECT_EQ(summary_evidence(s, s + "n Kyiv."), alone)
      << "the body goes on with the summary's last word (\"Russlandn\"): no hit there";
  EXPECT_EQ(summary_evidence("Kyiv \xD0", "Kyiv \xD0\x87 Putin"), summary_evidence("Kyiv \xD0", ""))
      << "the summary ends inside a character of the body";
}

TEST(TagMatcher, ScoresGrowWithMentionsAndPosition) {
  auto m = matcher(
      "iso3166:FR\tcountry\tFrance\tFR\tFrance\n"
      "iso3166:DE\tcountry\tGermany\tDE\tGermany\n"
      "iso3166:IT\tcountry\tItaly\tIT\tItaly\tweight=0.5\n");
  Article a;
  a.title = "France votes";
  a.body_text = std::string(600, ' ') + "Germany and Italy. Italy. Italy. Italy.";
  m->tag(a);
  ASSERT_EQ(a.tags.places.size(), 3u);
  EXPECT_EQ(a.tags.places[0].id, "iso3166:FR") << "one title mention beats one late body mention";
  auto score = [&](const std::string& id) {
    for (const auto& t : a.tags.places)
      if (t.id == id) return t.score;
    return -1.0;
  };
  EXPECT_GT(score("iso3166:FR"), score("iso3166:DE"));
  EXPECT_LE(score("iso3166:IT"), 0.5) << "rule weight caps the score";
  for (const auto& t : a.tags.places) EXPECT_TRUE(t.score > 0 && t.score <= 1) << t.id;
}

TEST(TagMatcher, AmbiguousNamesNeedContext) {
  auto m = matcher(
      "iso3166:GE\tcountry\tGeorgia\tGE\tGeorgia\tnear=Tbilisi|Caucasus;not_near=Atlanta\n"
      "iso3166:US-GA\tregion\tGeorgia\tUS\tGeorgia\tnear=Atlanta|U.S. state\n"
      "iso3166:GS\tcountry\tSouth Georgia\tGS\tSouth Georgia\n"
      "iso3166:JO\tcountry\tJordan\tJO\tJordan\tnear=Amman|Jordanian|Israel;not_near=Michael "
      "Jordan\n"
      "iso3166:TD\tcountry\tChad\tTD\tChad\tnear=Sahel|N'Djamena\n"
      "iso3166:TR\tcountry\tTurkey\tTR\tTurkey\tnot_near=Thanksgiving|roast\n"
      "geonames:2990440\tcity\tNice\tFR\tNice\tnear=France|Riviera;window=100\n");
  EXPECT_EQ(places(*m, "Georgia's parliament in Tbilisi voted."), V{"iso3166:GE"});
  EXPECT_EQ(places(*m, "Georgia's governor spoke in Atlanta."), V{"iso3166:US-GA"});
  EXPECT_EQ(places(*m, "Georgia voted."), V{}) << "no context: neither";
  EXPECT_EQ(places(*m, "Seals on South Georgia."), V{"iso3166:GS"});
  EXPECT_EQ(places(*m, "Jordan's king met Israel's prime minister in Amman."), V{"iso3166:JO"});
  EXPECT_EQ(places(*m, "Michael Jordan scored; Jordan smiled."), V{});
  EXPECT_EQ(places(*m, "Chad Smith plays drums."), V{});
  EXPECT_EQ(places(*m, "Troops left Chad for the Sahel."), V{"iso3166:TD"});
  EXPECT_EQ(places(*m, "Turkey and Greece talk."), V{"iso3166:TR"});
  EXPECT_EQ(places(*m, "Roast the turkey for Thanksgiving. Turkey is moist."), V{});
  EXPECT_EQ(places(*m, "Nice weather in France."), V{"geonames:2990440"});
  EXPECT_EQ(places(*m, "Nice try." + std::string(300, ' ') + "France won."), V{})
      << "context beyond the window";
}

TEST(TagMatcher, AgenciesOnlyWhereCreditsStand) {
  auto m = matcher(
      "agency:ap\tagency\tAssociated Press\tUS\tAP|Associated Press\tcredit\n"
      "agency:reuters\tagency\tReuters\tGB\tReuters\tcredit\n"
      "agency:afp\tagency\tAgence France-Presse\tFR\tAFP\tcredit\n");
  Article a = body(
      "AP scores were high this year, a long sentence about exams and the AP programme that "
      "runs on.\nHe told Reuters in an interview that lasted for most of the long afternoon.\n"
      "Image: Reuters/J. Roberts\nksb/kms (AFP, AP)");
  m->tag(a);
  V found = ids(a.tags.agencies);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (V{"agency:afp", "agency:ap", "agency:reuters"}));
  for (const auto& t : a.tags.agencies) EXPECT_EQ(t.evidence.size(), 1u) << t.id;
  Article byline;
  byline.authors = {"Associated Press"};
  m->tag(byline);
  EXPECT_EQ(ids(byline.tags.agencies), V{"agency:ap"});
  EXPECT_TRUE(byline.tags.agencies[0].evidence.empty()) << "authors are not a text field";
}

TEST(TagMatcher, TopicsNeedEnoughEvidenceAndBringTheirBroaderTopics) {
  auto m = matcher(
      "medtop:11000000\ttopic\tpolitics and government\t\tpolitics\tmin=2\n"
      "medtop:20000638\ttopic\tinternational relations\t\tforeign minister\tmin=2;broader=medtop:"
      "11000000\n"
      "medtop:20000639\ttopic\tdiplomacy\t\ttalks|diplomats\tmin=2;broader=medtop:20000638\n");
  Article one = body("The talks went on.");
  m->tag(one);
  EXPECT_EQ(ids(one.tags.topics), V{}) << "one body mention is not enough";
  Article a;
  a.title = "Talks in Geneva";
  m->tag(a);
  EXPECT_EQ(ids(a.tags.topics), (V{"medtop:20000639", "medtop:20000638", "medtop:11000000"}));
  EXPECT_LT(a.tags.topics[1].score, a.tags.topics[0].score) << "implied topics weigh less";
}

TEST(TagMatcher, MergesWithTagsAlreadyThere) {
  auto m = matcher("agency:dpa\tagency\tDeutsche Presse-Agentur\tDE\tdpa\tcredit\n");
  Article a = body("Text.\n(dpa)");
  a.tags.agencies = {Tag{"agency:dpa", "dpa", "agency", "", 1.0, {}}};
  m->tag(a);
  ASSERT_EQ(a.tags.agencies.size(), 1u);
  EXPECT_EQ(a.tags.agencies[0].score, 1.0);
  EXPECT_EQ(a.tags.agencies[0].evidence.size(), 1u);
}

}  // namespace
}  // namespace newswired
