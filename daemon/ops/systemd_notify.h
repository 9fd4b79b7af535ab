#pragma once
// Talks to systemd when run as a Type=notify service; every call is a no-op otherwise.

#include <chrono>
#include <optional>
#include <string_view>

namespace newswired::systemd {

void ready();
void stopping();
// Around a SIGHUP reload: reloading(), then ready() again when done (or refused).
void reloading();
void status(std::string_view text);
void watchdog();
// How often to call watchdog(): half the unit's WatchdogSec, or nullopt when not enabled.
std::optional<std::chrono::milliseconds> watchdog_interval();

}  // namespace newswired::systemd
