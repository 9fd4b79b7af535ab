// The drop directory on its own: which names it takes, when a file counts as complete, and
// where each file goes once it is settled.

#include "daemon/fetch/directory_drop.h"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/daemon/fetch/recorder.h"
#include "tests/support/test_files.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;
using testing::file_names_in;

class DirectoryDropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-drop-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    source_.name = "drop";
    source_.directory = dir_.string();
    source_.done_dir = (dir_ / "done").string();
    source_.failed_dir = (dir_ / "failed").string();
    source_.settle = std::chrono::milliseconds(300);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<DirectoryDrop> drop(std::size_t max_bytes = 1 << 20) {
    return std::make_unique<DirectoryDrop>(
        source_, max_bytes, DirectoryDrop::Callbacks{rec_.sink(), rec_.on_report(), rec_.on_file()},
        std::chrono::milliseconds(0));
  }
  Document* doc_named(const std::string& name) {
    for (auto& d : rec_.docs)
      if (d.url.ends_with("/" + name)) return &d;
    return nullptr;
  }

  fs::path dir_;
  SourceConfig source_;
  testing::FileSourceRecorder rec_;
};

TEST(DirectoryDropNames, DefaultsSkipHiddenAndTemporaryNamesAndPatternsSelect) {
  SourceConfig s;
  EXPECT_TRUE(DirectoryDrop::wanted(s, "story.xml"));
  for (const char* skipped :
       {".story.xml", "story.xml.tmp", "story.part", "story.xml~", "story.filepart"})
    EXPECT_FALSE(DirectoryDrop::wanted(s, skipped)) << skipped;
  s.files = {"*.xml", "AP_*"};
  EXPECT_TRUE(DirectoryDrop::wanted(s, "story.xml"));
  EXPECT_TRUE(DirectoryDrop::wanted(s, "AP_1234.txt"));
  EXPECT_FALSE(DirectoryDrop::wanted(s, "story.json"));
  EXPECT_FALSE(DirectoryDrop::wanted(s, ".hidden.xml"));
}

TEST_F(DirectoryDropTest, EachSettlementPutsTheFileInItsPlace) {
  for (const char* name : {"good.xml", "bad.xml", "later.xml"})
    std::ofstream(dir_ / name) << "<x>" << name << "</x>";
  auto first = drop();  // outlives its documents' settlements, as the daemon's sources do
  first->run(true);
  ASSERT_EQ(rec_.docs.size(), 3u);
  const Document& good = *doc_named("good.xml");
  EXPECT_EQ(good.source.name, "drop");
  EXPECT_EQ(good.body, "<x>good.xml</x>");
  EXPECT_FALSE(good.fetched_at.empty());
  // Nothing moves before it is settled.
  EXPECT_EQ(file_names_in(dir_), (std::set<std::string>{"good.xml", "bad.xml", "later.xml"}));

  doc_named("good.xml")->on_settled({Settlement::Outcome::kDelivered, ""});
  doc_named("bad.xml")->on_settled({Settlement::Outcome::kRejected, "parse: not XML"});
  doc_named("later.xml")->on_settled({Settlement::Outcome::kUndelivered, "broker down"});
  EXPECT_EQ(file_names_in(dir_), std::set<std::string>{"later.xml"});
  EXPECT_EQ(file_names_in(dir_ / "done"), std::set<std::string>{"good.xml"});
  EXPECT_EQ(file_names_in(dir_ / "failed"), (std::set<std::string>{"bad.xml", "bad.xml.reason"}));
  std::ifstream reason(dir_ / "failed" / "bad.xml.reason");
  std::string line;
  std::getline(reason, line);
  EXPECT_EQ(line, "parse: not XML");
  ASSERT_EQ(rec_.events.size(), 3u);

  // The undelivered file is read again; a second good.xml does not overwrite the first.
  std::ofstream(dir_ / "good.xml") << "<x>again</x>";
  rec_.docs.clear();
  fs::last_write_time(dir_ / "good.xml", fs::file_time_type::clock::now() - std::chrono::hours(1));
  auto second = drop();
  second->run(true);
  ASSERT_EQ(rec_.docs.size(), 2u);
  doc_named("good.xml")->on_settled({Settlement::Outcome::kDelivered, ""});
  EXPECT_EQ(file_names_in(dir_ / "done"), (std::set<std::string>{"good.xml", "good.xml.1"}));
}

TEST_F(DirectoryDropTest, TooLargeIsRejectedUnread) {
  std::ofstream(dir_ / "huge.xml") << std::string(2048, 'x');
  auto d = drop(1024);
  d->run(true);
  EXPECT_TRUE(rec_.docs.empty());
  EXPECT_EQ(file_names_in(dir_ / "failed"), (std::set<std::string>{"huge.xml", "huge.xml.reason"}));
  ASSERT_FALSE(rec_.reports.empty());
  EXPECT_EQ(rec_.reports[0].result, FetchReport::Result::kTooLarge);
}

TEST_F(DirectoryDropTest, WatchingTakesFilesRenamedIntoPlaceAndWaitsForQuietOnes) {
  source_.settle = std::chrono::seconds(1);
  auto d = drop();
  std::thread runner([&] { d->run(false); });
  // Files already there when the watch starts wait for quiet like any other.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::ofstream(dir_ / ".incoming.tmp") << "<x>renamed</x>";
  fs::rename(dir_ / ".incoming.tmp", dir_ / "renamed.xml");
  // Written and kept open: only taken once it has been quiet for `settle`.
  std::ofstream open_file(dir_ / "open.xml");
  open_file << "<x>open</x>" << std::flush;
  auto wait_for_docs = [&](std::size_t n) {
    for (int i = 0; i < 150; ++i) {
      {
        std::lock_guard lock(rec_.mu);
        if (rec_.docs.size() >= n) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  ASSERT_TRUE(wait_for_docs(1));
  {
    std::lock_guard lock(rec_.mu);
    EXPECT_TRUE(doc_named("renamed.xml"));
    EXPECT_FALSE(doc_named("open.xml"));
  }
  ASSERT_TRUE(wait_for_docs(2));
  d->stop();
  runner.join();
  EXPECT_EQ(doc_named("open.xml")->body, "<x>open</x>");
}

}  // namespace
}  // namespace newswired
