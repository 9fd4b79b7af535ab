// Every ANPA 1312 and IPTC 7901 document of the shared corpus (read here, never copied: they
// are AGPL): sniffed by the right parser only, one titled item with text and a date each, and
// a few values checked against what the files say.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/parse/wire/anpa/anpa_parser.h"
#include "pipeline/parse/wire/anpa/iptc7901_parser.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

using newswired::testing::read_test_file;
using Strings = std::vector<std::string>;

fs::path corpus_root() { return fs::path(NW_SOURCE_DIR) / ".." / "shared" / "corpus" / "wire"; }

Document document(std::string body) {
  Document d;
  d.source = {"wire", "", "auto"};
  d.body = std::move(body);
  d.fetched_at = "2026-03-05T22:00:00Z";
  return d;
}

// INDEX.tsv: path, format, root element. dpa's IPTC 7901 samples are indexed as "text".
int indexed_as(const fs::path& root, std::string_view format) {
  int n = 0;
  std::istringstream index(read_test_file(root / "INDEX.tsv"));
  for (std::string line; std::getline(index, line);) {
    const bool dpa_text =
        line.starts_with("superdesk-core/dpa_") && line.find(".txt\ttext\t") != std::string::npos;
    const std::string tab_format = "\t" + std::string(format) + "\t";
    if (line.find(tab_format) != std::string::npos || (format == "iptc-7901" && dpa_text)) ++n;
  }
  return n;
}

TEST(PlainWireCorpus, EveryDocumentYieldsADatedTitledItem) {
  const fs::path root = corpus_root();
  if (!fs::exists(root)) GTEST_SKIP() << "corpus absent: " << root;
  const AnpaParser anpa;
  const Iptc7901Parser iptc7901;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  int files = 0, as_anpa = 0, as_iptc7901 = 0;
  for (const fs::path& path : paths) {
    ++files;
    const std::string body = read_test_file(path);
    const bool is_anpa = anpa.sniff(body);
    const bool is_iptc7901 = iptc7901.sniff(body);
    ASSERT_FALSE(is_anpa && is_iptc7901) << path;
    if (!is_anpa && !is_iptc7901) continue;
    as_anpa += is_anpa ? 1 : 0;
    as_iptc7901 += is_iptc7901 ? 1 : 0;
    const Parser& parser = is_anpa ? static_cast<const Parser&>(anpa) : iptc7901;
    const auto out = parser.parse(document(body));
    ASSERT_TRUE(out.ok()) << path << ": " << out.reason();
    EXPECT_TRUE(out.value().warnings.empty()) << path << ": " << out.value().warnings.front();
    ASSERT_EQ(out.value().items.size(), 1u) << path;
    const RawItem& item = out.value().items[0];
    EXPECT_FALSE(item.title.empty()) << path;
    EXPECT_FALSE(item.content.empty()) << path;
    EXPECT_FALSE(item.updated.empty()) << path;
    EXPECT_FALSE(item.guid.empty()) << path;
    ASSERT_TRUE(item.wire) << path;
    EXPECT_FALSE(item.wire->urgency.empty()) << path;
    EXPECT_FALSE(item.wire->slugline.empty()) << path;
  }
  std::printf("plain wire corpus: %d files, %d ANPA (%d indexed), %d IPTC 7901 (%d indexed)\n",
              files, as_anpa, indexed_as(root, "anpa-1312"), as_iptc7901,
              indexed_as(root, "iptc-7901"));
  EXPECT_EQ(as_anpa, indexed_as(root, "anpa-1312"));
  EXPECT_EQ(as_iptc7901, indexed_as(root, "iptc-7901"));
  EXPECT_GT(as_anpa, 0);
}

RawItem only_item(const Parser& parser, const std::string& name) {
  const auto out = parser.parse(document(read_test_file(corpus_root() / "superdesk-core" / name)));
  EXPECT_TRUE(out.ok()) << out.reason();
  if (!out.ok() || out.value().items.size() != 1) return {};
  return out.value().items[0];
}

TEST(PlainWireCorpus, ApWriteThrough) {
  if (!fs::exists(corpus_root())) GTEST_SKIP() << "corpus absent: " << corpus_root();
  const RawItem item = only_item(AnpaParser(), "ap_anpa-3.tst");
  EXPECT_EQ(item.guid, "anpa:glbsm/us--giantlobsterdeath");
  EXPECT_EQ(item.title, "$210 lobster is found dead");
  EXPECT_EQ(item.updated, "2016-08-29T16:26:00Z");
  EXPECT_EQ(item.content, "<p>CHATHAM, Mass. (AP) \xE2\x80\x94 A lobster died.</p>\n");
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "2");
  EXPECT_EQ(item.wire->signals, (Strings{"update"}));
  EXPECT_EQ(item.wire->slugline, "BC-US--Giant Lobster Death");
  EXPECT_EQ(item.wire->located, "CHATHAM");
  EXPECT_EQ(item.wire->urgency, "5");
  EXPECT_EQ(item.wire->subjects[0].qcode, "anpa-cat:d");
}

TEST(PlainWireCorpus, ApStoryWithPhotosAndByline) {
  if (!fs::exists(corpus_root())) GTEST_SKIP() << "corpus absent: " << corpus_root();
  const RawItem item = only_item(AnpaParser(), "anpa-1.tst");
  EXPECT_EQ(item.title, "For Argentine chemo patients, mirrors can hurt");
  EXPECT_EQ(item.authors, (Strings{"PAUL BYRNE", "ALMUDENA CALATRAVA"}));
  EXPECT_EQ(item.wire->located, "BUENOS AIRES");
  EXPECT_EQ(item.wire->urgency, "1");  // f
  EXPECT_TRUE(item.content.find("\xE2\x80\x9CLook Good Feel Better\xE2\x80\x9D") !=
              std::string::npos)
      << item.content;
  EXPECT_EQ(item.content.find("AP Photo"), std::string::npos) << item.content;
}

TEST(PlainWireCorpus, DpaLeadInLatin1) {
  if (!fs::exists(corpus_root())) GTEST_SKIP() << "corpus absent: " << corpus_root();
  const RawItem item = only_item(Iptc7901Parser(), "IPTC7901_odd_charset.txt");
  EXPECT_EQ(item.title, "German football saddened by illness to striker legend Mueller");
  EXPECT_EQ(item.authors, (Strings{"Manuel Schwarz"}));
  EXPECT_EQ(item.updated, "2015-10-07T13:41:00Z");
  EXPECT_NE(item.content.find("Thomas M\xC3\xBCller"), std::string::npos);
  EXPECT_EQ(item.content.find("not intended for publication"), std::string::npos);
  ASSERT_TRUE(item.wire);
  EXPECT_EQ(item.wire->version, "2");
  EXPECT_EQ(item.wire->slugline, "Germany-football/Munich/Mueller");
  EXPECT_EQ(item.wire->located, "Munich");
}

}  // namespace
}  // namespace newswired
