// Fleet mode's shared tables (docs/fleet.md): what was seen, and fetch state.

#include <algorithm>

#include "daemon/cluster/source_table.h"
#include "daemon/ops/log.h"
#include "daemon/runtime/topology_impl.h"
#include "pipeline/dedupe/dedupe_records.h"

namespace newswired {

Outcome<bool> Topology::Impl::start_fleet_tables() {
  const ClusterConfig& cluster = *config.cluster;
  // Compacted by article id, and deleted after the longest a dedupe key is kept: nothing in
  // it outlives what it is there for.
  auto seen =
      FleetTable::start(config,
                        {seen_topic_name(cluster),
                         {{"cleanup.policy", "compact,delete"},
                          {"retention.ms", std::to_string(config.dedupe.id_retention.count())}}},
                        *state, [d = dedupe.get()](auto remote, auto offsets) {
                          return d->apply_remote(remote, std::move(offsets));
                        });
  if (!seen.ok()) return Failure{"shared dedupe state: " + seen.reason()};
  shared_seen = std::move(seen.value());
  auto fetch_state = FleetTable::start(
      config, {fetch_state_topic_name(cluster), {}}, *state, [this](auto remote, auto offsets) {
        return apply_remote_fetch_state(std::move(remote), std::move(offsets));
      });
  if (!fetch_state.ok()) return Failure{"shared fetch state: " + fetch_state.reason()};
  shared_fetch_state = std::move(fetch_state.value());
  return true;
}

namespace {

// Keyed by the article's id key, so that compaction keeps its latest version only.
const std::string& seen_key(const std::vector<StateStore::Write>& writes) {
  const auto id = std::find_if(writes.begin(), writes.end(), [](const auto& w) {
    return w.table == dedupe::kSeenTable && w.key.starts_with("i:");
  });
  return id != writes.end() ? id->key : writes.front().key;
}

}  // namespace

void Topology::Impl::share_seen(const std::vector<const Delivery*>& deliveries) {
  // Exactly-once: written in the articles' own transaction instead (seen_record).
  if (!shared_seen || exactly_once()) return;
  for (const Delivery* d : deliveries)
    if (!d->writes.empty()) shared_seen->publish(seen_key(d->writes), d->writes);
}

std::optional<Record> Topology::Impl::seen_record(
    const std::vector<StateStore::Write>& writes) const {
  if (writes.empty()) return std::nullopt;
  return shared_seen->record(seen_key(writes), writes);
}

Outcome<bool> Topology::Impl::take_over(std::chrono::milliseconds wait) {
  // What the last owner of a source committed must be known here before this instance reads
  // the source: otherwise items it published in the table's lag would be published again.
  return shared_seen->catch_up(wait);
}

std::string Topology::Impl::apply_remote_fetch_state(std::vector<StateStore::Write> remote,
                                                     std::vector<StateStore::Write> offsets) {
  std::erase_if(remote, [](const StateStore::Write& w) { return w.table != kFetchTable; });
  std::vector<StateStore::Write> writes = remote;
  writes.insert(writes.end(), std::make_move_iterator(offsets.begin()),
                std::make_move_iterator(offsets.end()));
  if (auto err = state->put(writes); !err.empty()) return err;
  Fetcher* feed_fetcher = nullptr;
  std::vector<std::pair<std::string, std::string>> owned;  // name, validators JSON
  {
    std::lock_guard lock(sources_mu);
    feed_fetcher = fetcher.get();  // a replaced fetcher stays alive (retired_fetchers)
    for (const auto& w : remote) {
      const bool is_state = w.key.starts_with(kStatePrefix);
      const std::string name = is_state ? w.key.substr(kStatePrefix.size()) : w.key;
      // What the last owner knew is newer than what this instance kept when it let it go.
      left_behind.erase(name);
      if (!is_state && std::any_of(live_sources.begin(), live_sources.end(),
                                   [&](const SourceConfig& s) { return s.name == name; }))
        owned.emplace_back(name, w.value);
    }
  }
  // Outside sources_mu: the fetcher calls back into code that takes it.
  if (!feed_fetcher) return {};
  for (const auto& [name, value] : owned) {
    // Taken over before its first poll here: its first request can be conditional.
    if (!feed_fetcher->validators(name).empty()) continue;
    if (auto v = Validators::from_json(value)) feed_fetcher->set_validators(name, std::move(*v));
  }
  return {};
}

}  // namespace newswired
