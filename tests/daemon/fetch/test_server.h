#pragma once
// An in-process HTTP server (civetweb) with the endpoints the fetcher tests poll:
//   /feed           200 with ETag and Last-Modified, 304 when If-None-Match matches
//   /plain          200, a small Atom document
//   /error          500
//   /slow           answers nothing until reset() or shutdown
//   /large          a body of kLargeBytes, chunked (no Content-Length)
//   /large-known    a body of kLargeBytes with Content-Length
//   /gzip           kFeedBody gzip-compressed, Content-Encoding: gzip
//   /redirect       302 to /plain
//   /redirect-file  302 to a file:// URL
//   /busy           200 after a short pause; counts how many run at once
//   /moved          301 to /feed;  /moved308: 308 to /moved;  /temporary-then-moved: 302 to /moved
//   /loop           302 to itself
//   /gone           410
//   /throttled      429, Retry-After: 120;  /unavailable: 503, Retry-After two hours ahead (date)
//   /cached         200, Cache-Control: max-age=7200
//   /expires        200, Expires two hours after its Date (both in 2015)
//   /bomb           kBombBytes of zeros, gzip-compressed to a few KiB
//   /article        a news page (article_page());  /article-amp: a copy whose canonical is it

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include <civetweb.h>

namespace newswired::testing {

inline constexpr std::string_view kFeedETag = "\"v1\"";
inline constexpr std::string_view kFeedLastModified = "Tue, 12 May 2015 14:03:00 GMT";
inline constexpr std::size_t kLargeBytes = 1 << 20;
inline constexpr std::size_t kBombBytes = std::size_t{32} << 20;

// An RSS document long enough for compression to matter.
std::string feed_body();
// A news article page: navigation, author, date, lead image, four paragraphs, related links.
std::string article_page();
inline constexpr std::string_view kPlainBody = "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>";

class TestServer {
 public:
  TestServer();
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string url(std::string_view path) const;
  // Between tests: forgets the requests seen so far and lets /slow requests end.
  void reset();

  int requests(const std::string& path) const;
  // The value of a request header in the last request for `path`, empty when absent.
  std::string last_header(const std::string& path, const std::string& name) const;
  bool wait_for_request(const std::string& path, std::chrono::milliseconds timeout) const;
  int max_busy_in_flight() const;

 private:
  static int handle(mg_connection* conn, void* self);
  int serve(mg_connection* conn, const std::string& path);
  void block_until_shutdown();
  void busy();

  mg_context* ctx_ = nullptr;
  int port_ = 0;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  bool shutting_down_ = false;
  int generation_ = 0;  // bumped by reset()
  std::map<std::string, int> requests_;
  std::map<std::string, std::map<std::string, std::string>> last_headers_;
  int busy_in_flight_ = 0;
  int max_busy_in_flight_ = 0;
};

// A loopback port that nothing listens on (it was free a moment ago).
int closed_port();

// gzip-compressed `data` (with gzip header, as Content-Encoding: gzip wants it).
std::string gzip(std::string_view data);

}  // namespace newswired::testing
