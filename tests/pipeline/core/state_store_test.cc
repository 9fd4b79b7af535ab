#include "pipeline/core/state_store.h"

#include <filesystem>

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

TEST(StateStore, UnwritableDirectoryIsAClearFailure) {
  auto store = StateStore::open("/proc/newswired-cannot-be-here", {"seen"});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.reason().find("/proc/newswired-cannot-be-here"), std::string::npos);
}

}  // namespace
}  // namespace newswired
