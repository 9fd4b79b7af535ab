#include "pipeline/core/state_store.h"

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newswired {
namespace {

std::string temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("nw-state-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(StateStore, WritesSurviveReopen) {
  const auto dir = temp_dir("reopen");
  {
    auto store = StateStore::open(dir, {"seen", "fetch"});
    ASSERT_TRUE(store.ok()) << store.reason();
    EXPECT_EQ(store.value()->put({{"seen", "a", "1"}, {"fetch", "a", "etag"}}), "");
    EXPECT_EQ(store.value()->get("seen", "a"), "1");
  }
  auto store = StateStore::open(dir, {"seen", "fetch"});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(store.value()->get("seen", "a"), "1");
  EXPECT_EQ(store.value()->get("fetch", "a"), "etag");
  EXPECT_FALSE(store.value()->get("seen", "b").has_value());
  EXPECT_EQ(store.value()->count("seen"), 1u);
  std::filesystem::remove_all(dir);
}

TEST(StateStore, TablesAreSeparate) {
  const auto dir = temp_dir("tables");
  auto store = StateStore::open(dir, {"seen", "fetch"});
  ASSERT_TRUE(store.ok());
  store.value()->put({{"seen", "k", "v"}});
  EXPECT_FALSE(store.value()->get("fetch", "k").has_value());
  std::filesystem::remove_all(dir);
}

// An append that turns out not to be after the last key is written where it belongs, in the
// same transaction as the rest.
TEST(StateStore, AnAppendBeforeTheLastKeyIsStillWritten) {
  const auto dir = temp_dir("append");
  auto store = StateStore::open(dir, {"spool"});
  ASSERT_TRUE(store.ok());
  StateStore& s = *store.value();
  ASSERT_EQ(s.put({{"spool", "b", "2", false, true}, {"spool", "c", "3", false, true}}), "");
  ASSERT_EQ(s.put({{"spool", "a", "1", false, true}, {"spool", "c", "4", false, true}}), "");
  std::vector<std::pair<std::string, std::string>> all;
  s.scan("spool", "", [&](std::string_view k, std::string_view v) {
    all.emplace_back(k, v);
    return true;
  });
  EXPECT_EQ(all,
            (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}, {"c", "4"}}));
  std::filesystem::remove_all(dir);
}

TEST(StateStore, SnapshotReadsManyKeysOfSeveralTables) {
  const auto dir = temp_dir("snapshot-many");
  auto store = StateStore::open(dir, {"seen", "fetch"});
  ASSERT_TRUE(store.ok()) << store.reason();
  std::vector<StateStore::Write> writes;
  for (int i = 0; i < 200; ++i)
    writes.push_back({"seen", "k" + std::to_string(i), "value " + std::to_string(i)});
  writes.push_back({"fetch", "k7", "etag"});
  ASSERT_EQ(store.value()->put(writes), "");

  const StateStore::Snapshot snap = store.value()->snapshot();
  // Out of key order and back again: each read finds its own key.
  for (int i : {150, 3, 199, 0, 42, 41, 43, 120}) {
    auto v = snap.get("seen", "k" + std::to_string(i));
    ASSERT_TRUE(v.has_value()) << i;
    EXPECT_EQ(*v, "value " + std::to_string(i));
  }
  EXPECT_FALSE(snap.get("seen", "k200").has_value());
  EXPECT_FALSE(snap.get("seen", "").has_value());
  EXPECT_EQ(snap.get("fetch", "k7"), "etag");
  EXPECT_FALSE(snap.get("fetch", "k8").has_value());
  EXPECT_EQ(snap.get("seen", "k7"), "value 7");
  std::filesystem::remove_all(dir);
}

TEST(StateStore, SnapshotDoesNotSeeLaterWrites) {
  const auto dir = temp_dir("snapshot-isolated");
  auto store = StateStore::open(dir, {"seen"});
  ASSERT_TRUE(store.ok()) << store.reason();
  auto& s = *store.value();
  ASSERT_EQ(s.put({{"seen", "a", "old"}, {"seen", "b", "gone soon"}}), "");
  const StateStore::Snapshot before = s.snapshot();
  const std::string_view a_before = before.get("seen", "a").value();
  ASSERT_EQ(s.put({{"seen", "a", "new"}, {"seen", "b", "", true}, {"seen", "c", "added"}}), "");

  EXPECT_EQ(a_before, "old");  // the view stays valid while its snapshot lives
  EXPECT_EQ(before.get("seen", "a"), "old");
  EXPECT_EQ(before.get("seen", "b"), "gone soon");
  EXPECT_FALSE(before.get("seen", "c").has_value());
  const StateStore::Snapshot after = s.snapshot();
  EXPECT_EQ(after.get("seen", "a"), "new");
  EXPECT_FALSE(after.get("seen", "b").has_value());
  EXPECT_EQ(after.get("seen", "c"), "added");
  EXPECT_EQ(s.get("seen", "a"), "new");
  std::filesystem::remove_all(dir);
}

TEST(StateStore, ReadsOutnumberingLmdbReaderSlotsKeepWorking) {
  // LMDB has 126 reader slots: a read transaction that leaked its slot would make reads fail
  // long before this many.
  const auto dir = temp_dir("snapshot-slots");
  auto store = StateStore::open(dir, {"seen"});
  ASSERT_TRUE(store.ok()) << store.reason();
  auto& s = *store.value();
  for (int round = 0; round < 50; ++round) {
    ASSERT_EQ(s.put({{"seen", "round", std::to_string(round)}}), "");
    std::vector<StateStore::Snapshot> held;  // more at once than are kept for reuse
    for (int i = 0; i < 20; ++i) held.push_back(s.snapshot());
    for (const auto& snap : held) ASSERT_EQ(snap.get("seen", "round"), std::to_string(round));
    ASSERT_EQ(s.get("seen", "round"), std::to_string(round));
    ASSERT_EQ(s.count("seen"), 1u);
  }
  std::filesystem::remove_all(dir);
}

TEST(StateStore, SnapshotCanBeReadOnAnotherThread) {
  const auto dir = temp_dir("snapshot-thread");
  auto store = StateStore::open(dir, {"seen"});
  ASSERT_TRUE(store.ok()) << store.reason();
  ASSERT_EQ(store.value()->put({{"seen", "k", "v"}}), "");
  StateStore::Snapshot snap = store.value()->snapshot();
  std::optional<std::string> seen;
  std::thread reader([&, moved = std::move(snap)] {
    if (auto v = moved.get("seen", "k")) seen = std::string(*v);
  });
  reader.join();
  EXPECT_EQ(seen, "v");
  EXPECT_FALSE(snap.get("seen", "k").has_value());  // moved from: an empty snapshot
  std::filesystem::remove_all(dir);
}

TEST(StateStore, UnwritableDirectoryIsAClearFailure) {
  auto store = StateStore::open("/proc/newswired-cannot-be-here", {"seen"});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.reason().find("/proc/newswired-cannot-be-here"), std::string::npos);
}

}  // namespace
}  // namespace newswired
