#pragma once
// One poll of one source: an easy handle set up from the configuration, the body and the
// validators it collects, and the mapping of its end to a report (and a document).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "daemon/config/config.h"
#include "daemon/fetch/fetcher.h"
#include "daemon/fetch/http_hints.h"
#include "pipeline/core/document.h"

namespace newswired {

class Transfer {
 public:
  struct Outcome {
    FetchReport report;
    std::optional<Document> document;      // only when the result is ok
    std::optional<Validators> validators;  // the new ones, after a 200
    ServerHints hints;                     // of the final response
    // Where a chain of permanent redirects (301, 308) from the polled URL led; empty when
    // the first response was not one.
    std::string moved_to;
    std::string link;  // the final response's Link header(s), for paged APIs
  };

  // `source` must outlive the transfer; `url` is where to poll (the source's, or where it
  // moved to). handle() is null if curl could not allocate one.
  Transfer(const FetchConfig& config, const SourceConfig& source, const std::string& url,
           const Validators& validators);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return curl_; }

  // After curl reported the transfer done with `code`.
  Outcome finish(CURLcode code);
  // When the transfer ends without curl finishing it.
  Outcome fail(std::string error);

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static int on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                         curl_off_t ulnow);
  void on_status_line(std::string_view line);
  ServerHints hints(long status) const;
  FetchReport report(FetchReport::Result result, std::string error) const;

  const SourceConfig& source_;
  const std::size_t max_body_bytes_;          // on the wire
  const std::size_t max_decompressed_bytes_;  // after Content-Encoding
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  CURL* curl_ = nullptr;
  curl_slist* request_headers_ = nullptr;
  char errbuf_[CURL_ERROR_SIZE] = {};
  std::string body_;
  bool too_large_ = false;  // on the wire
  bool inflated_too_large_ = false;
  bool encoded_ = false;  // the response has a Content-Encoding that curl decodes  // after
                          // decoding: a compression bomb, or just too big
  Validators received_;   // of the last response; redirects come first
  std::string cache_control_, expires_, date_, retry_after_, link_;  // of the last response
  long last_status_ = 0;
  bool permanent_chain_ = true;  // every response so far was a permanent redirect
  std::string moved_to_;
};

}  // namespace newswired
