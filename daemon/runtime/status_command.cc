// `newswired status`: asks a running daemon for its /status.json and prints it as a table.

#include <iostream>
#include <string>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <sys/ioctl.h>
#include <unistd.h>

#include "daemon/config/config_loader.h"
#include "daemon/ops/status_text.h"
#include "daemon/runtime/commands.h"
#include "daemon/runtime/topology.h"

namespace newswired {
namespace {

constexpr const char* kDefaultUrl = "http://127.0.0.1:9464";

// Where a daemon listening on `listen` ("host:port") is reached from this machine: a wildcard
// address is reached on loopback.
std::string url_of_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::string host = listen.substr(0, colon);
  const std::string port = listen.substr(colon + 1);
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "[::]") host = "[::1]";
  return "http://" + host + ":" + port;
}

struct Answer {
  std::string error;  // empty: the transfer worked
  long status = 0;
  std::string body;
};

Answer get(const std::string& url) {
  Answer a;
  CURL* h = curl_easy_init();
  if (!h) {
    a.error = "curl_easy_init failed";
    return a;
  }
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 3L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 15L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(
      h, CURLOPT_WRITEFUNCTION, +[](char* p, size_t size, size_t n, void* body) {
        static_cast<std::string*>(body)->append(p, size * n);
        return size * n;
      });
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &a.body);
  if (const CURLcode rc = curl_easy_perform(h); rc != CURLE_OK) {
    a.error = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
  } else {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a.status);
  }
  curl_easy_cleanup(h);
  return a;
}

// Long errors are cut to a terminal's width, and left whole for a pipe or a file.
std::size_t terminal_width() {
  winsize ws{};
  if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

}  // namespace

int status_command(const std::string& url, const std::string& config_path) {
  std::string base = url;
  if (base.empty() && !config_path.empty()) {
    auto config = load_config_file(config_path, process_env());
    if (!config.ok()) {
      std::cerr << config.reason() << "\n";
      return kExitConfig;
    }
    const std::string& listen = config.value().metrics.listen;
    if (listen.empty() || listen.ends_with(":0")) {
      std::cerr << "status: " << config_path
                << " sets no fixed metrics.listen address: pass --url\n";
      return kExitConfig;
    }
    base = url_of_listen(listen);
  }
  if (base.empty()) base = kDefaultUrl;
  while (base.ends_with("/")) base.pop_back();
  const std::string target = base + "/status.json";

  const Answer a = get(target);
  if (!a.error.empty()) {
    std::cerr << "status: cannot reach newswired at " << base << ": " << a.error
              << "\n(is the daemon running, and is this its metrics.listen address?)\n";
    return kExitStartFailed;
  }
  if (a.status != 200) {
    std::cerr << "status: " << target << " answered HTTP " << a.status
              << ": not the status endpoint of a running newswired\n";
    return kExitStartFailed;
  }
  const auto doc = nlohmann::json::parse(a.body, nullptr, false);
  if (!looks_like_status(doc)) {
    std::cerr << "status: " << target << " did not answer with a newswired status document\n";
    return kExitStartFailed;
  }
  std::cout << status_table(doc, terminal_width());
  return kExitOk;
}

}  // namespace newswired
