#pragma once
// A source's credentials on a curl handle: HTTP basic, a bearer token or an API-key header
// for HTTP; user name, password and key files for FTP and SFTP.

#include <curl/curl.h>

#include "daemon/config/config.h"

namespace newswired {

// Sets the credentials on `curl` and returns `headers` with any header they need appended
// (the caller owns the list and sets CURLOPT_HTTPHEADER). An API-key header would follow a
// redirect to any host, so with one curl does not follow redirects at all.
curl_slist* apply_auth(CURL* curl, const SourceAuth& auth, curl_slist* headers);

}  // namespace newswired
