// The sources and what polls them, built at start and again on SIGHUP. A reload reads the
// file anew; a file with errors is refused whole and the running sources go on. Otherwise the
// fetcher and the file sources are replaced between two polls: documents already fetched stay
// in the pipeline and settle as usual, and what a source knew (validators, backoff, moved URL)
// carries over when its name and URL stay the same.

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "daemon/cluster/source_table.h"
#include "daemon/config/config_loader.h"
#include "daemon/ops/log.h"
#include "daemon/ops/systemd_notify.h"
#include "daemon/runtime/tagging.h"
#include "daemon/runtime/topology_impl.h"

namespace newswired {
namespace {

// Settings a running daemon cannot take over: they shape what exists for its whole life.
std::vector<std::string> needs_restart(const Config& now, const Config& next) {
  std::vector<std::pair<std::string, bool>> changed = {
      {"kafka.brokers", now.kafka.brokers != next.kafka.brokers},
      {"kafka.topics", now.kafka.topics.articles != next.kafka.topics.articles ||
                           now.kafka.topics.duplicates != next.kafka.topics.duplicates ||
                           now.kafka.topics.dead_letter != next.kafka.topics.dead_letter ||
                           now.kafka.topics.kills != next.kafka.topics.kills ||
                           now.kafka.topics.changelog != next.kafka.topics.changelog},
      {"kafka.producer", now.kafka.producer != next.kafka.producer},
      {"kafka.transactional_id", now.kafka.transactional_id != next.kafka.transactional_id},
      {"delivery", now.delivery != next.delivery},
      {"state_dir", now.state_dir != next.state_dir},
      {"metrics.listen", now.metrics.listen != next.metrics.listen},
      {"pipeline.queue_capacity", now.pipeline.queue_capacity != next.pipeline.queue_capacity},
      {"spool.max_size", now.spool.max_bytes != next.spool.max_bytes},
      {"dedupe",
       now.dedupe.window != next.dedupe.window ||
           now.dedupe.near_duplicate_similarity != next.dedupe.near_duplicate_similarity ||
           now.dedupe.min_shingles != next.dedupe.min_shingles ||
           now.dedupe.id_retention != next.dedupe.id_retention},
      {"normalize.tracking_params",
       now.normalize.tracking_params != next.normalize.tracking_params},
      {"tagging.dir", now.tagging.dir != next.tagging.dir},
      {"cluster",
       now.cluster.has_value() != next.cluster.has_value() ||
           (now.cluster && (now.cluster->group != next.cluster->group ||
                            now.cluster->instance != next.cluster->instance ||
                            now.cluster->session_timeout != next.cluster->session_timeout))},
  };
  std::vector<std::string> out;
  for (const auto& [key, differs] : changed)
    if (differs) out.push_back(key);
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

Fetcher& Topology::Impl::feeds() {
  std::lock_guard lock(sources_mu);
  return *fetcher;
}

void Topology::Impl::build_sources(const Config& c) {
  std::vector<SourceConfig> feed_sources;
  for (const auto& s : c.sources)
    if (transport_of(s) == Transport::kFeed) feed_sources.push_back(s);
  auto next = std::make_unique<Fetcher>(
      c.fetch, std::move(feed_sources),
      Fetcher::Callbacks{
          [this](Document&& d) { docs.push(std::move(d)); },
          [this](const FetchReport& r) { on_report(r); },
          [this](const FetchEvent& e) { on_event(e); },
          [this](const std::string& source, const SourceState& st) { on_state(source, st); }});
  std::vector<const SourceConfig*> unknown;  // new to this instance: their state is in the store
  std::unique_lock lock(sources_mu);
  if (fetcher) {
    for (const auto& s : live_sources)
      if (transport_of(s) == Transport::kFeed)
        left_behind[s.name] = {fetcher->state(s.name), fetcher->validators(s.name)};
    // What an earlier fetcher learnt carries over; set_state ignores it if the URL changed.
    for (const auto& s : c.sources) {
      if (transport_of(s) != Transport::kFeed) continue;
      const auto known = left_behind.find(s.name);
      if (known == left_behind.end()) {
        unknown.push_back(&s);
        continue;
      }
      next->set_state(s.name, known->second.first);
      next->set_validators(s.name, known->second.second);
    }
    retired_fetchers.push_back(std::move(fetcher));
  }
  fetcher = std::move(next);
  for (auto& source : document_sources) retired_sources.push_back(std::move(source));
  document_sources.clear();
  live_sources = c.sources;
  live_fetch = c.fetch;
  track_status(c);
  Fetcher& fresh = *fetcher;
  // Unlocked: loading a state updates its metrics, which read the sources under the lock. The
  // new fetcher does not run yet, and nothing else replaces it meanwhile (one thread swaps).
  lock.unlock();
  for (const SourceConfig* s : unknown) load_fetch_state(*s, fresh);
  lock.lock();
  start_document_sources(c);
}

void Topology::Impl::start_fetching(bool once) {
  fetch_done = false;
  std::vector<DocumentSource*> sources;
  Fetcher* feed_fetcher = nullptr;
  {
    std::lock_guard lock(sources_mu);
    for (auto& s : document_sources) sources.push_back(s.get());
    feed_fetcher = fetcher.get();
  }
  fetch_thread = std::thread([this, sources, feed_fetcher, once] {
    std::vector<std::thread> files;
    for (DocumentSource* source : sources)
      files.emplace_back([source, once] { source->run(once); });
    if (once)
      feed_fetcher->run_once();
    else
      feed_fetcher->run();
    for (auto& t : files) t.join();
    fetch_done = true;
  });
}

void Topology::Impl::stop_fetching(bool finished) {
  std::vector<DocumentSource*> sources;
  Fetcher* feed_fetcher = nullptr;
  {
    std::lock_guard lock(sources_mu);
    for (auto& s : document_sources) sources.push_back(s.get());
    feed_fetcher = fetcher.get();
  }
  fetch_stopping = true;
  feed_fetcher->stop();
  // A source that finished its one pass is not stopped: FTP/SFTP folders still delete what
  // settles during the drain.
  if (!finished)
    for (DocumentSource* source : sources) source->stop();
  if (fetch_thread.joinable()) fetch_thread.join();
  fetch_stopping = false;
}

void Topology::Impl::swap_sources(const Config& next) {
  // Between two polls: transfers in flight are cut short and polled again by the new fetcher.
  stop_fetching(false);
  build_sources(next);
  set_source_flags(next);
  start_fetching(false);
}

void Topology::Impl::apply_sources(std::vector<SourceConfig> sources) {
  Config next = config;
  {
    std::lock_guard lock(sources_mu);
    next.fetch = live_fetch;
  }
  next.sources = std::move(sources);
  swap_sources(next);
}

void Topology::Impl::take_assignment() {
  std::optional<OwnedSources> owned;
  {
    std::lock_guard lock(owned_mu);
    owned.swap(owned_pending);
  }
  if (!owned) return;
  std::string partitions;
  for (const auto p : owned->partitions)
    partitions += (partitions.empty() ? "" : ", ") + std::to_string(p);
  const std::size_t n = owned->sources.size();
  log::info({.stage = "cluster"}, "owning {} sources on partitions [{}]", n, partitions);
  apply_sources(std::move(owned->sources));
  polling = true;
  systemd::status("polling " + std::to_string(n) + " sources");
}

void Topology::Impl::reload() {
  systemd::reloading();
  auto loaded = load_config_file(config.path, process_env());
  if (!loaded.ok()) {
    metrics.config_reloads("failed").Increment();
    log::error({.stage = "config", .error = loaded.reason()},
               "SIGHUP: {} not reloaded, the running configuration stays", config.path);
    systemd::ready();
    return;
  }
  Config& next = loaded.value();
  if (auto fixed = needs_restart(config, next); !fixed.empty())
    log::warn({.stage = "config"}, "SIGHUP: changes to {} take effect at the next restart",
              joined(fixed));
  if (rule_tagger) reload_tag_rules(*rule_tagger);
  if (fleet()) {
    {
      std::lock_guard lock(sources_mu);
      next.sources = live_sources;
    }
    swap_sources(next);
    metrics.config_reloads("ok").Increment();
    log::info({.stage = "config"},
              "SIGHUP: {} reloaded; its sources are not read in fleet mode, they come from {}",
              config.path, sources_topic_name(*config.cluster));
    systemd::ready();
    return;
  }

  std::size_t added = 0, removed = 0, changed = 0;
  {
    std::lock_guard lock(sources_mu);
    for (const auto& s : next.sources) {
      auto old = std::find_if(live_sources.begin(), live_sources.end(),
                              [&](const SourceConfig& o) { return o.name == s.name; });
      if (old == live_sources.end()) {
        ++added;
      } else if (old->url != s.url || old->directory != s.directory ||
                 old->interval != s.interval || old->format != s.format) {
        ++changed;
      }
    }
    for (const auto& o : live_sources)
      if (std::none_of(next.sources.begin(), next.sources.end(),
                       [&](const SourceConfig& s) { return s.name == o.name; }))
        ++removed;
  }
  swap_sources(next);
  metrics.config_reloads("ok").Increment();
  log::info({.stage = "config"},
            "SIGHUP: {} reloaded: {} sources ({} added, {} removed, {} changed)", config.path,
            next.sources.size(), added, removed, changed);
  systemd::status("polling " + std::to_string(next.sources.size()) + " sources");
  systemd::ready();
}

}  // namespace newswired
