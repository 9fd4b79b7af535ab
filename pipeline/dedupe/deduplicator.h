#pragma once
// The dedupe stage: decides whether an article is new, a new version of one already delivered
// (same id, other text), already delivered, or a copy of another article: same canonical URL,
// same normalized text, or the same story retold (MinHash near-duplicate, docs/dedupe.md).
//
// Nothing is remembered as delivered until Kafka acknowledged it (delivered()); until then the
// keys and the fingerprint are only reserved in memory, so a crash re-publishes rather than
// loses.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/core/state_store.h"
#include "pipeline/dedupe/near_duplicates.h"
#include "pipeline/dedupe/shingles.h"

namespace newswired {

struct DedupeOptions {
  // How long an article's URL, text and fingerprint make later copies duplicates.
  std::chrono::seconds window{std::chrono::hours(72)};
  // Smallest estimated Jaccard similarity of two stories' shingle sets that makes the later
  // one a near-duplicate; 0: off. 0.35 is above every pair of different stories on one subject
  // in the quality test (at most 0.30) and below 90% of retold copies (docs/dedupe.md).
  double near_duplicate_similarity = 0.35;
  // How long an id (and its version) is remembered after its last delivered version.
  std::chrono::seconds id_retention{std::chrono::hours(24 * 30)};
  ShingleOptions shingles;
  // Below this many distinct shingles (title-only items) there is no signature: such items are
  // matched exactly only.
  std::size_t min_shingles = 24;
};

struct DedupeDecision {
  // kKill: the agency canceled or withheld the item (wire pub_status): published to the kills
  // topic, and the id is withdrawn for good.
  enum class Verdict { kNew, kUpdate, kSeen, kDuplicate, kKill };
  Verdict verdict = Verdict::kNew;
  // kSeen: "id", "older_version" (the wire numbers it below what was delivered) or "withdrawn";
  // kDuplicate: "url", "content_hash" or "near_duplicate"; kKill: "kill"; else empty.
  std::string reason;
  std::uint32_t near_ref = 0;  // the signature reserved for this article (0: none)
};

std::string_view to_string(DedupeDecision::Verdict v);

// What an acknowledged record makes true in the state store, worked out when the record is
// made so that it can wait beside the record in the spool, across restarts.
struct Delivery {
  std::vector<StateStore::Write> writes;
  std::uint32_t near_ref = 0;  // the near-duplicate entry these writes make durable (0: none)
};

class Deduplicator {
 public:
  struct Stats {
    std::size_t remembered = 0;  // articles in the near-duplicate index
    std::size_t index_bytes = 0;
    std::uint64_t fingerprinted = 0;  // checked articles with enough text for a signature
    std::uint64_t near_duplicates = 0;
  };

  // The state tables this stage keeps in the store.
  static const std::vector<std::string>& tables();

  // Rebuilds the near-duplicate index from the store.
  explicit Deduplicator(std::shared_ptr<StateStore> store, DedupeOptions options = {});

  // Thread-safe. Sets the article's version, updated_at (updates), duplicate_of (duplicates)
  // and cluster_id. kNew, kUpdate and kDuplicate reserve the article's keys until delivered()
  // or released() is called for it.
  DedupeDecision check(Article& a);
  // Kafka acknowledged the record published for this decision: remember it for good.
  // Returns the store's error, empty on success.
  std::string delivered(const Article& a, const DedupeDecision& d);
  // The record could not be delivered: forget the reservation so that a later poll retries.
  void released(const Article& a, const DedupeDecision& d);

  // The same in two steps: delivery() when the record is made, commit() once Kafka has it,
  // with `also` (the spool's erase) in the same transaction; release() if it never will.
  // A commit the store refuses keeps the reservation: call it again later.
  Delivery delivery(const Article& a, const DedupeDecision& d) const;
  std::string commit(const Delivery& delivery, std::vector<StateStore::Write> also = {});
  // Several acknowledged records in one store transaction (a batch of delivery reports): one
  // commit's page writes instead of one per record. All or none are recorded.
  std::string commit_all(const std::vector<const Delivery*>& deliveries,
                         std::vector<StateStore::Write> also = {});
  void release(const Delivery& delivery);
  // After a restart: holds a spooled delivery's keys and near-duplicate entry in memory again,
  // as check() did before, so copies fetched meanwhile are not published a second time.
  void reserve(Delivery& delivery);  // sets delivery.near_ref

  // Fleet mode (docs/fleet.md): the writes another instance's delivery made, applied here with
  // `also` in one transaction so that its articles are known to this instance too. An id
  // record of a later version here stays, as does the owner of a URL or text already known
  // here; a near-duplicate entry gets a reference of this instance. The store's error.
  std::string apply_remote(const std::vector<StateStore::Write>& remote,
                           std::vector<StateStore::Write> also = {});

  Stats stats() const;

 private:
  struct Owner {
    std::string id;
    std::string cluster_id;
  };
  // These read one snapshot of the store: a check is one read transaction.
  std::optional<Owner> owner(const StateStore::Snapshot& state, const std::string& key,
                             std::int64_t now) const;  // holds mu_
  // Whether `seen_key` was written again after the expiry entry now being swept.
  bool written_since(const StateStore::Snapshot& state, std::string_view seen_key,
                     std::int64_t now) const;
  std::optional<dedupe::IdRecord> id_record(const StateStore::Snapshot& state, std::string_view id,
                                            std::int64_t now) const;
  bool exact_duplicate(const StateStore::Snapshot& state, Article& a, DedupeDecision& d,
                       std::int64_t now) const;
  void near_duplicate(const StateStore::Snapshot& state, Article& a, DedupeDecision& d,
                      std::int64_t now);
  std::vector<std::string> reserved_keys(const Article& a, const DedupeDecision& d) const;
  void end_reservation(const Delivery& delivery);  // holds mu_
  void sweep(std::int64_t now);

  std::shared_ptr<StateStore> store_;
  DedupeOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::string> in_flight_;  // key -> article id
  NearDuplicates near_;
  std::string story_;  // the text being fingerprinted, kept for its capacity (holds mu_)
  Stats stats_;
  std::int64_t next_sweep_ = 0;
};

}  // namespace newswired
