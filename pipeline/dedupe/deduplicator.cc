#include "pipeline/dedupe/deduplicator.h"

#include <nlohmann/json.hpp>

namespace newswired {
namespace {

constexpr const char* kTable = "seen";

std::string id_key(const std::string& id) { return "i:" + id; }
std::string url_key(const std::string& url) { return "u:" + url; }
std::string hash_key(const std::string& hash) { return "h:" + hash; }

}  // namespace

std::string_view to_string(DedupeDecision::Verdict v) {
  switch (v) {
    case DedupeDecision::Verdict::kNew:
      return "new";
    case DedupeDecision::Verdict::kSeen:
      return "seen";
    case DedupeDecision::Verdict::kDuplicate:
      return "duplicate";
  }
  return "?";
}

const std::vector<std::string>& Deduplicator::tables() {
  static const std::vector<std::string> t{kTable};
  return t;
}

Deduplicator::Deduplicator(std::shared_ptr<StateStore> store) : store_(std::move(store)) {}

std::optional<std::string> Deduplicator::lookup(const std::string& key) const {
  if (auto it = in_flight_.find(key); it != in_flight_.end()) return it->second;
  if (auto v = store_->get(kTable, key)) {
    if (key.starts_with("i:")) return key.substr(2);
    return v;
  }
  return std::nullopt;
}

DedupeDecision Deduplicator::check(const Article& a) {
  std::lock_guard lock(mu_);
  DedupeDecision d;
  if (lookup(id_key(a.id))) {
    d.verdict = DedupeDecision::Verdict::kSeen;
    d.reason = "id";
    return d;
  }
  const std::pair<std::string, std::string> others[] = {
      {a.canonical_url.empty() ? "" : url_key(a.canonical_url), "url"},
      {a.content_hash.empty() ? "" : hash_key(a.content_hash), "content_hash"},
  };
  for (const auto& [key, reason] : others) {
    if (key.empty()) continue;
    if (auto owner = lookup(key); owner && *owner != a.id) {
      d.verdict = DedupeDecision::Verdict::kDuplicate;
      d.reason = reason;
      d.duplicate_of = *owner;
      break;
    }
  }
  for (const auto& [key, id] : keys_for(a, d)) in_flight_.emplace(key, a.id);
  return d;
}

std::vector<std::pair<std::string, std::string>> Deduplicator::keys_for(
    const Article& a, const DedupeDecision& d) const {
  const nlohmann::json rec{
      {"version", a.version}, {"content_hash", a.content_hash}, {"fetched_at", a.fetched_at}};
  std::vector<std::pair<std::string, std::string>> keys{{id_key(a.id), rec.dump()}};
  // A duplicate's url and text belong to the article it duplicates.
  if (d.verdict == DedupeDecision::Verdict::kNew) {
    if (!a.canonical_url.empty()) keys.emplace_back(url_key(a.canonical_url), a.id);
    if (!a.content_hash.empty()) keys.emplace_back(hash_key(a.content_hash), a.id);
  }
  return keys;
}

std::string Deduplicator::delivered(const Article& a, const DedupeDecision& d) {
  std::vector<StateStore::Write> writes;
  for (auto& [key, value] : keys_for(a, d)) writes.push_back({kTable, key, std::move(value)});
  std::string err = store_->put(writes);
  released(a, d);
  return err;
}

void Deduplicator::released(const Article& a, const DedupeDecision& d) {
  std::lock_guard lock(mu_);
  for (const auto& [key, value] : keys_for(a, d)) {
    if (auto it = in_flight_.find(key); it != in_flight_.end() && it->second == a.id)
      in_flight_.erase(it);
  }
}

}  // namespace newswired
