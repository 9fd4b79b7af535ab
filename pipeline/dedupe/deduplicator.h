#pragma once
// The dedupe stage: decides whether an article is new, already delivered, or another article's
// duplicate (same canonical URL or same normalized text under a different id).
//
// Nothing is remembered as delivered until Kafka acknowledged it (delivered()); until then the
// keys are only reserved in memory, so a crash re-publishes rather than loses.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/core/state_store.h"

namespace newswired {

struct DedupeDecision {
  enum class Verdict { kNew, kSeen, kDuplicate };
  Verdict verdict = Verdict::kNew;
  std::string reason;        // "id", "url" or "content_hash"; empty for kNew
  std::string duplicate_of;  // for kDuplicate: the id of the article that has that url/text
};

std::string_view to_string(DedupeDecision::Verdict v);

class Deduplicator {
 public:
  // The state tables this stage keeps in the store.
  static const std::vector<std::string>& tables();

  explicit Deduplicator(std::shared_ptr<StateStore> store);

  // Thread-safe. A kNew or kDuplicate decision reserves the article's keys until delivered()
  // or released() is called for it.
  DedupeDecision check(const Article& a);
  // Kafka acknowledged the record published for this decision: remember it for good.
  // Returns the store's error, empty on success.
  std::string delivered(const Article& a, const DedupeDecision& d);
  // The record could not be delivered: forget the reservation so that a later poll retries.
  void released(const Article& a, const DedupeDecision& d);

 private:
  std::vector<std::pair<std::string, std::string>> keys_for(const Article& a,
                                                            const DedupeDecision& d) const;
  std::optional<std::string> lookup(const std::string& key) const;  // holds mu_

  std::shared_ptr<StateStore> store_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::string> in_flight_;  // key -> article id
};

}  // namespace newswired
