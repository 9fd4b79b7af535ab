#include "pipeline/core/article_json.h"

namespace newswired {
namespace {

using nlohmann::json;

json optional_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json evidence_json(const std::vector<Evidence>& ev) {
  json out = json::array();
  for (const auto& e : ev) out.push_back({{"field", e.field}, {"start", e.start}, {"end", e.end}});
  return out;
}

json tags_json(const std::vector<Tag>& tags) {
  json out = json::array();
  for (const auto& t : tags) {
    json j{{"id", t.id}, {"name", t.name}, {"score", t.score}};
    // Kind-specific members are left out where they do not apply rather than sent empty.
    if (!t.type.empty()) j["type"] = t.type;
    if (!t.country.empty()) j["country"] = t.country;
    j["evidence"] = evidence_json(t.evidence);
    out.push_back(std::move(j));
  }
  return out;
}

json media_json(const std::vector<Media>& media) {
  json out = json::array();
  for (const auto& m : media) {
    json j{{"url", m.url}, {"kind", m.kind}};
    if (!m.mime_type.empty()) j["mime_type"] = m.mime_type;
    if (!m.caption.empty()) j["caption"] = m.caption;
    if (!m.credit.empty()) j["credit"] = m.credit;
    if (!m.thumbnail_url.empty()) j["thumbnail_url"] = m.thumbnail_url;
    if (m.width > 0) j["width"] = m.width;
    if (m.height > 0) j["height"] = m.height;
    out.push_back(std::move(j));
  }
  return out;
}

json wire_json(const WireInfo& w) {
  json j{{"version", w.version}, {"pub_status", w.pub_status}, {"signals", w.signals}};
  if (!w.previous_version.empty()) j["previous_version"] = w.previous_version;
  if (w.urgency) j["urgency"] = *w.urgency;
  if (!w.slugline.empty()) j["slugline"] = w.slugline;
  if (!w.genre.empty()) j["genre"] = w.genre;
  if (!w.located.empty()) j["located"] = w.located;
  if (!w.members.empty()) j["members"] = w.members;
  if (!w.member_ids.empty()) j["member_ids"] = w.member_ids;
  if (!w.packages.empty()) j["packages"] = w.packages;
  if (!w.package_ids.empty()) j["package_ids"] = w.package_ids;
  return j;
}

}  // namespace

json article_to_json(const Article& a) {
  json j{
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
      {"language_declared", a.language_declared},
      {"categories", a.categories},
      {"media", media_json(a.media)},
      {"geo", a.geo ? json{{"lat", a.geo->lat}, {"lon", a.geo->lon}} : json(nullptr)},
      {"comments", a.comments ? json(*a.comments) : json(nullptr)},
      {"tags",
       {{"topics", tags_json(a.tags.topics)},
        {"entities", tags_json(a.tags.entities)},
        {"places", tags_json(a.tags.places)},
        {"agencies", tags_json(a.tags.agencies)}}},
      {"content_hash", a.content_hash},
      {"cluster_id", a.cluster_id},
      {"schema_version", Article::kSchemaVersion},
  };
  if (!a.body_html.empty()) j["body_html"] = a.body_html;
  if (a.wire) j["wire"] = wire_json(*a.wire);
  if (a.duplicate_of) {
    j["duplicate_of"] = {{"id", a.duplicate_of->id},
                         {"reason", a.duplicate_of->reason},
                         {"similarity", a.duplicate_of->similarity}};
  }
  return j;
}

std::string article_to_json_string(const Article& a) {
  // Invalid UTF-8 from a broken feed must not abort serialisation: replace it.
  return article_to_json(a).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace newswired
