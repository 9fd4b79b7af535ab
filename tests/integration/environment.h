#pragma once
// What the CTest fixtures started for the integration tests: a Kafka broker and nginx on
// loopback (tests/harness/*.sh), found through NW_IT_DIR.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/process.h"

namespace newswired::testing {

struct IntegrationEnv {
  std::string bootstrap;  // Kafka
  std::string base_url;   // nginx, serving docroot
  std::filesystem::path docroot;
  std::filesystem::path work;  // this test's scratch directory
  std::string prefix;          // unique topic prefix for this test
};

inline std::string trimmed_file(const std::filesystem::path& p) {
  std::string s = read_file(p.string());
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The fixture's Kafka broker ("127.0.0.1:PORT"); empty outside ctest.
inline std::string kafka_bootstrap() {
  const char* dir = std::getenv("NW_IT_DIR");
  return dir ? trimmed_file(std::filesystem::path(dir) / "kafka" / "bootstrap") : "";
}

inline IntegrationEnv integration_env(const std::string& test_name) {
  const char* dir = std::getenv("NW_IT_DIR");
  if (!dir) throw std::runtime_error("NW_IT_DIR is not set: run through ctest");
  IntegrationEnv env;
  env.bootstrap = kafka_bootstrap();
  env.base_url = trimmed_file(std::filesystem::path(dir) / "nginx" / "base_url");
  const auto stamp = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  env.prefix = "it-" + test_name + "-" + stamp;
  env.docroot = std::filesystem::path(dir) / "www" / env.prefix;
  env.work = std::filesystem::path(dir) / "work" / env.prefix;
  std::filesystem::create_directories(env.docroot);
  std::filesystem::create_directories(env.work);
  return env;
}

// The requests of one test (paths under "/PREFIX/api") that the scripted server logged, from
// "api" on: "api", "api?cursor=2", ...
inline std::vector<std::string> scripted_api_requests(const std::filesystem::path& scripted,
                                                      const std::string& prefix) {
  std::istringstream log(read_file((scripted / "requests.log").string()));
  std::vector<std::string> out;
  for (std::string line; std::getline(log, line);)
    if (line.starts_with("/" + prefix + "/api")) out.push_back(line.substr(line.find("api")));
  return out;
}

// A loopback TCP port that was free a moment ago.
inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace newswired::testing
