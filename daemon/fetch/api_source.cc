#include "daemon/fetch/api_source.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "daemon/fetch/api_pages.h"

namespace newswired {
namespace {

// A Retry-After up to this long is waited out within the poll; a longer one ends the poll.
constexpr std::chrono::seconds kMaxRetryWait{60};
constexpr int kMaxRetries = 3;

// The settlements of one poll's pages, shared with their documents.
struct PollTally {
  std::mutex mu;
  std::condition_variable settled;
  int outstanding = 0;
  std::string undelivered;  // the first reason a page did not make it
};

std::string state_key(const SourceConfig& s) { return "api/" + s.name; }

}  // namespace

ApiSource::ApiSource(FetchConfig fetch, SourceConfig source, std::shared_ptr<StateStore> state,
                     std::string table, Callbacks callbacks)
    : fetch_(std::move(fetch)),
      source_(std::move(source)),
      state_(std::move(state)),
      table_(std::move(table)),
      callbacks_(std::move(callbacks)),
      multi_(curl_multi_init()) {}

ApiSource::~ApiSource() { curl_multi_cleanup(multi_); }

void ApiSource::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  curl_multi_wakeup(multi_);
}

bool ApiSource::pause(Clock::duration d) {
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, d, [this] { return stopping_.load(); });
  return !stopping_;
}

std::string ApiSource::start_url() const {
  // A resume point saved for another URL (the config changed) does not apply.
  if (auto stored = state_->get(table_, state_key(source_))) {
    const auto j = nlohmann::json::parse(*stored, nullptr, false);
    if (!j.is_discarded() && j.value("url", "") == source_.url) {
      const std::string resume = j.value("resume", "");
      if (!resume.empty()) return resume;
    }
  }
  return source_.url;
}

void ApiSource::save_resume(const std::string& resume) {
  const nlohmann::json j{{"url", source_.url}, {"resume", resume}};
  const StateStore::Write write{table_, state_key(source_), j.dump()};
  if (auto err = state_->put({write}); !err.empty()) {
    FetchReport r;
    r.source = source_.name;
    r.result = FetchReport::Result::kTransportError;
    r.error = "could not save where the API resumes: " + err;
    callbacks_.on_report(r);
    return;
  }
  if (callbacks_.on_resume_saved) callbacks_.on_resume_saved(write);
}

void ApiSource::run(bool once) {
  while (!stopping_) {
    const auto started = Clock::now();
    if (started >= not_before_) poll();
    if (once) return;
    const auto next = std::max(started + source_.interval, not_before_);
    if (!pause(next - Clock::now())) return;
  }
}

Transfer::Outcome ApiSource::perform(Transfer& t) {
  if (!t.handle()) return t.fail("curl could not allocate a handle");
  curl_multi_add_handle(multi_, t.handle());
  int running = 1;
  CURLcode code = CURLE_OK;
  while (running > 0 && !stopping_) {
    curl_multi_poll(multi_, nullptr, 0, 200, nullptr);
    curl_multi_perform(multi_, &running);
  }
  int left = 0;
  bool done = false;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == t.handle()) {
      code = msg->data.result;
      done = true;
    }
  }
  curl_multi_remove_handle(multi_, t.handle());
  return done ? t.finish(code) : t.fail("stopped");
}

Transfer::Outcome ApiSource::request(const std::string& url) {
  for (int attempt = 0;; ++attempt) {
    const auto gap = last_request_ + source_.api->min_gap - Clock::now();
    if (gap > Clock::duration::zero() && !pause(gap)) {
      Transfer t(fetch_, source_, url, {});
      return t.fail("stopped");
    }
    last_request_ = Clock::now();
    Transfer t(fetch_, source_, url, {});
    Transfer::Outcome out = perform(t);
    const auto wait = out.hints.retry_after;
    if (!wait || attempt == kMaxRetries) return out;
    if (*wait > kMaxRetryWait) {
      not_before_ = Clock::now() + *wait;
      out.report.error += " (Retry-After " + std::to_string(wait->count()) + "s: next poll then)";
      return out;
    }
    out.report.error += " (retrying after " + std::to_string(wait->count()) + "s)";
    callbacks_.on_report(out.report);
    if (!pause(*wait)) return out;
  }
}

void ApiSource::poll() {
  const ApiConfig& api = *source_.api;
  auto tally = std::make_shared<PollTally>();
  std::string url = start_url();
  std::string resume;  // where the poll after this one starts, if this one settles
  bool complete = true;
  for (int pages = 0; pages < api.max_pages && !stopping_; ++pages) {
    Transfer::Outcome out = request(url);
    if (out.report.result != FetchReport::Result::kOk || !out.document) {
      callbacks_.on_report(out.report);
      complete = false;
      break;
    }
    Document doc = std::move(*out.document);
    ApiPage page = read_api_page(api, url, std::move(doc.body), out.link);
    if (!page.error.empty()) {
      out.report.result = FetchReport::Result::kHttpError;
      out.report.error = "API page " + url + ": " + page.error;
      callbacks_.on_report(out.report);
      complete = false;
      break;
    }
    callbacks_.on_report(out.report);
    doc.body = std::move(page.body);
    doc.on_settled = [tally](const Settlement& s) {
      std::lock_guard lock(tally->mu);
      if (s.outcome == Settlement::Outcome::kUndelivered && tally->undelivered.empty())
        tally->undelivered = s.reason;
      --tally->outstanding;
      tally->settled.notify_all();
    };
    {
      std::lock_guard lock(tally->mu);
      ++tally->outstanding;
    }
    callbacks_.sink(std::move(doc));
    resume = !page.next.empty()    ? page.next
             : !page.since.empty() ? with_query_param(source_.url, api.since_param, page.since)
                                   : std::string();
    if ((page.counted && page.items == 0) || page.next.empty()) break;
    url = page.next;
  }
  if (!complete) resume = url;  // the page that failed is where to go on from
  std::unique_lock lock(tally->mu);
  while (tally->outstanding > 0)
    if (tally->settled.wait_for(lock, std::chrono::milliseconds(200)) == std::cv_status::timeout &&
        stopping_)
      return;                               // unsettled at shutdown: these pages come again
  if (!tally->undelivered.empty()) return;  // the same pages again next time
  lock.unlock();
  if (resume != start_url()) save_resume(resume);
}

}  // namespace newswired
