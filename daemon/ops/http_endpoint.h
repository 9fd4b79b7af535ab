#pragma once
// The operator's HTTP endpoint: /metrics (Prometheus text format), /healthz (the process is
// alive and its loop turns), /readyz (connected to Kafka and polling), /status (every source at
// a glance, HTML for a browser) and /status.json (the same for scripts and `newswired status`).

#include <functional>
#include <memory>
#include <string>

#include "pipeline/core/outcome.h"

struct mg_context;

namespace newswired {

struct HttpProbes {
  std::function<std::string()> metrics;
  std::function<bool()> healthy;
  std::function<bool()> ready;
  std::function<std::string()> status_html = {};  // /status and /status.json: 404 when unset
  std::function<std::string()> status_json = {};
};

class HttpEndpoint {
 public:
  // `listen` is "host:port" (port 0 picks a free one).
  static Outcome<std::unique_ptr<HttpEndpoint>> start(const std::string& listen, HttpProbes probes);
  ~HttpEndpoint();
  int port() const { return port_; }

 private:
  HttpEndpoint() = default;
  mg_context* ctx_ = nullptr;
  HttpProbes probes_;
  int port_ = 0;
};

}  // namespace newswired
