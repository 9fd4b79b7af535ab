#include "daemon/ops/source_status.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newswired {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

SourceStatus find(const std::vector<SourceStatus>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name == name) return s;
  ADD_FAILURE() << name << " is not in the table";
  return {};
}

TEST(PollHistory, KeepsOnlyTheLatestPollsOldestFirst) {
  PollHistory h;
  const std::size_t pushed = PollHistory::kCapacity + 15;
  for (std::size_t i = 0; i < pushed; ++i)
    h.push({static_cast<std::int64_t>(i), static_cast<std::uint32_t>(i), i % 2 == 0});
  EXPECT_EQ(h.size(), PollHistory::kCapacity);
  const auto polls = h.oldest_first();
  ASSERT_EQ(polls.size(), PollHistory::kCapacity);
  for (std::size_t i = 0; i < polls.size(); ++i) {
    EXPECT_EQ(polls[i].at, static_cast<std::int64_t>(15 + i));
    EXPECT_EQ(polls[i].ok, (15 + i) % 2 == 0);
  }
}

TEST(PollHistory, NewItemsCountForTheLatestPoll) {
  PollHistory h;
  h.add_new_items(5);  // nothing polled yet: nowhere to count them
  EXPECT_EQ(h.size(), 0u);
  h.push({1, 0, true});
  h.push({2, 0, true});
  h.add_new_items(3);
  h.add_new_items(4);
  const auto polls = h.oldest_first();
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_EQ(polls[0].new_items, 0u);
  EXPECT_EQ(polls[1].new_items, 7u);
}

TEST(SourceHealth, FollowsFailuresBackoffAndSilence) {
  SourceStatus s;
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kPending);
  s.last_fetch_at = kNow - 5;
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kOk);
  s.quiet = true;
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kQuiet);
  s.consecutive_failures = 1;
  s.backoff_until = kNow + 60;
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kFailing);  // the first retry is a normal poll
  s.consecutive_failures = 2;
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kBackingOff);
  s.backoff_until = kNow - 1;  // the retry is due
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kFailing);
  s.circuit_open = true;
  EXPECT_EQ(health_of(s, kNow), SourceHealth::kCircuitOpen);
  SourceStatus gone;
  gone.retired = true;
  gone.last_fetch_at = kNow;
  EXPECT_EQ(health_of(gone, kNow), SourceHealth::kRetired);
  EXPECT_EQ(to_string(SourceHealth::kBackingOff), "backing_off");
}

TEST(SourceStatusTable, RecordsPollsStateAndItems) {
  SourceStatusTable t;
  t.set_sources({{"dw", "feed", "https://dw.example/rss"}, {"drop", "directory", "/in"}});
  t.poll_ended("dw", {kNow - 30, false, 503, "http_error", "HTTP 503"});
  t.poll_ended("dw", {kNow - 10, true, 200, "ok", ""});
  t.new_items("dw", 4, kNow - 9);
  t.item_checked("dw", true);
  t.item_checked("dw", false);
  t.item_checked("dw", false);
  t.poll_ended("drop", {kNow - 5, false, 0, "transport_error", "cannot read /in/a.xml"});
  t.poll_ended("drop", {kNow - 4, false, 0, "transport_error", "cannot read /in/b.xml"});
  t.poll_ended("gone", {kNow, false, 0, "transport_error", "x"});  // not configured: ignored

  const auto all = t.snapshot();
  ASSERT_EQ(all.size(), 2u);
  const SourceStatus dw = find(all, "dw");
  EXPECT_EQ(dw.last_fetch_at, kNow - 10);
  EXPECT_EQ(dw.last_http_status, 200);
  EXPECT_EQ(dw.consecutive_failures, 0);
  EXPECT_EQ(dw.last_error, "HTTP 503");  // kept after the recovery, with its time
  EXPECT_EQ(dw.last_error_at, kNow - 30);
  EXPECT_EQ(dw.last_new_at, kNow - 9);
  EXPECT_EQ(dw.items_new, 1u);
  EXPECT_EQ(dw.items_seen, 2u);
  const auto polls = dw.history.oldest_first();
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_FALSE(polls[0].ok);
  EXPECT_EQ(polls[1].new_items, 4u);
  const SourceStatus drop = find(all, "drop");
  EXPECT_EQ(drop.consecutive_failures, 2);
  EXPECT_EQ(drop.last_error, "cannot read /in/b.xml");
  EXPECT_EQ(health_of(drop, kNow), SourceHealth::kFailing);  // no backoff for file sources
}

TEST(SourceStatusTable, FetcherStateOverridesItsOwnCount) {
  SourceStatusTable t;
  t.set_sources({{"dw", "feed", "https://dw.example/rss"}});
  // Restored from the state store: the failures happened before this run.
  t.fetch_state("dw", {6, kNow + 1800, true, false, false, kNow - 7200, "https://dw.example/new"});
  const SourceStatus dw = t.snapshot().at(0);
  EXPECT_EQ(dw.consecutive_failures, 6);
  EXPECT_EQ(dw.backoff_until, kNow + 1800);
  EXPECT_EQ(dw.last_new_at, kNow - 7200);
  EXPECT_EQ(dw.moved_to, "https://dw.example/new");
  EXPECT_EQ(health_of(dw, kNow), SourceHealth::kCircuitOpen);
}

TEST(SourceStatusTable, ReloadKeepsUnchangedSourcesOnly) {
  SourceStatusTable t;
  t.set_sources({{"a", "feed", "https://a.example/"},
                 {"b", "feed", "https://b.example/"},
                 {"c", "feed", "https://c.example/"}});
  for (const char* name : {"a", "b", "c"}) t.poll_ended(name, {kNow, true, 200, "ok", ""});
  t.set_sources({{"a", "feed", "https://a.example/"},   // unchanged
                 {"b", "feed", "https://b2.example/"},  // another URL: another feed
                 {"d", "api", "https://d.example/"}});  // new; c removed
  const auto all = t.snapshot();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(find(all, "a").last_fetch_at, kNow);
  EXPECT_EQ(find(all, "b").last_fetch_at, 0);
  EXPECT_EQ(find(all, "b").url, "https://b2.example/");
  EXPECT_EQ(find(all, "d").kind, "api");
  for (const auto& s : all) EXPECT_NE(s.name, "c");
}

TEST(SourceStatusTable, ConcurrentWritersLoseNothing) {
  SourceStatusTable t;
  t.set_sources({{"a", "feed", "u"}, {"b", "feed", "v"}});
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&t, i] {
      for (int n = 0; n < kPerThread; ++n) {
        t.item_checked(i % 2 ? "a" : "b", n % 3 == 0);
        if (n % 100 == 0) t.poll_ended(i % 2 ? "a" : "b", {kNow + n, true, 200, "ok", ""});
      }
    });
  std::thread reader([&t] {
    for (int n = 0; n < 200; ++n) EXPECT_EQ(t.snapshot().size(), 2u);
  });
  for (auto& th : threads) th.join();
  reader.join();
  std::uint64_t fresh = 0, seen = 0;
  for (const auto& s : t.snapshot()) {
    fresh += s.items_new;
    seen += s.items_seen;
    EXPECT_EQ(s.history.size(), PollHistory::kCapacity);
  }
  const std::uint64_t per_thread_new = (kPerThread + 2) / 3;
  EXPECT_EQ(fresh, 4 * per_thread_new);
  EXPECT_EQ(seen, 4 * (kPerThread - per_thread_new));
}

TEST(WithoutUserinfo, DropsCredentialsOnly) {
  EXPECT_EQ(without_userinfo("https://user:secret@host.example/feed?a=b@c"),
            "https://host.example/feed?a=b@c");
  EXPECT_EQ(without_userinfo("sftp://wire@sftp.example/out/"), "sftp://sftp.example/out/");
  EXPECT_EQ(without_userinfo("https://host.example/a@b"), "https://host.example/a@b");
  EXPECT_EQ(without_userinfo("file:demo/world.xml"), "file:demo/world.xml");
}

}  // namespace
}  // namespace newswired
