#pragma once
// Full text for sources with `fetch_full_text: true`: many feeds carry a teaser only, so each
// new item's web page is fetched and read with the same extractor as `parse --format html`.
// Fetching a page that says it is a copy (<link rel=canonical> elsewhere) is followed once.
//
// Pages go through a small pool of workers so that one slow site delays only its own items;
// the pool's queue is bounded, so a backlog of pages slows the pipeline instead of growing.

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "daemon/config/config.h"
#include "pipeline/core/article.h"
#include "pipeline/core/bounded_queue.h"
#include "pipeline/core/outcome.h"
#include "pipeline/parse/html_page/extractor.h"

namespace newswired {

// Takes from the page what the feed left out or cut short: a longer body, the canonical URL,
// authors, publication date, summary and lead image. Never the id or the content hash: those
// must stay what the feed item gives, or the next poll of the same item would look changed.
void merge_page(Article& a, const html_page::ExtractedPage& page);

// Fetches `a.url` (and its canonical page, once) and merges the article read from it. Blocking;
// thread-safe. The empty string on success, else why the page could not be used (the article
// is then left as the feed gave it).
std::string fetch_full_text(Article& a, const FetchConfig& fetch, const SourceConfig& source);

template <typename Item>
class FullTextPool {
 public:
  // `article_of` finds the article in an item; `done` receives every item, enriched or not,
  // with the error ("" when the page was used), on one of the pool's threads.
  FullTextPool(const Config& config, int workers, std::function<Article&(Item&)> article_of,
               std::function<void(Item&&, const std::string& error)> done)
      : config_(config),
        queue_(static_cast<std::size_t>(workers) * 4),
        article_of_(std::move(article_of)),
        done_(std::move(done)) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~FullTextPool() { close_and_join(); }
  FullTextPool(const FullTextPool&) = delete;
  FullTextPool& operator=(const FullTextPool&) = delete;

  void submit(Item item) { queue_.push(std::move(item)); }
  // Every submitted item is handed to `done` before this returns.
  void close_and_join() {
    queue_.close();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void work() {
    while (auto item = queue_.pop()) {
      Article& a = article_of_(*item);
      std::string error = "no source";
      for (const auto& s : config_.sources) {
        if (s.name == a.source.name) {
          error = fetch_full_text(a, config_.fetch, s);
          break;
        }
      }
      done_(std::move(*item), error);
    }
  }

  const Config& config_;
  BoundedQueue<Item> queue_;
  std::function<Article&(Item&)> article_of_;
  std::function<void(Item&&, const std::string&)> done_;
  std::vector<std::thread> threads_;
};

}  // namespace newswired
