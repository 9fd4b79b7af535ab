// How well MinHash near-duplicate detection separates copies of one story (as other feeds and
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
#include "pipeline/dedupe/minhash.h"
#include "pipeline/dedupe/shingles.h"
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

// Pairwise and in a stream, by shingle option: the estimated Jaccard similarity of copies of
// one story against different stories of one group (the hard cases), and what LSH banding
// (bands x rows of the signature) with a similarity threshold would find. Prints the table
// docs/dedupe.md quotes; the defaults are chosen from it.
TEST(NearDuplicateQuality, SimilarityAndBandingByOption) {
  const auto groups = groups_or_die();
  const auto copies = all_copies(groups);
  const std::vector<std::pair<const char*, ShingleOptions>> options{{"w1 stop", {1, true}},
                                                                    {"w2 stop", {2, true}},
                                                                    {"w3 stop", {3, true}},
                                                                    {"w2 keep", {2, false}},
                                                                    {"w3 keep", {3, false}}};
  std::vector<std::size_t> order(copies.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(kSeed));
  for (const auto& [name, option] : options) {
    std::vector<MinHash> sig;
    for (const auto& c : copies)
      sig.push_back(*minhash(story_shingles(story_text(c.text.body), option), 1));
    std::vector<double> pos, hard;
    for (std::size_t i = 0; i < copies.size(); ++i)
      for (std::size_t j = i + 1; j < copies.size(); ++j) {
        const double s = minhash_similarity(sig[i], sig[j]);
        if (copies[i].story == copies[j].story)
          pos.push_back(s);
        else if (copies[i].group == copies[j].group)
          hard.push_back(s);
      }
    std::sort(pos.begin(), pos.end());
    std::sort(hard.begin(), hard.end());
    auto q = [](const std::vector<double>& d, double f) {
      return d[static_cast<std::size_t>(f * static_cast<double>(d.size() - 1))];
    };
    std::printf("%-8s positives p1 %.2f p10 %.2f p50 %.2f   hard p50 %.2f p99 %.2f max %.2f\n",
                name, q(pos, 0.01), q(pos, 0.1), q(pos, 0.5), q(hard, 0.5), q(hard, 0.99),
                hard.back());
    for (const auto& [bands, rows] : {std::pair{4, 2}, {5, 2}, {6, 2}, {8, 2}, {10, 3}}) {
      for (const double threshold : {0.25, 0.3, 0.35, 0.4}) {
        Counts c;
        for (std::size_t a = 1; a < order.size(); ++a) {
          double best = -1;
          bool best_same = false, seen_story = false;
          for (std::size_t b = 0; b < a; ++b) {
            const auto& x = sig[order[a]];
            const auto& y = sig[order[b]];
            const bool same = copies[order[a]].story == copies[order[b]].story;
            seen_story |= same;
            bool candidate = false;
            for (int band = 0; band < bands && !candidate; ++band)
              candidate = std::equal(x.begin() + band * rows, x.begin() + (band + 1) * rows,
                                     y.begin() + band * rows);
            const double s = minhash_similarity(x, y);
            if (candidate && s >= threshold && s > best) {
              best = s;
              best_same = same;
            }
          }
          if (best >= 0)
            (best_same ? c.tp : c.fp)++;
          else if (seen_story)
            ++c.fn;
        }
        std::printf(
            "   %2d bands x %d rows, similarity >= %.2f: stream precision %.4f recall %.4f\n",
            bands, rows, threshold, c.precision(), c.recall());
      }
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
