#include "daemon/publish/spool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "daemon/publish/embedded_broker.h"
#include "daemon/publish/spool_sender.h"
#include "tests/daemon/publish/kafka_test_util.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

SpoolEntry entry(std::size_t i, std::size_t value_bytes = 10) {
  SpoolEntry e;
  e.role = "articles";
  e.source = "wire";
  e.record = Record{"t",
                    "key-" + std::to_string(i),
                    std::string(value_bytes, 'v'),
                    {{"ce_id", "id-" + std::to_string(i)}}};
  e.on_ack = {{"seen", "i:" + std::to_string(i), "rec", false}, {"expiry", "x", "", true}};
  return e;
}

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_dir("nw-spool");
    open();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void open() {
    store_.reset();
    auto s = StateStore::open(dir_.string(), {Spool::kTable, "seen", "expiry"});
    ASSERT_TRUE(s.ok()) << s.reason();
    store_ = s.value();
  }
  std::uint64_t append(Spool& spool, const SpoolEntry& e) {
    return spool.append(
        e, [] { return false; }, [](const std::string&) {});
  }

  std::filesystem::path dir_;
  std::shared_ptr<StateStore> store_;
};

TEST_F(SpoolTest, EntryRoundTripsAndForeignBytesAreRefused) {
  SpoolEntry e = entry(7);
  e.record.headers.emplace_back("empty", "");
  e.record.value = std::string("bin\0ary", 7);
  auto back = SpoolEntry::decode(e.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->role, "articles");
  EXPECT_EQ(back->source, "wire");
  EXPECT_EQ(back->record.key, "key-7");
  EXPECT_EQ(back->record.value, e.record.value);
  EXPECT_EQ(back->record.headers, e.record.headers);
  ASSERT_EQ(back->on_ack.size(), 2u);
  EXPECT_EQ(back->on_ack[0].key, "i:7");
  EXPECT_FALSE(back->on_ack[0].erase);
  EXPECT_TRUE(back->on_ack[1].erase);

  auto meta = SpoolEntry::decode_without_value(e.encode());
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->record.key, "key-7");
  EXPECT_TRUE(meta->record.value.empty());
  ASSERT_EQ(meta->on_ack.size(), 2u);
  EXPECT_EQ(meta->on_ack[0].key, "i:7");

  // Into a record that held another one: nothing of the earlier one is left.
  Record reused{"old-topic", "old-key", "old value", {{"a", "1"}, {"b", "2"}, {"c", "3"}}, 2};
  ASSERT_TRUE(SpoolEntry::decode_record(e.encode(), reused));
  EXPECT_EQ(reused.topic, "t");
  EXPECT_EQ(reused.key, "key-7");
  EXPECT_EQ(reused.value, e.record.value);
  EXPECT_EQ(reused.headers, e.record.headers);
  EXPECT_EQ(reused.partition, -1);

  // The value pointed to where it stands in the entry's bytes, not copied.
  const std::string bytes = e.encode();
  std::string_view value;
  ASSERT_TRUE(SpoolEntry::decode_record(bytes, reused, &value));
  EXPECT_EQ(value, e.record.value);
  EXPECT_GE(value.data(), bytes.data());
  EXPECT_LE(value.data() + value.size(), bytes.data() + bytes.size());
  EXPECT_TRUE(reused.value.empty());
  EXPECT_EQ(reused.key, "key-7");
  EXPECT_EQ(reused.headers, e.record.headers);

  EXPECT_FALSE(SpoolEntry::decode_record("\x02" + bytes.substr(1), reused));
  EXPECT_FALSE(SpoolEntry::decode(bytes.substr(0, bytes.size() - 1)));
  EXPECT_FALSE(SpoolEntry::decode(bytes + "x"));
  EXPECT_FALSE(SpoolEntry::decode("\x02" + bytes.substr(1)));
  EXPECT_FALSE(SpoolEntry::decode(""));
}

TEST_F(SpoolTest, EntriesSurviveAReopenInOrderAndNumbersKeepGrowing) {
  std::vector<std::uint64_t> seqs;
  {
    Spool spool(store_, 1 << 20);
    for (std::size_t i = 1; i <= 3; ++i) seqs.push_back(append(spool, entry(i)));
    EXPECT_LT(seqs[0], seqs[1]);
    EXPECT_LT(seqs[1], seqs[2]);
    ASSERT_EQ(store_->put({Spool::erase_write(seqs[1])}), "");
    spool.erased(seqs[1]);
    EXPECT_EQ(spool.records(), 2u);
  }
  open();  // a restart: only the store is left
  {
    Spool spool(store_, 1 << 20);
    EXPECT_EQ(spool.records(), 2u);
    EXPECT_EQ(spool.bytes(), entry(1).encode().size() + entry(3).encode().size());
    auto first = spool.next_after(0, 0ms);
    ASSERT_TRUE(first && first->entry);
    EXPECT_EQ(first->seq, seqs[0]);
    EXPECT_EQ(first->entry->record.key, "key-1");
    auto second = spool.next_after(first->seq, 0ms);
    ASSERT_TRUE(second && second->entry);
    EXPECT_EQ(second->seq, seqs[2]);
    EXPECT_FALSE(spool.next_after(seqs[2], 0ms));
    ASSERT_EQ(spool.discard(seqs[0]), "");
    ASSERT_EQ(spool.discard(seqs[2]), "");
  }
  // Emptied, then reopened: numbering still goes on, so no old number ever names a new entry.
  open();
  Spool spool(store_, 1 << 20);
  EXPECT_EQ(spool.records(), 0u);
  EXPECT_GT(append(spool, entry(4)), seqs[2]);
}

TEST_F(SpoolTest, FullSpoolMakesTheWriterWaitUntilAnEntryIsErased) {
  const std::size_t one = entry(1, 1000).encode().size();
  Spool spool(store_, 2 * one);
  const std::uint64_t first = append(spool, entry(1, 1000));
  ASSERT_NE(first, 0u);
  ASSERT_NE(append(spool, entry(2, 1000)), 0u);
  EXPECT_TRUE(spool.full());

  // Giving up at once: nothing written, and the reason is told.
  std::string why;
  EXPECT_EQ(spool.append(
                entry(3, 1000), [] { return false; }, [&](const std::string& w) { why = w; }),
            0u);
  EXPECT_THAT(why, HasSubstr("full"));
  EXPECT_EQ(spool.records(), 2u);

  std::atomic<int> waits{0};
  auto writer = std::async(std::launch::async, [&] {
    return spool.append(
        entry(3, 1000), [] { return true; }, [&](const std::string&) { ++waits; });
  });
  EXPECT_EQ(writer.wait_for(300ms), std::future_status::timeout) << "wrote past the limit";
  EXPECT_EQ(waits, 1);
  ASSERT_EQ(spool.discard(first), "");
  ASSERT_EQ(writer.wait_for(5s), std::future_status::ready);
  EXPECT_GT(writer.get(), first);
  EXPECT_EQ(spool.records(), 2u);
}

TEST_F(SpoolTest, AnEntryLargerThanTheLimitStillGoesThroughAnEmptySpool) {
  Spool spool(store_, 100);
  EXPECT_NE(append(spool, entry(1, 5000)), 0u);
  EXPECT_EQ(append(spool, entry(2, 10)), 0u);
}

TEST_F(SpoolTest, AppendAllWritesTogetherInOrderOrOneByOneWhenRoomIsShort) {
  const std::size_t one = entry(1, 1000).encode().size();
  Spool spool(store_, 5 * one);
  std::vector<SpoolEntry> three{entry(1, 1000), entry(2, 1000), entry(3, 1000)};
  std::vector<const SpoolEntry*> ptrs;
  for (const auto& e : three) ptrs.push_back(&e);
  std::vector<std::pair<std::size_t, std::uint64_t>> assigned;
  const auto seqs = spool.append_all(
      ptrs, [] { return false; }, [](const std::string&) {},
      [&](std::size_t i, std::uint64_t seq) { assigned.emplace_back(i, seq); });
  ASSERT_EQ(seqs.size(), 3u);
  EXPECT_LT(seqs[0], seqs[1]);
  EXPECT_LT(seqs[1], seqs[2]);
  EXPECT_EQ(assigned, (std::vector<std::pair<std::size_t, std::uint64_t>>{
                          {0, seqs[0]}, {1, seqs[1]}, {2, seqs[2]}}));
  EXPECT_EQ(spool.records(), 3u);
  auto read = spool.next_after(seqs[0], 0ms);
  ASSERT_TRUE(read && read->entry);
  EXPECT_EQ(read->entry->record.key, "key-2");

  // Room for two of three: those two go in, the third waits and is given up.
  std::string why;
  const auto more = spool.append_all(
      ptrs, [] { return false; }, [&](const std::string& w) { why = w; },
      [](std::size_t, std::uint64_t) {});
  EXPECT_NE(more[0], 0u);
  EXPECT_NE(more[1], 0u);
  EXPECT_EQ(more[2], 0u);
  EXPECT_THAT(why, HasSubstr("full"));
  EXPECT_EQ(spool.records(), 5u);
}

TEST_F(SpoolTest, ErasedEntriesAreSkippedWhereverTheyAre) {
  Spool spool(store_, 1 << 20);
  std::vector<std::uint64_t> seqs;
  for (std::size_t i = 0; i < 5; ++i) seqs.push_back(append(spool, entry(i)));
  const std::vector<std::uint64_t> middle{seqs[1], seqs[3]};
  ASSERT_EQ(store_->put({Spool::erase_write(seqs[1]), Spool::erase_write(seqs[3])}), "");
  spool.erased(middle);
  EXPECT_EQ(spool.records(), 3u);
  EXPECT_EQ(spool.bytes(), 3 * entry(0).encode().size());
  const auto left = spool.take_after(0, 10, 0ms);
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left[0].seq, seqs[0]);
  EXPECT_EQ(left[1].seq, seqs[2]);
  EXPECT_EQ(left[2].seq, seqs[4]);
  EXPECT_EQ(spool.take_after(seqs[0], 1, 0ms).at(0).seq, seqs[2]);
  EXPECT_FALSE(spool.entry(seqs[1]));
  auto kept = spool.entry(seqs[2]);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->record.key, "key-2");
  EXPECT_TRUE(kept->record.value.empty()) << "a report needs the entry, not its record";
  EXPECT_EQ(kept->on_ack.size(), 2u);
  ASSERT_EQ(spool.discard(seqs[0]), "");
  spool.erased(seqs[0]);  // again: nothing happens
  EXPECT_EQ(spool.records(), 2u);
  EXPECT_EQ(spool.next_after(0, 0ms)->seq, seqs[2]);
}

TEST_F(SpoolTest, AReaderWaitsForTheNextEntry) {
  Spool spool(store_, 1 << 20);
  auto reader = std::async(std::launch::async, [&] { return spool.next_after(0, 5s); });
  std::this_thread::sleep_for(100ms);
  const std::uint64_t seq = append(spool, entry(1));
  auto next = reader.get();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->seq, seq);
  EXPECT_FALSE(spool.next_after(seq, 50ms));
}

std::vector<std::filesystem::path> spool_files(const std::filesystem::path& state_dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::directory_iterator(state_dir / "spool"))
    files.push_back(f.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(SpoolTest, AFrameCutShortByACrashEndsTheFileAndTheRestIsKept) {
  std::vector<std::uint64_t> seqs;
  {
    Spool spool(store_, 1 << 20);
    for (std::size_t i = 1; i <= 3; ++i) seqs.push_back(append(spool, entry(i, 500)));
  }
  const auto files = spool_files(dir_);
  ASSERT_EQ(files.size(), 1u);
  // The third frame loses its last bytes, as a kill in the middle of its write would leave it.
  const std::size_t frame = entry(1, 500).encode().size() + SpoolSegment::kFrameHeader;
  {
    std::ifstream in(files[0], std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fill(bytes.begin() + static_cast<long>(3 * frame - 10), bytes.end(), '\0');
    std::ofstream(files[0], std::ios::binary | std::ios::trunc) << bytes;
  }
  open();
  Spool spool(store_, 1 << 20);
  EXPECT_TRUE(spool.problems().empty());
  EXPECT_EQ(spool.records(), 2u);
  auto second = spool.next_after(seqs[0], 0ms);
  ASSERT_TRUE(second && second->entry);
  EXPECT_EQ(second->entry->record.key, "key-2");
  EXPECT_FALSE(spool.next_after(seqs[1], 0ms));
  EXPECT_GT(append(spool, entry(4)), seqs[2]);
}

TEST_F(SpoolTest, AFileGoesWhenAllItsEntriesAreErasedAndItsMarksAfterIt) {
  Spool spool(store_, 64 << 20);  // files of 8 MiB
  std::vector<std::uint64_t> seqs;
  for (std::size_t i = 1; i <= 9; ++i) seqs.push_back(append(spool, entry(i, (1 << 20) - 1024)));
  ASSERT_EQ(spool_files(dir_).size(), 2u) << "eight entries of almost 1 MiB fill the first file";
  for (std::size_t i = 0; i < 7; ++i) ASSERT_EQ(spool.discard(seqs[i]), "");
  EXPECT_EQ(spool_files(dir_).size(), 2u) << "an entry still lives in the first file";
  EXPECT_EQ(store_->count(Spool::kTable), 7u);
  ASSERT_EQ(spool.discard(seqs[7]), "");
  EXPECT_EQ(spool_files(dir_).size(), 1u);
  EXPECT_EQ(store_->count(Spool::kTable), 0u) << "the marks go with their file";
  auto last = spool.next_after(0, 0ms);
  ASSERT_TRUE(last && last->entry);
  EXPECT_EQ(last->seq, seqs[8]);
  EXPECT_EQ(last->entry->record.key, "key-9");
}

TEST_F(SpoolTest, AFileThatGoesTakesOnlyItsOwnMarks) {
  constexpr std::size_t kBig = (1 << 20) - 1024;  // eight fill a file
  std::vector<std::uint64_t> seqs;
  {
    Spool spool(store_, 64 << 20);  // files of 8 MiB
    for (std::size_t i = 11; i <= 26; ++i) seqs.push_back(append(spool, entry(i, kBig)));
    // The first file keeps one entry; the second, the one appended to, is emptied and goes
    // when the next entry needs a file of its own.
    for (std::size_t i = 0; i < 16; ++i) {
      if (i == 7) continue;
      ASSERT_EQ(spool.discard(seqs[i]), "");
    }
    seqs.push_back(append(spool, entry(27, kBig)));
    EXPECT_EQ(spool_files(dir_).size(), 2u);
    EXPECT_EQ(store_->count(Spool::kTable), 7u) << "the first file's marks must stay";
  }
  open();
  Spool spool(store_, 64 << 20);
  EXPECT_EQ(spool.records(), 2u) << "erased entries came back";
  const auto left = spool.take_after(0, 10, 0ms);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].entry->record.key, "key-18");
  EXPECT_EQ(left[1].entry->record.key, "key-27");
}

TEST_F(SpoolTest, AFileWhoseEntriesWereAllErasedGoesAtTheNextStart) {
  {
    Spool spool(store_, 1 << 20);
    ASSERT_EQ(spool.discard(append(spool, entry(1))), "");
  }
  EXPECT_EQ(spool_files(dir_).size(), 1u) << "the file appended to stays while it has room";
  open();
  Spool spool(store_, 1 << 20);
  EXPECT_EQ(spool.records(), 0u);
  EXPECT_TRUE(spool_files(dir_).empty());
  EXPECT_EQ(store_->count(Spool::kTable), 0u);
}

TEST_F(SpoolTest, EntriesAnEarlierVersionKeptInTheStoreAreMovedIntoTheLog) {
  const std::uint64_t old_seq = 42;
  std::string key(8, '\0');
  key[7] = static_cast<char>(old_seq);
  ASSERT_EQ(store_->put({{Spool::kTable, key, entry(1).encode()}}), "");
  std::uint64_t seq = 0;
  {
    Spool spool(store_, 1 << 20);
    EXPECT_TRUE(spool.problems().empty());
    EXPECT_EQ(spool.records(), 1u);
    EXPECT_EQ(store_->count(Spool::kTable), 0u) << "the store's copy goes once the log has it";
    auto moved = spool.next_after(0, 0ms);
    ASSERT_TRUE(moved && moved->entry);
    EXPECT_EQ(moved->seq, old_seq);
    EXPECT_EQ(moved->entry->record.key, "key-1");
    seq = append(spool, entry(2));
    EXPECT_GT(seq, old_seq);
  }
  open();
  Spool spool(store_, 1 << 20);
  EXPECT_EQ(spool.records(), 2u);
  ASSERT_TRUE(spool.next_after(0, 0ms));
  EXPECT_EQ(spool.next_after(0, 0ms)->seq, old_seq);
}

TEST_F(SpoolTest, AFileThatCannotBeReadIsToldAndKeepsItsMarks) {
  {
    Spool spool(store_, 1 << 20);
    const std::uint64_t seq = append(spool, entry(1));
    append(spool, entry(2));
    ASSERT_EQ(spool.discard(seq), "");
  }
  std::filesystem::create_directory(dir_ / "spool" / "0000000000000001.log");
  open();
  Spool spool(store_, 1 << 20);
  ASSERT_EQ(spool.problems().size(), 1u);
  EXPECT_THAT(spool.problems()[0], HasSubstr("0000000000000001.log"));
  EXPECT_EQ(spool.records(), 1u) << "the readable file is still taken over";
  EXPECT_EQ(store_->count(Spool::kTable), 1u);
}

// The sender against librdkafka's mock cluster: in order, through an outage, nothing lost.
class SpoolSenderTest : public SpoolTest {
 protected:
  struct Seen {
    std::mutex mu;
    std::vector<std::uint64_t> ok;
    std::vector<std::string> failed;
  };
};

TEST_F(SpoolSenderTest, SendsInOrderAndKeepsEntriesThroughABrokerOutage) {
  auto broker = EmbeddedBroker::start({"t"}, 1);
  ASSERT_TRUE(broker.ok()) << broker.reason();
  rd_kafka_mock_cluster_t* mock = broker.value()->mock_cluster();
  KafkaConfig config;
  auto publisher = KafkaPublisher::create(config, broker.value()->bootstrap());
  ASSERT_TRUE(publisher.ok()) << publisher.reason();
  Spool spool(store_, 1 << 20);
  ASSERT_EQ(rd_kafka_mock_broker_set_down(mock, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::vector<std::uint64_t> expected;
  for (std::size_t i = 1; i <= 20; ++i) expected.push_back(append(spool, entry(i)));

  Seen seen;
  std::atomic<bool> give_up{false};
  SpoolSender sender(
      spool, *publisher.value(),
      [&](std::uint64_t seq, SpoolEntry&& e, const DeliveryReport& r) {
        std::lock_guard lock(seen.mu);
        if (!r.ok) {
          seen.failed.push_back(r.error);
          return;
        }
        EXPECT_TRUE(e.record.value.empty()) << "the sender keeps no copy of what Kafka has";
        EXPECT_EQ(e.on_ack.size(), 2u);
        seen.ok.push_back(seq);
        ASSERT_EQ(store_->put({Spool::erase_write(seq)}), "");
        spool.erased(seq);
      },
      [](std::uint64_t) { ADD_FAILURE() << "unreadable entry"; }, &give_up);
  std::this_thread::sleep_for(1500ms);
  {
    std::lock_guard lock(seen.mu);
    EXPECT_TRUE(seen.ok.empty());
    EXPECT_TRUE(seen.failed.empty()) << seen.failed.front();
  }
  EXPECT_EQ(spool.records(), 20u) << "entries must stay spooled while Kafka is away";
  ASSERT_EQ(rd_kafka_mock_broker_set_up(mock, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  for (int i = 0; i < 200 && spool.records() > 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(spool.records(), 0u);
  sender.stop();
  // The last report may still be inside spool.erased() on the poll thread, and `spool` goes
  // before `publisher`: every callback must have returned.
  EXPECT_EQ(publisher.value()->flush(5s), 0);
  EXPECT_EQ(seen.ok, expected);
  const auto consumed = testing::consume_all(broker.value()->bootstrap(), "t", 1);
  ASSERT_EQ(consumed.size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) EXPECT_EQ(consumed[i].key, "key-" + std::to_string(i + 1));
}

TEST_F(SpoolSenderTest, PurgedRecordsAreReportedRetriableAndStaySpooled) {
  auto broker = EmbeddedBroker::start({"t"}, 1);
  ASSERT_TRUE(broker.ok()) << broker.reason();
  ASSERT_EQ(rd_kafka_mock_broker_set_down(broker.value()->mock_cluster(), 1),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  auto publisher = KafkaPublisher::create(KafkaConfig{}, broker.value()->bootstrap());
  ASSERT_TRUE(publisher.ok()) << publisher.reason();
  Spool spool(store_, 1 << 20);
  for (std::size_t i = 1; i <= 5; ++i) append(spool, entry(i));
  std::atomic<int> retriable{0};
  std::atomic<bool> give_up{false};
  SpoolSender sender(
      spool, *publisher.value(),
      [&](std::uint64_t, SpoolEntry&&, const DeliveryReport& r) {
        EXPECT_FALSE(r.ok);
        if (r.retriable) ++retriable;
      },
      [](std::uint64_t) {}, &give_up);
  for (int i = 0; i < 100 && publisher.value()->in_flight() < 5; ++i)
    std::this_thread::sleep_for(20ms);
  give_up = true;
  sender.stop();
  publisher.value()->purge();
  EXPECT_EQ(retriable, 5);
  EXPECT_EQ(spool.records(), 5u);
}

}  // namespace
}  // namespace newswired
