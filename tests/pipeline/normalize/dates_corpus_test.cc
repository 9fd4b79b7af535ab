// Every date text of the shared feed corpus, read by us and by feedparser (its reading is stored
// in feedparser_dates.tsv, so this runs without the corpus or Python). The readings must agree,
// except where we differ on purpose, listed here with the reason.

#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/normalize/dates.h"

namespace newswired {
namespace {

struct Deliberate {
  const char* ours;  // "null": unreadable
  const char* why;
};

const std::map<std::string, Deliberate>& deliberate() {
  static const std::map<std::string, Deliberate> kDiffs{
      {"Do, 22 Dez 2016 17:36:00 +0000",
       {"2016-12-22T17:36:00Z", "German day and month names; feedparser knows English only"}},
      {"Fr, 06 Jan 2017 11:46:00 +0000", {"2017-01-06T11:46:00Z", "German day name"}},
      {"Mi, 04 Jan 2017 17:36:24 +0000", {"2017-01-04T17:36:24Z", "German day name"}},
      {"mer, 16 nov 2022 00:38:15 +0100", {"2022-11-15T23:38:15Z", "Italian day name"}},
      {"Sat, Dec 16 2023 02:02:33 PM",
       {"2023-12-16T14:02:33Z", "feedparser ignores PM and reads 02:02"}},
      {"Fri, 11 Mar 2016 01:15:00 +3000",
       {"null", "no zone is 30 hours off UTC; feedparser applies it anyway"}},
      {"2017-06-13T03:18:00+00:0",
       {"null", "a truncated offset; feedparser drops it and assumes UTC"}},
  };
  return kDiffs;
}

TEST(DatesAgainstFeedparser, EveryCorpusDateReadsTheSameOrDiffersOnPurpose) {
  std::ifstream in(std::string(NW_SOURCE_DIR) + "/tests/pipeline/normalize/feedparser_dates.tsv");
  ASSERT_TRUE(in) << "feedparser_dates.tsv missing";
  std::string line;
  int compared = 0;
  int deliberate_seen = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with('#')) continue;
    const std::size_t tab = line.rfind('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string raw = line.substr(0, tab);
    const std::string theirs = line.substr(tab + 1);
    const std::string mine = to_rfc3339_utc(raw).value_or("null");
    ++compared;
    if (auto it = deliberate().find(raw); it != deliberate().end()) {
      ++deliberate_seen;
      EXPECT_EQ(mine, it->second.ours) << raw << " (" << it->second.why << ")";
      EXPECT_NE(mine, theirs) << raw << " agrees with feedparser now: drop it from the list";
      continue;
    }
    EXPECT_EQ(mine, theirs) << "date text: " << raw;
  }
  EXPECT_GT(compared, 2000);
  EXPECT_EQ(deliberate_seen, static_cast<int>(deliberate().size()));
}

}  // namespace
}  // namespace newswired
