#include "daemon/config/config_schema.h"

#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "daemon/config/units.h"
#include "pipeline/parse/registry.h"

namespace newswired {
namespace {

std::string scalar(const YAML::Node& n) { return n.Scalar(); }
std::chrono::milliseconds duration(const YAML::Node& n) { return *parse_duration(n.Scalar()); }
bool boolean(const YAML::Node& n) { return n.Scalar() == "true"; }
std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  for (const auto& item : n) out.push_back(item.Scalar());
  return out;
}

// Both end up in topic names, group ids and transactional ids: Kafka's legal characters, and
// short enough for its 249-character topic names with newswired's prefix and suffix.
constexpr std::size_t kMaxGroupLength = 200;
constexpr std::size_t kMaxInstanceLength = 128;

std::string kafka_name_problem(const std::string& s, std::size_t max_length) {
  static const std::regex re("[A-Za-z0-9._-]+");
  if (s.size() > max_length)
    return "'" + s + "' is longer than " + std::to_string(max_length) + " characters";
  if (!std::regex_match(s, re)) return "'" + s + "' may hold only letters, digits, . _ -";
  return {};
}

ApiConfig& api_of(SetTarget& t) {
  if (!t.source->api) t.source->api.emplace();
  return *t.source->api;
}

std::vector<FieldSpec> build_schema() {
  using T = FieldType;
  return {
      {"sources", T::kList, "", "The feeds to poll; at least one.", {}, true},
      {"sources[].name",
       T::kString,
       "",
       "Unique name: used in logs, metrics labels and the record's `source.name` "
       "(letters, digits, `.`, `_`, `-`).",
       {},
       true,
       [](SetTarget& t, const YAML::Node& n) { t.source->name = scalar(n); }},
      {"sources[].url",
       T::kString,
       "",
       "Where to fetch: a feed or API at `http://`, `https://` or `file://` (`file:NAME` is "
       "relative to the config file), or a folder of files at `ftp://`, `ftps://` or `sftp://` "
       "(ending in `/`). Each source has a `url` or a `directory`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->url = scalar(n); }},
      {"sources[].directory",
       T::kString,
       "",
       "A drop directory to watch instead of a `url` (relative to the config file): each "
       "complete file in it is one document, moved to `done_dir` once its articles are in Kafka "
       "or to `failed_dir` (with a `.reason` file) when it cannot be read.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->directory = scalar(n); }},
      {"sources[].files",
       T::kStringList,
       "[]",
       "Glob patterns of the file names a `directory`, FTP or SFTP source takes (e.g. "
       "`[\"*.xml\"]`); empty: every name except hidden ones (`.name`) and temporary ones "
       "(`*.tmp`, `*.part`, `*~`), which writers rename into place when done.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->files = strings(n); }},
      {"sources[].settle",
       T::kDuration,
       "2s",
       "A file that is neither renamed into place nor closed after writing is taken once its "
       "size and time have not changed for this long.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->settle = duration(n); }},
      {"sources[].done_dir",
       T::kString,
       "DIRECTORY/done",
       "Where a `directory` source moves the files it delivered.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->done_dir = scalar(n); }},
      {"sources[].failed_dir",
       T::kString,
       "DIRECTORY/failed",
       "Where a `directory` source moves the files it could not read, each with "
       "`NAME.reason`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->failed_dir = scalar(n); }},
      {"sources[].delete_after_ack",
       T::kBool,
       "false",
       "FTP/SFTP: delete each file from the server once Kafka acknowledged its articles "
       "(otherwise it stays and is remembered, by name, size and time, as taken).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->delete_after_ack = boolean(n); }},
      {"sources[].api",
       T::kSection,
       "",
       "Read `url` as an agency's HTTP API (JSON or XML): page by page, each page one document, "
       "resuming where the last poll ended once everything before is in Kafka.",
       {},
       false,
       [](SetTarget& t, const YAML::Node&) {
         if (!t.source->api) t.source->api.emplace();
       }},
      {"sources[].api.items",
       T::kString,
       "",
       "JSON pointer to the list of items in a page (e.g. `/data/items`); empty: the page as it "
       "is (an item, a list of items, or a feed).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).items = scalar(n); }},
      {"sources[].api.next",
       T::kString,
       "link",
       "Where the next page is: `link` for the `Link: <...>; rel=\"next\"` header, or a JSON "
       "pointer (e.g. `/next_page`) to its URL or to a cursor.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).next = scalar(n); }},
      {"sources[].api.cursor_param",
       T::kString,
       "",
       "When `next` gives a cursor rather than a URL: the query parameter that carries it.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).cursor_param = scalar(n); }},
      {"sources[].api.since",
       T::kString,
       "",
       "JSON pointer to a token in the last page that the next poll starts from (as "
       "`since_param`); without one, a poll resumes from the last page's next link, or starts "
       "again at `url`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).since = scalar(n); }},
      {"sources[].api.since_param",
       T::kString,
       "since",
       "The query parameter that carries the `since` token.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).since_param = scalar(n); }},
      {"sources[].api.max_pages",
       T::kInt,
       "20",
       "Pages read per poll at most; the next poll goes on from there.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).max_pages = std::stoi(n.Scalar()); }},
      {"sources[].api.min_gap",
       T::kDuration,
       "0s",
       "Time between two requests at least, for APIs with a rate limit. `429`/`503` answers "
       "with `Retry-After` are honoured on top of it.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { api_of(t).min_gap = duration(n); }},
      {"sources[].auth", T::kSection, "",
       "Credentials. The secret comes from an environment variable or a file, never from the "
       "config itself, and is never logged."},
      {"sources[].auth.username",
       T::kString,
       "",
       "User name (FTP, SFTP, HTTP basic).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.username = scalar(n); }},
      {"sources[].auth.secret_env",
       T::kString,
       "",
       "Environment variable holding the password or token.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.secret_env = scalar(n); }},
      {"sources[].auth.secret_file",
       T::kString,
       "",
       "File holding the password or token (one line; relative to the config file).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.secret_file = scalar(n); }},
      {"sources[].auth.scheme",
       T::kEnum,
       "",
       "HTTP: `basic` (user name and password), `bearer` (`Authorization: Bearer TOKEN`) or "
       "`header` (the token in the header named by `auth.header`); default `basic` with a user "
       "name, `bearer` without.",
       {"basic", "bearer", "header"},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.scheme = scalar(n); }},
      {"sources[].auth.header",
       T::kString,
       "",
       "HTTP header that carries the token with `scheme: header`, e.g. `X-Api-Key`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.header = scalar(n); }},
      {"sources[].auth.private_key",
       T::kString,
       "",
       "SFTP: private key file (its public half beside it as `FILE.pub`); `secret_*` is then "
       "its passphrase, if any.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.private_key = scalar(n); }},
      {"sources[].auth.known_hosts",
       T::kString,
       "",
       "SFTP: OpenSSH known_hosts file that must list the server's key. SFTP needs this or "
       "`host_key_sha256`: an unknown server is never trusted.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.known_hosts = scalar(n); }},
      {"sources[].auth.host_key_sha256",
       T::kString,
       "",
       "SFTP: the server key's SHA256 fingerprint, base64 as `ssh-keygen -l` prints it "
       "(without `SHA256:`).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->auth.host_key_sha256 = scalar(n); }},
      {"sources[].format", T::kEnum, "auto", "How to read the payload; `auto` sniffs the content.",
       known_formats(), false,
       [](SetTarget& t, const YAML::Node& n) { t.source->format = scalar(n); }},
      {"sources[].fetch_full_text",
       T::kBool,
       "false",
       "Fetch each new item's web page (following its `<link rel=canonical>` once) and take the "
       "article's full text, and what else the feed left out, from it.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->fetch_full_text = boolean(n); }},
      {"sources[].body_html",
       T::kBool,
       "false",
       "Also publish the article's HTML, sanitized, as `body_html`: paragraphs, headings, lists, "
       "quotes, emphasis, figures, images and absolute http(s) links only; scripts, embeds, "
       "forms, attributes and page chrome removed. For consumers that render the text.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->body_html = boolean(n); }},
      {"sources[].interval",
       T::kDuration,
       "5m",
       "Time between polls (at least 1s).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->interval = duration(n); }},
      {"sources[].min_interval",
       T::kDuration,
       "",
       "Shortest time between polls that hints and adaptive scheduling may choose; default "
       "`fetch.min_interval` (never more than `interval`).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->min_interval = duration(n); }},
      {"sources[].max_interval",
       T::kDuration,
       "",
       "Longest time between polls that hints, adaptive scheduling and failure backoff may "
       "choose; default `fetch.max_interval` (never less than `interval`).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->max_interval = duration(n); }},
      {"sources[].language",
       T::kString,
       "",
       "Language the source declares for items whose feed declares none (e.g. `en`); "
       "`language_declared` keeps it, and enough text detected as another language overrules "
       "it in `language`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->language = scalar(n); }},
      {"sources[].agencies",
       T::kStringList,
       "[]",
       "Agencies credited on every item of this source (`tags.agencies`).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.source->agencies = strings(n); }},

      {"fetch", T::kSection, "", "How sources are fetched."},
      {"fetch.user_agent",
       T::kString,
       "newswired/VERSION",
       "HTTP User-Agent. In fleet mode the default names the instance: `newswired/VERSION "
       "(instance NAME)`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.user_agent = scalar(n); }},
      {"fetch.timeout",
       T::kDuration,
       "30s",
       "Whole-transfer timeout.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.timeout = duration(n); }},
      {"fetch.connect_timeout",
       T::kDuration,
       "10s",
       "TCP/TLS connect timeout.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.connect_timeout = duration(n); }},
      {"fetch.max_body_size",
       T::kSize,
       "16MiB",
       "Larger responses are aborted and reported.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.fetch.max_body_bytes = *parse_size(n.Scalar());
       }},
      {"fetch.jitter",
       T::kFraction,
       "0.1",
       "Random spread of each poll, as a fraction of the interval.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.jitter = n.as<double>(); }},
      {"fetch.max_concurrent",
       T::kInt,
       "64",
       "Transfers in flight at once.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.max_concurrent = n.as<int>(); }},

      {"fetch.ca_file",
       T::kString,
       "",
       "PEM file of CA certificates to verify servers against instead of the system store. "
       "TLS verification is always on. Proxies come from the environment (`http_proxy`, "
       "`https_proxy`, `no_proxy`), as curl reads them.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.ca_file = scalar(n); }},
      {"fetch.max_decompressed_size",
       T::kSize,
       "64MiB",
       "Largest body after gzip/deflate/brotli decoding; a response that inflates past it is "
       "aborted as soon as it does (compression bombs).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.fetch.max_decompressed_bytes = *parse_size(n.Scalar());
       }},
      {"fetch.max_redirects",
       T::kInt,
       "5",
       "Redirects followed per poll. A permanent one (301, 308) becomes the source's URL from "
       "then on (logged, kept in state).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.max_redirects = n.as<int>(); }},
      {"fetch.max_items",
       T::kInt,
       "1000",
       "Items read from one document; the rest are dropped with a warning.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.max_items = n.as<std::size_t>(); }},
      {"fetch.min_interval",
       T::kDuration,
       "1m",
       "Default `sources[].min_interval`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.min_interval = duration(n); }},
      {"fetch.max_interval",
       T::kDuration,
       "1h",
       "Default `sources[].max_interval`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.max_interval = duration(n); }},
      {"fetch.circuit_failures",
       T::kInt,
       "5",
       "Consecutive failed polls after which a source's circuit opens: no polls until "
       "`fetch.circuit_cooldown` has passed, then one probe.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.circuit_failures = n.as<int>(); }},
      {"fetch.circuit_cooldown",
       T::kDuration,
       "30m",
       "How long an open circuit waits before its probe.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.circuit_cooldown = duration(n); }},
      {"fetch.max_per_host",
       T::kInt,
       "6",
       "Transfers in flight at once to one host (scheme, host and port), over all its sources.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.max_per_host = n.as<int>(); }},
      {"fetch.host_delay",
       T::kDuration,
       "100ms",
       "Politeness: least time between the starts of two requests to the same host.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.host_delay = duration(n); }},
      {"fetch.quiet_after",
       T::kInt,
       "4",
       "A feed that usually publishes counts as quiet (gauge and log) after this many of its "
       "usual gaps between new items without one.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.fetch.quiet_after = n.as<int>(); }},

      {"kafka", T::kSection, "", "Where articles are published."},
      {"kafka.brokers",
       T::kString,
       "embedded",
       "`host:port,host:port`, or `embedded` for an in-process broker (demo). "
       "Env: `NEWSWIRED_KAFKA_BROKERS`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.brokers = scalar(n); }},
      {"kafka.topics", T::kSection, "", "Topic names."},
      {"kafka.topics.articles",
       T::kString,
       "news.articles",
       "New articles and new versions.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.topics.articles = scalar(n); }},
      {"kafka.topics.duplicates",
       T::kString,
       "news.duplicates",
       "Items recognised as another article under a different id (same URL, same text or the "
       "same story retold).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.topics.duplicates = scalar(n); }},
      {"kafka.topics.dead_letter",
       T::kString,
       "news.deadletter",
       "Documents and items that failed a stage, with source, stage and reason.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.topics.dead_letter = scalar(n); }},
      {"kafka.topics.kills",
       T::kString,
       "news.kills",
       "Kills and withholds from wire agencies (publication status canceled or withheld), keyed by "
       "the article id: consumers must take the article down.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.topics.kills = scalar(n); }},
      {"kafka.topics.changelog",
       T::kString,
       "news.changelog",
       "Exactly-once mode: the dedupe state and spool progress each transaction commits with "
       "its articles; read back on start after a crash. Compaction is fine.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.topics.changelog = scalar(n); }},
      {"kafka.transactional_id",
       T::kString,
       "",
       "Exactly-once mode: the producer's transactional.id. Empty: `newswired-` + host name + a "
       "hash of `state_dir`, stable across restarts, so a restarted daemon fences off its "
       "predecessor. Two daemons must never share one.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.transactional_id = scalar(n); }},
      {"kafka.producer",
       T::kFreeMap,
       "{}",
       "librdkafka producer properties, passed through (e.g. `compression.type: zstd`). "
       "Env: `NEWSWIRED_KAFKA_PRODUCER_<NAME>` with dots as underscores, e.g. "
       "`NEWSWIRED_KAFKA_PRODUCER_SASL_PASSWORD`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         for (const auto& kv : n)
           t.config.kafka.producer.emplace_back(kv.first.Scalar(), kv.second.Scalar());
       }},
      {"kafka.flush_timeout",
       T::kDuration,
       "30s",
       "How long shutdown and `--once` wait for outstanding deliveries.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.kafka.flush_timeout = duration(n); }},

      {"metrics", T::kSection, "", "The HTTP endpoint for /metrics, /healthz and /readyz."},
      {"metrics.listen",
       T::kString,
       "127.0.0.1:9464",
       "`host:port`; empty disables it. Env: `NEWSWIRED_METRICS_LISTEN`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.metrics.listen = scalar(n); }},

      {"log", T::kSection, "", "Logging to standard error."},
      {"log.level",
       T::kEnum,
       "info",
       "Env: `NEWSWIRED_LOG_LEVEL`.",
       {"trace", "debug", "info", "warn", "error"},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.log.level = scalar(n); }},
      {"log.format",
       T::kEnum,
       "text",
       "`json` writes one JSON object per line.",
       {"text", "json"},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.log.format = scalar(n); }},

      {"pipeline", T::kSection, "", "The stages between fetch and publish."},
      {"pipeline.queue_capacity",
       T::kInt,
       "1024",
       "Items each inter-stage queue holds; a full queue slows the stage before it.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.pipeline.queue_capacity = n.as<std::size_t>();
       }},

      {"spool", T::kSection, "",
       "Records made but not yet acknowledged by Kafka, kept on disk under `state_dir` so that an "
       "outage, a restart or a crash loses none of them."},
      {"spool.max_size",
       T::kSize,
       "1GiB",
       "When the spool holds this much, the pipeline waits and fetching pauses until Kafka takes "
       "records again (logged, `newswired_spool_waits_total`).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.spool.max_bytes = *parse_size(n.Scalar());
       }},

      {"normalize", T::kSection, "", "How items become articles."},
      {"normalize.tracking_params",
       T::kStringList,
       "[]",
       "Query parameters that only track the reader, dropped from `canonical_url` (names, case "
       "ignored; a trailing `*` matches a prefix, e.g. `ns_*`). Added to the built-in list "
       "(`utm_*`, `fbclid`, `gclid`, `msclkid`, `mc_cid`, `xtor`, ...).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.normalize.tracking_params = strings(n);
         for (const auto& item : n)
           t.config.normalize.tracking_param_lines.push_back(item.Mark().line + 1);
       }},
      {"normalize.keep_default_tracking_params",
       T::kBool,
       "true",
       "`false`: `normalize.tracking_params` replaces the built-in list instead of adding to it.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.normalize.keep_default_tracking_params = boolean(n);
       }},

      {"dedupe", T::kSection, "",
       "Duplicates, new versions and near-duplicate stories (docs/dedupe.md)."},
      {"dedupe.window",
       T::kDuration,
       "72h",
       "How long an article's URL, text and signature make later copies duplicates; older "
       "entries are forgotten.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.dedupe.window = duration(n); }},
      {"dedupe.near_duplicate_similarity",
       T::kFraction,
       "0.35",
       "Smallest estimated share of shared three-word shingles (Jaccard similarity, from MinHash "
       "signatures) that makes an article a retelling of an earlier story; `0` turns "
       "near-duplicate detection off.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) {
         t.config.dedupe.near_duplicate_similarity = n.as<double>();
       }},
      {"dedupe.min_shingles",
       T::kInt,
       "24",
       "Fewest distinct three-word shingles (stopwords left out) a text needs for a signature; "
       "shorter items (title only) are matched exactly only.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.dedupe.min_shingles = n.as<int>(); }},
      {"dedupe.id_retention",
       T::kDuration,
       "30d",
       "How long an article id and its version are remembered after its last delivered "
       "version: an item seen again within it is dropped or becomes a new version.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.dedupe.id_retention = duration(n); }},

      {"tagging", T::kSection, "",
       "Topics, entities, places and agencies from the text (docs/tagging.md)."},
      {"tagging.dir",
       T::kString,
       "",
       "Directory of tag rule files (`*.tsv`), relative to the config file; empty: only the "
       "source's agencies are tagged. Re-read on SIGHUP; a broken file is logged "
       "and the running rules stay.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.tagging.dir = scalar(n); }},

      {"cluster",
       T::kSection,
       "",
       "Fleet mode (docs/fleet.md): instances sharing the sources through Kafka. `newswired "
       "sources apply` writes the fleet's sources; `run` polls only the sources the consumer "
       "group assigns it, and ignores the `sources:` of its own file.",
       {},
       false,
       [](SetTarget& t, const YAML::Node&) {
         if (!t.config.cluster) t.config.cluster.emplace();
       }},
      {"cluster.group",
       T::kString,
       "",
       "Names the fleet: consumer group and topic prefix (`newswired.GROUP.sources`); letters, "
       "digits, `.`, `_`, `-`.",
       {},
       true,
       [](SetTarget& t, const YAML::Node& n) { t.config.cluster->group = scalar(n); },
       [](const std::string& s) { return kafka_name_problem(s, kMaxGroupLength); }},
      {"cluster.partitions",
       T::kInt,
       "24",
       "Partitions of the control topics when newswired creates them (1 to 1000); a topic that "
       "exists keeps its own count.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.cluster->partitions = n.as<int>(); },
       [](const std::string& s) {
         return s.size() > 4 || std::stoi(s) > 1000 ? "'" + s + "' is more than 1000"
                                                    : std::string();
       }},
      {"cluster.instance",
       T::kString,
       "HOST NAME",
       "This instance's name (letters, digits, `.`, `_`, `-`): the client id of its consumer "
       "in the group, shown in logs.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.cluster->instance = scalar(n); },
       [](const std::string& s) { return kafka_name_problem(s, kMaxInstanceLength); }},
      {"cluster.session_timeout",
       T::kDuration,
       "10s",
       "How long the group waits for an instance that stopped answering (killed, cut off) "
       "before its sources go to the others; at least 6s, the broker's smallest by default "
       "(`group.min.session.timeout.ms`).",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.cluster->session_timeout = duration(n); },
       [](const std::string& s) {
         const auto d = parse_duration(s);
         return d && *d < std::chrono::seconds(6) ? "'" + s + "' is less than 6s" : std::string();
       }},

      {"delivery",
       T::kEnum,
       "at_least_once",
       "`at_least_once`: every article reaches Kafka, a crash may repeat a few. `exactly_once`: "
       "Kafka transactions write the articles and the state changelog together, so "
       "`read_committed` consumers see each article once through crashes and outages.",
       {"at_least_once", "exactly_once"},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.delivery = scalar(n); }},
      {"state_dir",
       T::kString,
       "./state",
       "Where delivered-item state and fetch validators are kept. Env: "
       "`NEWSWIRED_STATE_DIR`.",
       {},
       false,
       [](SetTarget& t, const YAML::Node& n) { t.config.state_dir = scalar(n); }},
  };
}

}  // namespace

const std::vector<FieldSpec>& config_schema() {
  static const std::vector<FieldSpec> schema = build_schema();
  return schema;
}

const FieldSpec* find_field(std::string_view path) {
  for (const auto& f : config_schema())
    if (f.path == path) return &f;
  return nullptr;
}

std::string_view to_string(FieldType t) {
  switch (t) {
    case FieldType::kSection:
      return "section";
    case FieldType::kList:
      return "list";
    case FieldType::kString:
      return "string";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kDuration:
      return "duration";
    case FieldType::kSize:
      return "size";
    case FieldType::kInt:
      return "integer";
    case FieldType::kFraction:
      return "number (0-1)";
    case FieldType::kBool:
      return "boolean";
    case FieldType::kStringList:
      return "list of strings";
    case FieldType::kFreeMap:
      return "map";
  }
  return "?";
}

std::string config_reference_markdown() {
  std::ostringstream out;
  out << "# Configuration reference\n\n"
      << "Generated by `newswired check-config --reference` from the schema in "
         "`daemon/config/config_schema.cc`; do not edit by hand.\n\n"
      << "| key | type | default | meaning |\n|---|---|---|---|\n";
  for (const auto& f : config_schema()) {
    std::string type(to_string(f.type));
    if (f.type == FieldType::kEnum) {
      type.clear();
      for (const auto& c : f.choices) type += (type.empty() ? "" : " \\| ") + ("`" + c + "`");
    }
    out << "| `" << f.path << "` | " << type << " | "
        << (f.required ? std::string("required")
                       : (f.default_value.empty() ? std::string()
                                                  : "`" + std::string(f.default_value) + "`"))
        << " | " << f.description << " |\n";
  }
  return out.str();
}

}  // namespace newswired
