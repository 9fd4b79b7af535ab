#pragma once
// A blocking HTTP GET for tests: status code, content type and body.

#include <string>

#include <curl/curl.h>

namespace newswired::testing {

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

inline HttpResponse http_get(const std::string& url) {
  HttpResponse r;
  CURL* h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(
      h, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(p, s * n);
        return s * n;
      });
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &r.body);
  if (curl_easy_perform(h) == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    const char* type = nullptr;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    if (type) r.content_type = type;
  }
  curl_easy_cleanup(h);
  return r;
}

}  // namespace newswired::testing
