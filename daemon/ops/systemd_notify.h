#pragma once
// Talks to systemd when run as a Type=notify service; every call is a no-op otherwise.

#include <chrono>
#include <functional>
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

// Runs `work` on this thread while another one keeps the watchdog fed, for at most `limit`:
// a long but finite step (a rule set compiling on reload) must not look like a hang, while a
// step stuck for longer still does.
void keep_alive_during(const std::function<void()>& work,
                       std::chrono::seconds limit = std::chrono::minutes(5));

}  // namespace newswired::systemd
