#include "daemon/ops/systemd_notify.h"

#include <string>

#include <systemd/sd-daemon.h>

namespace newswired::systemd {

void ready() { sd_notify(0, "READY=1"); }
void stopping() { sd_notify(0, "STOPPING=1"); }
void status(std::string_view text) { sd_notify(0, ("STATUS=" + std::string(text)).c_str()); }
void watchdog() { sd_notify(0, "WATCHDOG=1"); }

std::optional<std::chrono::milliseconds> watchdog_interval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::milliseconds(usec / 2000);
}

}  // namespace newswired::systemd
