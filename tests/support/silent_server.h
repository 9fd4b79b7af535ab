#pragma once
// A loopback server that accepts connections (the kernel does, from the backlog) and never
// says a word: the worst case for a timeout, a stop or a --once run.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace newswired::testing {

class SilentServer {
 public:
  SilentServer() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0 && listen(fd_, 16) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { close(fd_); }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
  int port() const { return port_; }  // 0 when it could not listen

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace newswired::testing
