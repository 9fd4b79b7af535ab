// The status page for a browser: one HTML document with inline CSS and SVG, nothing to fetch
// and no script, so that it works offline, behind strict proxies and with JavaScript off.
// Every text in it that came from the config or a remote server is escaped.

#include <algorithm>
#include <map>

#include "daemon/ops/status_page.h"
#include "pipeline/core/clock.h"
#include "pipeline/core/markup_escape.h"

namespace newswired {
namespace {

constexpr int kBarWidth = 4;
constexpr int kSparkHeight = 24;
constexpr int kSparkWidth = static_cast<int>(PollHistory::kCapacity) * kBarWidth;

constexpr const char* kStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d232a; background: #fff; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
h1 .version { font-weight: normal; color: #667; font-size: .7em; }
.instance { margin: 0 0 1em; color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
th { background: #f3f5f7; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.url, .sub { color: #667; font-size: .85em; word-break: break-all; }
.error { color: #8a1c1c; font-size: .9em; word-break: break-word; max-width: 32em; }
.error.past { color: #889; }
.badge { display: inline-block; padding: .05em .5em; border-radius: .8em; font-size: .85em;
  font-weight: 600; color: #fff; white-space: nowrap; }
.circuit_open, .not-ready { background: #7a1010; }
.backing_off { background: #c2410c; }
.failing { background: #dc2626; }
.retired { background: #6b4f8a; }
.quiet { background: #b7791f; }
.pending { background: #8a94a0; }
.ok, .is-ready { background: #15803d; }
svg.spark { display: block; background: #f6f7f9; }
)css";

std::string esc(std::string_view s) { return markup_escaped(s); }
std::string attr(std::string_view s) { return markup_escaped(s, MarkupContext::kAttribute); }

std::string ago(std::int64_t t, std::int64_t now) {
  if (t <= 0) return "never";
  return short_duration(static_cast<double>(now - t)) + " ago";
}

// One bar per poll, newest on the right: green as high as its new items (relative to the
// busiest poll shown), a grey stub for a poll that brought nothing, red full height for a
// failure. Three paths rather than a rect per bar keep a page of thousands of sources small.
std::string sparkline(const SourceStatus& s) {
  const auto polls = s.history.oldest_first();
  std::uint32_t busiest = 1;
  std::uint32_t total_new = 0;
  int failed = 0;
  for (const auto& p : polls) {
    busiest = std::max(busiest, p.new_items);
    total_new += p.new_items;
    failed += p.ok ? 0 : 1;
  }
  std::string fresh, empty, bad;
  int x = kSparkWidth - static_cast<int>(polls.size()) * kBarWidth;
  for (const auto& p : polls) {
    int h = 2;
    std::string* path = &empty;
    if (!p.ok) {
      h = kSparkHeight;
      path = &bad;
    } else if (p.new_items > 0) {
      h = 4 + static_cast<int>((kSparkHeight - 4) * static_cast<double>(p.new_items) / busiest);
      path = &fresh;
    }
    *path += "M" + std::to_string(x) + " " + std::to_string(kSparkHeight) + "v-" +
             std::to_string(h) + "h" + std::to_string(kBarWidth - 1) + "v" + std::to_string(h) +
             "z";
    x += kBarWidth;
  }
  const std::string label = std::to_string(polls.size()) +
                            " recent polls: " + std::to_string(total_new) + " new items, " +
                            std::to_string(failed) + " failed";
  std::string out = "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(kSparkWidth) + "\" height=\"" + std::to_string(kSparkHeight) +
                    "\" viewBox=\"0 0 " + std::to_string(kSparkWidth) + " " +
                    std::to_string(kSparkHeight) + "\" role=\"img\" aria-label=\"" + label +
                    "\"><title>" + label + "</title>";
  if (!empty.empty()) out += "<path fill=\"#a0a8b2\" d=\"" + empty + "\"/>";
  if (!fresh.empty()) out += "<path fill=\"#16a34a\" d=\"" + fresh + "\"/>";
  if (!bad.empty()) out += "<path fill=\"#dc2626\" d=\"" + bad + "\"/>";
  return out + "</svg>";
}

std::string state_cell(const SourceStatus& s, SourceHealth h, std::int64_t now) {
  const std::string name(to_string(h));
  std::string out = "<td><span class=\"badge " + name + "\">" + name + "</span>";
  if (s.backoff_until > now)
    out += "<div class=\"sub\">next poll in " +
           short_duration(static_cast<double>(s.backoff_until - now)) + "</div>";
  return out + "</td>";
}

std::string source_row(const SourceStatus& s, std::int64_t now) {
  const SourceHealth h = health_of(s, now);
  std::string row = "<tr class=\"source\" data-source=\"" + attr(s.name) + "\" data-state=\"" +
                    std::string(to_string(h)) + "\">";
  row += "<td><strong class=\"name\">" + esc(s.name) + "</strong><div class=\"url\">" +
         esc(s.kind) + " · " + esc(s.url) + "</div>";
  if (!s.moved_to.empty()) row += "<div class=\"url\">moved to " + esc(s.moved_to) + "</div>";
  row += "</td>" + state_cell(s, h, now);
  row += "<td class=\"num\">" + ago(s.last_fetch_at, now) + "</td>";
  row += "<td class=\"num\">" +
         (s.last_http_status > 0 ? std::to_string(s.last_http_status) : std::string("–")) + "</td>";
  row += "<td class=\"num\">" + std::to_string(s.consecutive_failures) + "</td>";
  row += "<td class=\"num\">" + (s.last_new_at > 0 ? ago(s.last_new_at, now) : "–") + "</td>";
  row += "<td class=\"num\">" + std::to_string(s.items_new) + " / " + std::to_string(s.items_seen) +
         "</td>";
  row += "<td>" + sparkline(s) + "</td>";
  if (s.last_error.empty()) {
    row += "<td></td>";
  } else {
    // An error the source has recovered from stays visible, greyed, with its age.
    const bool current = s.consecutive_failures > 0;
    row += std::string("<td class=\"error") + (current ? "" : " past") + "\">" + esc(s.last_error) +
           "<div class=\"sub\">" + ago(s.last_error_at, now) + "</div></td>";
  }
  return row + "</tr>\n";
}

std::string instance_line(const InstanceStatus& in, const std::vector<SourceStatus>& sources,
                          std::int64_t now) {
  std::map<SourceHealth, int> counts;
  for (const auto& s : sources) ++counts[health_of(s, now)];
  std::string summary;
  for (const auto& [h, n] : counts)
    summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(h));
  std::string out = "<p class=\"instance\">";
  out += in.ready ? "<span class=\"badge is-ready\">ready</span>"
                  : "<span class=\"badge not-ready\">not ready</span>";
  out += " up " + short_duration(static_cast<double>(now - in.started_at));
  out += " · Kafka " + std::string(in.kafka_connected ? "connected" : "<b>not connected</b>");
  out += " · spool " + std::to_string(in.spool_records) + " records, " +
         binary_size(in.spool_bytes) + " of " + binary_size(in.spool_limit_bytes);
  out +=
      " · " + std::to_string(sources.size()) + " sources" + (summary.empty() ? "" : ": " + summary);
  out += " · as of " + format_rfc3339(std::chrono::system_clock::from_time_t(now));
  return out + "</p>\n";
}

}  // namespace

std::string status_html(StatusSnapshot snapshot, std::int64_t now) {
  sort_worst_first(snapshot.sources, now);
  std::string out;
  out.reserve(1024 + snapshot.sources.size() * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta http-equiv=\"refresh\" content=\"30\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>newswired status</title><style>";
  out += kStyle;
  out += "</style></head>\n<body>\n<h1>newswired <span class=\"version\">" +
         esc(snapshot.instance.version) + "</span></h1>\n";
  out += instance_line(snapshot.instance, snapshot.sources, now);
  out +=
      "<table id=\"sources\"><thead><tr><th>Source</th><th>State</th><th>Last fetch</th>"
      "<th>HTTP</th><th>Failures</th><th>Last new item</th><th>New / seen</th>"
      "<th>Recent polls</th><th>Last error</th></tr></thead>\n<tbody>\n";
  for (const auto& s : snapshot.sources) out += source_row(s, now);
  out += "</tbody></table>\n</body></html>\n";
  return out;
}

}  // namespace newswired
