// Where a source lands in the sources topic: by host, so that one instance owns a host.

#include "daemon/cluster/source_placement.h"

#include <set>

#include <gtest/gtest.h>

namespace newswired {
namespace {

SourceConfig url_source(const std::string& url) {
  SourceConfig s;
  s.url = url;
  return s;
}

TEST(ClusterPlacement, TheKeyIsTheLowercasedHostWithoutPortOrCredentials) {
  EXPECT_EQ(placement_key(url_source("https://Feeds.Example.COM/rss?x=1")), "feeds.example.com");
  EXPECT_EQ(placement_key(url_source("http://feeds.example.com:8080/a.xml")), "feeds.example.com");
  EXPECT_EQ(placement_key(url_source("https://user:pw@api.example.com/v1")), "api.example.com");
  EXPECT_EQ(placement_key(url_source("sftp://wire@drop.example.com:2222/in/")), "drop.example.com");
  EXPECT_EQ(placement_key(url_source("http://[::1]:8080/feed")), "::1");
  EXPECT_EQ(placement_key(url_source("https://example.com")), "example.com");
}

TEST(ClusterPlacement, LocalFilesAndDirectoriesArePlacedByTheirParentDirectory) {
  EXPECT_EQ(placement_key(url_source("file:///srv/feeds/a.xml")), "/srv/feeds");
  EXPECT_EQ(placement_key(url_source("file:///srv/feeds/b.xml")), "/srv/feeds");
  SourceConfig drop;
  drop.directory = "/srv/drop/afp/";
  EXPECT_EQ(placement_key(drop), "/srv/drop");
}

TEST(ClusterPlacement, SameHostSamePartitionWhateverThePortOrCase) {
  const int partitions = 24;
  const auto p = [&](const std::string& url) {
    return partition_for(placement_key(url_source(url)), partitions);
  };
  EXPECT_EQ(p("https://a.example/one"), p("http://A.EXAMPLE:8080/two"));
  EXPECT_EQ(p("https://a.example/one"), p("https://a.example/one"));
}

TEST(ClusterPlacement, StableAcrossReleasesAndMachines) {
  // XXH64 with seed 0, by its published test vectors: what every instance must compute.
  EXPECT_EQ(partition_for("", 1000), static_cast<std::int32_t>(0xef46db3751d8e999ULL % 1000));
  EXPECT_EQ(partition_for("abc", 1000), static_cast<std::int32_t>(0x44bc2cf5ad770999ULL % 1000));
  EXPECT_EQ(partition_for("abc", 7), static_cast<std::int32_t>(0x44bc2cf5ad770999ULL % 7));
}

TEST(ClusterPlacement, HostsSpreadOverEveryPartition) {
  std::set<std::int32_t> used;
  for (int i = 0; i < 2000; ++i) {
    const auto p = partition_for("host" + std::to_string(i) + ".example", 24);
    ASSERT_GE(p, 0);
    ASSERT_LT(p, 24);
    used.insert(p);
  }
  EXPECT_EQ(used.size(), 24u);
}

}  // namespace
}  // namespace newswired
