#include "daemon/fetch/transfer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <string_view>
#include <utility>

#include "daemon/fetch/auth.h"
#include "pipeline/core/clock.h"

namespace newswired {
namespace {

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

bool is_permanent_redirect(long status) { return status == 301 || status == 308; }

}  // namespace

Transfer::Transfer(const FetchConfig& config, const SourceConfig& source, const std::string& url,
                   const Validators& validators)
    : source_(source),
      max_body_bytes_(config.max_body_bytes),
      max_decompressed_bytes_(config.max_decompressed_bytes),
      curl_(curl_easy_init()) {
  if (!curl_) return;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  // Feed URLs come from configuration and redirects from the network: neither may reach
  // other schemes (ftp, smb, ...), and a redirect must not read local files.
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(curl_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl_, CURLOPT_MAXREDIRS, static_cast<long>(config.max_redirects));
  curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this curl decodes
  // HTTP/2 where TLS negotiates it (ALPN), HTTP/1.1 otherwise and on plain http.
  curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // Verification is curl's default; said again so that nobody "fixes" it off by accident.
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, config.ca_file.c_str());
  // A proxy's CONNECT answer is not the feed's response.
  curl_easy_setopt(curl_, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
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
  // Counts bytes on the wire, before decoding: the limit for compressed chunked bodies.
  curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
  curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, this);
  if (!validators.etag.empty()) {
    request_headers_ =
        curl_slist_append(request_headers_, ("If-None-Match: " + validators.etag).c_str());
  }
  if (!validators.last_modified.empty()) {
    request_headers_ = curl_slist_append(
        request_headers_, ("If-Modified-Since: " + validators.last_modified).c_str());
  }
  request_headers_ = apply_auth(curl_, source.auth, request_headers_);
  if (request_headers_) curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, request_headers_);
}

Transfer::~Transfer() {
  curl_easy_cleanup(curl_);
  curl_slist_free_all(request_headers_);
}

namespace {

// A refused body is of no use, and is freed at once: one curl_multi_perform may fill many
// transfers to their limit (a host answering every feed with a bomb) before any of them is
// reaped, and together they would hold the limit many times over.
void release(std::string& body) { std::string().swap(body); }

}  // namespace

size_t Transfer::on_body(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const size_t n = size * count;
  // curl hands over decoded bytes as it inflates them, so a bomb stops here after at most
  // the limit, however small its compressed form. Undecoded bodies also get the wire limit.
  if (t->body_.size() + n > t->max_decompressed_bytes_) {
    t->inflated_too_large_ = true;
    release(t->body_);
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  if (!t->encoded_ && t->body_.size() + n > t->max_body_bytes_) {
    t->too_large_ = true;
    release(t->body_);
    return 0;
  }
  t->body_.append(data, n);
  return n;
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<Transfer*>(self);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    t->on_status_line(line);
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "ETag")) t->received_.etag = value;
    if (iequals(name, "Last-Modified")) t->received_.last_modified = value;
    if (iequals(name, "Cache-Control")) t->cache_control_ = value;
    if (iequals(name, "Expires")) t->expires_ = value;
    if (iequals(name, "Date")) t->date_ = value;
    if (iequals(name, "Retry-After")) t->retry_after_ = value;
    if (iequals(name, "Link")) t->link_ += (t->link_.empty() ? "" : ", ") + std::string(value);
    if (iequals(name, "Content-Encoding"))
      t->encoded_ = !value.empty() && !iequals(value, "identity");
  }
  return line.size();
}

void Transfer::on_status_line(std::string_view line) {
  const auto space = line.find(' ');
  long status = 0;
  if (space != std::string_view::npos) {
    const auto code = line.substr(space + 1, 3);
    std::from_chars(code.data(), code.data() + code.size(), status);
  }
  if (status >= 100 && status < 200) return;  // interim; the real response follows
  // A new response: what a redirect said does not count.
  received_ = {};
  cache_control_.clear();
  expires_.clear();
  date_.clear();
  retry_after_.clear();
  link_.clear();
  encoded_ = false;
  if (last_status_ != 0) {  // curl followed a redirect to get here
    if (permanent_chain_ && is_permanent_redirect(last_status_)) {
      moved_to_ = info_string(curl_, CURLINFO_EFFECTIVE_URL);
    } else {
      permanent_chain_ = false;
    }
  }
  last_status_ = status;
}

int Transfer::on_progress(void* self, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(self);
  if (dlnow > 0 && static_cast<std::size_t>(dlnow) > t->max_body_bytes_) {
    t->too_large_ = true;
    release(t->body_);
    return 1;  // CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

ServerHints Transfer::hints(long status) const {
  ServerHints h;
  const std::time_t now = std::time(nullptr);
  h.fresh_for = cache_max_age(cache_control_);
  if (!h.fresh_for && !expires_.empty()) {
    // Relative to the server's Date, so that a skewed clock on either side does not matter.
    const auto expires = parse_http_date(expires_);
    const auto date = parse_http_date(date_);
    if (expires)
      h.fresh_for = std::chrono::seconds(std::max<std::time_t>(*expires - date.value_or(now), 0));
  }
  if ((status == 429 || status == 503) && !retry_after_.empty())
    h.retry_after = parse_retry_after(retry_after_, now);
  return h;
}

FetchReport Transfer::report(FetchReport::Result result, std::string error) const {
  FetchReport r;
  r.source = source_.name;
  r.result = result;
  r.error = std::move(error);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  r.bytes = body_.size();
  if (curl_) {
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &r.http_status);
    curl_off_t wire = 0;
    if (curl_easy_getinfo(curl_, CURLINFO_SIZE_DOWNLOAD_T, &wire) == CURLE_OK && wire > 0)
      r.wire_bytes = static_cast<std::size_t>(wire);
  }
  return r;
}

Transfer::Outcome Transfer::finish(CURLcode code) {
  using R = FetchReport::Result;
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  Outcome out;
  out.hints = hints(status);
  out.link = link_;
  if (status == 200 || status == 304) out.moved_to = moved_to_;
  if (inflated_too_large_) {
    out.report =
        report(R::kTooLarge, "body larger than " + std::to_string(max_decompressed_bytes_) +
                                 " bytes when decoded");
  } else if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
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
    d.language = source_.language;
    out.document = std::move(d);
  }
  return out;
}

Transfer::Outcome Transfer::fail(std::string error) {
  Outcome out;
  out.report = report(FetchReport::Result::kTransportError, std::move(error));
  return out;
}

}  // namespace newswired
