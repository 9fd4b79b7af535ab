// What the sources report (logs, metrics), the sources beside the feed fetcher, and the state
// the fetcher keeps between runs.

#include "daemon/fetch/api_source.h"
#include "daemon/fetch/directory_drop.h"
#include "daemon/ops/log.h"
#include "daemon/ops/version.h"
#include "daemon/runtime/topology_impl.h"

namespace newswired {
namespace {

std::int64_t unix_now() {
  return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
}

std::string_view kind_of(const SourceConfig& s) {
  switch (transport_of(s)) {
    case Transport::kFeed:
      return "feed";
    case Transport::kDirectory:
      return "directory";
    case Transport::kRemoteFolder:
      return "remote_folder";
    case Transport::kApi:
      return "api";
  }
  return "feed";
}

FetchStateView status_view(const SourceState& st) {
  return {st.consecutive_failures, st.not_before,   st.circuit_open, st.retired, st.quiet,
          st.last_new_at,          st.effective_url};
}

}  // namespace

void Topology::Impl::on_report(const FetchReport& r) {
  const auto result = to_string(r.result);
  metrics.fetches(r.source, result, r.http_status).Increment();
  metrics.fetch_duration(r.source).Observe(r.seconds);
  metrics.fetch_bytes(r.source).Increment(static_cast<double>(r.wire_bytes));
  const bool ok =
      r.result == FetchReport::Result::kOk || r.result == FetchReport::Result::kNotModified;
  if (!(fetch_stopping && r.result == FetchReport::Result::kTransportError))
    status.poll_ended(r.source, {unix_now(), ok, r.http_status, std::string(result), r.error});
  switch (r.result) {
    case FetchReport::Result::kOk:
    case FetchReport::Result::kNotModified:
      metrics.last_success(r.source).SetToCurrentTime();
      log::debug(r.source, "fetched: {} ({} bytes, {:.3f}s)", result, r.bytes, r.seconds);
      break;
    default:
      // How long it took is in newswired_fetch_duration_seconds.
      log::warn({.source = r.source, .stage = "fetch", .error = r.error}, "fetch failed");
  }
}

void Topology::Impl::on_event(const FetchEvent& e) {
  using K = FetchEvent::Kind;
  metrics.fetch_events(e.source, to_string(e.kind)).Increment();
  switch (e.kind) {
    case K::kMoved:
      log::warn({.source = e.source, .stage = "fetch"},
                "moved permanently: polling {} from now on (update the config)", e.detail);
      break;
    case K::kGone:
      log::error({.source = e.source, .stage = "fetch"},
                 "410 GONE: the feed was removed; it is retired and will not be polled again "
                 "(remove it from the config, or delete its state to retry)");
      break;
    case K::kCircuitOpened:
      log::error(
          {.source = e.source, .stage = "fetch", .error = e.detail},
          "circuit opened after {} failures in a row, probing again in {}s at the earliest",
          config.fetch.circuit_failures,
          std::chrono::duration_cast<std::chrono::seconds>(config.fetch.circuit_cooldown).count());
      break;
    case K::kCircuitProbe:
      log::info({.source = e.source, .stage = "fetch"}, "circuit half-open: probing {}", e.detail);
      break;
    case K::kCircuitClosed:
      log::info({.source = e.source, .stage = "fetch"}, "circuit closed: the feed answers again");
      break;
    case K::kQuiet:
      log::warn({.source = e.source, .stage = "fetch"},
                "quiet: no new items for several of its usual gaps");
      break;
    case K::kActive:
      log::info({.source = e.source, .stage = "fetch"}, "publishing again after a quiet spell");
      break;
  }
}

void Topology::Impl::on_state(const std::string& source, const SourceState& st) {
  state_metrics(source, st);
  status.fetch_state(source, status_view(st));
  // Unlike validators, this state is safe to keep at any time: it never hides an item.
  const std::vector<StateStore::Write> write{
      {kFetchTable, std::string(kStatePrefix) + source, st.to_json()}};
  if (auto err = state->put(write); !err.empty())
    log::error({.source = source, .stage = "state", .error = err}, "could not save fetch state");
  if (shared_fetch_state) shared_fetch_state->publish(write.front().key, write);
}

void Topology::Impl::state_metrics(const std::string& source, const SourceState& st) {
  metrics.consecutive_failures(source).Set(st.consecutive_failures);
  metrics.circuit_open(source).Set(st.circuit_open ? 1 : 0);
  metrics.retired(source).Set(st.retired ? 1 : 0);
  metrics.quiet(source).Set(st.quiet ? 1 : 0);
  std::lock_guard lock(sources_mu);
  for (const auto& s : live_sources) {
    if (s.name != source) continue;
    const auto b = bounds_for(live_fetch, s);
    const auto interval = st.learned_interval.count() > 0 ? st.learned_interval : b.interval;
    metrics.poll_interval(source).Set(std::chrono::duration<double>(interval).count());
  }
}

void Topology::Impl::track_status(const Config& c) {
  std::vector<SourceStatusTable::Identity> ids;
  ids.reserve(c.sources.size());
  for (const auto& s : c.sources)
    ids.push_back({s.name, std::string(kind_of(s)),
                   without_userinfo(s.directory.empty() ? s.url : s.directory)});
  status.set_sources(ids);
}

StatusSnapshot Topology::Impl::status_snapshot() {
  StatusSnapshot snap;
  InstanceStatus& in = snap.instance;
  in.version = kVersion;
  in.started_at = started_at;
  in.kafka_connected = publisher->connected();
  in.ready = polling && in.kafka_connected && spool_writable();
  in.spool_records = spool->records();
  in.spool_bytes = spool->bytes();
  in.spool_limit_bytes = spool->max_bytes();
  snap.sources = status.snapshot();
  return snap;
}

void Topology::Impl::on_file(const FileEvent& e) {
  metrics.files(e.source, e.outcome).Increment();
  if (e.outcome == "delivered") {
    log::info(e.source, "{}: delivered{}", e.file, e.detail.empty() ? "" : ", now " + e.detail);
  } else if (e.outcome == "rejected") {
    log::warn({.source = e.source, .stage = "fetch", .error = e.detail}, "{}: rejected", e.file);
  } else if (e.outcome == "undelivered") {
    log::warn({.source = e.source, .stage = "fetch", .error = e.detail},
              "{}: kept to be read again", e.file);
  } else {
    // Neither moved nor recorded: the source reads it again.
    log::error({.source = e.source, .stage = "fetch", .error = e.detail},
               "{}: not settled, to be read again", e.file);
  }
}

void Topology::Impl::start_document_sources(const Config& c) {
  for (const auto& s : c.sources) {
    if (transport_of(s) == Transport::kApi) {
      document_sources.push_back(std::make_unique<ApiSource>(
          c.fetch, s, state, kFetchTable,
          ApiSource::Callbacks{[this](Document&& d) { docs.push(std::move(d)); },
                               [this](const FetchReport& r) { on_report(r); },
                               [this](const StateStore::Write& w) {
                                 // The next owner of the source resumes where this one did.
                                 if (shared_fetch_state) shared_fetch_state->publish(w.key, {w});
                               }}));
      continue;
    }
    if (transport_of(s) == Transport::kRemoteFolder) {
      auto folder = std::make_unique<RemoteFolderSource>(
          s, c.fetch, state, kFilesTable, [this](Document&& d) { docs.push(std::move(d)); },
          [this](const FetchReport& r) { on_report(r); },
          [this](const FileEvent& e) { on_file(e); });
      remote_folders.push_back(folder.get());
      document_sources.push_back(std::move(folder));
      continue;
    }
    if (transport_of(s) != Transport::kDirectory) continue;
    document_sources.push_back(std::make_unique<DirectoryDrop>(
        s, c.fetch.max_body_bytes,
        DirectoryDrop::Callbacks{[this](Document&& d) { docs.push(std::move(d)); },
                                 [this](const FetchReport& r) { on_report(r); },
                                 [this](const FileEvent& e) { on_file(e); }}));
    log::info(s.name, "watching {} (done: {}, failed: {})", s.directory, s.done_dir, s.failed_dir);
  }
}

void Topology::Impl::load_validators() {
  for (const auto& s : live_sources) load_fetch_state(s, *fetcher);
}

void Topology::Impl::load_fetch_state(const SourceConfig& s, Fetcher& f) {
  if (auto stored = state->get(kFetchTable, std::string(kStatePrefix) + s.name)) {
    f.set_state(s.name, SourceState::from_json(*stored));
    const SourceState fs = f.state(s.name);  // empty if the config's URL changed
    if (fs.retired)
      log::warn({.source = s.name, .stage = "fetch"},
                "retired (it answered 410 Gone): not polled; remove it from the config");
    if (!fs.effective_url.empty())
      log::info({.source = s.name, .stage = "fetch"}, "polling {} (moved permanently from {})",
                fs.effective_url, s.url);
    state_metrics(s.name, fs);
    status.fetch_state(s.name, status_view(fs));
  }
  // Its spooled records will be handed over (exactly-once fleet mode): its items must be read
  // again, not hidden by a 304.
  if (fleet() && exactly_once() && replayed_sources.contains(s.name)) return;
  if (auto stored = state->get(kFetchTable, s.name))
    if (auto v = Validators::from_json(*stored)) f.set_validators(s.name, std::move(*v));
}

void Topology::Impl::save_validators() {
  std::vector<StateStore::Write> writes;
  std::lock_guard sources_lock(sources_mu);
  std::lock_guard lock(failed_mu);
  for (const auto& s : live_sources) {
    // Validators are kept only for feeds whose every item reached Kafka.
    if (failed_sources.count(s.name)) continue;
    const Validators v = fetcher->validators(s.name);
    if (v.empty()) continue;
    writes.push_back({kFetchTable, s.name, v.to_json()});
  }
  if (auto err = state->put(writes); !err.empty())
    log::error({.stage = "state", .error = err}, "could not save fetch validators");
  state->sync();
  // Records left in this instance's spool reach Kafka only when it runs again; another
  // instance must then read those feeds in full, so it gets no validators.
  if (!shared_fetch_state || left_in_spool > 0) return;
  // For the instance that takes these sources over: its first poll of each can be conditional.
  for (const auto& w : writes) shared_fetch_state->publish(w.key, {w});
  shared_fetch_state->flush(std::chrono::seconds(5));
}

}  // namespace newswired
