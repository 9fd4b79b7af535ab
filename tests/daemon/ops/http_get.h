#pragma once
// A blocking HTTP GET for tests: status code and body.

#include <string>

#include <curl/curl.h>

namespace newswired::testing {

struct HttpResponse {
  long status = 0;
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
  if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
  curl_easy_cleanup(h);
  return r;
}

}  // namespace newswired::testing
