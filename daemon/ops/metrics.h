#pragma once
// The fixed metric set. Labels are bounded: source names come from the config, stages,
// results and reasons from closed lists in the code, never from item content.

#include <memory>
#include <string>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace newswired {

class Metrics {
 public:
  Metrics();

  // Items leaving a stage, by outcome ("ok", "failed", "new", "seen", "duplicate", ...).
  prometheus::Counter& items(std::string_view stage, const std::string& source,
                             std::string_view outcome);
  // One per poll: result ("ok", "not_modified", "http_error", ...) and HTTP code ("0" if none).
  prometheus::Counter& fetches(const std::string& source, std::string_view result, long code);
  prometheus::Histogram& fetch_duration(const std::string& source);
  prometheus::Gauge& last_success(const std::string& source);
  prometheus::Counter& parse_warnings(const std::string& source);
  // Item fields the normalize stage could not read (a date, a geo point) and left empty.
  prometheus::Counter& normalize_warnings(const std::string& source);
  prometheus::Gauge& queue_depth(std::string_view queue);
  prometheus::Gauge& queue_capacity(std::string_view queue);
  // Kafka delivery reports by topic role ("articles", "duplicates", "dead_letter").
  prometheus::Counter& deliveries(std::string_view topic, std::string_view result);
  prometheus::Histogram& delivery_duration();
  prometheus::Counter& dedupe_hits(std::string_view reason);
  prometheus::Counter& dead_letters(std::string_view stage);
  prometheus::Gauge& ready();

  // Per source, from the fetcher.
  prometheus::Counter& fetch_bytes(const std::string& source);  // as transferred
  prometheus::Gauge& consecutive_failures(const std::string& source);
  prometheus::Gauge& circuit_open(const std::string& source);   // 0 / 1
  prometheus::Gauge& retired(const std::string& source);        // 0 / 1, after 410 Gone
  prometheus::Gauge& quiet(const std::string& source);          // 0 / 1
  prometheus::Gauge& poll_interval(const std::string& source);  // seconds, as planned now
  prometheus::Gauge& newest_item_age(const std::string& source);
  // Moves, retirements, circuit changes, quiet spells ("moved", "gone", "circuit_opened", ...).
  prometheus::Counter& fetch_events(const std::string& source, std::string_view kind);
  // Files of drop directories and FTP/SFTP folders by how they settled.
  prometheus::Counter& files(const std::string& source, std::string_view outcome);

  // The dedupe stage's near-duplicate index.
  prometheus::Counter& dedupe_fingerprinted();       // articles with enough text to fingerprint
  prometheus::Gauge& dedupe_near_duplicate_ratio();  // near duplicates / fingerprinted
  prometheus::Gauge& dedupe_index_articles();
  prometheus::Gauge& dedupe_index_bytes();

  // The spool of records not yet acknowledged by Kafka.
  prometheus::Gauge& spool_bytes();
  prometheus::Gauge& spool_records();
  prometheus::Gauge& spool_limit_bytes();
  prometheus::Counter& spool_waits();  // times the pipeline had to wait for room or the disk
  prometheus::Counter& transaction_troubles();  // exactly-once: aborted or failed steps
  // Fleet mode's shared tables (seen | fetch_state): records applied | published |
  // publish_failed, and seconds from a record's write to its application.
  prometheus::Counter& fleet_table_records(std::string_view table, std::string_view result);
  prometheus::Gauge& fleet_table_lag(std::string_view table);
  prometheus::Counter& config_reloads(std::string_view result);  // SIGHUP: ok | failed

  // The Prometheus text exposition of everything above, and the process_* metrics.
  std::string scrape() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& items_;
  prometheus::Family<prometheus::Counter>& fetches_;
  prometheus::Family<prometheus::Histogram>& fetch_duration_;
  prometheus::Family<prometheus::Gauge>& last_success_;
  prometheus::Family<prometheus::Counter>& parse_warnings_;
  prometheus::Family<prometheus::Counter>& normalize_warnings_;
  prometheus::Family<prometheus::Gauge>& queue_depth_;
  prometheus::Family<prometheus::Gauge>& queue_capacity_;
  prometheus::Family<prometheus::Counter>& deliveries_;
  prometheus::Family<prometheus::Histogram>& delivery_duration_;
  prometheus::Family<prometheus::Counter>& dedupe_hits_;
  prometheus::Family<prometheus::Counter>& dead_letters_;
  prometheus::Family<prometheus::Gauge>& ready_;
  prometheus::Family<prometheus::Gauge>& build_info_;
  prometheus::Family<prometheus::Counter>& fetch_bytes_;
  prometheus::Family<prometheus::Gauge>& consecutive_failures_;
  prometheus::Family<prometheus::Gauge>& circuit_open_;
  prometheus::Family<prometheus::Gauge>& retired_;
  prometheus::Family<prometheus::Gauge>& quiet_;
  prometheus::Family<prometheus::Gauge>& poll_interval_;
  prometheus::Family<prometheus::Gauge>& newest_item_age_;
  prometheus::Family<prometheus::Counter>& fetch_events_;
  prometheus::Family<prometheus::Counter>& files_;
  prometheus::Family<prometheus::Counter>& dedupe_fingerprinted_;
  prometheus::Family<prometheus::Gauge>& dedupe_near_duplicate_ratio_;
  prometheus::Family<prometheus::Gauge>& dedupe_index_articles_;
  prometheus::Family<prometheus::Gauge>& dedupe_index_bytes_;
  prometheus::Family<prometheus::Gauge>& spool_bytes_;
  prometheus::Family<prometheus::Gauge>& spool_records_;
  prometheus::Family<prometheus::Gauge>& spool_limit_bytes_;
  prometheus::Family<prometheus::Counter>& spool_waits_;
  prometheus::Family<prometheus::Counter>& transaction_troubles_;
  prometheus::Family<prometheus::Counter>& fleet_table_records_;
  prometheus::Family<prometheus::Gauge>& fleet_table_lag_;
  prometheus::Family<prometheus::Counter>& config_reloads_;
};

}  // namespace newswired
