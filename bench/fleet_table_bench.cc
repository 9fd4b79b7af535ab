// How fast an instance joining a fleet reads the `seen` table (docs/fleet.md): N articles'
// dedupe writes, as another instance's deliveries make them, are written to a fresh table
// topic; then a FleetTable of a new instance reads it to its end into a new state store through
// Deduplicator::apply_remote, as the daemon does at start. Prints records applied per second.
//
//   fleet_table_bench BOOTSTRAP N

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench/story_paragraphs.h"
#include "daemon/cluster/fleet_table.h"
#include "daemon/publish/changelog.h"
#include "pipeline/dedupe/deduplicator.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The writes of `n` delivered articles of 3-6 paragraphs each.
std::vector<std::vector<StateStore::Write>> deliveries(std::size_t n, const fs::path& dir) {
  const auto paras = story_paragraphs();
  auto store = StateStore::open(dir.string(), Deduplicator::tables()).value();
  Deduplicator dedupe(store);
  std::mt19937 rng(7);
  std::vector<std::vector<StateStore::Write>> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Article a;
    a.id = "urn:bench:" + std::to_string(i);
    a.canonical_url = "https://news.example/" + std::to_string(i);
    a.fetched_at = "2026-11-29T12:00:00Z";
    a.title = "Story " + std::to_string(i);
    for (std::size_t p = 3 + rng() % 4; p > 0; --p)
      a.body_text += paras[rng() % paras.size()] + "\n\n";
    a.body_text += std::to_string(i);
    a.content_hash = std::to_string(std::hash<std::string>{}(a.body_text));
    const auto d = dedupe.check(a);
    out.push_back(dedupe.delivery(a, d).writes);
    dedupe.release(dedupe.delivery(a, d));
  }
  return out;
}

int run(const std::string& bootstrap, std::size_t n) {
  const fs::path dir =
      fs::temp_directory_path() / ("nw-fleet-table-bench-" + std::to_string(getpid()));
  fs::remove_all(dir);
  const auto writes = deliveries(n, dir / "writer");
  const std::string stamp = std::to_string(getpid());
  Config config;
  config.kafka.brokers = {bootstrap};
  config.cluster = ClusterConfig{"bench-" + stamp, 24, "writer", std::chrono::seconds(10)};
  const std::string topic = "bench-seen-" + stamp;
  {
    auto store = StateStore::open((dir / "writer-table").string(), {kFleetOffsetsTable}).value();
    auto writer =
        FleetTable::start(config, {topic, {}}, *store, [](auto, auto) { return std::string(); });
    if (!writer.ok()) {
      std::fprintf(stderr, "%s\n", writer.reason().c_str());
      return 1;
    }
    for (std::size_t i = 0; i < writes.size(); ++i)
      writer.value()->publish("i:urn:bench:" + std::to_string(i), writes[i]);
    writer.value()->flush(std::chrono::seconds(60));
  }
  config.cluster->instance = "joining";
  auto state = StateStore::open((dir / "joining").string(),
                                [] {
                                  auto t = Deduplicator::tables();
                                  t.push_back(kFleetOffsetsTable);
                                  return t;
                                }())
                   .value();
  Deduplicator dedupe(state);
  const auto began = Clock::now();
  auto reader = FleetTable::start(
      config, {topic, {}, std::chrono::minutes(10)}, *state,
      [&](auto remote, auto offsets) { return dedupe.apply_remote(remote, std::move(offsets)); });
  const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.reason().c_str());
    return 1;
  }
  const auto applied = reader.value()->stats().applied;
  std::printf(
      "seen table: %zu records read and applied in %.2f s: %.0f records/s (%zu remembered)\n",
      static_cast<std::size_t>(applied), seconds, static_cast<double>(applied) / seconds,
      dedupe.stats().remembered);
  reader.value().reset();
  fs::remove_all(dir);
  return applied == n ? 0 : 1;
}

}  // namespace
}  // namespace newswired

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fleet_table_bench BOOTSTRAP N\n");
    return 2;
  }
  return newswired::run(argv[1], std::stoul(argv[2]));
}
