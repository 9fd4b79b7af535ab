#include "daemon/config/config_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "daemon/config/config_schema.h"
#include "daemon/config/units.h"
#include "pipeline/normalize/tracking_params.h"

namespace newswired {
namespace {

class Validator {
 public:
  explicit Validator(std::string file) : file_(std::move(file)) {}

  void error(const YAML::Mark& mark, std::string_view key, const std::string& what) {
    std::ostringstream os;
    os << file_;
    if (!mark.is_null()) os << ":" << mark.line + 1 << ":" << mark.column + 1;
    os << ": " << key << ": " << what;
    errors_.push_back(os.str());
  }
  void error(std::string_view where, const std::string& what) {
    errors_.push_back(std::string(where) + ": " + what);
  }
  bool ok() const { return errors_.empty(); }
  std::string report() const {
    std::string out;
    for (const auto& e : errors_) out += (out.empty() ? "" : "\n") + e;
    return out;
  }

  // Checks `node` (a mapping at `path`) key by key and stores valid values into `target`.
  void walk_map(const YAML::Node& node, const std::string& path, SetTarget& target) {
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      const std::string child = path.empty() ? key : path + "." + key;
      const FieldSpec* spec = find_field(child);
      if (!spec || spec->path.ends_with("[]")) {
        error(kv.first.Mark(), child, "unknown key");
        continue;
      }
      visit(kv.second, *spec, child, target);
    }
    check_required(node, path);
  }

 private:
  void check_required(const YAML::Node& node, const std::string& path) {
    const std::string prefix = path.empty() ? "" : path + ".";
    for (const auto& f : config_schema()) {
      if (!f.required || !f.path.starts_with(prefix)) continue;
      const std::string_view rest = f.path.substr(prefix.size());
      if (rest.find('.') != std::string_view::npos) continue;
      if (!node[std::string(rest)]) error(node.Mark(), f.path, "required key is missing");
    }
  }

  void visit(const YAML::Node& value, const FieldSpec& spec, const std::string& path,
             SetTarget& target) {
    const YAML::Mark mark = value.Mark();
    switch (spec.type) {
      case FieldType::kSection:
        if (!value.IsMap()) return error(mark, path, "expected a mapping");
        if (spec.set) spec.set(target, value);  // a section present with its defaults
        return walk_map(value, path, target);
      case FieldType::kList:
        if (!value.IsSequence()) return error(mark, path, "expected a list");
        for (const auto& member : value) {
          if (!member.IsMap()) {
            error(member.Mark(), path, "expected each entry to be a mapping");
            continue;
          }
          target.config.sources.emplace_back();
          target.config.sources.back().line = member.Mark().line + 1;
          SetTarget inner{target.config, &target.config.sources.back()};
          walk_map(member, path + "[]", inner);
        }
        return;
      case FieldType::kFreeMap:
        if (!value.IsMap()) return error(mark, path, "expected a mapping");
        for (const auto& kv : value)
          if (!kv.second.IsScalar())
            return error(kv.second.Mark(), path + "." + kv.first.Scalar(),
                         "expected a scalar value");
        break;
      case FieldType::kStringList:
        if (!value.IsSequence()) return error(mark, path, "expected a list of strings");
        for (const auto& item : value)
          if (!item.IsScalar()) return error(item.Mark(), path, "expected a list of strings");
        break;
      default:
        if (!value.IsScalar()) return error(mark, path, "expected a single value");
        if (auto problem = check_scalar(spec, value.Scalar()); !problem.empty())
          return error(mark, path, problem);
        if (spec.check)
          if (auto problem = spec.check(value.Scalar()); !problem.empty())
            return error(mark, path, problem);
    }
    if (spec.set) spec.set(target, value);
  }

  static std::string check_scalar(const FieldSpec& spec, const std::string& s) {
    switch (spec.type) {
      case FieldType::kEnum:
        if (std::find(spec.choices.begin(), spec.choices.end(), s) == spec.choices.end()) {
          std::string all;
          for (const auto& c : spec.choices) all += (all.empty() ? "" : ", ") + c;
          return "'" + s + "' is not one of: " + all;
        }
        return {};
      case FieldType::kDuration:
        return parse_duration(s) ? "" : "'" + s + "' is not a duration (e.g. 90s, 5m, 1h30m)";
      case FieldType::kSize:
        return parse_size(s) ? "" : "'" + s + "' is not a size (e.g. 16MiB, 500KB)";
      case FieldType::kInt: {
        static const std::regex re("[1-9][0-9]{0,8}");
        return std::regex_match(s, re) ? "" : "'" + s + "' is not a whole number >= 1";
      }
      case FieldType::kFraction: {
        static const std::regex re("(0|1)(\\.0*)?|0?\\.[0-9]+");
        return std::regex_match(s, re) ? "" : "'" + s + "' is not a number from 0 to 1";
      }
      case FieldType::kBool:
        // YAML 1.1's yes/no/on/off are refused: they surprise more people than they help.
        return s == "true" || s == "false" ? "" : "'" + s + "' is not true or false";
      default:
        return {};
    }
  }

  std::string file_;
  std::vector<std::string> errors_;
};

std::string host_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "localhost";
  return host;
}

void apply_env(Config& c, const Environment& env, Validator& v) {
  auto take = [&](const char* name, std::string& field) {
    if (auto it = env.find(name); it != env.end()) field = it->second;
  };
  take("NEWSWIRED_KAFKA_BROKERS", c.kafka.brokers);
  take("NEWSWIRED_STATE_DIR", c.state_dir);
  take("NEWSWIRED_METRICS_LISTEN", c.metrics.listen);
  take("NEWSWIRED_LOG_FORMAT", c.log.format);
  take("NEWSWIRED_LOG_LEVEL", c.log.level);
  for (const auto* spec : {find_field("log.level"), find_field("log.format")}) {
    const std::string& value = spec->path == "log.level" ? c.log.level : c.log.format;
    if (std::find(spec->choices.begin(), spec->choices.end(), value) == spec->choices.end())
      v.error(spec->path == "log.level" ? "NEWSWIRED_LOG_LEVEL" : "NEWSWIRED_LOG_FORMAT",
              "'" + value + "' is not a valid " + std::string(spec->path));
  }
}

// Producer properties from NEWSWIRED_KAFKA_PRODUCER_SASL_PASSWORD=... style variables:
// secrets stay out of config files.
void apply_producer_env(Config& c, const Environment& env) {
  static constexpr std::string_view kPrefix = "NEWSWIRED_KAFKA_PRODUCER_";
  for (const auto& [var, value] : env) {
    if (!var.starts_with(kPrefix) || var.size() == kPrefix.size()) continue;
    std::string key = var.substr(kPrefix.size());
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) {
      return ch == '_' ? '.' : static_cast<char>(std::tolower(ch));
    });
    std::erase_if(c.kafka.producer, [&](const auto& kv) { return kv.first == key; });
    c.kafka.producer.emplace_back(key, value);
  }
}

void check_transport(const SourceConfig& s, const std::string& where, Validator& v) {
  if (s.url.empty() == s.directory.empty())
    v.error(where, "sources[]: give either a url or a directory");
  const auto kind = transport_of(s);
  if (!s.url.empty() && kind == Transport::kFeed && !s.url.starts_with("http://") &&
      !s.url.starts_with("https://") && !s.url.starts_with("file:"))
    v.error(where, "sources[].url: '" + s.url +
                       "' must start with http://, https://, file:, ftp://, ftps:// or sftp://");
  if (kind == Transport::kRemoteFolder && !s.url.ends_with("/"))
    v.error(where, "sources[].url: '" + s.url + "' must name a folder (end with /)");
  if (kind == Transport::kRemoteFolder && s.url.starts_with("sftp://") &&
      s.auth.known_hosts.empty() && s.auth.host_key_sha256.empty())
    v.error(where,
            "sources[].auth: an SFTP source needs known_hosts or host_key_sha256 (the server's "
            "key is never trusted unseen)");
  if (kind == Transport::kApi && !s.url.starts_with("http://") && !s.url.starts_with("https://"))
    v.error(where, "sources[].api: the url of an API must be http:// or https://");
  if (kind == Transport::kApi && s.api->next != "link" && !s.api->next.starts_with("/"))
    v.error(where, "sources[].api.next: '" + s.api->next + "' is neither link nor a JSON pointer");
  if (kind == Transport::kApi)
    for (const auto& [key, pointer] : {std::pair{"items", s.api->items}, {"since", s.api->since}})
      if (!pointer.empty() && !pointer.starts_with("/"))
        v.error(where, std::string("sources[].api.") + key + ": '" + pointer +
                           "' is not a JSON pointer (it starts with /)");
  if ((kind == Transport::kFeed || kind == Transport::kApi) &&
      (!s.files.empty() || !s.done_dir.empty() || !s.failed_dir.empty()))
    v.error(where,
            "sources[]: files, done_dir and failed_dir apply to directory, FTP and SFTP "
            "sources only");
  if (kind != Transport::kRemoteFolder && s.delete_after_ack)
    v.error(where, "sources[].delete_after_ack: applies to FTP and SFTP sources only");
  if (!s.auth.secret_env.empty() && !s.auth.secret_file.empty())
    v.error(where, "sources[].auth: give secret_env or secret_file, not both");
  if (s.auth.scheme == "header" && s.auth.header.empty())
    v.error(where, "sources[].auth.header: required with scheme: header");
  for (const auto& pattern : s.files)
    if (pattern.empty() || pattern.find('/') != std::string::npos)
      v.error(where, "sources[].files: '" + pattern + "' must be a file name pattern");
}

void check_semantics(const Config& c, const std::string& file, Validator& v) {
  static const std::regex name_re("[A-Za-z0-9._-]{1,128}");
  std::set<std::string> names;
  for (const auto& s : c.sources) {
    const std::string where = file + ":" + std::to_string(s.line);
    if (!s.name.empty() && !std::regex_match(s.name, name_re))
      v.error(where, "sources[].name: '" + s.name + "' may hold only letters, digits, . _ -");
    if (!s.name.empty() && !names.insert(s.name).second)
      v.error(where, "sources[].name: '" + s.name + "' is used by another source");
    check_transport(s, where, v);
    if (s.interval < std::chrono::seconds(1))
      v.error(where, "sources[].interval: must be at least 1s");
    if (s.min_interval.count() > 0 && s.max_interval.count() > 0 && s.min_interval > s.max_interval)
      v.error(where, "sources[].min_interval: must not exceed sources[].max_interval");
  }
  const auto& tracking = c.normalize.tracking_params;
  for (std::size_t i = 0; i < tracking.size(); ++i) {
    if (TrackingParams::valid_pattern(tracking[i])) continue;
    const int line =
        i < c.normalize.tracking_param_lines.size() ? c.normalize.tracking_param_lines[i] : 0;
    v.error(line > 0 ? file + ":" + std::to_string(line) : file,
            "normalize.tracking_params: '" + tracking[i] +
                "' is not a parameter name (letters, digits, _ - . [ ], optionally ending in *)");
  }
  if (c.fetch.min_interval > c.fetch.max_interval)
    v.error(file, "fetch.min_interval: must not exceed fetch.max_interval");
  if (c.kafka.brokers.empty()) v.error(file, "kafka.brokers: must not be empty");
  if (c.dedupe.window < std::chrono::minutes(1))
    v.error(file, "dedupe.window: must be at least 1m");
  if (c.dedupe.id_retention < c.dedupe.window)
    v.error(file, "dedupe.id_retention: must not be shorter than dedupe.window");
  static const std::regex listen_re("(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}");
  if (!c.metrics.listen.empty() && !std::regex_match(c.metrics.listen, listen_re))
    v.error(file, "metrics.listen: '" + c.metrics.listen + "' is not host:port");
}

void resolve_env_secrets(Config& c, const Environment& env, const std::string& file, Validator& v) {
  for (auto& s : c.sources) {
    if (s.auth.secret_env.empty()) continue;
    const auto it = env.find(s.auth.secret_env);
    if (it == env.end() || it->second.empty()) {
      v.error(
          file + ":" + std::to_string(s.line),
          "sources[].auth.secret_env: environment variable " + s.auth.secret_env + " is not set");
      continue;
    }
    s.auth.secret = it->second;
  }
}

std::string relative_to(const std::filesystem::path& dir, const std::string& path) {
  return path.empty() ? path : (dir / path).lexically_normal().string();
}

// Paths in a source are relative to the config file, so bundled configs work from any cwd.
std::string resolve_source_files(SourceConfig& s, const std::filesystem::path& dir) {
  if (s.url.starts_with("file:") && !s.url.starts_with("file:/"))
    s.url = "file://" + (dir / s.url.substr(5)).lexically_normal().string();
  s.directory = relative_to(dir, s.directory);
  if (!s.directory.empty()) {
    s.done_dir = s.done_dir.empty() ? s.directory + "/done" : relative_to(dir, s.done_dir);
    s.failed_dir = s.failed_dir.empty() ? s.directory + "/failed" : relative_to(dir, s.failed_dir);
  }
  s.auth.private_key = relative_to(dir, s.auth.private_key);
  s.auth.known_hosts = relative_to(dir, s.auth.known_hosts);
  if (s.auth.secret_file.empty()) return {};
  s.auth.secret_file = relative_to(dir, s.auth.secret_file);
  std::ifstream in(s.auth.secret_file);
  if (!in) return "sources[].auth.secret_file: cannot read " + s.auth.secret_file;
  std::getline(in, s.auth.secret);
  if (!s.auth.secret.empty() && s.auth.secret.back() == '\r') s.auth.secret.pop_back();
  if (s.auth.secret.empty())
    return "sources[].auth.secret_file: " + s.auth.secret_file + " is empty";
  return {};
}

}  // namespace

extern "C" char** environ;

Environment process_env() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    if (const auto eq = entry.find('='); eq != std::string_view::npos)
      env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

namespace {

// Everything a file's text goes through once parsed: the schema, the environment, the checks.
Outcome<Config> load_config_root(const YAML::Node& root, const std::string& file_name,
                                 const Environment& env, Validator& v) {
  Config config;
  config.path = file_name;
  if (!root.IsMap()) {
    v.error(root.Mark(), "(document)", "expected a mapping of configuration keys");
    return Failure{v.report()};
  }
  SetTarget target{config, nullptr};
  try {
    v.walk_map(root, "", target);
  } catch (const YAML::Exception& e) {
    v.error(e.mark, "(value)", e.msg);
  }
  if (config.cluster && config.cluster->instance.empty()) config.cluster->instance = host_name();
  // Servers' logs show who polls them; in fleet mode, which instance.
  if (config.fetch.user_agent.empty()) {
    config.fetch.user_agent = "newswired/" NEWSWIRED_VERSION;
    if (config.cluster) config.fetch.user_agent += " (instance " + config.cluster->instance + ")";
  }
  apply_env(config, env, v);
  apply_producer_env(config, env);
  check_semantics(config, file_name, v);
  resolve_env_secrets(config, env, file_name, v);
  if (!v.ok()) return Failure{v.report()};
  return config;
}

}  // namespace

Outcome<Config> load_config_text(std::string_view yaml, const std::string& file_name,
                                 const Environment& env) {
  Validator v(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    v.error(e.mark, "(syntax)", e.msg);
    return Failure{v.report()};
  }
  return load_config_root(root, file_name, env, v);
}

Outcome<SourceConfig> load_source_entry(std::string_view text, const std::string& where,
                                        const std::filesystem::path& base_dir,
                                        const Environment& env) {
  Validator v(where);
  YAML::Node root;
  try {
    // JSON is YAML: the entry as the table holds it reads as it did in its file.
    root["sources"].push_back(YAML::Load(std::string(text)));
  } catch (const YAML::Exception& e) {
    v.error(e.mark, "(syntax)", e.msg);
    return Failure{v.report()};
  }
  auto config = load_config_root(root, where, env, v);
  if (!config.ok()) return Failure{config.reason()};
  SourceConfig& source = config.value().sources.at(0);
  if (auto err = resolve_source_files(source, base_dir); !err.empty())
    return Failure{where + ": " + err};
  return source;
}

Outcome<Config> load_config_file(const std::string& path, const Environment& env) {
  std::ifstream in(path);
  if (!in) return Failure{path + ": cannot read the configuration file"};
  std::ostringstream text;
  text << in.rdbuf();
  auto config = load_config_text(text.str(), path, env);
  if (!config.ok()) return config;
  const auto dir = std::filesystem::absolute(path).parent_path();
  auto& tagging = config.value().tagging.dir;
  if (!tagging.empty()) tagging = (dir / tagging).lexically_normal().string();
  std::string errors;
  for (auto& s : config.value().sources)
    if (auto err = resolve_source_files(s, dir); !err.empty())
      errors += (errors.empty() ? "" : "\n") + path + ":" + std::to_string(s.line) + ": " + err;
  if (!errors.empty()) return Failure{errors};
  return config;
}

}  // namespace newswired
