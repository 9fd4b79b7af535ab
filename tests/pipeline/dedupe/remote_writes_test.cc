// Fleet mode's shared memory: what one instance delivered, applied to another's state
// (Deduplicator::apply_remote), makes the same article, URL, text and story known there.

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "pipeline/dedupe/dedupe_records.h"
#include "pipeline/dedupe/deduplicator.h"

namespace newswired {
namespace {

using Verdict = DedupeDecision::Verdict;

constexpr std::string_view kStory =
    "A fire broke out at a timber yard in the east of the city early on Tuesday, and the fire "
    "service sent twelve engines to fight it. Firefighters needed four hours to bring the "
    "flames under control, and the blaze spread to two warehouses next to the harbour road. "
    "Residents of nearby streets were told to keep windows closed because of heavy smoke. The "
    "cause of the fire was not yet known, a spokeswoman for the service told reporters. Nobody "
    "was hurt, but the harbour road will stay closed until engineers have checked the walls.";

// One instance: its own state directory and dedupe stage.
struct Instance {
  explicit Instance(const std::string& name) {
    dir = (std::filesystem::temp_directory_path() /
           ("nw-remote-" + name + "-" + std::to_string(::getpid())))
              .string();
    std::filesystem::remove_all(dir);
    open();
  }
  ~Instance() {
    dedupe.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
  void open() {
    dedupe.reset();
    store.reset();
    store = StateStore::open(dir, Deduplicator::tables()).value();
    dedupe = std::make_unique<Deduplicator>(store);
  }
  // Checks and delivers; the writes the delivery made, as the shared topic carries them.
  std::vector<StateStore::Write> deliver(Article& a) {
    const auto d = dedupe->check(a);
    EXPECT_NE(d.verdict, Verdict::kSeen);
    Delivery delivery = dedupe->delivery(a, d);
    EXPECT_EQ(dedupe->commit(delivery), "");
    return delivery.writes;
  }

  std::string dir;
  std::shared_ptr<StateStore> store;
  std::unique_ptr<Deduplicator> dedupe;
};

Article story(std::string id, std::string host, std::string body, int version = 1) {
  Article a;
  a.id = std::move(id);
  a.canonical_url = "https://" + host + "/story/" + a.id;
  a.content_hash = "hash-" + a.id + "-" + std::to_string(version);
  a.fetched_at = "2026-03-01T10:00:00Z";
  a.title = "Fire at timber yard";
  a.body_text = std::move(body);
  a.version = version;
  return a;
}

class RemoteWritesTest : public ::testing::Test {
 protected:
  Instance a_{"a"};
  Instance b_{"b"};
};

TEST_F(RemoteWritesTest, AnArticleDeliveredElsewhereIsSeenHere) {
  auto first = story("wire-1", "one.test", std::string(kStory));
  ASSERT_EQ(b_.dedupe->apply_remote(a_.deliver(first)), "");
  auto again = story("wire-1", "one.test", std::string(kStory));
  EXPECT_EQ(b_.dedupe->check(again).verdict, Verdict::kSeen);
  auto same_url = story("other", "one.test", "Short.");
  same_url.canonical_url = first.canonical_url;
  const auto d = b_.dedupe->check(same_url);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "url");
  ASSERT_TRUE(same_url.duplicate_of);
  EXPECT_EQ(same_url.duplicate_of->id, "wire-1");
}

TEST_F(RemoteWritesTest, TheSameStoryFromAnotherHostIsANearDuplicateOfTheRemoteOne) {
  auto first = story("wire-1", "one.test", std::string(kStory));
  ASSERT_EQ(b_.dedupe->apply_remote(a_.deliver(first)), "");
  EXPECT_EQ(b_.dedupe->stats().remembered, 1u);
  auto retold = story("agency-9", "two.test", "(Agency) - " + std::string(kStory) + " More later.");
  const auto d = b_.dedupe->check(retold);
  EXPECT_EQ(d.verdict, Verdict::kDuplicate);
  EXPECT_EQ(d.reason, "near_duplicate");
  ASSERT_TRUE(retold.duplicate_of);
  EXPECT_EQ(retold.duplicate_of->id, "wire-1");
  // Durable: the entry is in b's store under a reference of b's, read back at start.
  b_.dedupe->released(retold, d);
  b_.open();
  EXPECT_EQ(b_.dedupe->stats().remembered, 1u);
}

TEST_F(RemoteWritesTest, ALaterVersionHereIsNotOverwrittenByAnOlderOneFromElsewhere) {
  auto v1 = story("wire-1", "one.test", std::string(kStory));
  const auto old_writes = a_.deliver(v1);
  auto mine = story("wire-1", "one.test", std::string(kStory) + " Update.", 2);
  b_.deliver(mine);
  ASSERT_EQ(b_.dedupe->apply_remote(old_writes), "");
  const auto rec = dedupe::IdRecord::decode(*b_.store->get(dedupe::kSeenTable, "i:wire-1"));
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->version, 2);
  // The other way round the remote version is the later one and replaces it.
  auto v2 = story("wire-1", "one.test", std::string(kStory) + " Update.", 2);
  a_.deliver(v2);
  auto v3 = story("wire-1", "one.test", std::string(kStory) + " Second update.", 3);
  const auto newer_writes = a_.deliver(v3);
  ASSERT_EQ(v3.version, 3);
  ASSERT_EQ(b_.dedupe->apply_remote(newer_writes, {{dedupe::kSeenTable, "marker", "x"}}), "");
  EXPECT_EQ(dedupe::IdRecord::decode(*b_.store->get(dedupe::kSeenTable, "i:wire-1"))->version, 3);
  EXPECT_EQ(b_.store->get(dedupe::kSeenTable, "marker"), "x") << "the caller's writes land too";
}

}  // namespace
}  // namespace newswired
