#include "daemon/fetch/auth.h"

#include <string>

namespace newswired {

curl_slist* apply_auth(CURL* curl, const SourceAuth& auth, curl_slist* headers) {
  if (!auth.username.empty()) curl_easy_setopt(curl, CURLOPT_USERNAME, auth.username.c_str());
  if (!auth.private_key.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSH_PRIVATE_KEYFILE, auth.private_key.c_str());
    const std::string pub = auth.private_key + ".pub";
    curl_easy_setopt(curl, CURLOPT_SSH_PUBLIC_KEYFILE, pub.c_str());
    if (!auth.secret.empty()) curl_easy_setopt(curl, CURLOPT_KEYPASSWD, auth.secret.c_str());
    return headers;
  }
  if (auth.secret.empty()) return headers;
  const std::string scheme =
      !auth.scheme.empty() ? auth.scheme : (auth.username.empty() ? "bearer" : "basic");
  if (scheme == "basic") {
    curl_easy_setopt(curl, CURLOPT_PASSWORD, auth.secret.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
  } else if (scheme == "bearer") {
    // curl keeps Authorization to the host it was meant for when a redirect leaves it.
    headers = curl_slist_append(headers, ("Authorization: Bearer " + auth.secret).c_str());
  } else {
    headers = curl_slist_append(headers, (auth.header + ": " + auth.secret).c_str());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  }
  return headers;
}

}  // namespace newswired
