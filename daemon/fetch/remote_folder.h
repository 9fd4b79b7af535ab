#pragma once
// A small blocking libcurl client for one FTP, FTPS or SFTP folder: list the files in it,
// download one, delete one. Calls reuse one connection while the server keeps it open.
//
// FTP folders are listed with MLSD (RFC 3659): one request gives every entry's type, exact
// size and modification time, however many files an agency leaves in the folder. Servers
// without it (vsftpd, for one) get NLST for the names and then SIZE and MDTM per wanted file
// (libcurl's NOBODY + FILETIME); LIST output is not parsed, its format is the server's whim.
// SFTP has no such listing in libcurl (its long listing is "ls -l" text with times to the
// minute), so it is names, then a stat per wanted file, and the long listing only to leave
// out directories. Sizes are in bytes, times in whole seconds.
//
// Errors are one line, name the folder or host, and never contain the password.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "daemon/config/config.h"

namespace newswired {

struct RemoteFile {
  std::string name;
  std::int64_t size = -1;   // bytes; -1 when the server does not say
  std::int64_t mtime = -1;  // seconds since the epoch; -1 when the server does not say
};

class RemoteFolder {
 public:
  struct Listing {
    std::string error;               // empty: the listing is complete
    std::vector<std::string> names;  // every name in the folder, wanted or not
    std::vector<RemoteFile> files;   // the wanted regular files, with size and time
    std::size_t bytes = 0;           // of the listings as transferred
  };
  struct Download {
    std::string error;  // empty: `body` is the whole file
    bool too_large = false;
    std::string body;
  };

  RemoteFolder(const SourceConfig& source, const FetchConfig& fetch);
  ~RemoteFolder();
  RemoteFolder(const RemoteFolder&) = delete;
  RemoteFolder& operator=(const RemoteFolder&) = delete;

  // Why this folder cannot be polled at all (bad URL, SFTP without a way to check the host
  // key); empty when it can. Every call fails with it.
  const std::string& config_error() const { return config_error_; }

  // `wanted` selects the names worth a size and time; directories are left out.
  Listing list(const std::function<bool(const std::string&)>& wanted);
  // Size and time of one file; error "not found" when it is gone (or is a directory).
  std::string stat(RemoteFile& file);
  // FTP: list with NLST and a SIZE and MDTM per file even if the server has MLSD (for
  // tests; servers without MLSD are recognised by their answer to it).
  void without_mlsd() { use_mlsd_ = false; }
  Download download(const std::string& name);
  // Deletes the file; returns an empty string or the reason it could not.
  std::string remove(const std::string& name);

  // The folder's URL and a file's URL, without credentials.
  const std::string& url() const { return url_; }
  std::string url_of(const std::string& name) const;

  // Thread-safe: the call in progress returns promptly with error "stopped", and so does
  // every later one.
  void stop();
  bool stopped() const { return stopping_; }

 private:
  enum class Scheme { kFtp, kFtps, kSftp };
  struct Request;

  CURLcode perform();
  // MLSD: false when the server does not know it, and the caller should list by NLST.
  bool list_by_mlsd(const std::function<bool(const std::string&)>& wanted, Listing& out);
  void prepare(Request& request, const std::string& url);
  std::string describe(CURLcode code, const Request& request) const;
  std::string scrub(std::string text) const;
  std::string remote_path(const std::string& name) const;  // SFTP: absolute path to quote
  std::string preflight() const;  // problems of the local side, checked before each call

  static size_t on_body(char* data, size_t size, size_t count, void* request);
  static int on_progress(void* request, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t);
  static int on_host_key(CURL*, const curl_khkey* known, const curl_khkey* found,
                         curl_khmatch match, void* self);

  const SourceConfig source_;
  const FetchConfig fetch_;
  Scheme scheme_ = Scheme::kFtp;
  std::string url_;        // the configured URL without user and password, ending in '/'
  std::string connect_;    // the configured URL as given to curl (may hold user:password)
  std::string host_port_;  // "127.0.0.1:2222", for messages
  std::string dir_path_;   // SFTP: the folder's path, decoded, ending in '/'
  std::string url_user_;
  std::string url_password_;
  std::string config_error_;
  std::string host_key_sha256_;   // as libcurl wants it: base64 without padding or prefix
  std::string host_key_problem_;  // set by on_host_key when it refuses the server's key
  bool use_mlsd_ = true;          // FTP: until the server says it has no MLSD

  CURLM* multi_ = nullptr;
  CURL* curl_ = nullptr;
  std::atomic<bool> stopping_{false};
};

}  // namespace newswired
