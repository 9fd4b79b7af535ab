// The daemon speaks systemd's notify protocol: READY=1 once polling, STATUS= lines, WATCHDOG=1
// at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM. The test plays systemd's side of the socket.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    unlink(path.c_str());
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) ADD_FAILURE() << path;
    timeval tv{0, 200'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() {
    close(fd_);
    unlink(path_.c_str());
  }
  // Every datagram received until `pred` holds over all of them or `timeout` passes.
  template <typename Pred>
  bool receive_until(std::vector<std::string>& got, Pred pred, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!pred(got)) {
      if (Clock::now() > deadline) return false;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n > 0) got.emplace_back(buf, static_cast<size_t>(n));
    }
    return true;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

int count(const std::vector<std::string>& msgs, const std::string& needle) {
  int n = 0;
  for (const auto& m : msgs) n += m.find(needle) != std::string::npos;
  return n;
}

TEST(SystemdNotify, ReadyStatusWatchdogAndStopping) {
  const fs::path dir = fs::temp_directory_path() / ("nw-notify-" + std::to_string(getpid()));
  fs::create_directories(dir);
  NotifySocket sock((dir / "notify.sock").string());
  setenv("NOTIFY_SOCKET", (dir / "notify.sock").c_str(), 1);
  setenv("WATCHDOG_USEC", "1000000", 1);  // pings expected every 0.5 s
  setenv("NEWSWIRED_STATE_DIR", (dir / "state").c_str(), 1);
  setenv("NEWSWIRED_METRICS_LISTEN", "127.0.0.1:0", 1);
  Child daemon = spawn({NW_DAEMON, "run", "--config", NW_SOURCE_DIR "/configs/demo.yaml"},
                       (dir / "daemon").string());
  for (const char* v :
       {"NOTIFY_SOCKET", "WATCHDOG_USEC", "NEWSWIRED_STATE_DIR", "NEWSWIRED_METRICS_LISTEN"})
    unsetenv(v);

  std::vector<std::string> got;
  ASSERT_TRUE(sock.receive_until(
      got, [](const auto& m) { return count(m, "WATCHDOG=1") >= 4; }, std::chrono::seconds(30)))
      << read_file(daemon.stderr_path);
  EXPECT_EQ(count(got, "READY=1"), 1);
  EXPECT_GE(count(got, "STATUS=polling 2 sources"), 1);
  const auto ready_at = std::find_if(got.begin(), got.end(), [](const std::string& m) {
    return m.find("READY=1") != std::string::npos;
  });
  ASSERT_NE(ready_at, got.end());

  ASSERT_EQ(kill(daemon.pid, SIGTERM), 0);
  EXPECT_TRUE(sock.receive_until(
      got, [](const auto& m) { return count(m, "STOPPING=1") == 1; }, std::chrono::seconds(30)));
  EXPECT_EQ(wait_for(daemon, std::chrono::seconds(60)), 0) << read_file(daemon.stderr_path);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswired::testing
