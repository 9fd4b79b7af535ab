#include "daemon/publish/spool_segment.h"

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tests/support/test_files.h"

namespace newswired {
namespace {

using ::testing::HasSubstr;

class SpoolSegmentTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_test_dir("nw-spool-segment"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::vector<std::uint64_t> frames_in(const std::string& path) {
    std::vector<std::uint64_t> seqs;
    auto segment = SpoolSegment::open(
        path, [&](std::uint64_t seq, std::uint64_t, std::uint32_t) { seqs.push_back(seq); });
    EXPECT_TRUE(segment.ok()) << segment.reason();
    return seqs;
  }

  static std::shared_ptr<SpoolSegment> create(const std::string& path) {
    auto segment = SpoolSegment::create(path, 1 << 16);
    EXPECT_TRUE(segment.ok()) << segment.reason();
    return segment.ok() ? segment.value() : nullptr;
  }

  std::filesystem::path dir_;
};

void add(SpoolFrames& frames, std::size_t bytes, char fill) {
  frames.open_frame().append(bytes, fill);
  frames.close_frame();
}

TEST_F(SpoolSegmentTest, FramesReadBackAsWritten) {
  const std::string path = dir_ / "0000000000000064.log";
  auto segment = create(path);
  ASSERT_TRUE(segment);
  SpoolFrames frames;
  add(frames, 10, 'a');
  add(frames, 3000, 'b');
  std::vector<std::uint64_t> offsets;
  const std::vector<std::uint64_t> seqs{100, 101};
  ASSERT_EQ(
      segment->append(frames, seqs, [&](std::size_t, std::uint64_t at) { offsets.push_back(at); }),
      "");
  ASSERT_EQ(offsets.size(), 2u);
  EXPECT_EQ(segment->payload(offsets[1], 3000), std::string(3000, 'b'));
  EXPECT_EQ(segment->written(), frames.bytes());
  EXPECT_EQ(frames_in(path), seqs);
}

// A write that fails halfway (here: the file size limit, as a full disk would) must not leave
// its whole frames behind: after a restart they would be entries nobody was told were spooled.
TEST_F(SpoolSegmentTest, AWriteThatFailsHalfwayLeavesNoFrameBehind) {
  const std::string path = dir_ / "0000000000000001.log";
  auto segment = create(path);
  ASSERT_TRUE(segment);
  SpoolFrames first;
  add(first, 100, 'a');
  const std::vector<std::uint64_t> one{1};
  ASSERT_EQ(segment->append(first, one, [](std::size_t, std::uint64_t) {}), "");

  SpoolFrames batch;  // two whole frames fit under the limit, the third does not
  add(batch, 1000, 'b');
  add(batch, 1000, 'c');
  add(batch, 5000, 'd');
  const std::vector<std::uint64_t> three{2, 3, 4};
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit low = saved;
  low.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &low), 0);
  const std::string err = segment->append(batch, three, [](std::size_t, std::uint64_t) { FAIL(); });
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);

  EXPECT_THAT(err, HasSubstr("cannot write spool file"));
  EXPECT_EQ(frames_in(path), one);

  // The next attempt writes over the lot, from the same place.
  ASSERT_EQ(segment->append(batch, three, [](std::size_t, std::uint64_t) {}), "");
  EXPECT_EQ(frames_in(path), (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace newswired
