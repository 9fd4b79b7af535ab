#include "pipeline/normalize/agency_line.h"

#include <gtest/gtest.h>

#include "pipeline/normalize/agency_names.h"

namespace newswired {
namespace {

using Strings = std::vector<std::string>;

TEST(AgencyNames, CanonicalSpellings) {
  EXPECT_EQ(canonical_agency("Reuters"), "Reuters");
  EXPECT_EQ(canonical_agency("rtr"), "Reuters");
  EXPECT_EQ(canonical_agency("Agence France-Presse"), "AFP");
  EXPECT_EQ(canonical_agency("afp"), "AFP");
  EXPECT_EQ(canonical_agency("The Associated Press"), "AP");
  EXPECT_EQ(canonical_agency("DPA"), "dpa");
  EXPECT_FALSE(canonical_agency("Dpa"));
  EXPECT_FALSE(canonical_agency("John Smith"));
  EXPECT_FALSE(canonical_agency(""));
}

TEST(TakeAgencyLine, InitialsAndAgencies) {
  std::string text = "Story.\n\nLast paragraph.\n\nksb/kms (Reuters, AFP, AP, dpa)";
  const AgencyLine line = take_agency_line(text);
  EXPECT_EQ(text, "Story.\n\nLast paragraph.");
  EXPECT_EQ(line.initials, (Strings{"ksb", "kms"}));
  EXPECT_EQ(line.agencies, (Strings{"Reuters", "AFP", "AP", "dpa"}));
}

TEST(TakeAgencyLine, OtherForms) {
  struct Case {
    const char* line;
    Strings initials;
    Strings agencies;
  };
  for (const Case& c :
       {Case{"jm/rc (AP, AFP)", {"jm", "rc"}, {"AP", "AFP"}}, Case{"(dpa)", {}, {"dpa"}},
        Case{"\u2014 Reuters", {}, {"Reuters"}}, Case{"- AFP", {}, {"AFP"}},
        Case{"mit Material von dpa und AFP", {}, {"dpa", "AFP"}},
        Case{"dpa/AFP", {}, {"dpa", "AFP"}},
        Case{"mak/sti (dpa, afp, rtr)", {"mak", "sti"}, {"dpa", "AFP", "Reuters"}},
        Case{"With material from Agence France-Presse", {}, {"AFP"}}}) {
    std::string text = std::string("Body.\n") + c.line + "\n";
    const AgencyLine line = take_agency_line(text);
    EXPECT_EQ(text, "Body.") << c.line;
    EXPECT_EQ(line.initials, c.initials) << c.line;
    EXPECT_EQ(line.agencies, c.agencies) << c.line;
  }
}

TEST(TakeAgencyLine, ProseAndOtherNamesStay) {
  for (const char* last :
       {"The talks went on (Reuters reported).", "(John Smith)", "xy/ab (Foo, Bar)",
        "KSB/KMS (Reuters)", "Reuters said so, AFP too.", "Ceasefire violations"}) {
    std::string text = std::string("Body.\n\n") + last;
    const std::string before = text;
    const AgencyLine line = take_agency_line(text);
    EXPECT_EQ(text, before) << last;
    EXPECT_TRUE(line.agencies.empty()) << last;
  }
  std::string only = "(dpa)";  // nothing but the credit: kept
  EXPECT_TRUE(take_agency_line(only).agencies.empty());
  EXPECT_EQ(only, "(dpa)");
}

TEST(DatelineAgencies, FindsTheAgencyAndWhereItIs) {
  const std::string text = "BERLIN (dpa) - The government said on Monday ...";
  const auto found = dateline_agencies(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].agency, "dpa");
  EXPECT_EQ(text.substr(found[0].start, found[0].end - found[0].start), "dpa");

  const std::string two = "WASHINGTON, May 12 (Reuters/AP) \u2014 Officials said";
  const auto both = dateline_agencies(two);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(two.substr(both[1].start, both[1].end - both[1].start), "AP");
  EXPECT_EQ(dateline_agencies("(AFP) - Paris said").size(), 1u);
  EXPECT_EQ(dateline_agencies("Kiew (dpa) - Die Regierung").size(), 1u);
}

TEST(DatelineAgencies, NotADateline) {
  EXPECT_TRUE(dateline_agencies("The chancellor (CDU) - who spoke first").empty());
  EXPECT_TRUE(dateline_agencies("Berlin (dpa) and Paris").empty());
  EXPECT_TRUE(dateline_agencies("the minister (AP) - lower case start").empty());
  EXPECT_TRUE(
      dateline_agencies("A very long first sentence that goes on and on and on (AFP) - x").empty());
  EXPECT_TRUE(dateline_agencies("").empty());
}

}  // namespace
}  // namespace newswired
