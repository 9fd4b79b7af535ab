#include "pipeline/dedupe/deduplicator.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace newswired {
namespace {

using Verdict = DedupeDecision::Verdict;

class DeduplicatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            ("nw-dedupe-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
             std::to_string(::getpid())))
               .string();
    std::filesystem::remove_all(dir_);
    reopen();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void reopen() {
    dedupe_.reset();
    store_.reset();
    auto s = StateStore::open(dir_, Deduplicator::tables());
    ASSERT_TRUE(s.ok()) << s.reason();
    store_ = s.value();
    dedupe_ = std::make_unique<Deduplicator>(store_);
  }
  static Article article(std::string id, std::string url, std::string hash) {
    Article a;
    a.id = std::move(id);
    a.canonical_url = std::move(url);
    a.content_hash = std::move(hash);
    return a;
  }

  std::string dir_;
  std::shared_ptr<StateStore> store_;
  std::unique_ptr<Deduplicator> dedupe_;
};

TEST_F(DeduplicatorTest, NewThenSeenAfterDelivery) {
  auto a = article("id1", "https://x/1", "h1");
  auto d = dedupe_->check(a);
  EXPECT_EQ(d.verdict, Verdict::kNew);
  EXPECT_EQ(dedupe_->delivered(a, d), "");
  auto again = dedupe_->check(a);
  EXPECT_EQ(again.verdict, Verdict::kSeen);
  EXPECT_EQ(again.reason, "id");
}

TEST_F(DeduplicatorTest, InFlightItemIsNotPublishedTwice) {
  auto a = article("id1", "https://x/1", "h1");
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, UndeliveredItemIsForgottenAcrossRestart) {
  auto a = article("id1", "https://x/1", "h1");
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
  reopen();  // crashed before Kafka acknowledged: must be published again
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
}

TEST_F(DeduplicatorTest, DeliveredItemIsRememberedAcrossRestart) {
  auto a = article("id1", "https://x/1", "h1");
  dedupe_->delivered(a, dedupe_->check(a));
  reopen();
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, ReleasedItemCanBeRetried) {
  auto a = article("id1", "https://x/1", "h1");
  auto d = dedupe_->check(a);
  dedupe_->released(a, d);
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
}

TEST_F(DeduplicatorTest, SameUrlUnderOtherIdIsDuplicate) {
  auto first = article("id1", "https://x/story", "h1");
  dedupe_->delivered(first, dedupe_->check(first));
  auto other = article("id2", "https://x/story", "h2");
  auto d = dedupe_->check(other);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "url");
  EXPECT_EQ(d.duplicate_of, "id1");
  // Once the duplicate record is delivered, the same item is simply seen.
  dedupe_->delivered(other, d);
  EXPECT_EQ(dedupe_->check(other).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, SameTextUnderOtherIdAndUrlIsDuplicate) {
  auto first = article("id1", "https://x/a", "same");
  dedupe_->delivered(first, dedupe_->check(first));
  auto d = dedupe_->check(article("id2", "https://y/b", "same"));
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "content_hash");
  EXPECT_EQ(d.duplicate_of, "id1");
}

TEST_F(DeduplicatorTest, DuplicateDoesNotTakeOverTheUrl) {
  auto first = article("id1", "https://x/a", "h1");
  dedupe_->delivered(first, dedupe_->check(first));
  auto dup = article("id2", "https://x/a", "h2");
  dedupe_->delivered(dup, dedupe_->check(dup));
  auto third = dedupe_->check(article("id3", "https://x/a", "h3"));
  EXPECT_EQ(third.duplicate_of, "id1");
}

TEST_F(DeduplicatorTest, EmptyUrlAndHashNeverMatch) {
  dedupe_->delivered(article("id1", "", ""), dedupe_->check(article("id1", "", "")));
  EXPECT_EQ(dedupe_->check(article("id2", "", "")).verdict, Verdict::kNew);
}

}  // namespace
}  // namespace newswired
