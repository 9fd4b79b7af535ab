#pragma once
// One poll of one source: an easy handle set up from the configuration, the body and the
// validators it collects, and the mapping of its end to a report (and a document).

#include <chrono>
#include <optional>
#include <string>

#include <curl/curl.h>

#include "daemon/config/config.h"
#include "daemon/fetch/fetcher.h"
#include "pipeline/core/document.h"

namespace newswired {

class Transfer {
 public:
  struct Outcome {
    FetchReport report;
    std::optional<Document> document;      // only when the result is ok
    std::optional<Validators> validators;  // the new ones, after a 200
  };

  // `source` must outlive the transfer. handle() is null if curl could not allocate one.
  Transfer(const FetchConfig& config, const SourceConfig& source, const Validators& validators);
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
  FetchReport report(FetchReport::Result result, std::string error) const;

  const SourceConfig& source_;
  const std::size_t max_body_bytes_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  CURL* curl_ = nullptr;
  curl_slist* request_headers_ = nullptr;
  char errbuf_[CURL_ERROR_SIZE] = {};
  std::string body_;
  bool too_large_ = false;
  Validators received_;  // of the last response; redirects come first
};

}  // namespace newswired
