#include "daemon/fetch/fetcher.h"

#include <algorithm>
#include <chrono>
#include <new>
#include <utility>

#include <curl/curl.h>

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

}  // namespace

std::string_view to_string(FetchReport::Result r) {
  using R = FetchReport::Result;
  switch (r) {
    case R::kOk:
      return "ok";
    case R::kNotModified:
      return "not_modified";
    case R::kHttpError:
      return "http_error";
    case R::kTransportError:
      return "transport_error";
    case R::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

struct Fetcher::Impl {
  // The state of one run() or run_once().
  struct Round {
    struct Active {
      std::size_t source;
      std::unique_ptr<Transfer> transfer;
    };
    Schedule schedule;
    bool repeat;  // reschedule each source after its poll
    std::unordered_map<CURL*, Active> active;
  };

  FetchConfig config;
  std::vector<SourceConfig> sources;
  Callbacks callbacks;
  CURLM* multi = nullptr;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;  // guards validators
  std::unordered_map<std::string, Validators> validators;

  std::size_t limit() const { return static_cast<std::size_t>(std::max(config.max_concurrent, 1)); }
  Validators validators_of(const std::string& source) const;
  void drive(bool repeat);
  void start_due(Round& round);
  void reap(Round& round);
  void complete(Round& round, std::size_t source, Transfer::Outcome outcome);
  void abort_all(Round& round);
  int wait_ms(const Round& round) const;
};

Validators Fetcher::Impl::validators_of(const std::string& source) const {
  std::lock_guard lock(mu);
  const auto it = validators.find(source);
  return it == validators.end() ? Validators{} : it->second;
}

void Fetcher::Impl::drive(bool repeat) {
  Round round{Schedule(config.jitter), repeat, {}};
  const auto start = Clock::now();
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto offset =
        repeat ? first_poll_offset(i, sources.size(), sources[i].interval) : Clock::duration{};
    round.schedule.add(i, start + offset);
  }
  while (!stopping) {
    start_due(round);
    if (!repeat && round.active.empty() && round.schedule.empty()) break;
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
    const auto i = round.schedule.pop_due(now);
    if (!i) return;
    auto t = std::make_unique<Transfer>(config, sources[*i], validators_of(sources[*i].name));
    if (!t->handle()) {
      complete(round, *i, t->fail("curl_easy_init failed"));
    } else if (const CURLMcode rc = curl_multi_add_handle(multi, t->handle()); rc != CURLM_OK) {
      complete(round, *i, t->fail(curl_multi_strerror(rc)));
    } else {
      CURL* easy = t->handle();
      round.active.emplace(easy, Round::Active{*i, std::move(t)});
    }
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
  if (outcome.document && callbacks.on_document)
    callbacks.on_document(std::move(*outcome.document));
  if (callbacks.on_report) callbacks.on_report(outcome.report);
  if (round.repeat) round.schedule.add(source, Clock::now() + round.schedule.jittered(s.interval));
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
  // With every slot taken, due polls wait for a transfer to end, which wakes the poll anyway.
  if (round.active.size() < limit() && !round.schedule.empty()) {
    const auto until =
        std::chrono::ceil<std::chrono::milliseconds>(round.schedule.next_due() - Clock::now());
    wait = std::clamp(until, std::chrono::milliseconds{0}, kMaxWait);
  }
  return static_cast<int>(wait.count());
}

Fetcher::Fetcher(FetchConfig config, std::vector<SourceConfig> sources, Callbacks callbacks)
    : impl_(std::make_unique<Impl>()) {
  init_curl_once();
  impl_->config = std::move(config);
  impl_->sources = std::move(sources);
  impl_->callbacks = std::move(callbacks);
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

}  // namespace newswired
