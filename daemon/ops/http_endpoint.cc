#include "daemon/ops/http_endpoint.h"

#include <string_view>

#include <civetweb.h>

namespace newswired {
namespace {

int reply_ok(mg_connection* conn, const char* content_type, std::string_view body) {
  mg_send_http_ok(conn, content_type, static_cast<long long>(body.size()));
  mg_write(conn, body.data(), body.size());
  return 200;
}

// The page changes with every poll: a cached copy would show sources as they were.
int reply_fresh(mg_connection* conn, const char* content_type, std::string_view body) {
  mg_printf(conn,
            "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
            "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
            "Connection: close\r\n\r\n",
            content_type, body.size());
  mg_write(conn, body.data(), body.size());
  return 200;
}

int reply_status(mg_connection* conn, int status, std::string_view body) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
            "Connection: close\r\n\r\n",
            status, status == 200 ? "OK" : "Service Unavailable", body.size());
  mg_write(conn, body.data(), body.size());
  return status;
}

const HttpProbes& probes_of(void* cbdata) { return *static_cast<const HttpProbes*>(cbdata); }

int on_metrics(mg_connection* conn, void* cbdata) {
  return reply_ok(conn, "text/plain; version=0.0.4; charset=utf-8", probes_of(cbdata).metrics());
}
int on_healthz(mg_connection* conn, void* cbdata) {
  const bool ok = probes_of(cbdata).healthy();
  return reply_status(conn, ok ? 200 : 503, ok ? "ok\n" : "unhealthy\n");
}
int on_readyz(mg_connection* conn, void* cbdata) {
  const bool ok = probes_of(cbdata).ready();
  return reply_status(conn, ok ? 200 : 503, ok ? "ready\n" : "not ready\n");
}

int on_status_html(mg_connection* conn, void* cbdata) {
  return reply_fresh(conn, "text/html; charset=utf-8", probes_of(cbdata).status_html());
}
int on_status_json(mg_connection* conn, void* cbdata) {
  return reply_fresh(conn, "application/json", probes_of(cbdata).status_json());
}

}  // namespace

Outcome<std::unique_ptr<HttpEndpoint>> HttpEndpoint::start(const std::string& listen,
                                                           HttpProbes probes) {
  mg_init_library(0);
  std::unique_ptr<HttpEndpoint> ep(new HttpEndpoint());
  ep->probes_ = std::move(probes);
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", nullptr};
  mg_callbacks callbacks{};
  ep->ctx_ = mg_start(&callbacks, nullptr, options);
  if (!ep->ctx_) return Failure{"metrics.listen: cannot listen on " + listen};
  mg_set_request_handler(ep->ctx_, "/metrics$", on_metrics, &ep->probes_);
  mg_set_request_handler(ep->ctx_, "/healthz$", on_healthz, &ep->probes_);
  mg_set_request_handler(ep->ctx_, "/readyz$", on_readyz, &ep->probes_);
  if (ep->probes_.status_html)
    mg_set_request_handler(ep->ctx_, "/status$", on_status_html, &ep->probes_);
  if (ep->probes_.status_json)
    mg_set_request_handler(ep->ctx_, "/status.json$", on_status_json, &ep->probes_);
  mg_server_port ports[4];
  const int n = mg_get_server_ports(ep->ctx_, 4, ports);
  if (n > 0) ep->port_ = ports[0].port;
  return ep;
}

HttpEndpoint::~HttpEndpoint() {
  if (ctx_) mg_stop(ctx_);
}

}  // namespace newswired
