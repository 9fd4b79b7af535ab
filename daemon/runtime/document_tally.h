#pragma once
// Follows one fetched document through the stages, shared by every item made from it. When the
// last of them is gone (published and acknowledged, dropped as already seen, or dead-lettered)
// it tells the fetcher how many items were new and the document's source how the document
// settled, so that a drop directory moves a file only once all of it is safe in Kafka.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "pipeline/core/document.h"

namespace newswired {

class DocumentTally {
 public:
  using Observe = std::function<void(std::size_t new_items)>;
  DocumentTally(Observe observe, std::function<void(const Settlement&)> on_settled);
  ~DocumentTally();
  DocumentTally(const DocumentTally&) = delete;
  DocumentTally& operator=(const DocumentTally&) = delete;

  std::atomic<std::size_t> new_items{0};
  // Fleet mode: the assignment (SourceAssignment::generation) the document was read under.
  std::uint64_t generation = 0;

  void unreadable(const std::string& reason);              // the document could not be parsed
  void item_rejected(const std::string& reason);           // one item could not be made an article
  void item_accepted() { ++articles_; }                    // normalize made an article of one item
  void record_sent() { ++pending_; }                       // a record went to Kafka
  void record_settled(bool ok, const std::string& error);  // Kafka's answer for it

  Settlement settlement() const;

 private:
  Observe observe_;
  std::function<void(const Settlement&)> on_settled_;
  std::atomic<std::size_t> articles_{0};
  std::atomic<std::size_t> pending_{0};
  mutable std::mutex mu_;
  std::string unreadable_;
  std::string first_rejection_;
  std::string undelivered_;
};

}  // namespace newswired
