#include "tests/daemon/fetch/test_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

namespace newswired::testing {
namespace {

std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

int reply(mg_connection* conn, int status, std::string_view headers, std::string_view body) {
  mg_printf(conn, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nConnection: close\r\n%.*s\r\n", status,
            body.size(), static_cast<int>(headers.size()), headers.data());
  mg_write(conn, body.data(), body.size());
  return status;
}

int reply_large(mg_connection* conn, bool chunked) {
  const std::string chunk(16 << 10, 'x');
  if (chunked) {
    mg_printf(conn, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
  } else {
    mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
              kLargeBytes);
  }
  for (std::size_t sent = 0; sent < kLargeBytes; sent += chunk.size()) {
    // The client hangs up once it has seen enough.
    const int rc = chunked ? mg_send_chunk(conn, chunk.data(), chunk.size())
                           : mg_write(conn, chunk.data(), chunk.size());
    if (rc <= 0) return 200;
  }
  if (chunked) mg_send_chunk(conn, "", 0);
  return 200;
}

void connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  close(fd);
}

}  // namespace

std::string article_page() {
  std::string paragraphs;
  for (int i = 1; i <= 4; ++i) {
    paragraphs += "<p>Paragraph " + std::to_string(i) +
                  " of the full story: ministers met for a second day of talks on the ceasefire, "
                  "and both delegations said they had made progress on the hardest questions.</p>";
  }
  return "<!doctype html><html lang=\"en\"><head><title>Talks resume | Example News</title>"
         "<meta name=\"author\" content=\"Jane Roe\">"
         "<meta property=\"article:published_time\" content=\"2015-05-12T14:03:00Z\">"
         "<meta property=\"og:image\" content=\"/img/talks.jpg\">"
         "<meta name=\"description\" content=\"Ministers met again.\"></head><body>"
         "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
         "<article><h1>Talks resume</h1>" +
         paragraphs +
         "</article><aside class=\"related\"><a href=\"/x\">Read more</a></aside>"
         "</body></html>";
}

std::string feed_body() {
  std::string body = "<rss version=\"2.0\"><channel><title>t</title>";
  for (int i = 0; i < 200; ++i) {
    body += "<item><title>Item " + std::to_string(i) + "</title><link>http://example.com/" +
            std::to_string(i) + "</link></item>";
  }
  return body + "</channel></rss>";
}

TestServer::TestServer() {
  mg_init_library(0);
  const char* options[] = {"listening_ports", "127.0.0.1:0", "num_threads", "32", nullptr};
  mg_callbacks callbacks{};
  ctx_ = mg_start(&callbacks, nullptr, options);
  if (!ctx_) throw std::runtime_error("civetweb did not start");
  mg_set_request_handler(ctx_, "/", &TestServer::handle, this);
  mg_server_port ports[4];
  if (mg_get_server_ports(ctx_, 4, ports) < 1) throw std::runtime_error("civetweb has no port");
  port_ = ports[0].port;
}

TestServer::~TestServer() {
  {
    std::lock_guard lock(mu_);
    shutting_down_ = true;
  }
  changed_.notify_all();
  // civetweb notices the stop only when its accept poll() returns, up to 2 s later; a
  // connection makes it return now. Tests run one process each, so this adds up.
  std::atomic<bool> stopped{false};
  std::thread nudge([&] {
    while (!stopped) {
      connect_to(port_);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  mg_stop(ctx_);
  stopped = true;
  nudge.join();
}

std::string TestServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void TestServer::reset() {
  {
    std::lock_guard lock(mu_);
    ++generation_;
    requests_.clear();
    last_headers_.clear();
    max_busy_in_flight_ = 0;
  }
  changed_.notify_all();
}

int TestServer::requests(const std::string& path) const {
  std::lock_guard lock(mu_);
  const auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

std::string TestServer::last_header(const std::string& path, const std::string& name) const {
  std::lock_guard lock(mu_);
  const auto it = last_headers_.find(path);
  if (it == last_headers_.end()) return {};
  const auto h = it->second.find(lower(name));
  return h == it->second.end() ? std::string() : h->second;
}

bool TestServer::wait_for_request(const std::string& path,
                                  std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.contains(path); });
}

int TestServer::max_busy_in_flight() const {
  std::lock_guard lock(mu_);
  return max_busy_in_flight_;
}

int TestServer::handle(mg_connection* conn, void* self) {
  const mg_request_info* info = mg_get_request_info(conn);
  return static_cast<TestServer*>(self)->serve(conn, info->local_uri);
}

int TestServer::serve(mg_connection* conn, const std::string& path) {
  const mg_request_info* info = mg_get_request_info(conn);
  {
    std::lock_guard lock(mu_);
    ++requests_[path];
    auto& headers = last_headers_[path];
    headers.clear();
    for (int i = 0; i < info->num_headers; ++i) {
      headers[lower(info->http_headers[i].name)] = info->http_headers[i].value;
    }
  }
  changed_.notify_all();

  if (path == "/feed") {
    const char* inm = mg_get_header(conn, "If-None-Match");
    if (inm && inm == kFeedETag) return reply(conn, 304, "", "");
    return reply(conn, 200,
                 "Content-Type: application/rss+xml\r\nETag: " + std::string(kFeedETag) +
                     "\r\nlast-modified: " + std::string(kFeedLastModified) + "\r\n",
                 feed_body());
  }
  if (path == "/plain")
    return reply(conn, 200, "Content-Type: application/atom+xml\r\n", kPlainBody);
  if (path == "/error") return reply(conn, 500, "", "oops");
  if (path == "/article") return reply(conn, 200, "Content-Type: text/html\r\n", article_page());
  if (path == "/article-amp") {
    return reply(conn, 200, "Content-Type: text/html; charset=utf-8\r\n",
                 "<!doctype html><html><head><link rel=\"canonical\" href=\"/article\">"
                 "<title>Copy</title></head><body><p>A short copy.</p></body></html>");
  }
  if (path == "/slow") {
    block_until_shutdown();
    return reply(conn, 200, "", "late");
  }
  if (path == "/large") return reply_large(conn, true);
  if (path == "/large-known") return reply_large(conn, false);
  if (path == "/gzip") {
    return reply(conn, 200, "Content-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n",
                 gzip(feed_body()));
  }
  if (path == "/redirect") return reply(conn, 302, "Location: /plain\r\n", "");
  if (path == "/redirect-file") return reply(conn, 302, "Location: file:///etc/hostname\r\n", "");
  if (path == "/moved") return reply(conn, 301, "Location: /feed\r\n", "");
  if (path == "/moved308") return reply(conn, 308, "Location: /moved\r\n", "");
  if (path == "/temporary-then-moved") return reply(conn, 302, "Location: /moved\r\n", "");
  if (path == "/loop") return reply(conn, 302, "Location: /loop\r\n", "");
  if (path == "/gone") return reply(conn, 410, "", "gone");
  if (path == "/throttled") return reply(conn, 429, "Retry-After: 120\r\n", "slow down");
  if (path == "/unavailable") {
    // An HTTP-date two hours ahead.
    char date[64];
    const std::time_t later = std::time(nullptr) + 7200;
    std::tm tm{};
    gmtime_r(&later, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return reply(conn, 503, "Retry-After: " + std::string(date) + "\r\n", "maintenance");
  }
  if (path == "/cached") {
    return reply(conn, 200,
                 "Content-Type: application/atom+xml\r\nCache-Control: public, max-age=7200\r\n",
                 kPlainBody);
  }
  if (path == "/expires") {
    // Dates far from now on purpose: only their difference may count.
    return reply(conn, 200,
                 "Content-Type: application/atom+xml\r\nDate: Tue, 12 May 2015 14:00:00 GMT\r\n"
                 "Expires: Tue, 12 May 2015 16:00:00 GMT\r\n",
                 kPlainBody);
  }
  if (path == "/bomb") {
    static const std::string bomb = gzip(std::string(kBombBytes, '\0'));
    return reply(conn, 200, "Content-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n",
                 bomb);
  }
  if (path == "/busy") {
    busy();
    return reply(conn, 200, "", kPlainBody);
  }
  return reply(conn, 404, "", "not found");
}

void TestServer::block_until_shutdown() {
  std::unique_lock lock(mu_);
  const int generation = generation_;
  changed_.wait_for(lock, std::chrono::seconds(60),
                    [&] { return shutting_down_ || generation_ != generation; });
}

void TestServer::busy() {
  {
    std::lock_guard lock(mu_);
    max_busy_in_flight_ = std::max(max_busy_in_flight_, ++busy_in_flight_);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::lock_guard lock(mu_);
  --busy_in_flight_;
}

int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::string gzip(std::string_view data) {
  z_stream zs{};
  // 15 + 16: the largest window, with a gzip header and trailer instead of zlib's.
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  return out;
}

}  // namespace newswired::testing
