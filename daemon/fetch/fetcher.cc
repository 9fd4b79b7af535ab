#include "daemon/fetch/fetcher.h"

#include <algorithm>
#include <chrono>
#include <new>
#include <random>
#include <utility>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "daemon/fetch/host_limits.h"
#include "daemon/fetch/schedule.h"
#include "daemon/fetch/transfer.h"

namespace newswired {
namespace {

using Clock = Schedule::Clock;

// Only a safety net: new transfers, due polls and stop() all end a wait earlier.
constexpr std::chrono::milliseconds kMaxWait{1000};

// curl_easy_init would otherwise run the non-thread-safe global init lazily, from whichever
// thread gets there first.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::int64_t unix_now() {
  return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
}

}  // namespace

struct Fetcher::Impl {
  // The state of one run() or run_once().
  struct Round {
    struct Active {
      std::size_t source;
      std::string host;
      std::unique_ptr<Transfer> transfer;
    };
    Schedule schedule;
    bool repeat;  // reschedule each source after its poll
    HostLimits hosts;
    std::unordered_map<CURL*, Active> active;
  };

  // Per source; guarded by mu (observe() and hint() come from pipeline threads).
  struct Feed {
    IntervalBounds bounds;
    SourceState state;
    FeedMeta hints;
  };

  // What complete() hands out once the lock is released.
  struct Notices {
    std::vector<FetchEvent> events;
    std::optional<SourceState> state;
  };

  FetchConfig config;
  std::vector<SourceConfig> sources;
  std::unordered_map<std::string, std::size_t> index;
  Callbacks callbacks;
  CURLM* multi = nullptr;
  std::atomic<bool> stopping{false};
  std::mt19937_64 rng{std::random_device{}()};
  mutable std::mutex mu;  // guards validators and feeds
  std::unordered_map<std::string, Validators> validators;
  std::vector<Feed> feeds;

  std::size_t limit() const { return static_cast<std::size_t>(std::max(config.max_concurrent, 1)); }
  Validators validators_of(const std::string& source) const;
  void drive(bool repeat);
  void start_due(Round& round);
  void start(Round& round, std::size_t i, Clock::time_point now);
  void reap(Round& round);
  void complete(Round& round, std::size_t source, Transfer::Outcome outcome);
  Clock::duration settle(std::size_t i, const Transfer::Outcome& outcome, Schedule& schedule,
                         Notices& notices);
  void notify(const std::string& source, Notices& notices);
  void abort_all(Round& round);
  int wait_ms(const Round& round) const;
};

Validators Fetcher::Impl::validators_of(const std::string& source) const {
  std::lock_guard lock(mu);
  const auto it = validators.find(source);
  return it == validators.end() ? Validators{} : it->second;
}

void Fetcher::Impl::drive(bool repeat) {
  Round round{Schedule(config.jitter),
              repeat,
              HostLimits(config.max_per_host,
                         std::chrono::duration_cast<Clock::duration>(config.host_delay)),
              {}};
  const auto start = Clock::now();
  const std::int64_t wall_now = unix_now();
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::unique_lock lock(mu);
    const SourceState& st = feeds[i].state;
    if (st.retired) continue;
    auto due = start + (repeat ? first_poll_offset(i, sources.size(), sources[i].interval)
                               : Clock::duration{});
    // A backoff, Retry-After or open circuit from before a restart still holds.
    if (repeat && st.not_before > wall_now)
      due = std::max(due, start + std::chrono::seconds(st.not_before - wall_now));
    round.schedule.add(i, due);
  }
  while (!stopping) {
    start_due(round);
    if (!repeat && round.active.empty() && round.schedule.empty() && round.hosts.queued() == 0)
      break;
    curl_multi_poll(multi, nullptr, 0, wait_ms(round), nullptr);
    int running = 0;
    curl_multi_perform(multi, &running);
    reap(round);
  }
  abort_all(round);
}

void Fetcher::Impl::start_due(Round& round) {
  const auto now = Clock::now();
  while (round.active.size() < limit()) {
    // Sources held back by their host go first: they were due earlier.
    if (const auto ready = round.hosts.pop_ready(now)) {
      start(round, *ready, now);
      continue;
    }
    const auto i = round.schedule.pop_due(now);
    if (!i) return;
    std::string host;
    {
      std::lock_guard lock(mu);
      const SourceState& st = feeds[*i].state;
      host = host_key(st.effective_url.empty() ? sources[*i].url : st.effective_url);
    }
    if (round.hosts.can_start(host, now)) {
      start(round, *i, now);
    } else {
      round.hosts.queue(host, *i);
    }
  }
}

void Fetcher::Impl::start(Round& round, std::size_t i, Clock::time_point now) {
  std::string url;
  Notices notices;
  {
    std::lock_guard lock(mu);
    const SourceState& st = feeds[i].state;
    url = st.effective_url.empty() ? sources[i].url : st.effective_url;
    if (st.circuit_open)
      notices.events.push_back({sources[i].name, FetchEvent::Kind::kCircuitProbe, url});
  }
  notify(sources[i].name, notices);
  const std::string host = host_key(url);
  auto t = std::make_unique<Transfer>(config, sources[i], url, validators_of(sources[i].name));
  if (!t->handle()) {
    complete(round, i, t->fail("curl_easy_init failed"));
  } else if (const CURLMcode rc = curl_multi_add_handle(multi, t->handle()); rc != CURLM_OK) {
    complete(round, i, t->fail(curl_multi_strerror(rc)));
  } else {
    round.hosts.started(host, now);
    CURL* easy = t->handle();
    round.active.emplace(easy, Round::Active{i, host, std::move(t)});
  }
}

void Fetcher::Impl::reap(Round& round) {
  // Collected first: the messages die with curl_multi_remove_handle.
  std::vector<std::pair<CURL*, CURLcode>> done;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
    if (msg->msg == CURLMSG_DONE) done.emplace_back(msg->easy_handle, msg->data.result);
  }
  for (const auto& [easy, code] : done) {
    auto node = round.active.extract(easy);
    if (node.empty()) continue;
    curl_multi_remove_handle(multi, easy);
    round.hosts.finished(node.mapped().host);
    complete(round, node.mapped().source, node.mapped().transfer->finish(code));
  }
}

void Fetcher::Impl::complete(Round& round, std::size_t source, Transfer::Outcome outcome) {
  const SourceConfig& s = sources[source];
  // Stored before the document goes out: if the pipeline fails to deliver its items it calls
  // forget_validators, and that must not be overwritten afterwards.
  if (outcome.validators) {
    std::lock_guard lock(mu);
    validators[s.name] = std::move(*outcome.validators);
  }
  Notices notices;
  const auto delay = settle(source, outcome, round.schedule, notices);
  if (outcome.document && callbacks.on_document)
    callbacks.on_document(std::move(*outcome.document));
  if (callbacks.on_report) callbacks.on_report(outcome.report);
  notify(s.name, notices);
  if (round.repeat && delay.count() > 0) round.schedule.add(source, Clock::now() + delay);
}

// Applies one poll's outcome to the source's state; returns the delay before its next poll
// (zero: none, it is retired).
Clock::duration Fetcher::Impl::settle(std::size_t i, const Transfer::Outcome& outcome,
                                      Schedule& schedule, Notices& notices) {
  using R = FetchReport::Result;
  using K = FetchEvent::Kind;
  const std::string& name = sources[i].name;
  const auto wall = std::chrono::system_clock::now();
  std::lock_guard lock(mu);
  Feed& f = feeds[i];
  SourceState& st = f.state;
  const SourceState before = st;
  const R result = outcome.report.result;
  if (stopping && result == R::kTransportError) return {};  // aborted, says nothing of the feed
  Clock::duration delay{};
  if (!outcome.moved_to.empty() && outcome.moved_to != st.effective_url &&
      outcome.moved_to != sources[i].url) {
    st.effective_url = outcome.moved_to;
    notices.events.push_back({name, K::kMoved, outcome.moved_to});
  }
  if (outcome.report.http_status == 410) {
    st.retired = true;
    notices.events.push_back({name, K::kGone, outcome.report.error});
  } else if (result == R::kOk || result == R::kNotModified) {
    if (st.circuit_open) notices.events.push_back({name, K::kCircuitClosed, ""});
    st.circuit_open = false;
    st.consecutive_failures = 0;
    st.not_before = 0;
    // An unchanged feed is an empty poll; a changed one is judged by observe() after dedupe.
    if (result == R::kNotModified) observe_items(st, f.bounds, 0, wall);
    const Millis planned = planned_interval(st, f.bounds, outcome.hints, f.hints);
    auto jittered = std::chrono::duration_cast<Millis>(schedule.jittered(planned));
    const auto due = skip_forward(wall + jittered, wall + f.bounds.max, f.hints);
    delay = std::max<Clock::duration>(due - wall, std::chrono::milliseconds(1));
    if (update_quiet(st, f.bounds, config.quiet_after, wall))
      notices.events.push_back({name, K::kQuiet, ""});
  } else {
    const bool was_open = st.circuit_open;
    const Millis d = after_failure(st, f.bounds, config, outcome.hints.retry_after, rng);
    if (st.circuit_open && !was_open)
      notices.events.push_back({name, K::kCircuitOpened, outcome.report.error});
    st.not_before = std::chrono::system_clock::to_time_t(wall + d);
    delay = d;
  }
  if (st.to_json() != before.to_json()) notices.state = st;
  return delay;
}

void Fetcher::Impl::notify(const std::string& source, Notices& notices) {
  if (callbacks.on_event)
    for (const auto& e : notices.events) callbacks.on_event(e);
  if (notices.state && callbacks.on_state) callbacks.on_state(source, *notices.state);
}

void Fetcher::Impl::abort_all(Round& round) {
  for (auto& [easy, active] : round.active) {
    curl_multi_remove_handle(multi, easy);
    complete(round, active.source, active.transfer->fail("aborted: fetcher stopped"));
  }
  round.active.clear();
}

int Fetcher::Impl::wait_ms(const Round& round) const {
  auto wait = kMaxWait;
  const auto now = Clock::now();
  auto until_ms = [&](Clock::time_point t) {
    return std::clamp(std::chrono::ceil<std::chrono::milliseconds>(t - now),
                      std::chrono::milliseconds{0}, kMaxWait);
  };
  // With every slot taken, due polls wait for a transfer to end, which wakes the poll anyway.
  if (round.active.size() < limit()) {
    if (!round.schedule.empty()) wait = std::min(wait, until_ms(round.schedule.next_due()));
    if (const auto host_ready = round.hosts.next_ready())
      wait = std::min(wait, until_ms(*host_ready));
  }
  return static_cast<int>(wait.count());
}

Fetcher::Fetcher(FetchConfig config, std::vector<SourceConfig> sources, Callbacks callbacks)
    : impl_(std::make_unique<Impl>()) {
  init_curl_once();
  impl_->config = std::move(config);
  impl_->sources = std::move(sources);
  impl_->callbacks = std::move(callbacks);
  for (std::size_t i = 0; i < impl_->sources.size(); ++i) {
    impl_->index.emplace(impl_->sources[i].name, i);
    SourceState fresh;
    fresh.source_url = impl_->sources[i].url;
    impl_->feeds.push_back({bounds_for(impl_->config, impl_->sources[i]), fresh, {}});
  }
  impl_->multi = curl_multi_init();
  if (!impl_->multi) throw std::bad_alloc();
}

Fetcher::~Fetcher() { curl_multi_cleanup(impl_->multi); }

void Fetcher::run_once() { impl_->drive(false); }
void Fetcher::run() { impl_->drive(true); }

void Fetcher::stop() {
  impl_->stopping = true;
  curl_multi_wakeup(impl_->multi);
}

std::string Validators::to_json() const {
  return nlohmann::json{{"etag", etag}, {"last_modified", last_modified}}.dump();
}

std::optional<Validators> Validators::from_json(std::string_view text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return Validators{j.value("etag", std::string()), j.value("last_modified", std::string())};
}

void Fetcher::set_validators(const std::string& source, Validators v) {
  std::lock_guard lock(impl_->mu);
  impl_->validators[source] = std::move(v);
}

Validators Fetcher::validators(const std::string& source) const {
  return impl_->validators_of(source);
}

void Fetcher::forget_validators(const std::string& source) {
  std::lock_guard lock(impl_->mu);
  impl_->validators.erase(source);
}

void Fetcher::set_state(const std::string& source, SourceState s) {
  const auto it = impl_->index.find(source);
  if (it == impl_->index.end()) return;
  // State of another URL (the config changed) says nothing about this one.
  if (s.source_url != impl_->sources[it->second].url) return;
  std::lock_guard lock(impl_->mu);
  impl_->feeds[it->second].state = std::move(s);
}

SourceState Fetcher::state(const std::string& source) const {
  const auto it = impl_->index.find(source);
  if (it == impl_->index.end()) return {};
  std::lock_guard lock(impl_->mu);
  return impl_->feeds[it->second].state;
}

void Fetcher::observe(const std::string& source, std::size_t new_items) {
  const auto it = impl_->index.find(source);
  if (it == impl_->index.end()) return;
  Impl::Notices notices;
  {
    std::lock_guard lock(impl_->mu);
    Impl::Feed& f = impl_->feeds[it->second];
    if (observe_items(f.state, f.bounds, new_items, std::chrono::system_clock::now()))
      notices.events.push_back({source, FetchEvent::Kind::kActive, ""});
    notices.state = f.state;
  }
  impl_->notify(source, notices);
}

void Fetcher::hint(const std::string& source, const FeedMeta& feed) {
  const auto it = impl_->index.find(source);
  if (it == impl_->index.end()) return;
  std::lock_guard lock(impl_->mu);
  FeedMeta& h = impl_->feeds[it->second].hints;
  h.ttl = feed.ttl;
  h.update_period = feed.update_period;
  h.update_frequency = feed.update_frequency;
  h.skip_hours = feed.skip_hours;
  h.skip_days = feed.skip_days;
}

}  // namespace newswired
