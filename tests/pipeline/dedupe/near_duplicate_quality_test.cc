// How well SimHash near-duplicate detection separates copies of one story (as other feeds and
// agencies carry it) from different stories about the same people on the same day. Prints
// precision and recall; fails below precision 0.95 or recall 0.90.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>

#include <gtest/gtest.h>
#include <unistd.h>

#include "pipeline/dedupe/deduplicator.h"
#include "pipeline/dedupe/simhash.h"
#include "pipeline/dedupe/story_text.h"
#include "tests/pipeline/dedupe/story_variants.h"

namespace newswired::testing {
namespace {

constexpr int kVariantsPerStory = 8;
constexpr unsigned kSeed = 20260301;

struct Copy {
  int story;  // index over all stories
  int group;
  StoryCopy text;
};

std::vector<Copy> all_copies(const std::vector<StoryGroup>& groups) {
  std::mt19937 rng(kSeed);
  std::vector<Copy> copies;
  int story = 0;
  for (int g = 0; g < static_cast<int>(groups.size()); ++g) {
    for (const auto& s : groups[g].stories) {
      copies.push_back({story, g, original(s)});
      for (int v = 0; v < kVariantsPerStory; ++v)
        copies.push_back({story, g, variant(s, groups[g], 1 + v % 4, rng)});
      ++story;
    }
  }
  return copies;
}

std::vector<StoryGroup> groups_or_die() {
  return load_story_groups(std::string(NW_FIXTURES) + "/dedupe/stories.txt");
}

struct Counts {
  long tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
};

// Pairwise: every pair of copies of one story should be within k, every pair from different
// stories of one group (the hard cases) and every pair of originals should not.
TEST(NearDuplicateQuality, PairwiseDistancesByOption) {
  const auto groups = groups_or_die();
  const auto copies = all_copies(groups);
  struct Variant {
    const char* name;
    SimHashOptions options;
    bool title;
  };
  const std::vector<Variant> variants{
      {"w3 stop title", {3, 1, true}, true}, {"w3 stop", {3, 1, true}, false},
      {"w3 keep", {3, 1, false}, false},     {"w2 stop", {2, 1, true}, false},
      {"w1 stop", {1, 1, true}, false},      {"w4 stop", {4, 1, true}, false},
  };
  std::printf("%-16s %-4s %9s %9s   positives p10/p50/p90   hard p1/p10/p50\n", "option", "k",
              "precision", "recall");
  for (const auto& v : variants) {
    std::vector<std::uint64_t> fp;
    for (const auto& c : copies)
      fp.push_back(
          *simhash((v.title ? c.text.title + "\n\n" : "") + story_text(c.text.body), v.options));
    std::vector<int> pos, hard, easy;
    for (std::size_t i = 0; i < copies.size(); ++i) {
      for (std::size_t j = i + 1; j < copies.size(); ++j) {
        const int d = hamming_distance(fp[i], fp[j]);
        if (copies[i].story == copies[j].story)
          pos.push_back(d);
        else if (copies[i].group == copies[j].group)
          hard.push_back(d);
        else
          easy.push_back(d);
      }
    }
    // In a stream each copy is compared with every earlier one: it needs one close relative.
    std::vector<std::size_t> order(copies.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(kSeed));
    std::map<int, Counts> stream;
    for (std::size_t a = 1; a < order.size(); ++a) {
      int best = 99, best_same = 99;
      bool seen_story = false;
      for (std::size_t b = 0; b < a; ++b) {
        const int d = hamming_distance(fp[order[a]], fp[order[b]]);
        const bool same = copies[order[a]].story == copies[order[b]].story;
        seen_story |= same;
        if (same) best_same = std::min(best_same, d);
        best = std::min(best, d);
      }
      for (int k = 2; k <= 12; ++k) {
        auto& c = stream[k];
        if (best <= k) {
          (best_same == best ? c.tp : c.fp)++;
        } else if (seen_story) {
          ++c.fn;
        }
      }
    }
    std::sort(pos.begin(), pos.end());
    std::sort(hard.begin(), hard.end());
    auto pct = [](const std::vector<int>& d, double q) {
      return d[static_cast<std::size_t>(q * static_cast<double>(d.size() - 1))];
    };
    for (int k = 2; k <= 12; k += 1) {
      Counts c;
      for (int d : pos) (d <= k ? c.tp : c.fn)++;
      for (const auto* neg : {&hard, &easy})
        for (int d : *neg) c.fp += d <= k;
      std::printf("%-16s %-4d %9.4f %9.4f   %3d %3d %3d   %3d %3d %3d   stream %6.4f %6.4f\n",
                  v.name, k, c.precision(), c.recall(), pct(pos, 0.1), pct(pos, 0.5), pct(pos, 0.9),
                  pct(hard, 0.01), pct(hard, 0.1), pct(hard, 0.5), stream[k].precision(),
                  stream[k].recall());
    }
  }
}

// The Deduplicator with its defaults, fed every copy in a shuffled order: a later copy of a
// story should join the cluster of the story's first copy; a copy of another story should not.
TEST(NearDuplicateQuality, DeduplicatorStreamPrecisionAndRecall) {
  const auto groups = groups_or_die();
  const auto copies = all_copies(groups);
  const auto dir =
      std::filesystem::temp_directory_path() / ("nw-dedupe-quality-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto store = StateStore::open(dir.string(), Deduplicator::tables());
    ASSERT_TRUE(store.ok()) << store.reason();
    Deduplicator dedupe(store.value());
    std::vector<std::size_t> order(copies.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(kSeed));
    std::map<int, std::string> first_of_story;
    std::map<std::string, int> story_of;
    Counts c;
    long hard_false = 0;
    for (std::size_t n = 0; n < order.size(); ++n) {
      const Copy& copy = copies[order[n]];
      Article a;
      a.id = "copy" + std::to_string(order[n]);
      a.canonical_url = "https://feed.test/" + a.id;
      a.content_hash = a.id;
      a.title = copy.text.title;
      a.body_text = copy.text.body;
      a.fetched_at =
          "2026-03-01T10:" + std::to_string(10 + n / 60) + ":" + std::to_string(10 + n % 50) + "Z";
      const auto d = dedupe.check(a);
      ASSERT_EQ(dedupe.delivered(a, d), "");
      story_of[a.id] = copy.story;
      const auto first = first_of_story.find(copy.story);
      if (first == first_of_story.end()) {
        first_of_story[copy.story] = a.id;
        if (d.verdict == DedupeDecision::Verdict::kDuplicate) {
          ++c.fp;  // the first copy of a story joined another story's cluster
          ++hard_false;
        }
        continue;
      }
      // Right when it points at any copy of its own story (the chain may start at a copy
      // that was itself missed).
      if (d.verdict != DedupeDecision::Verdict::kDuplicate)
        ++c.fn;
      else if (story_of[a.duplicate_of->id] == copy.story)
        ++c.tp;
      else
        ++c.fp;
    }
    std::printf(
        "stream of %zu copies of %zu stories: precision %.4f recall %.4f "
        "(tp %ld, fp %ld, fn %ld, new stories taken for others %ld)\n",
        copies.size(), first_of_story.size(), c.precision(), c.recall(), c.tp, c.fp, c.fn,
        hard_false);
    EXPECT_GE(c.precision(), 0.95);
    EXPECT_GE(c.recall(), 0.90);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newswired::testing
