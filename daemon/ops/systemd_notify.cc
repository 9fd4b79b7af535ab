#include "daemon/ops/systemd_notify.h"

#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include <systemd/sd-daemon.h>
#include <time.h>

namespace newswired::systemd {

void ready() { sd_notify(0, "READY=1"); }
void stopping() { sd_notify(0, "STOPPING=1"); }

void reloading() {
  // MONOTONIC_USEC lets Type=notify-reload units (systemd 253+) match the READY=1 that follows.
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const auto usec = static_cast<unsigned long long>(now.tv_sec) * 1000000ull +
                    static_cast<unsigned long long>(now.tv_nsec) / 1000ull;
  sd_notify(0, ("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec)).c_str());
}
void status(std::string_view text) { sd_notify(0, ("STATUS=" + std::string(text)).c_str()); }
void watchdog() { sd_notify(0, "WATCHDOG=1"); }

std::optional<std::chrono::milliseconds> watchdog_interval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::milliseconds(usec / 2000);
}

void keep_alive_during(const std::function<void()>& work, std::chrono::seconds limit) {
  const auto interval = watchdog_interval();
  if (!interval) return work();
  // The last ping may be most of an interval old already.
  watchdog();
  // Stopped and joined when it goes out of scope, whichever way work() ends.
  std::jthread feeder([interval = *interval, limit](std::stop_token stop) {
    const auto until = std::chrono::steady_clock::now() + limit;
    std::mutex mu;
    std::condition_variable_any wake;
    std::unique_lock lock(mu);
    while (std::chrono::steady_clock::now() < until) {
      // Nothing but a stop request wakes it early.
      wake.wait_for(lock, stop, interval, [] { return false; });
      if (stop.stop_requested()) return;
      watchdog();
    }
  });
  work();
}

}  // namespace newswired::systemd
