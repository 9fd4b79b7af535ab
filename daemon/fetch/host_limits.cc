#include "daemon/fetch/host_limits.h"

#include <algorithm>
#include <cctype>

namespace newswired {

std::string host_key(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  std::string scheme = url.substr(0, scheme_end);
  std::ranges::transform(scheme, scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (scheme == "file") return {};
  const auto start = scheme_end + 3;
  auto authority = url.substr(start, url.find_first_of("/?#", start) - start);
  if (const auto at = authority.rfind('@'); at != std::string::npos)
    authority = authority.substr(at + 1);
  std::ranges::transform(authority, authority.begin(),
                         [](unsigned char c) { return std::tolower(c); });
  return scheme + "://" + authority;
}

HostLimits::HostLimits(int max_per_host, Clock::duration delay)
    : max_per_host_(std::max(max_per_host, 1)), delay_(delay) {}

bool HostLimits::free(const Host& h, Clock::time_point now) const {
  return h.in_flight < max_per_host_ && now >= h.next_start;
}

bool HostLimits::can_start(const std::string& host, Clock::time_point now) const {
  if (host.empty()) return true;
  const auto it = hosts_.find(host);
  return it == hosts_.end() || (it->second.waiting.empty() && free(it->second, now));
}

void HostLimits::queue(const std::string& host, std::size_t source) {
  hosts_[host].waiting.push_back(source);
  ++queued_;
}

void HostLimits::started(const std::string& host, Clock::time_point now) {
  if (host.empty()) return;
  Host& h = hosts_[host];
  ++h.in_flight;
  h.next_start = now + delay_;
}

void HostLimits::finished(const std::string& host) {
  if (host.empty()) return;
  const auto it = hosts_.find(host);
  if (it == hosts_.end()) return;
  --it->second.in_flight;
  if (it->second.in_flight <= 0 && it->second.waiting.empty()) hosts_.erase(it);
}

std::optional<std::size_t> HostLimits::pop_ready(Clock::time_point now) {
  if (queued_ == 0) return std::nullopt;
  for (auto& [name, h] : hosts_) {
    if (h.waiting.empty() || !free(h, now)) continue;
    const std::size_t source = h.waiting.front();
    h.waiting.pop_front();
    --queued_;
    return source;
  }
  return std::nullopt;
}

std::optional<HostLimits::Clock::time_point> HostLimits::next_ready() const {
  std::optional<Clock::time_point> out;
  if (queued_ == 0) return out;
  for (const auto& [name, h] : hosts_) {
    if (h.waiting.empty() || h.in_flight >= max_per_host_) continue;
    out = out ? std::min(*out, h.next_start) : h.next_start;
  }
  return out;
}

}  // namespace newswired
