#include "daemon/ops/source_status.h"

#include <algorithm>
#include <limits>

namespace newswired {

void PollHistory::push(const PollSample& sample) {
  ring_[next_] = sample;
  next_ = (next_ + 1) % kCapacity;
  size_ = std::min(size_ + 1, kCapacity);
}

void PollHistory::add_new_items(std::uint32_t n) {
  if (size_ == 0) return;
  auto& latest = ring_[(next_ + kCapacity - 1) % kCapacity].new_items;
  latest = n > std::numeric_limits<std::uint32_t>::max() - latest
               ? std::numeric_limits<std::uint32_t>::max()
               : latest + n;
}

std::vector<PollSample> PollHistory::oldest_first() const {
  std::vector<PollSample> out;
  out.reserve(size_);
  const std::size_t first = (next_ + kCapacity - size_) % kCapacity;
  for (std::size_t i = 0; i < size_; ++i) out.push_back(ring_[(first + i) % kCapacity]);
  return out;
}

std::string_view to_string(SourceHealth h) {
  switch (h) {
    case SourceHealth::kCircuitOpen:
      return "circuit_open";
    case SourceHealth::kBackingOff:
      return "backing_off";
    case SourceHealth::kFailing:
      return "failing";
    case SourceHealth::kRetired:
      return "retired";
    case SourceHealth::kQuiet:
      return "quiet";
    case SourceHealth::kPending:
      return "pending";
    case SourceHealth::kOk:
      return "ok";
  }
  return "ok";
}

SourceHealth health_of(const SourceStatus& s, std::int64_t now) {
  if (s.circuit_open) return SourceHealth::kCircuitOpen;
  if (s.consecutive_failures >= 2 && s.backoff_until > now) return SourceHealth::kBackingOff;
  if (s.consecutive_failures > 0) return SourceHealth::kFailing;
  if (s.retired) return SourceHealth::kRetired;
  if (s.quiet) return SourceHealth::kQuiet;
  if (s.last_fetch_at == 0) return SourceHealth::kPending;
  return SourceHealth::kOk;
}

void SourceStatusTable::set_sources(const std::vector<Identity>& sources) {
  std::unordered_map<std::string, SourceStatus> next;
  std::lock_guard lock(mu_);
  for (const auto& id : sources) {
    auto old = sources_.find(id.name);
    if (old != sources_.end() && old->second.kind == id.kind && old->second.url == id.url) {
      next.emplace(id.name, std::move(old->second));
      continue;
    }
    SourceStatus fresh;
    fresh.name = id.name;
    fresh.kind = id.kind;
    fresh.url = id.url;
    next.emplace(id.name, std::move(fresh));
  }
  sources_ = std::move(next);
}

void SourceStatusTable::poll_ended(const std::string& source, const PollEnd& poll) {
  update(source, [&](SourceStatus& s) {
    s.last_fetch_at = poll.at;
    s.last_http_status = poll.http_status;
    s.last_result = poll.result;
    if (poll.ok) {
      s.consecutive_failures = 0;
    } else {
      ++s.consecutive_failures;
      s.last_error = poll.error;
      s.last_error_at = poll.at;
    }
    s.history.push({poll.at, 0, poll.ok});
  });
}

void SourceStatusTable::fetch_state(const std::string& source, const FetchStateView& state) {
  update(source, [&](SourceStatus& s) {
    // The fetcher's count survives restarts; the table's own starts at zero.
    s.consecutive_failures = state.consecutive_failures;
    s.backoff_until = state.not_before;
    s.circuit_open = state.circuit_open;
    s.retired = state.retired;
    s.quiet = state.quiet;
    s.last_new_at = std::max(s.last_new_at, state.last_new_at);
    s.moved_to = without_userinfo(state.effective_url);
  });
}

void SourceStatusTable::new_items(const std::string& source, std::size_t n, std::int64_t at) {
  if (n == 0) return;
  update(source, [&](SourceStatus& s) {
    s.last_new_at = std::max(s.last_new_at, at);
    s.history.add_new_items(static_cast<std::uint32_t>(
        std::min<std::size_t>(n, std::numeric_limits<std::uint32_t>::max())));
  });
}

void SourceStatusTable::item_checked(const std::string& source, bool fresh) {
  update(source, [&](SourceStatus& s) { ++(fresh ? s.items_new : s.items_seen); });
}

std::vector<SourceStatus> SourceStatusTable::snapshot() const {
  std::vector<SourceStatus> out;
  std::lock_guard lock(mu_);
  out.reserve(sources_.size());
  for (const auto& [name, s] : sources_) out.push_back(s);
  return out;
}

std::string without_userinfo(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const auto host = scheme + 3;
  const auto end = url.find_first_of("/?#", host);
  const auto at = url.substr(host, end == std::string_view::npos ? end : end - host).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, host)) + std::string(url.substr(host + at + 1));
}

}  // namespace newswired
