#include "daemon/runtime/document_tally.h"

#include <utility>

namespace newswired {

DocumentTally::DocumentTally(Observe observe, std::function<void(const Settlement&)> on_settled)
    : observe_(std::move(observe)), on_settled_(std::move(on_settled)) {}

DocumentTally::~DocumentTally() {
  if (observe_) observe_(new_items);
  if (on_settled_) on_settled_(settlement());
}

void DocumentTally::unreadable(const std::string& reason) {
  std::lock_guard lock(mu_);
  unreadable_ = reason;
}

void DocumentTally::item_rejected(const std::string& reason) {
  std::lock_guard lock(mu_);
  if (first_rejection_.empty()) first_rejection_ = reason;
}

void DocumentTally::record_settled(bool ok, const std::string& error) {
  --pending_;
  if (ok) return;
  std::lock_guard lock(mu_);
  if (undelivered_.empty()) undelivered_ = error;
}

Settlement DocumentTally::settlement() const {
  using O = Settlement::Outcome;
  std::lock_guard lock(mu_);
  if (!undelivered_.empty())
    return {O::kUndelivered, "Kafka did not take a record: " + undelivered_};
  // A record handed to Kafka whose answer never came (shutdown before it did) is not safe.
  if (pending_ > 0) return {O::kUndelivered, "not acknowledged by Kafka before shutdown"};
  if (!unreadable_.empty()) return {O::kRejected, "parse: " + unreadable_};
  if (articles_ == 0 && !first_rejection_.empty())
    return {O::kRejected, "no item made an article; the first: " + first_rejection_};
  if (articles_ == 0 && first_rejection_.empty()) return {O::kRejected, "no items in the document"};
  return {O::kDelivered, {}};
}

}  // namespace newswired
