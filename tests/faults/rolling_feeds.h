#pragma once
// Feeds that keep moving, as news feeds do: every `period` one of them gets a new item and
// each shows only its latest `window` items, so an item polled too late has scrolled off for
// good. Written under nginx's docroot with a rename, so a poll never sees half a file.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace newswired::testing {

class RollingFeeds {
 public:
  RollingFeeds(std::filesystem::path dir, int feeds, int window, std::chrono::milliseconds period)
      : dir_(std::move(dir)), window_(window), period_(period), items_(feeds) {
    for (int f = 0; f < feeds; ++f) write(f);
  }
  ~RollingFeeds() { stop(); }

  std::string file(int feed) const { return "feed-" + std::to_string(feed) + ".xml"; }
  int feeds() const { return static_cast<int>(items_.size()); }

  void start() {
    thread_ = std::thread([this] {
      while (!stop_) {
        add(next_ % feeds());
        std::this_thread::sleep_for(period_);
      }
    });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // `n` new items at once, one feed after the other (with the thread stopped).
  void advance(int n) {
    for (int i = 0; i < n; ++i) add(next_ % feeds());
  }
  // Every title ever shown: what must reach Kafka.
  std::set<std::string> published() const {
    std::lock_guard lock(mu_);
    return published_;
  }

 private:
  void add(int feed) {
    std::lock_guard lock(mu_);
    const std::string title =
        "Rolling feed " + std::to_string(feed) + " item " + std::to_string(next_++);
    items_[feed].push_back(title);
    if (static_cast<int>(items_[feed].size()) > window_) items_[feed].erase(items_[feed].begin());
    published_.insert(title);
    write(feed);
  }
  void write(int feed) {
    const auto tmp = dir_ / ("." + file(feed) + ".tmp");
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Rolling " << feed
          << "</title><link>https://rolling.test/</link>\n";
      for (auto it = items_[feed].rbegin(); it != items_[feed].rend(); ++it) {
        std::string slug = *it;
        for (char& c : slug)
          if (c == ' ') c = '-';
        out << "<item><title>" << *it << "</title><link>https://rolling.test/" << slug
            << "</link><guid>https://rolling.test/" << slug << "</guid><description>" << *it
            << " was reported at the scene.</description></item>\n";
      }
      out << "</channel></rss>\n";
    }
    std::filesystem::rename(tmp, dir_ / file(feed));
  }

  std::filesystem::path dir_;
  int window_;
  std::chrono::milliseconds period_;
  mutable std::mutex mu_;
  std::vector<std::vector<std::string>> items_;
  std::set<std::string> published_;
  int next_ = 0;  // the next item's number
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace newswired::testing
