// How long the status page takes to render for many sources whose poll rings are full, the
// worst case for its size (docs/status.md). A measurement, not a test: it prints numbers.
// usage: status_page_measure [SOURCES] [ROUNDS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "daemon/ops/source_status.h"
#include "daemon/ops/status_page.h"

namespace {

using newswired::StatusSnapshot;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kNow = 1'800'000'000;

void fill(newswired::SourceStatusTable& table, int count) {
  std::vector<newswired::SourceStatusTable::Identity> ids;
  for (int i = 0; i < count; ++i)
    ids.push_back({"source-" + std::to_string(i), "feed",
                   "https://feeds.example/" + std::to_string(i) + "/rss.xml"});
  table.set_sources(ids);
  for (int i = 0; i < count; ++i) {
    const std::string& name = ids[static_cast<std::size_t>(i)].name;
    for (std::size_t p = 0; p < newswired::PollHistory::kCapacity; ++p) {
      const bool ok = i % 10 != 9 || p < 20;  // a tenth of them failing lately
      const auto at = kNow - 60 * static_cast<std::int64_t>(newswired::PollHistory::kCapacity - p);
      table.poll_ended(name, {at, ok, ok ? 200 : 503, ok ? "ok" : "http_error",
                              ok ? "" : "HTTP 503: Service Unavailable"});
      table.new_items(name, p % 4, at);
      for (std::size_t k = 0; k < p % 4; ++k) table.item_checked(name, true);
    }
  }
}

template <typename Render>
void measure(const char* what, int rounds, Render render) {
  std::vector<double> ms;
  std::size_t size = 0;
  for (int r = 0; r < rounds; ++r) {
    const auto start = Clock::now();
    size = render();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-9s %6.0f KiB  median %6.1f ms  max %6.1f ms  (%d rounds)\n", what,
              static_cast<double>(size) / 1024, ms[ms.size() / 2], ms.back(), rounds);
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
  newswired::SourceStatusTable table;
  fill(table, count);
  StatusSnapshot snap;
  snap.instance = {"measure", kNow - 86400, true, true, 0, 0, std::uint64_t{1} << 30};
  snap.sources = table.snapshot();
  std::printf("%d sources, %zu polls each\n", count, newswired::PollHistory::kCapacity);
  measure("snapshot", rounds,
          [&] { return table.snapshot().size() * sizeof(newswired::SourceStatus); });
  measure("html", rounds, [&] { return newswired::status_html(snap, kNow).size(); });
  measure("json", rounds, [&] { return newswired::status_json_text(snap, kNow).size(); });
  return 0;
}
