#include "daemon/fetch/remote_folder.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include <unistd.h>

namespace newswired {
namespace {

constexpr std::string_view kNotFound = "not found";

// "ftp://user:pw@host/dir/" -> "ftp://host/dir/", also for URLs curl would not parse.
std::string without_userinfo(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto host_start = scheme_end + 3;
  const auto path_start = url.find('/', host_start);
  const auto at = url.rfind('@', path_start == std::string::npos ? url.size() : path_start);
  if (at == std::string::npos || at < host_start) return url;
  return url.substr(0, host_start) + url.substr(at + 1);
}

std::string url_part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string s(value);
  curl_free(value);
  return s;
}

void replace_all(std::string& text, const std::string& what, std::string_view with) {
  if (what.empty()) return;
  for (auto pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + with.size())) {
    text.replace(pos, what.size(), with);
  }
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.empty()) lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// NLST answers: one name a line; some servers prefix the folder's path.
std::vector<std::string> names_of(std::string_view listing) {
  std::vector<std::string> names;
  for (auto& line : lines_of(listing)) {
    if (const auto slash = line.rfind('/'); slash != std::string::npos) line.erase(0, slash + 1);
    if (line.empty() || line == "." || line == "..") continue;
    names.push_back(std::move(line));
  }
  return names;
}

// Names of directories in an SFTP long listing, whose lines are "ls -l" lines on every
// common server ("drwxr-xr-x 2 user group 4096 Nov 29 05:02 name"). Only the type letter and
// the name are read; a line in another shape just is not recognised as a directory.
std::set<std::string> directories_in(std::string_view long_listing) {
  std::set<std::string> dirs;
  for (const auto& line : lines_of(long_listing)) {
    if (!line.starts_with('d')) continue;
    std::size_t pos = 0;
    for (int field = 0; field < 8 && pos < line.size(); ++field) {
      pos = line.find_first_not_of(' ', pos);
      if (pos == std::string::npos) break;
      pos = line.find(' ', pos);
    }
    if (pos == std::string::npos || pos + 1 >= line.size()) continue;
    dirs.insert(line.substr(pos + 1));
  }
  return dirs;
}

// "20231114221320" or "20231114221320.123", always UTC (RFC 3659); -1 if malformed.
std::int64_t mlsd_time(std::string_view v) {
  std::tm tm{};
  if (v.size() < 14 ||
      std::sscanf(std::string(v.substr(0, 14)).c_str(), "%4d%2d%2d%2d%2d%2d", &tm.tm_year,
                  &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm));
}

// One MLSD line: "type=file;size=3;modify=20231114221320;UNIX.mode=0644; a b.xml".
struct MlsdEntry {
  std::string name;
  std::string type;  // lower case: file, dir, cdir, pdir, or an OS-specific one
  RemoteFile file;
};

std::optional<MlsdEntry> mlsd_entry(std::string_view line) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos || space + 1 >= line.size()) return std::nullopt;
  MlsdEntry e;
  e.name = std::string(line.substr(space + 1));
  e.file.name = e.name;
  std::string_view facts = line.substr(0, space);
  while (!facts.empty()) {
    const auto end = facts.find(';');
    const std::string_view fact = facts.substr(0, end);
    facts = end == std::string_view::npos ? std::string_view() : facts.substr(end + 1);
    const auto eq = fact.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(fact.substr(0, eq));
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string_view value = fact.substr(eq + 1);
    if (key == "type") {
      e.type = value;
      for (auto& c : e.type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (key == "size") {
      std::from_chars(value.data(), value.data() + value.size(), e.file.size);
    } else if (key == "modify") {
      e.file.mtime = mlsd_time(value);
    }
  }
  return e;
}

std::string_view key_type_name(curl_khtype type) {
  switch (type) {
    case CURLKHTYPE_RSA:
      return "ssh-rsa";
    case CURLKHTYPE_DSS:
      return "ssh-dss";
    case CURLKHTYPE_ECDSA:
      return "ecdsa-sha2";
    case CURLKHTYPE_ED25519:
      return "ssh-ed25519";
    default:
      return "unknown";
  }
}

bool readable(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

}  // namespace

struct RemoteFolder::Request {
  explicit Request(RemoteFolder* f) : folder(f) {}
  ~Request() { curl_slist_free_all(commands); }
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  RemoteFolder* folder;
  std::string body;
  std::size_t limit = std::numeric_limits<std::size_t>::max();
  bool too_large = false;
  curl_slist* commands = nullptr;
  char errbuf[CURL_ERROR_SIZE] = {};
};

RemoteFolder::RemoteFolder(const SourceConfig& source, const FetchConfig& fetch)
    : source_(source), fetch_(fetch), multi_(curl_multi_init()), curl_(curl_easy_init()) {
  url_ = without_userinfo(source_.url);
  connect_ = source_.url;
  if (!multi_ || !curl_) {
    config_error_ = "cannot set up a libcurl handle for " + url_;
    return;
  }
  CURLU* u = curl_url();
  if (curl_url_set(u, CURLUPART_URL, source_.url.c_str(), 0) != CURLUE_OK) {
    config_error_ = "not a URL: " + url_;
    curl_url_cleanup(u);
    return;
  }
  const std::string scheme = url_part(u, CURLUPART_SCHEME);
  url_user_ = url_part(u, CURLUPART_USER, CURLU_URLDECODE);
  url_password_ = url_part(u, CURLUPART_PASSWORD, CURLU_URLDECODE);
  host_port_ = url_part(u, CURLUPART_HOST) + ":" + url_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
  dir_path_ = url_part(u, CURLUPART_PATH, CURLU_URLDECODE);
  curl_url_set(u, CURLUPART_USER, nullptr, 0);
  curl_url_set(u, CURLUPART_PASSWORD, nullptr, 0);
  url_ = url_part(u, CURLUPART_URL);
  curl_url_cleanup(u);

  if (scheme == "ftp") {
    scheme_ = Scheme::kFtp;
  } else if (scheme == "ftps") {
    scheme_ = Scheme::kFtps;
  } else if (scheme == "sftp") {
    scheme_ = Scheme::kSftp;
  } else {
    config_error_ = "not an ftp://, ftps:// or sftp:// URL: " + url_;
    return;
  }
  if (!dir_path_.ends_with('/')) {
    config_error_ = "a folder URL must end in '/': " + url_;
    return;
  }
  const SourceAuth& auth = source_.auth;
  if (scheme_ == Scheme::kSftp && auth.known_hosts.empty() && auth.host_key_sha256.empty()) {
    // Trusting the first key seen would hand the login to whoever answers first.
    config_error_ = "refusing to connect to " + url_ +
                    ": no auth.known_hosts or auth.host_key_sha256 to check the server's key";
    return;
  }
  host_key_sha256_ = auth.host_key_sha256;
  if (host_key_sha256_.starts_with("SHA256:")) host_key_sha256_.erase(0, 7);
  while (host_key_sha256_.ends_with('=')) host_key_sha256_.pop_back();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 1L);
}

RemoteFolder::~RemoteFolder() {
  curl_easy_cleanup(curl_);
  curl_multi_cleanup(multi_);
}

void RemoteFolder::stop() {
  stopping_ = true;
  if (multi_) curl_multi_wakeup(multi_);
}

std::string RemoteFolder::url_of(const std::string& name) const {
  char* escaped = curl_easy_escape(curl_, name.c_str(), static_cast<int>(name.size()));
  std::string url = url_ + (escaped ? escaped : "");
  curl_free(escaped);
  return url;
}

std::string RemoteFolder::scrub(std::string text) const {
  replace_all(text, source_.auth.secret, "***");
  replace_all(text, url_password_, "***");
  return text;
}

std::string RemoteFolder::preflight() const {
  if (!config_error_.empty()) return config_error_;
  if (stopping_) return "stopped";
  const auto& key = source_.auth.private_key;
  if (scheme_ == Scheme::kSftp && !key.empty() && !readable(key))
    return "cannot read private key " + key + ": " + std::strerror(errno);
  return {};
}

size_t RemoteFolder::on_body(char* data, size_t size, size_t count, void* request) {
  auto* r = static_cast<Request*>(request);
  const size_t n = size * count;
  if (r->body.size() + n > r->limit) {
    r->too_large = true;
    return 0;  // curl aborts with CURLE_WRITE_ERROR
  }
  r->body.append(data, n);
  return n;
}

int RemoteFolder::on_progress(void* request, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* r = static_cast<Request*>(request);
  if (r->folder->stopping_) return 1;  // CURLE_ABORTED_BY_CALLBACK
  if (dlnow > 0 && static_cast<std::size_t>(dlnow) > r->limit) {
    r->too_large = true;
    return 1;
  }
  return 0;
}

int RemoteFolder::on_host_key(CURL*, const curl_khkey*, const curl_khkey* found, curl_khmatch match,
                              void* self) {
  auto* f = static_cast<RemoteFolder*>(self);
  if (match == CURLKHMATCH_OK) return CURLKHSTAT_FINE;
  const std::string& file = f->source_.auth.known_hosts;
  const std::string offered =
      found ? " (the server offers an " + std::string(key_type_name(found->keytype)) + " key)"
            : std::string();
  if (!readable(file)) {
    f->host_key_problem_ = "cannot read known_hosts " + file + ": " + std::strerror(errno);
  } else if (match == CURLKHMATCH_MISMATCH) {
    f->host_key_problem_ = "host key of " + f->host_port_ + " does not match known_hosts " + file +
                           offered + ": the key changed, or someone is in between";
  } else {
    f->host_key_problem_ = "host key of " + f->host_port_ + " not in known_hosts " + file + offered;
  }
  return CURLKHSTAT_REJECT;
}

void RemoteFolder::prepare(Request& r, const std::string& url) {
  CURL* c = curl_;
  // Options go back to their defaults; the open connection stays for reuse.
  curl_easy_reset(c);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  const char* protocol = scheme_ == Scheme::kSftp   ? "sftp"
                         : scheme_ == Scheme::kFtps ? "ftps"
                                                    : "ftp";
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocol);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(fetch_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(fetch_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r.errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &RemoteFolder::on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &RemoteFolder::on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &r);

  const SourceAuth& auth = source_.auth;
  if (!auth.username.empty()) curl_easy_setopt(c, CURLOPT_USERNAME, auth.username.c_str());
  if (scheme_ != Scheme::kSftp) {
    if (!auth.secret.empty()) curl_easy_setopt(c, CURLOPT_PASSWORD, auth.secret.c_str());
    if (scheme_ == Scheme::kFtps) {
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
      if (!fetch_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, fetch_.ca_file.c_str());
    }
    return;
  }
  if (!auth.private_key.empty()) {
    // With a key, the secret (if any) is the key's passphrase and never goes to the server.
    curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES, static_cast<long>(CURLSSH_AUTH_PUBLICKEY));
    curl_easy_setopt(c, CURLOPT_SSH_PRIVATE_KEYFILE, auth.private_key.c_str());
    const std::string pub = auth.private_key + ".pub";
    if (readable(pub)) curl_easy_setopt(c, CURLOPT_SSH_PUBLIC_KEYFILE, pub.c_str());
    if (!auth.secret.empty()) curl_easy_setopt(c, CURLOPT_KEYPASSWD, auth.secret.c_str());
  } else {
    curl_easy_setopt(c, CURLOPT_SSH_AUTH_TYPES,
                     static_cast<long>(CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD));
    if (!auth.secret.empty()) curl_easy_setopt(c, CURLOPT_PASSWORD, auth.secret.c_str());
  }
  if (!auth.known_hosts.empty()) {
    curl_easy_setopt(c, CURLOPT_SSH_KNOWNHOSTS, auth.known_hosts.c_str());
    curl_easy_setopt(c, CURLOPT_SSH_KEYFUNCTION, &RemoteFolder::on_host_key);
    curl_easy_setopt(c, CURLOPT_SSH_KEYDATA, this);
  }
  if (!host_key_sha256_.empty())
    curl_easy_setopt(c, CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256, host_key_sha256_.c_str());
}

CURLcode RemoteFolder::perform() {
  if (stopping_) return CURLE_ABORTED_BY_CALLBACK;
  host_key_problem_.clear();
  // The multi interface, not curl_easy_perform: stop() wakes the wait at once, whatever
  // state the transfer is in (connecting, logging in, waiting for a listing).
  if (curl_multi_add_handle(multi_, curl_) != CURLM_OK) return CURLE_FAILED_INIT;
  CURLcode result = CURLE_OK;
  for (bool done = false; !done;) {
    int running = 0;
    if (curl_multi_perform(multi_, &running) != CURLM_OK) {
      result = CURLE_FAILED_INIT;
      break;
    }
    int queued = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &queued)) {
      if (m->msg == CURLMSG_DONE) {
        result = m->data.result;
        done = true;
      }
    }
    if (done) break;
    if (stopping_) {
      result = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    // libcurl 7.88 starts connecting an FTP data connection only on the next call after
    // it asked for one, with no socket to watch and only the connect timeout as its timer:
    // a short wait keeps that from costing a second (or the whole timeout) per request.
    curl_multi_poll(multi_, nullptr, 0, scheme_ == Scheme::kSftp ? 1000 : 5, nullptr);
  }
  curl_multi_remove_handle(multi_, curl_);
  return result;
}

std::string RemoteFolder::describe(CURLcode code, const Request& r) const {
  if (stopping_ && code == CURLE_ABORTED_BY_CALLBACK) return "stopped";
  const std::string detail = r.errbuf[0] ? std::string(r.errbuf) : curl_easy_strerror(code);
  const SourceAuth& auth = source_.auth;
  std::string message;
  switch (code) {
    case CURLE_LOGIN_DENIED: {
      const std::string& user = auth.username.empty() ? url_user_ : auth.username;
      message = "login refused by " + url_ + " (user '" + user + "'";
      if (scheme_ == Scheme::kSftp && !auth.private_key.empty())
        message += ", key " + auth.private_key;
      message += ")";
      break;
    }
    case CURLE_PEER_FAILED_VERIFICATION:
      if (scheme_ != Scheme::kSftp) {
        message = "TLS certificate of " + host_port_ + " not trusted: " + detail;
      } else if (!host_key_problem_.empty()) {
        message = host_key_problem_;
      } else if (!host_key_sha256_.empty()) {
        message = "host key of " + host_port_ + " does not match auth.host_key_sha256";
      } else {
        message = "host key of " + host_port_ + " refused: " + detail;
      }
      break;
    case CURLE_OPERATION_TIMEDOUT:
      message = "timeout at " + url_ + ": " + detail;
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      message = "cannot connect to " + host_port_ + ": " + detail;
      break;
    case CURLE_REMOTE_FILE_NOT_FOUND:
      message = std::string(kNotFound);
      break;
    default:
      message = url_ + ": " + curl_easy_strerror(code);
      if (r.errbuf[0]) message += std::string(" (") + r.errbuf + ")";
  }
  return scrub(std::move(message));
}

bool RemoteFolder::list_by_mlsd(const std::function<bool(const std::string&)>& wanted,
                                Listing& out) {
  Request r(this);
  prepare(r, connect_);
  curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, "MLSD");
  const CURLcode code = perform();
  if (code != CURLE_OK) {
    long reply = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply);
    // 500-502 and 504: the command is unknown or not implemented; anything else is an
    // answer about the folder or the connection, which NLST would get too.
    if (code != CURLE_ABORTED_BY_CALLBACK && reply >= 500 && reply <= 504 && reply != 503) {
      use_mlsd_ = false;
      return false;
    }
    if (code == CURLE_REMOTE_ACCESS_DENIED || code == CURLE_FTP_COULDNT_RETR_FILE) {
      out.error = "no folder " + url_ + ", or no permission to enter it";
    } else {
      out.error = describe(code, r);
    }
    return true;
  }
  out.bytes = r.body.size();
  for (const auto& line : lines_of(r.body)) {
    auto entry = mlsd_entry(line);
    if (!entry || entry->type == "cdir" || entry->type == "pdir") continue;
    if (entry->name == "." || entry->name == "..") continue;
    out.names.push_back(entry->name);
    if (entry->type == "file" && wanted(entry->name)) out.files.push_back(std::move(entry->file));
  }
  return true;
}

RemoteFolder::Listing RemoteFolder::list(const std::function<bool(const std::string&)>& wanted) {
  Listing out;
  if (out.error = preflight(); !out.error.empty()) return out;
  if (scheme_ != Scheme::kSftp && use_mlsd_ && list_by_mlsd(wanted, out)) return out;
  Request names(this);
  prepare(names, connect_);
  curl_easy_setopt(curl_, CURLOPT_DIRLISTONLY, 1L);
  if (const CURLcode code = perform(); code != CURLE_OK) {
    if (code == CURLE_REMOTE_FILE_NOT_FOUND || code == CURLE_REMOTE_ACCESS_DENIED) {
      out.error = "no folder " + url_ + ", or no permission to enter it";
    } else {
      out.error = describe(code, names);
    }
    return out;
  }
  out.bytes += names.body.size();
  out.names = names_of(names.body);
  std::set<std::string> directories;
  if (scheme_ == Scheme::kSftp) {
    // A stat would report a directory as a file of 4096 bytes.
    Request long_listing(this);
    prepare(long_listing, connect_);
    if (const CURLcode code = perform(); code != CURLE_OK) {
      out.error = describe(code, long_listing);
      return out;
    }
    out.bytes += long_listing.body.size();
    directories = directories_in(long_listing.body);
  }
  for (const auto& name : out.names) {
    if (directories.contains(name) || !wanted(name)) continue;
    RemoteFile file{name};
    const std::string error = stat(file);
    if (error == kNotFound) continue;  // gone since the listing, or a directory (FTP)
    if (!error.empty()) {
      out.error = name + ": " + error;
      out.files.clear();
      return out;
    }
    out.files.push_back(std::move(file));
  }
  return out;
}

std::string RemoteFolder::stat(RemoteFile& file) {
  if (auto error = preflight(); !error.empty()) return error;
  Request r(this);
  prepare(r, connect_ + url_of(file.name).substr(url_.size()));
  curl_easy_setopt(curl_, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl_, CURLOPT_FILETIME, 1L);
  if (const CURLcode code = perform(); code != CURLE_OK) return describe(code, r);
  curl_off_t size = -1;
  curl_off_t mtime = -1;
  curl_easy_getinfo(curl_, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &size);
  curl_easy_getinfo(curl_, CURLINFO_FILETIME_T, &mtime);
  file.size = size;
  file.mtime = mtime;
  return {};
}

RemoteFolder::Download RemoteFolder::download(const std::string& name) {
  Download out;
  if (out.error = preflight(); !out.error.empty()) return out;
  Request r(this);
  r.limit = fetch_.max_body_bytes;
  prepare(r, connect_ + url_of(name).substr(url_.size()));
  curl_easy_setopt(curl_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.limit));
  const CURLcode code = perform();
  if (r.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    out.too_large = true;
    out.error = "larger than " + std::to_string(r.limit) + " bytes (fetch.max_body_bytes)";
  } else if (code != CURLE_OK) {
    out.error = describe(code, r);
  } else {
    out.body = std::move(r.body);
  }
  return out;
}

std::string RemoteFolder::remote_path(const std::string& name) const {
  // libcurl expands "/~/" only in unquoted paths; relative ones start at the home directory.
  std::string path = dir_path_.starts_with("/~/") ? dir_path_.substr(3) : dir_path_;
  std::string quoted = "\"";
  for (const char c : path + name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string RemoteFolder::remove(const std::string& name) {
  if (auto error = preflight(); !error.empty()) return error;
  // A command is one line: such a name cannot be deleted safely.
  if (name.find_first_of("\r\n") != std::string::npos) return "name has a line break";
  Request r(this);
  prepare(r, connect_);
  curl_easy_setopt(curl_, CURLOPT_NOBODY, 1L);
  if (scheme_ == Scheme::kSftp) {
    r.commands = curl_slist_append(r.commands, ("rm " + remote_path(name)).c_str());
    curl_easy_setopt(curl_, CURLOPT_QUOTE, r.commands);
  } else {
    // After the transfer, so inside the folder: QUOTE would run before libcurl changes into
    // it, in whichever directory the reused connection was left.
    r.commands = curl_slist_append(r.commands, ("DELE " + name).c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTQUOTE, r.commands);
  }
  const CURLcode code = perform();
  if (code == CURLE_QUOTE_ERROR) {
    return scrub("server refused to delete " + url_of(name) +
                 (r.errbuf[0] ? std::string(": ") + r.errbuf : std::string()));
  }
  return code == CURLE_OK ? std::string() : describe(code, r);
}

}  // namespace newswired
