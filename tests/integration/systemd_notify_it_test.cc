// The daemon as a Type=notify service: this test plays systemd's side of NOTIFY_SOCKET and
// checks what a unit with WatchdogSec= relies on: READY=1 only once /healthz answers, a
// WATCHDOG=1 well within every watchdog period (through a reload too), RELOADING=1 then READY=1
// around SIGHUP, STOPPING=1 on SIGTERM and a clean exit.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/daemon/ops/http_get.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// What systemd is told to expect: a ping at least every 2 s (the daemon aims for every 1 s).
constexpr auto kWatchdog = 2s;

struct Datagram {
  Clock::time_point at;
  std::string text;
};

// The notify socket, read on its own thread so that the test can meanwhile probe and signal.
class NotifyListener {
 public:
  explicit NotifyListener(const fs::path& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.string().copy(addr.sun_path, sizeof addr.sun_path - 1);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      ADD_FAILURE() << "cannot bind " << path;
    timeval tv{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    thread_ = std::thread([this] { receive(); });
  }
  ~NotifyListener() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }

  std::vector<Datagram> received() const {
    std::lock_guard lock(mu_);
    return got_;
  }
  // Waits until a datagram from index `from` on holds `field`; its index, or -1 on timeout.
  int wait_for(const std::string& field, std::size_t from, std::chrono::seconds timeout) const {
    const auto deadline = Clock::now() + timeout;
    do {
      const auto got = received();
      for (std::size_t i = from; i < got.size(); ++i)
        if (has_field(got[i].text, field)) return static_cast<int>(i);
      std::this_thread::sleep_for(20ms);
    } while (Clock::now() < deadline);
    return -1;
  }

  // A datagram is KEY=VALUE lines; "READY=1" must be a whole line, "STATUS=" starts one.
  static bool has_field(const std::string& datagram, const std::string& field) {
    std::istringstream lines(datagram);
    for (std::string line; std::getline(lines, line);)
      if (field.back() == '=' ? line.starts_with(field) : line == field) return true;
    return false;
  }

 private:
  void receive() {
    char buf[4096];
    while (!stop_) {
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) continue;
      std::lock_guard lock(mu_);
      got_.push_back({Clock::now(), std::string(buf, static_cast<std::size_t>(n))});
    }
  }

  fs::path path_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<Datagram> got_;
  std::thread thread_;
};

int metrics_port(const std::string& log) {
  std::smatch m;
  if (!std::regex_search(log, m, std::regex(R"(metrics on http://127\.0\.0\.1:(\d+)/)"))) return 0;
  return std::stoi(m[1]);
}

std::uint64_t monotonic_usec() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000 +
         static_cast<std::uint64_t>(now.tv_nsec) / 1'000;
}

// Every datagram with its arrival in ms after `t0`, for failure messages.
std::string timeline(const std::vector<Datagram>& got, Clock::time_point t0) {
  std::string out;
  for (const auto& d : got) {
    std::string text = d.text;
    std::replace(text.begin(), text.end(), '\n', ' ');
    out += std::to_string((d.at - t0) / 1ms) + " ms: " + text + "\n";
  }
  return out;
}

// The longest stretch without a WATCHDOG=1 between `from` and `to`, and how many came.
std::pair<Clock::duration, int> watchdog_gaps(const std::vector<Datagram>& got,
                                              Clock::time_point from, Clock::time_point to) {
  Clock::time_point last = from;
  Clock::duration longest{};
  int pings = 0;
  for (const auto& d : got) {
    if (d.at < from || d.at > to || !NotifyListener::has_field(d.text, "WATCHDOG=1")) continue;
    longest = std::max(longest, d.at - last);
    last = d.at;
    ++pings;
  }
  return {std::max(longest, to - last), pings};
}

TEST(SystemdNotify, ReadyWatchdogReloadAndStopAsAUnitExpects) {
  const fs::path dir = fs::temp_directory_path() / ("nw-notify-it-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  NotifyListener listener(dir / "notify.sock");

  setenv("NOTIFY_SOCKET", (dir / "notify.sock").c_str(), 1);
  setenv("WATCHDOG_USEC", std::to_string(kWatchdog / 1us).c_str(), 1);
  setenv("NEWSWIRED_STATE_DIR", (dir / "state").c_str(), 1);
  setenv("NEWSWIRED_METRICS_LISTEN", "127.0.0.1:0", 1);
  // As systemd does: WATCHDOG_PID names the main process (the shell's pid, which exec keeps).
  Child daemon = spawn({"/bin/sh", "-c", "export WATCHDOG_PID=$$; exec \"$0\" run --config \"$1\"",
                        NW_DAEMON, NW_SOURCE_DIR "/configs/demo.yaml"},
                       (dir / "daemon").string());
  for (const char* v :
       {"NOTIFY_SOCKET", "WATCHDOG_USEC", "NEWSWIRED_STATE_DIR", "NEWSWIRED_METRICS_LISTEN"})
    unsetenv(v);
  const auto log = [&] { return read_file(daemon.stderr_path); };

  const int ready = listener.wait_for("READY=1", 0, 60s);
  ASSERT_GE(ready, 0) << log();
  // Told ready means really up: the probe a supervisor would use answers at once.
  const int port = metrics_port(log());
  ASSERT_GT(port, 0) << log();
  EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(port) + "/healthz").status, 200);
  EXPECT_NE(log().find("polling 2 sources"), std::string::npos) << log();
  const auto ready_at = listener.received()[ready].at;

  const int status = listener.wait_for("STATUS=", 0, 10s);
  ASSERT_GE(status, 0);
  EXPECT_NE(listener.received()[status].text.find("STATUS=polling 2 sources"), std::string::npos);

  // A few watchdog periods of plain running.
  std::this_thread::sleep_for(3 * kWatchdog);
  const auto before_reload = listener.received().size();
  const std::uint64_t hup_usec = monotonic_usec();
  ASSERT_EQ(kill(daemon.pid, SIGHUP), 0);
  const int reloading = listener.wait_for("RELOADING=1", before_reload, 30s);
  ASSERT_GE(reloading, 0) << log();
  const int ready_again = listener.wait_for("READY=1", reloading + 1, 60s);
  ASSERT_GE(ready_again, 0) << log();
  // systemd 253+ (Type=notify-reload) matches the reload by MONOTONIC_USEC; older ones ignore it.
  std::smatch m;
  const std::string reload_text = listener.received()[reloading].text;
  ASSERT_TRUE(std::regex_search(reload_text, m, std::regex(R"(MONOTONIC_USEC=(\d+))")))
      << reload_text;
  EXPECT_GE(std::stoull(m[1]), hup_usec);
  EXPECT_LE(std::stoull(m[1]), monotonic_usec());
  EXPECT_GE(listener.wait_for("STATUS=", reloading + 1, 10s), 0);

  std::this_thread::sleep_for(2 * kWatchdog);
  const auto running_until = Clock::now();
  const auto [longest, pings] = watchdog_gaps(listener.received(), ready_at, running_until);
  const double seconds = std::chrono::duration<double>(running_until - ready_at).count();
  EXPECT_LT(longest, kWatchdog) << "longest silence " << longest / 1ms << " ms\n"
                                << timeline(listener.received(), ready_at) << log();
  // About one ping per second is asked for; half of that leaves room for a loaded machine.
  EXPECT_GE(pings, static_cast<int>(seconds / 2)) << pings << " pings in " << seconds << " s";
  RecordProperty("watchdog_pings", pings);
  RecordProperty("watchdog_longest_gap_ms", static_cast<int>(longest / 1ms));

  const auto before_stop = listener.received().size();
  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_GE(listener.wait_for("STOPPING=1", before_stop, 30s), 0) << log();
  EXPECT_EQ(wait_for(daemon, 60s), 0) << log();
  const auto all = listener.received();
  const auto stopping = std::find_if(all.begin() + before_stop, all.end(), [](const Datagram& d) {
    return NotifyListener::has_field(d.text, "STOPPING=1");
  });
  EXPECT_TRUE(std::none_of(stopping, all.end(), [](const Datagram& d) {
    return NotifyListener::has_field(d.text, "READY=1");
  })) << "nothing announces ready after stopping";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswired::testing
