#pragma once
// The daemon's configuration, as read from YAML (config_loader.h) and environment overrides.
// docs/configuration.md is generated from the schema in config_schema.cc.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace newswired {

// A source's credentials. The secret itself is read from the environment or a file when the
// configuration is loaded; it is never logged, put in metrics or printed back.
struct SourceAuth {
  std::string username;
  std::string secret_env;   // variable holding the password or token
  std::string secret_file;  // or a file holding it (trailing newline dropped)
  // HTTP: "basic", "bearer" or "header"; empty: basic with a username, bearer without.
  std::string scheme;
  std::string header;           // for scheme "header": its name, e.g. "X-Api-Key"
  std::string private_key;      // SFTP: private key file (its public half at <private_key>.pub)
  std::string known_hosts;      // SFTP: OpenSSH known_hosts file that must list the server
  std::string host_key_sha256;  // SFTP: or the server key's SHA256 fingerprint, base64
  std::string secret;           // resolved at load time
  bool any() const { return !username.empty() || !secret.empty() || !private_key.empty(); }
};

// An agency's HTTP API, read page by page. Each page is one document; where the next poll
// starts is remembered only once everything before it is in Kafka.
struct ApiConfig {
  std::string items;          // JSON pointer to the list of items; empty: the response itself
  std::string next = "link";  // "link": the Link header's rel="next"; else a JSON pointer to the
                              // next page's URL or cursor
  std::string cursor_param;   // the query parameter that carries a cursor `next` gave
  std::string since;          // JSON pointer to a token the next poll resumes from
  std::string since_param = "since";
  int max_pages = 20;                    // per poll
  std::chrono::milliseconds min_gap{0};  // between two requests: the API's rate limit
};

struct SourceConfig {
  std::string name;
  std::string url;
  std::string format = "auto";
  std::chrono::milliseconds interval{std::chrono::minutes(5)};
  // Bounds for hints and adaptive scheduling; zero: fetch.min_interval / fetch.max_interval.
  std::chrono::milliseconds min_interval{0};
  std::chrono::milliseconds max_interval{0};
  std::string language;               // declared language when the feed says none (or says wrong)
  std::vector<std::string> agencies;  // static tags.agencies for every item of this source
  bool fetch_full_text = false;       // take each new item's text from its web page
  bool body_html = false;             // publish sanitized HTML as body_html too
  // Sources that deliver files: a drop directory (instead of a URL), or an ftp://, ftps:// or
  // sftp:// URL naming a folder.
  std::string directory;
  std::vector<std::string> files;  // glob patterns of names to take; empty: all but hidden/temp
  std::chrono::milliseconds settle{std::chrono::seconds(2)};  // unchanged this long: complete
  std::string done_dir;                                       // default <directory>/done
  std::string failed_dir;                                     // default <directory>/failed
  bool delete_after_ack = false;  // FTP/SFTP: remove the file once its articles are in Kafka
  SourceAuth auth;
  std::optional<ApiConfig> api;
  int line = 0;  // where the source is declared, for error messages
};

enum class Transport { kFeed, kDirectory, kRemoteFolder, kApi };
inline Transport transport_of(const SourceConfig& s) {
  if (!s.directory.empty()) return Transport::kDirectory;
  if (s.api) return Transport::kApi;
  if (s.url.starts_with("ftp://") || s.url.starts_with("ftps://") || s.url.starts_with("sftp://"))
    return Transport::kRemoteFolder;
  return Transport::kFeed;
}

struct FetchConfig {
  std::string user_agent;  // default: "newswired/<version>"
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::size_t max_body_bytes = std::size_t{16} << 20;
  double jitter = 0.1;  // fraction of the interval, spreads polls of equal intervals apart
  int max_concurrent = 64;
  std::string ca_file;  // extra trust anchors instead of the system store; empty: system store
  std::size_t max_decompressed_bytes = std::size_t{64} << 20;
  int max_redirects = 5;
  std::size_t max_items = 1000;  // per document; the rest is dropped with a warning
  // Every source's interval range is widened to include its own interval.
  std::chrono::milliseconds min_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds max_interval{std::chrono::hours(1)};
  int circuit_failures = 5;  // consecutive failures that open a source's circuit
  std::chrono::milliseconds circuit_cooldown{std::chrono::minutes(30)};
  int max_per_host = 6;
  std::chrono::milliseconds host_delay{std::chrono::milliseconds(100)};
  int quiet_after = 4;  // usual gaps without a new item before a feed counts as quiet
};

struct KafkaTopics {
  std::string articles = "news.articles";
  std::string duplicates = "news.duplicates";
  std::string dead_letter = "news.deadletter";
  std::string kills = "news.kills";
  // Exactly-once mode: the state each transaction makes true, restored from here on start.
  std::string changelog = "news.changelog";
};

struct KafkaConfig {
  std::string brokers = "embedded";  // "embedded" starts an in-process mock cluster
  KafkaTopics topics;
  std::vector<std::pair<std::string, std::string>> producer;  // passed to librdkafka as is
  std::chrono::milliseconds flush_timeout{std::chrono::seconds(30)};
  // Exactly-once mode: set when the producer is to be transactional (the topology derives it
  // from the host and state_dir unless configured).
  std::string transactional_id;
};

struct MetricsConfig {
  std::string listen = "127.0.0.1:9464";  // empty: no HTTP endpoint
};

struct LogConfig {
  std::string level = "info";
  std::string format = "text";  // text | json
};

struct PipelineConfig {
  std::size_t queue_capacity = 1024;
};

// Records not yet acknowledged by Kafka, on disk under state_dir (daemon/publish/spool.h).
struct SpoolConfig {
  std::uint64_t max_bytes = std::uint64_t{1} << 30;
};

struct DedupeConfig {
  std::chrono::milliseconds window{std::chrono::hours(72)};
  double near_duplicate_similarity = 0.35;  // 0: near-duplicate detection off
  int min_shingles = 24;
  std::chrono::milliseconds id_retention{std::chrono::hours(24 * 30)};
};

// Query parameters canonical URLs drop (pipeline/normalize/tracking_params.h).
struct NormalizeConfig {
  std::vector<std::string> tracking_params;  // patterns added to, or replacing, the built-in list
  bool keep_default_tracking_params = true;
  std::vector<int> tracking_param_lines;  // where each pattern is written, for error messages
};

// Rule files of the tag stage (docs/tagging.md); empty: topics, entities and places off.
struct TaggingConfig {
  std::string dir;  // absolute once loaded (relative paths are relative to the config file)
};

// Fleet mode (docs/fleet.md): instances sharing the sources through Kafka. `newswired sources
// apply` writes the table of sources; `run` polls the sources the consumer group assigns it.
struct ClusterConfig {
  std::string group;     // consumer group and topic prefix: newswired.<group>.sources
  int partitions = 24;   // of the control topics newswired creates
  std::string instance;  // default: the host name
  // How long the group waits for a silent instance before handing its sources to the others.
  std::chrono::milliseconds session_timeout{std::chrono::seconds(10)};
};

struct Config {
  std::string path;  // the file it was read from
  std::vector<SourceConfig> sources;
  FetchConfig fetch;
  KafkaConfig kafka;
  MetricsConfig metrics;
  LogConfig log;
  PipelineConfig pipeline;
  SpoolConfig spool;
  DedupeConfig dedupe;
  NormalizeConfig normalize;
  TaggingConfig tagging;
  std::optional<ClusterConfig> cluster;  // absent: a single instance
  std::string state_dir = "./state";
  std::string delivery = "at_least_once";  // at_least_once | exactly_once
};

}  // namespace newswired
