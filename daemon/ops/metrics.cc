#include "daemon/ops/metrics.h"

#include <sstream>

#include <prometheus/text_serializer.h>

#include "daemon/ops/process_metrics.h"
#include "daemon/ops/version.h"

namespace newswired {
namespace {

using prometheus::Histogram;

const Histogram::BucketBoundaries& latency_buckets() {
  static const Histogram::BucketBoundaries b{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                             1,     2.5,  5,     10,   30,  60};
  return b;
}

std::string s(std::string_view v) { return std::string(v); }

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      items_(prometheus::BuildCounter()
                 .Name("newswired_items_total")
                 .Help("Items leaving each pipeline stage, by source and outcome.")
                 .Register(*registry_)),
      fetches_(prometheus::BuildCounter()
                   .Name("newswired_fetches_total")
                   .Help("Polls of each source, by result and HTTP status code.")
                   .Register(*registry_)),
      fetch_duration_(prometheus::BuildHistogram()
                          .Name("newswired_fetch_duration_seconds")
                          .Help("Wall time of each poll's transfer.")
                          .Register(*registry_)),
      last_success_(prometheus::BuildGauge()
                        .Name("newswired_source_last_success_timestamp_seconds")
                        .Help("Unix time of each source's last successful poll.")
                        .Register(*registry_)),
      parse_warnings_(prometheus::BuildCounter()
                          .Name("newswired_parse_warnings_total")
                          .Help("Recoverable problems found while parsing, by source.")
                          .Register(*registry_)),
      normalize_warnings_(prometheus::BuildCounter()
                              .Name("newswired_normalize_warnings_total")
                              .Help("Item fields normalize could not read and left empty.")
                              .Register(*registry_)),
      queue_depth_(prometheus::BuildGauge()
                       .Name("newswired_queue_depth")
                       .Help("Items waiting in each inter-stage queue.")
                       .Register(*registry_)),
      queue_capacity_(prometheus::BuildGauge()
                          .Name("newswired_queue_capacity")
                          .Help("Capacity of each inter-stage queue.")
                          .Register(*registry_)),
      deliveries_(prometheus::BuildCounter()
                      .Name("newswired_kafka_deliveries_total")
                      .Help("Kafka delivery reports, by topic role and result.")
                      .Register(*registry_)),
      delivery_duration_(prometheus::BuildHistogram()
                             .Name("newswired_kafka_delivery_duration_seconds")
                             .Help("Time from handing a record to the producer to its ack.")
                             .Register(*registry_)),
      dedupe_hits_(prometheus::BuildCounter()
                       .Name("newswired_dedupe_hits_total")
                       .Help("Items recognised as already delivered or duplicate, by reason.")
                       .Register(*registry_)),
      dead_letters_(prometheus::BuildCounter()
                        .Name("newswired_dead_letters_total")
                        .Help("Documents and items sent to the dead-letter topic, by stage.")
                        .Register(*registry_)),
      ready_(prometheus::BuildGauge()
                 .Name("newswired_ready")
                 .Help("1 when the daemon is connected to Kafka and polling.")
                 .Register(*registry_)),
      build_info_(prometheus::BuildGauge()
                      .Name("newswired_build_info")
                      .Help("Always 1; the version is a label.")
                      .Register(*registry_)),
      fetch_bytes_(prometheus::BuildCounter()
                       .Name("newswired_fetch_bytes_total")
                       .Help("Response body bytes transferred, before decoding, by source.")
                       .Register(*registry_)),
      consecutive_failures_(prometheus::BuildGauge()
                                .Name("newswired_source_consecutive_failures")
                                .Help("Failed polls in a row, by source.")
                                .Register(*registry_)),
      circuit_open_(prometheus::BuildGauge()
                        .Name("newswired_source_circuit_open")
                        .Help("1 while a source's circuit breaker holds its polls back.")
                        .Register(*registry_)),
      retired_(prometheus::BuildGauge()
                   .Name("newswired_source_retired")
                   .Help("1 once a source answered 410 Gone; it is not polled any more.")
                   .Register(*registry_)),
      quiet_(prometheus::BuildGauge()
                 .Name("newswired_source_quiet")
                 .Help("1 while a feed that usually publishes has been silent for several of "
                       "its usual gaps.")
                 .Register(*registry_)),
      poll_interval_(prometheus::BuildGauge()
                         .Name("newswired_source_poll_interval_seconds")
                         .Help("The interval a source is polled at now (learned, before hints).")
                         .Register(*registry_)),
      newest_item_age_(prometheus::BuildGauge()
                           .Name("newswired_source_newest_item_age_seconds")
                           .Help("Age of the newest published_at seen in a source's feed.")
                           .Register(*registry_)),
      fetch_events_(prometheus::BuildCounter()
                        .Name("newswired_fetch_events_total")
                        .Help("Source events: moved, gone, circuit_opened, circuit_probe, "
                              "circuit_closed, quiet, active.")
                        .Register(*registry_)),
      files_(prometheus::BuildCounter()
                 .Name("newswired_files_total")
                 .Help("Files of drop directories and FTP/SFTP folders by outcome: delivered, "
                       "rejected (unreadable), undelivered (read again later), error.")
                 .Register(*registry_)),
      dedupe_fingerprinted_(prometheus::BuildCounter()
                                .Name("newswired_dedupe_fingerprinted_total")
                                .Help("Articles with enough text for a near-duplicate "
                                      "signature (MinHash).")
                                .Register(*registry_)),
      dedupe_near_duplicate_ratio_(prometheus::BuildGauge()
                                       .Name("newswired_dedupe_near_duplicate_ratio")
                                       .Help("Near duplicates among fingerprinted articles "
                                             "since start.")
                                       .Register(*registry_)),
      dedupe_index_articles_(prometheus::BuildGauge()
                                 .Name("newswired_dedupe_index_articles")
                                 .Help("Articles remembered in the near-duplicate index.")
                                 .Register(*registry_)),
      dedupe_index_bytes_(prometheus::BuildGauge()
                              .Name("newswired_dedupe_index_bytes")
                              .Help("Memory held by the near-duplicate index.")
                              .Register(*registry_)),
      spool_bytes_(prometheus::BuildGauge()
                       .Name("newswired_spool_bytes")
                       .Help("Bytes of records in the spool, not yet acknowledged by Kafka.")
                       .Register(*registry_)),
      spool_records_(prometheus::BuildGauge()
                         .Name("newswired_spool_records")
                         .Help("Records in the spool, not yet acknowledged by Kafka.")
                         .Register(*registry_)),
      spool_limit_bytes_(prometheus::BuildGauge()
                             .Name("newswired_spool_limit_bytes")
                             .Help("spool.max_size: at this size the pipeline waits.")
                             .Register(*registry_)),
      spool_waits_(prometheus::BuildCounter()
                       .Name("newswired_spool_waits_total")
                       .Help("Times the pipeline waited because the spool was full or its "
                             "disk refused a write.")
                       .Register(*registry_)),
      transaction_troubles_(prometheus::BuildCounter()
                                .Name("newswired_transaction_troubles_total")
                                .Help("Exactly-once mode: transaction steps that failed (aborted "
                                      "and retried, or fatal).")
                                .Register(*registry_)),
      fleet_table_records_(prometheus::BuildCounter()
                               .Name("newswired_cluster_table_records_total")
                               .Help("Fleet mode: records of a shared table (seen: dedupe state, "
                                     "fetch_state) applied from other instances, published for "
                                     "them, or not published.")
                               .Register(*registry_)),
      fleet_table_lag_(prometheus::BuildGauge()
                           .Name("newswired_cluster_table_lag_seconds")
                           .Help("Fleet mode: from the write of the last record of a shared table "
                                 "applied from another instance to its application here (for "
                                 "seen: the window in which two instances may both publish one "
                                 "story).")
                           .Register(*registry_)),
      config_reloads_(prometheus::BuildCounter()
                          .Name("newswired_config_reloads_total")
                          .Help("SIGHUP reloads of the configuration file, by result (a failed "
                                "one leaves the running configuration in place).")
                          .Register(*registry_)) {
  build_info_.Add({{"version", kVersion}}).Set(1);
  ready_.Add({}).Set(0);
}

prometheus::Counter& Metrics::items(std::string_view stage, const std::string& source,
                                    std::string_view outcome) {
  return items_.Add({{"stage", s(stage)}, {"source", source}, {"outcome", s(outcome)}});
}
prometheus::Counter& Metrics::fetches(const std::string& source, std::string_view result,
                                      long code) {
  return fetches_.Add({{"source", source}, {"result", s(result)}, {"code", std::to_string(code)}});
}
prometheus::Histogram& Metrics::fetch_duration(const std::string& source) {
  return fetch_duration_.Add({{"source", source}}, latency_buckets());
}
prometheus::Gauge& Metrics::last_success(const std::string& source) {
  return last_success_.Add({{"source", source}});
}
prometheus::Counter& Metrics::parse_warnings(const std::string& source) {
  return parse_warnings_.Add({{"source", source}});
}
prometheus::Counter& Metrics::normalize_warnings(const std::string& source) {
  return normalize_warnings_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::queue_depth(std::string_view queue) {
  return queue_depth_.Add({{"queue", s(queue)}});
}
prometheus::Gauge& Metrics::queue_capacity(std::string_view queue) {
  return queue_capacity_.Add({{"queue", s(queue)}});
}
prometheus::Counter& Metrics::deliveries(std::string_view topic, std::string_view result) {
  return deliveries_.Add({{"topic", s(topic)}, {"result", s(result)}});
}
prometheus::Histogram& Metrics::delivery_duration() {
  return delivery_duration_.Add({}, latency_buckets());
}
prometheus::Counter& Metrics::dedupe_hits(std::string_view reason) {
  return dedupe_hits_.Add({{"reason", s(reason)}});
}
prometheus::Counter& Metrics::dead_letters(std::string_view stage) {
  return dead_letters_.Add({{"stage", s(stage)}});
}
prometheus::Gauge& Metrics::ready() { return ready_.Add({}); }
prometheus::Counter& Metrics::fetch_bytes(const std::string& source) {
  return fetch_bytes_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::consecutive_failures(const std::string& source) {
  return consecutive_failures_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::circuit_open(const std::string& source) {
  return circuit_open_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::retired(const std::string& source) {
  return retired_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::quiet(const std::string& source) {
  return quiet_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::poll_interval(const std::string& source) {
  return poll_interval_.Add({{"source", source}});
}
prometheus::Gauge& Metrics::newest_item_age(const std::string& source) {
  return newest_item_age_.Add({{"source", source}});
}
prometheus::Counter& Metrics::fetch_events(const std::string& source, std::string_view kind) {
  return fetch_events_.Add({{"source", source}, {"kind", s(kind)}});
}

prometheus::Counter& Metrics::files(const std::string& source, std::string_view outcome) {
  return files_.Add({{"source", source}, {"outcome", s(outcome)}});
}

prometheus::Counter& Metrics::dedupe_fingerprinted() { return dedupe_fingerprinted_.Add({}); }
prometheus::Gauge& Metrics::dedupe_near_duplicate_ratio() {
  return dedupe_near_duplicate_ratio_.Add({});
}
prometheus::Gauge& Metrics::dedupe_index_articles() { return dedupe_index_articles_.Add({}); }
prometheus::Gauge& Metrics::dedupe_index_bytes() { return dedupe_index_bytes_.Add({}); }
prometheus::Gauge& Metrics::spool_bytes() { return spool_bytes_.Add({}); }
prometheus::Gauge& Metrics::spool_records() { return spool_records_.Add({}); }
prometheus::Gauge& Metrics::spool_limit_bytes() { return spool_limit_bytes_.Add({}); }
prometheus::Counter& Metrics::spool_waits() { return spool_waits_.Add({}); }
prometheus::Counter& Metrics::transaction_troubles() { return transaction_troubles_.Add({}); }
prometheus::Counter& Metrics::fleet_table_records(std::string_view table, std::string_view result) {
  return fleet_table_records_.Add({{"table", std::string(table)}, {"result", std::string(result)}});
}
prometheus::Gauge& Metrics::fleet_table_lag(std::string_view table) {
  return fleet_table_lag_.Add({{"table", std::string(table)}});
}
prometheus::Counter& Metrics::config_reloads(std::string_view result) {
  return config_reloads_.Add({{"result", s(result)}});
}

std::string Metrics::scrape() const {
  std::ostringstream out;
  auto families = registry_->Collect();
  for (auto& f : process_metrics()) families.push_back(std::move(f));
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace newswired
