#include "pipeline/core/article_json.h"

namespace newswired {
namespace {

nlohmann::json optional_string(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json article_to_json(const Article& a) {
  return nlohmann::json{
      {"id", a.id},
      {"version", a.version},
      {"source", {{"name", a.source.name}, {"url", a.source.url}, {"format", a.source.format}}},
      {"url", a.url},
      {"canonical_url", a.canonical_url},
      {"title", a.title},
      {"summary", a.summary},
      {"body_text", a.body_text},
      {"authors", a.authors},
      {"published_at", optional_string(a.published_at)},
      {"updated_at", optional_string(a.updated_at)},
      {"fetched_at", a.fetched_at},
      {"language", a.language},
      {"categories", a.categories},
      {"tags",
       {{"topics", a.tags.topics},
        {"entities", a.tags.entities},
        {"places", a.tags.places},
        {"agencies", a.tags.agencies}}},
      {"content_hash", a.content_hash},
      {"schema_version", Article::kSchemaVersion},
  };
}

std::string article_to_json_string(const Article& a) {
  // Invalid UTF-8 from a broken feed must not abort serialisation: replace it.
  return article_to_json(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace newswired
