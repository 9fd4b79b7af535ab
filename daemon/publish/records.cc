#include "daemon/publish/records.h"

#include <string_view>

#include <nlohmann/json.hpp>

#include "pipeline/core/article_json.h"
#include "pipeline/core/hashing.h"

namespace newswired {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Bumped with the record formats; consumers pick a decoder without parsing the value first.
constexpr const char* kSchemaVersion = "1";

std::string source_uri(const std::string& source_name) {
  // Source names are restricted to [A-Za-z0-9._-] by the config loader: no escaping needed.
  return source_name.empty() ? "/newswired" : "/newswired/sources/" + source_name;
}

Headers cloud_event(std::string id, const std::string& source_name, const char* type,
                    const std::string& time, const std::string& subject) {
  Headers h{{"content-type", "application/json"},
            {"ce_specversion", "1.0"},
            {"ce_id", std::move(id)},
            {"ce_source", source_uri(source_name)},
            {"ce_type", type}};
  // Optional CloudEvents attributes are left out rather than sent empty.
  if (!time.empty()) h.emplace_back("ce_time", time);
  if (!subject.empty()) h.emplace_back("ce_subject", subject);
  h.emplace_back("newswired_schema_version", kSchemaVersion);
  return h;
}

std::string dump(const nlohmann::json& j) {
  // Feed text is outside input: invalid UTF-8 is replaced, never a thrown exception.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A byte limit can fall inside a multi-byte character; cutting before that character keeps
// the cut itself from turning into a replacement character.
std::size_t utf8_cut(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s.size();
  std::size_t cut = limit;
  for (int back = 0; back < 3 && cut > 0; ++back) {
    if ((static_cast<unsigned char>(s[cut]) & 0xC0) != 0x80) break;  // not a continuation byte
    --cut;
  }
  if ((static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) return limit;  // not UTF-8 anyway
  return cut;
}

Record article_like(const Article& a, const std::string& topic, nlohmann::json value,
                    const char* type) {
  return Record{topic, a.id, dump(value),
                cloud_event(a.id + "-v" + std::to_string(a.version), a.source.name, type,
                            a.fetched_at, a.url)};
}

}  // namespace

Record article_record(const Article& a, const std::string& topic) {
  return article_like(a, topic, article_to_json(a), "org.newswired.article.v1");
}

Record duplicate_record(const Article& a, const std::string& topic) {
  return article_like(a, topic, article_to_json(a), "org.newswired.duplicate.v1");
}

Record dead_letter_record(const DeadLetter& dl, const std::string& topic) {
  const std::string_view kept(dl.payload.data(), utf8_cut(dl.payload, kDeadLetterPayloadLimit));
  const nlohmann::json value{
      {"source", dl.source},
      {"stage", dl.stage},
      {"reason", dl.reason},
      {"url", dl.url},
      {"at", dl.at},
      {"payload", std::string(kept)},
      {"payload_bytes", dl.payload.size()},
      {"truncated", kept.size() < dl.payload.size()},
  };
  // Dead letters have no natural id; the same failure reported twice gets the same one.
  std::string identity;
  for (std::string_view part :
       {std::string_view(dl.source), std::string_view(dl.stage), std::string_view(dl.at),
        std::string_view(dl.reason), std::string_view(dl.url), kept}) {
    identity.append(part);
    identity.push_back('\0');
  }
  return Record{
      topic, dl.source, dump(value),
      cloud_event(hash128_hex(identity), dl.source, "org.newswired.deadletter.v1", dl.at, dl.url)};
}

}  // namespace newswired
