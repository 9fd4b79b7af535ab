#include "pipeline/dedupe/deduplicator.h"

#include <cstdio>
#include <ctime>
#include <filesystem>

#include <gtest/gtest.h>

#include "pipeline/dedupe/dedupe_records.h"

namespace newswired {
namespace {

using Verdict = DedupeDecision::Verdict;

// Long enough for a fingerprint: well over the minimum of distinct shingles.
const char* kStory =
    "Firefighters battled a blaze at a timber yard in the northern port town through the "
    "night, the regional fire service reported. Crews from four districts were called in as "
    "flames spread to two warehouses next to the harbour road. Residents of nearby streets "
    "were told to keep windows closed because of heavy smoke. The cause of the fire was not "
    "yet known, a spokeswoman for the service told reporters at the scene. Nobody was hurt, "
    "but the harbour road will stay closed until engineers have checked the warehouse walls.";

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
  void reopen(DedupeOptions options = {}) {
    dedupe_.reset();
    store_.reset();
    auto s = StateStore::open(dir_, Deduplicator::tables());
    ASSERT_TRUE(s.ok()) << s.reason();
    store_ = s.value();
    dedupe_ = std::make_unique<Deduplicator>(store_, options);
  }
  static Article article(std::string id, std::string url, std::string hash,
                         std::string fetched_at = "2026-03-01T10:00:00Z") {
    Article a;
    a.id = std::move(id);
    a.canonical_url = std::move(url);
    a.content_hash = std::move(hash);
    a.fetched_at = std::move(fetched_at);
    return a;
  }
  static Article story(std::string id, std::string body,
                       std::string fetched_at = "2026-03-01T10:00:00Z") {
    Article a = article(id, "https://" + id + ".test/story", "hash-" + id, std::move(fetched_at));
    a.title = "Fire at timber yard";
    a.body_text = std::move(body);
    return a;
  }
  // Check and, unless it is seen, deliver; returns the decision.
  DedupeDecision publish(Article& a) {
    auto d = dedupe_->check(a);
    if (d.verdict != Verdict::kSeen) {
      EXPECT_EQ(dedupe_->delivered(a, d), "");
    }
    return d;
  }

  std::string dir_;
  std::shared_ptr<StateStore> store_;
  std::unique_ptr<Deduplicator> dedupe_;
};

TEST(DedupeRecords, UnixSecondsAgreesWithTimegm) {
  auto by_timegm = [](int y, int mo, int d, int h, int mi, int s) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return static_cast<std::int64_t>(timegm(&tm));
  };
  EXPECT_EQ(dedupe::unix_seconds("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(dedupe::unix_seconds("2015-05-12T14:03:00Z"), 1431439380);
  char text[64];
  for (const int y : {1600, 1899, 1969, 1970, 2000, 2024, 2026, 2100, 2400, 9999})
    for (int mo = 1; mo <= 12; ++mo)
      for (const int d : {0, 1, 28, 29, 30, 31, 45, 99})
        for (const int h : {0, 13, 24, 99}) {
          std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:59:60+02:00", y, mo, d, h);
          EXPECT_EQ(dedupe::unix_seconds(text), by_timegm(y, mo, d, h, 59, 60)) << text;
        }
  // Other forms sscanf reads: the general path.
  EXPECT_EQ(dedupe::unix_seconds("2015-5-12T14:03:00Z"), 1431439380);
  EXPECT_EQ(dedupe::unix_seconds(" 2015-05-12T14:03:00Z"), 1431439380);
  EXPECT_EQ(dedupe::unix_seconds("2015-13-01T00:00:00Z"), by_timegm(2015, 13, 1, 0, 0, 0));
  EXPECT_FALSE(dedupe::unix_seconds("2015-05-12 14:03:00").has_value());
  EXPECT_FALSE(dedupe::unix_seconds("").has_value());
}

TEST_F(DeduplicatorTest, NewThenSeenAfterDelivery) {
  auto a = article("id1", "https://x/1", "h1");
  auto d = dedupe_->check(a);
  EXPECT_EQ(d.verdict, Verdict::kNew);
  EXPECT_EQ(a.cluster_id, "id1");
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(dedupe_->delivered(a, d), "");
  auto again = article("id1", "https://x/1", "h1");
  auto seen = dedupe_->check(again);
  EXPECT_EQ(seen.verdict, Verdict::kSeen);
  EXPECT_EQ(seen.reason, "id");
}

TEST_F(DeduplicatorTest, InFlightItemIsNotPublishedTwice) {
  auto a = article("id1", "https://x/1", "h1");
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, UndeliveredItemIsForgottenAcrossRestart) {
  auto a = story("id1", kStory);
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
  reopen();  // crashed before Kafka acknowledged: must be published again
  auto b = story("id2", kStory);
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
  EXPECT_EQ(dedupe_->check(b).verdict, Verdict::kDuplicate);  // a is in flight again
}

TEST_F(DeduplicatorTest, DeliveredItemIsRememberedAcrossRestart) {
  auto a = article("id1", "https://x/1", "h1");
  publish(a);
  reopen();
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, ReleasedItemCanBeRetried) {
  auto a = story("id1", kStory);
  auto d = dedupe_->check(a);
  dedupe_->released(a, d);
  EXPECT_EQ(dedupe_->check(a).verdict, Verdict::kNew);
}

TEST_F(DeduplicatorTest, SameUrlUnderOtherIdIsDuplicate) {
  auto first = article("id1", "https://x/story", "h1");
  publish(first);
  auto other = article("id2", "https://x/story", "h2");
  auto d = publish(other);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "url");
  ASSERT_TRUE(other.duplicate_of);
  EXPECT_EQ(other.duplicate_of->id, "id1");
  EXPECT_EQ(other.duplicate_of->reason, "url");
  EXPECT_EQ(other.duplicate_of->similarity, 1.0);
  EXPECT_EQ(other.cluster_id, "id1");
  // Once the duplicate record is delivered, the same item is simply seen.
  auto again = article("id2", "https://x/story", "h2");
  EXPECT_EQ(dedupe_->check(again).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, SameTextUnderOtherIdAndUrlIsDuplicate) {
  auto first = article("id1", "https://x/a", "same");
  publish(first);
  auto second = article("id2", "https://y/b", "same");
  auto d = dedupe_->check(second);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "content_hash");
  EXPECT_EQ(second.duplicate_of->id, "id1");
}

TEST_F(DeduplicatorTest, DuplicateDoesNotTakeOverTheUrl) {
  auto first = article("id1", "https://x/a", "h1");
  publish(first);
  auto dup = article("id2", "https://x/a", "h2");
  publish(dup);
  auto third = article("id3", "https://x/a", "h3");
  dedupe_->check(third);
  EXPECT_EQ(third.duplicate_of->id, "id1");
}

TEST_F(DeduplicatorTest, EmptyUrlAndHashNeverMatch) {
  auto a = article("id1", "", "");
  publish(a);
  auto b = article("id2", "", "");
  EXPECT_EQ(dedupe_->check(b).verdict, Verdict::kNew);
}

TEST_F(DeduplicatorTest, ChangedContentIsANewVersionRememberedAcrossRestart) {
  auto v1 = article("id1", "https://x/a", "h1", "2026-03-01T10:00:00Z");
  publish(v1);
  auto v2 = article("id1", "https://x/a", "h2", "2026-03-01T11:00:00Z");
  auto d = publish(v2);
  EXPECT_EQ(d.verdict, Verdict::kUpdate);
  EXPECT_EQ(to_string(d.verdict), "updated");
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.updated_at, "2026-03-01T11:00:00Z");  // no date of its own: fetched_at
  EXPECT_EQ(v2.cluster_id, "id1");
  EXPECT_FALSE(v2.duplicate_of);

  reopen();
  auto same = article("id1", "https://x/a", "h2", "2026-03-01T12:00:00Z");
  EXPECT_EQ(dedupe_->check(same).verdict, Verdict::kSeen);
  auto v3 = article("id1", "https://x/a", "h3", "2026-03-01T13:00:00Z");
  v3.updated_at = "2026-03-01T12:59:00Z";
  EXPECT_EQ(publish(v3).verdict, Verdict::kUpdate);
  EXPECT_EQ(v3.version, 3);
  EXPECT_EQ(v3.updated_at, "2026-03-01T12:59:00Z");
}

TEST_F(DeduplicatorTest, UndeliveredVersionIsOfferedAgain) {
  auto v1 = article("id1", "https://x/a", "h1");
  publish(v1);
  auto v2 = article("id1", "https://x/a", "h2");
  auto d = dedupe_->check(v2);
  dedupe_->released(v2, d);
  auto retry = article("id1", "https://x/a", "h2");
  EXPECT_EQ(dedupe_->check(retry).verdict, Verdict::kUpdate);
  EXPECT_EQ(retry.version, 2);
}

TEST_F(DeduplicatorTest, RetoldStoryFromAnotherFeedIsNearDuplicate) {
  auto first = story("wire1", kStory);
  publish(first);
  std::string retold = std::string("(Agency) - ") + kStory + " Reporting by A. Writer.";
  auto copy = story("wire2", retold, "2026-03-01T12:00:00Z");
  auto d = publish(copy);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "near_duplicate");
  ASSERT_TRUE(copy.duplicate_of);
  EXPECT_EQ(copy.duplicate_of->id, "wire1");
  EXPECT_GE(copy.duplicate_of->similarity, 0.8);
  EXPECT_LT(copy.duplicate_of->similarity, 1.0);
  EXPECT_EQ(copy.cluster_id, "wire1");

  // A third copy joins the story's cluster even after a restart (index rebuilt from state).
  reopen();
  EXPECT_EQ(dedupe_->stats().remembered, 2u);
  auto third =
      story("wire3", std::string("(Other Agency) - ") + kStory + " Reporting by A. Writer.",
            "2026-03-01T13:00:00Z");
  EXPECT_EQ(publish(third).verdict, Verdict::kDuplicate);
  EXPECT_EQ(third.cluster_id, "wire1");
  ASSERT_TRUE(third.duplicate_of);
  EXPECT_EQ(third.duplicate_of->id, "wire1");
}

TEST_F(DeduplicatorTest, CopiesInFlightTogetherStillMatch) {
  auto first = story("wire1", kStory);
  auto copy = story("wire2", std::string(kStory) + " More follows.");
  EXPECT_EQ(dedupe_->check(first).verdict, Verdict::kNew);
  EXPECT_EQ(dedupe_->check(copy).verdict, Verdict::kDuplicate);
}

// A spooled delivery outlives a restart: its keys are held again before it is acknowledged,
// and committing it then leaves the same state as delivered() would have.
TEST_F(DeduplicatorTest, SpooledDeliveryIsHeldAcrossARestartUntilCommitted) {
  auto first = story("wire1", kStory);
  const auto d = dedupe_->check(first);
  ASSERT_EQ(d.verdict, Verdict::kNew);
  ASSERT_NE(d.near_ref, 0u);
  Delivery spooled = dedupe_->delivery(first, d);
  spooled.near_ref = 0;  // what the spool keeps is the writes; the reference comes from them
  reopen();
  dedupe_->reserve(spooled);
  EXPECT_EQ(spooled.near_ref, d.near_ref);
  auto again = story("wire1", kStory);
  EXPECT_EQ(dedupe_->check(again).verdict, Verdict::kSeen) << "in flight since before";
  auto same_url = article("other", "https://wire1.test/story", "other-hash");
  EXPECT_EQ(dedupe_->check(same_url).verdict, Verdict::kDuplicate);
  auto retold = story("wire2", std::string("(Agency) - ") + kStory, "2026-03-01T12:00:00Z");
  const auto near = dedupe_->check(retold);
  EXPECT_EQ(near.reason, "near_duplicate");
  // A new reservation does not take the spooled entry's reference.
  EXPECT_GT(near.near_ref, spooled.near_ref);
  dedupe_->released(retold, near);

  ASSERT_EQ(dedupe_->commit(spooled, {{dedupe::kSeenTable, "marker", "x"}}), "");
  EXPECT_EQ(store_->get(dedupe::kSeenTable, "marker"), "x") << "the extra write lands too";
  reopen();
  EXPECT_EQ(dedupe_->stats().remembered, 1u);
  auto later = story("wire1", kStory);
  EXPECT_EQ(dedupe_->check(later).verdict, Verdict::kSeen);
}

// A batch of acknowledgements lands in one transaction, with the caller's own writes.
TEST_F(DeduplicatorTest, CommitAllRecordsEveryDeliveryOfABatch) {
  std::vector<Article> articles;
  std::vector<Delivery> deliveries;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    articles.push_back(article("id" + n, "https://x/" + n, "h" + n));
    const auto d = dedupe_->check(articles.back());
    ASSERT_EQ(d.verdict, Verdict::kNew);
    deliveries.push_back(dedupe_->delivery(articles.back(), d));
  }
  auto story_a = story("wire1", kStory);
  const auto near = dedupe_->check(story_a);
  ASSERT_NE(near.near_ref, 0u);
  deliveries.push_back(dedupe_->delivery(story_a, near));
  std::vector<const Delivery*> batch;
  for (const auto& d : deliveries) batch.push_back(&d);
  ASSERT_EQ(dedupe_->commit_all(batch, {{dedupe::kSeenTable, "marker", "x"}}), "");
  reopen();
  EXPECT_EQ(store_->get(dedupe::kSeenTable, "marker"), "x");
  EXPECT_EQ(dedupe_->stats().remembered, 1u) << "the story's signature is durable";
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    auto again = article("id" + n, "https://x/" + n, "h" + n);
    EXPECT_EQ(dedupe_->check(again).verdict, Verdict::kSeen) << n;
  }
  auto story_again = story("wire1", kStory);
  EXPECT_EQ(dedupe_->check(story_again).verdict, Verdict::kSeen);
}

TEST_F(DeduplicatorTest, ReleasedSpooledDeliveryFreesItsKeys) {
  auto first = story("wire1", kStory);
  const auto d = dedupe_->check(first);
  Delivery spooled = dedupe_->delivery(first, d);
  reopen();
  dedupe_->reserve(spooled);
  dedupe_->release(spooled);
  auto again = story("wire1", kStory);
  EXPECT_EQ(dedupe_->check(again).verdict, Verdict::kNew);
}

TEST_F(DeduplicatorTest, ShortTextsAreNotFingerprinted) {
  auto a = story("a", "Storm closes harbour road.");
  auto b = story("b", "Storm closes harbour road again.");
  publish(a);
  EXPECT_EQ(publish(b).verdict, Verdict::kNew);
  EXPECT_EQ(dedupe_->stats().fingerprinted, 0u);
}

TEST_F(DeduplicatorTest, NearDuplicatesOutsideTheWindowAreNew) {
  DedupeOptions o;
  o.window = std::chrono::hours(72);
  reopen(o);
  auto first = story("wire1", kStory, "2026-03-01T10:00:00Z");
  publish(first);
  auto late = story("wire2", kStory, "2026-03-04T10:00:01Z");
  late.content_hash = "other";
  EXPECT_EQ(publish(late).verdict, Verdict::kNew);
  EXPECT_EQ(late.cluster_id, "wire2");
}

// Rows read once are kept for later lookups: a kept row counts only while its story is in the
// window, like a row read from the store.
TEST_F(DeduplicatorTest, KeptRowsMatchLikeStoredOnesAndExpireWithThem) {
  auto first = story("wire1", kStory, "2026-03-01T10:00:00Z");
  publish(first);
  const std::string retold = std::string("(Agency) - ") + kStory + " Reporting by A. Writer.";
  auto second = story("wire2", retold, "2026-03-01T12:00:00Z");
  ASSERT_EQ(publish(second).verdict, Verdict::kDuplicate);  // reads and keeps wire1's row
  const double retold_similarity = second.duplicate_of->similarity;
  ASSERT_LT(retold_similarity, 1.0);
  auto third = story("wire3", kStory, "2026-03-01T13:00:00Z");
  ASSERT_EQ(publish(third).verdict, Verdict::kDuplicate);  // reads and keeps wire2's row
  EXPECT_EQ(third.duplicate_of->similarity, 1.0) << "wire1's kept row, the same text";
  // wire1 and wire2 are out of the window now, wire3 not yet: the retold copy matches wire3's
  // text, not wire2's kept row of the same text.
  auto fourth = story("wire4", retold, "2026-03-04T12:30:00Z");
  ASSERT_EQ(publish(fourth).verdict, Verdict::kDuplicate);
  EXPECT_EQ(fourth.duplicate_of->id, "wire1") << "wire3's cluster";
  EXPECT_EQ(fourth.duplicate_of->similarity, retold_similarity);
}

TEST_F(DeduplicatorTest, ExpiredEntriesAreSweptFromStateAndIndex) {
  auto first = story("wire1", kStory, "2026-03-01T10:00:00Z");
  publish(first);
  EXPECT_EQ(dedupe_->stats().remembered, 1u);
  EXPECT_EQ(store_->count("seen"), 3u);
  // Well past the window (but not the id retention): the story's keys and fingerprint go.
  auto later = article("other", "https://x/other", "h-other", "2026-03-10T10:00:00Z");
  publish(later);
  EXPECT_EQ(dedupe_->stats().remembered, 0u);
  EXPECT_EQ(store_->count("minhash"), 0u);
  EXPECT_FALSE(store_->get("seen", "u:https://wire1.test/story"));
  EXPECT_TRUE(store_->get("seen", "i:wire1"));
  // Past the id retention the id goes too: the item would be new again.
  auto much_later = article("x2", "https://x/2", "h-x2", "2026-04-15T10:00:00Z");
  publish(much_later);
  EXPECT_FALSE(store_->get("seen", "i:wire1"));
}

TEST_F(DeduplicatorTest, AUrlDeliveredAgainOutlivesItsFirstExpiry) {
  // Delivered on the 1st; a new version on the 3rd writes the URL key again. Its first
  // expiry (the 4th) must not take away the key the 3rd wrote (it lasts to the 6th).
  auto v1 = article("id1", "https://x/story", "h1", "2026-03-01T10:00:00Z");
  publish(v1);
  auto v2 = article("id1", "https://x/story", "h2", "2026-03-03T10:00:00Z");
  EXPECT_EQ(publish(v2).verdict, Verdict::kUpdate);
  auto unrelated = article("other", "https://x/other", "h-other", "2026-03-05T10:00:00Z");
  publish(unrelated);  // sweeps what expired by the 5th
  EXPECT_TRUE(store_->get("seen", "u:https://x/story"));
  auto copy = article("id2", "https://x/story", "h3", "2026-03-05T11:00:00Z");
  EXPECT_EQ(publish(copy).verdict, Verdict::kDuplicate);
}

TEST_F(DeduplicatorTest, DisabledNearDuplicatesLeaveStoriesNew) {
  DedupeOptions o;
  o.near_duplicate_similarity = 0;
  reopen(o);
  auto first = story("wire1", kStory);
  publish(first);
  auto copy = story("wire2", std::string(kStory) + " More follows.");
  EXPECT_EQ(publish(copy).verdict, Verdict::kNew);
}

}  // namespace
}  // namespace newswired

namespace newswired {
namespace {

class WireDeduplicatorTest : public DeduplicatorTest {
 protected:
  static Article wire(std::string id, std::string hash, std::string version,
                      std::string status = "usable") {
    Article a = story(id, kStory);
    a.content_hash = std::move(hash);
    a.wire = WireInfo{};
    a.wire->version = std::move(version);
    a.wire->pub_status = std::move(status);
    return a;
  }
};

TEST_F(WireDeduplicatorTest, AnOlderWireVersionNeverReplacesANewerOne) {
  auto v3 = wire("w1", "h3", "3");
  EXPECT_EQ(publish(v3).verdict, Verdict::kNew);
  auto v2 = wire("w1", "h2", "2");  // delivered late, out of order
  const auto late = publish(v2);
  EXPECT_EQ(late.verdict, Verdict::kSeen);
  EXPECT_EQ(late.reason, "older_version");
  auto v4 = wire("w1", "h4", "4");
  EXPECT_EQ(publish(v4).verdict, Verdict::kUpdate);
  EXPECT_EQ(v4.version, 2);  // our count of delivered versions; the wire's stays in wire.version
  // Across a restart too.
  reopen();
  auto v3_again = wire("w1", "h3", "3");
  EXPECT_EQ(publish(v3_again).reason, "older_version");
}

TEST_F(WireDeduplicatorTest, KillGoesOutOnceAndWithdrawsTheStoryForGood) {
  auto v1 = wire("w1", "h1", "1");
  publish(v1);
  auto kill = wire("w1", "h1", "2", "canceled");
  const auto k = publish(kill);
  EXPECT_EQ(k.verdict, Verdict::kKill);
  EXPECT_EQ(k.reason, "kill");
  EXPECT_EQ(kill.version, 2);
  EXPECT_EQ(kill.cluster_id, "w1");
  // The same kill again, a later usable copy, even a newer wire version: never live again.
  for (auto later : {wire("w1", "h1", "2", "canceled"), wire("w1", "h9", "5")}) {
    const auto d = publish(later);
    EXPECT_EQ(d.verdict, Verdict::kSeen);
    EXPECT_EQ(d.reason, "withdrawn");
  }
  reopen();
  auto after_restart = wire("w1", "h10", "6");
  EXPECT_EQ(publish(after_restart).reason, "withdrawn");
  // Another feed retelling the killed story is a duplicate (not published as live).
  auto retold = story("other-feed", std::string("(Agency) - ") + kStory);
  EXPECT_EQ(publish(retold).verdict, Verdict::kDuplicate);
}

TEST_F(WireDeduplicatorTest, AWithdrawnIdOutlivesTheIdRetention) {
  auto v1 = wire("w1", "h1", "1");
  publish(v1);
  auto kill = wire("w1", "h1", "2", "canceled");
  ASSERT_EQ(publish(kill).verdict, Verdict::kKill);
  // 60 days on, well past the 30-day id retention and after sweeps have run.
  auto other = article("x", "https://x/x", "hx", "2026-04-30T10:00:00Z");
  publish(other);
  auto late = wire("w1", "h9", "7");
  late.fetched_at = "2026-04-30T11:00:00Z";
  const auto d = publish(late);
  EXPECT_EQ(d.verdict, Verdict::kSeen);
  EXPECT_EQ(d.reason, "withdrawn");
}

TEST_F(WireDeduplicatorTest, KillOfAnItemNeverDeliveredStillGoesOut) {
  auto kill = wire("w9", "h1", "1", "withheld");
  EXPECT_EQ(publish(kill).verdict, Verdict::kKill);
  auto copy = wire("w9", "h2", "2");
  EXPECT_EQ(publish(copy).reason, "withdrawn");
}

TEST_F(WireDeduplicatorTest, UndeliveredKillIsOfferedAgain) {
  auto v1 = wire("w1", "h1", "1");
  publish(v1);
  auto kill = wire("w1", "h1", "2", "canceled");
  auto d = dedupe_->check(kill);
  ASSERT_EQ(d.verdict, Verdict::kKill);
  dedupe_->released(kill, d);
  auto retry = wire("w1", "h1", "2", "canceled");
  EXPECT_EQ(dedupe_->check(retry).verdict, Verdict::kKill);
}

}  // namespace
}  // namespace newswired
