#include "daemon/fetch/transfer.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include "pipeline/core/clock.h"

namespace newswired {
namespace {

constexpr long kMaxRedirects = 5;

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string info_string(CURL* curl, CURLINFO info) {
  char* value = nullptr;
  if (curl_easy_getinfo(curl, info, &value) != CURLE_OK || value == nullptr) return {};
  return value;
}

}  // namespace

Transfer::Transfer(const FetchConfig& config, const SourceConfig& source,
                   const Validators& validators)
    : source_(source), max_body_bytes_(config.max_body_bytes), curl_(curl_easy_init()) {
  if (!curl_) return;
  curl_easy_setopt(curl_, CURLOPT_URL, source.url.c_str());
  // Feed URLs come from configuration and redirects from the network: neither may reach
  // other schemes (ftp, smb, ...), and a redirect must not read local files.
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(curl_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl_, CURLOPT_MAXREDIRS, kMaxRedirects);
  curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this curl decodes
  if (!config.user_agent.empty()) {
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, config.user_agent.c_str());
  }
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(config.timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config.connect_timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // other threads own the signals
  // Refuses early when Content-Length says too much; on_body catches chunked responses.
  curl_easy_setopt(curl_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_body_bytes_));
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errbuf_);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, this);
  if (!validators.etag.empty()) {
    request_headers_ =
        curl_slist_append(request_headers_, ("If-None-Match: " + validators.etag).c_str());
  }
  if (!validators.last_modified.empty()) {
    request_headers_ = curl_slist_append(
        request_headers_, ("If-Modified-Since: " + validators.last_modified).c_str());
  }
  if (request_headers_) curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, request_headers_);
}

Transfer::~Transfer() {
  curl_easy_cleanup(curl_);
  curl_slist_free_all(request_headers_);
}

size_t Transfer::on_body(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const size_t n = size * count;
  if (t->body_.size() + n > t->max_body_bytes_) {
    t->too_large_ = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  t->body_.append(data, n);
  return n;
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    t->received_ = {};  // a new response: what a redirect said does not count
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "ETag")) t->received_.etag = value;
    if (iequals(name, "Last-Modified")) t->received_.last_modified = value;
  }
  return line.size();
}

FetchReport Transfer::report(FetchReport::Result result, std::string error) const {
  FetchReport r;
  r.source = source_.name;
  r.result = result;
  r.error = std::move(error);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  r.bytes = body_.size();
  if (curl_) curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &r.http_status);
  return r;
}

Transfer::Outcome Transfer::finish(CURLcode code) {
  using R = FetchReport::Result;
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  Outcome out;
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    out.report =
        report(R::kTooLarge, "body larger than " + std::to_string(max_body_bytes_) + " bytes");
  } else if (code != CURLE_OK) {
    std::string error = curl_easy_strerror(code);
    if (errbuf_[0] != '\0') error += std::string(": ") + errbuf_;
    out.report = report(R::kTransportError, std::move(error));
  } else if (status == 304) {
    out.report = report(R::kNotModified, "");
  } else if (status != 0 && (status < 200 || status > 299)) {
    // Not only >= 400: a 3xx that curl did not follow has no feed in it either.
    out.report = report(R::kHttpError, "HTTP " + std::to_string(status));
  } else {
    out.report = report(R::kOk, "");
    // file:// has no status and no validators.
    if (status == 200) out.validators = received_;
    Document d;
    d.source = {source_.name, source_.url, source_.format};
    d.url = info_string(curl_, CURLINFO_EFFECTIVE_URL);
    d.content_type = info_string(curl_, CURLINFO_CONTENT_TYPE);
    d.body = std::move(body_);
    d.fetched_at = now_rfc3339();
    out.document = std::move(d);
  }
  return out;
}

Transfer::Outcome Transfer::fail(std::string error) {
  return {report(FetchReport::Result::kTransportError, std::move(error)), {}, {}};
}

}  // namespace newswired
