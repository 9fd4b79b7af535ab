#include "daemon/runtime/topology.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <signal.h>

#include "daemon/fetch/fetcher.h"
#include "daemon/fetch/full_text.h"
#include "daemon/ops/http_endpoint.h"
#include "daemon/ops/log.h"
#include "daemon/ops/metrics.h"
#include "daemon/ops/status_page.h"
#include "daemon/ops/systemd_notify.h"
#include "daemon/publish/changelog.h"
#include "daemon/publish/embedded_broker.h"
#include "daemon/publish/kafka_publisher.h"
#include "daemon/publish/records.h"
#include "daemon/runtime/document_tally.h"
#include "daemon/runtime/stage_items.h"
#include "daemon/runtime/tagging.h"
#include "daemon/runtime/topology_impl.h"
#include "pipeline/core/bounded_queue.h"
#include "pipeline/core/clock.h"
#include "pipeline/core/state_store.h"
#include "pipeline/dedupe/dedupe_records.h"
#include "pipeline/dedupe/deduplicator.h"
#include "pipeline/normalize/html_sanitize.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/normalize/tracking_params.h"
#include "pipeline/parse/registry.h"

namespace newswired {
namespace {

using Clock = std::chrono::steady_clock;

DedupeOptions dedupe_options(const DedupeConfig& c) {
  DedupeOptions o;
  o.window = std::chrono::duration_cast<std::chrono::seconds>(c.window);
  o.near_duplicate_similarity = c.near_duplicate_similarity;
  o.id_retention = std::chrono::duration_cast<std::chrono::seconds>(c.id_retention);
  o.min_shingles = static_cast<std::size_t>(std::max(c.min_shingles, 1));
  return o;
}

std::int64_t unix_now() {
  return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
}

// librdkafka's lines read `facility: text` and its errors `ERROR_NAME: reason`; for an error,
// the part before the colon names it and the rest is the reason collectors see as `error`.
void log_from_librdkafka(int severity, const std::string& line) {
  const auto level = severity <= 3   ? spdlog::level::err
                     : severity == 4 ? spdlog::level::warn
                     : severity <= 6 ? spdlog::level::info
                                     : spdlog::level::debug;
  const auto colon = line.find(": ");
  if (level != spdlog::level::err || colon == std::string::npos) {
    log::write(level, {.source = "kafka", .stage = "publish"}, line);
    return;
  }
  const std::string_view text(line);
  log::write(level, {.source = "kafka", .stage = "publish", .error = text.substr(colon + 2)},
             text.substr(0, colon));
}

std::vector<std::string> state_tables() {
  std::vector<std::string> t = Deduplicator::tables();
  t.push_back(Spool::kTable);
  t.push_back(kChangelogTable);
  t.push_back(kFetchTable);
  t.push_back(kFilesTable);
  t.push_back(kFleetOffsetsTable);
  return t;
}

}  // namespace

void Topology::Impl::start_stages() {
  // Each stage closes the queue after it once its own input is drained, so closing `docs`
  // drains the whole chain in order.
  stages.emplace_back([this] {
    while (auto d = docs.pop()) {
      track("documents", docs);
      parse_one(std::move(*d));
    }
    raw.close();
  });
  stages.emplace_back([this] {
    while (auto p = raw.pop()) {
      track("items", raw);
      normalize_one(std::move(*p));
    }
    normalized.close();
  });
  stages.emplace_back([this] {
    while (auto a = normalized.pop()) {
      track("normalized", normalized);
      dedupe_one(std::move(*a));
    }
    deduped.close();
  });
  stages.emplace_back([this] {
    while (auto item = deduped.pop()) {
      track("deduped", deduped);
      // Only new articles and new versions: a page fetch per poll for items already delivered
      // would hammer the site for nothing, but a changed item likely means a changed page.
      const auto verdict = item->decision.verdict;
      if ((verdict == DedupeDecision::Verdict::kNew ||
           verdict == DedupeDecision::Verdict::kUpdate) &&
          source_flags.load()->full_text.contains(item->article.source.name)) {
        full_text->submit(std::move(*item));
        continue;
      }
      tag_one(std::move(*item));
    }
    full_text->close_and_join();
    tagged.close();
  });
  stages.emplace_back([this] {
    // What has queued up meanwhile is spooled together: one store transaction, not one each.
    constexpr std::size_t kSpoolBatch = 64;
    std::vector<DedupedItem> batch;
    while (tagged.pop_some(batch, kSpoolBatch)) {
      track("tagged", tagged);
      publish_all(batch);
      batch.clear();
    }
  });
}

void Topology::Impl::tag_one(DedupedItem&& item) {
  tagger.tag(item.article);
  metrics.items("tag", item.article.source.name, "ok").Increment();
  tagged.push(std::move(item));
}

void Topology::Impl::full_text_done(DedupedItem&& item, const std::string& error) {
  const std::string& source = item.article.source.name;
  metrics.items("full_text", source, error.empty() ? "ok" : "failed").Increment();
  // The feed's own text still makes an article: published as it is, with the reason logged.
  if (!error.empty())
    log::warn({.source = source, .stage = "fetch", .error = error},
              "publishing the feed's text, the full text of {} could not be read",
              item.article.url);
  tag_one(std::move(item));
}

void Topology::Impl::stop_stages() {
  docs.close();
  for (auto& t : stages) t.join();
  stages.clear();
}

void Topology::Impl::note_published(const Article& a) {
  if (!a.published_at) return;
  const auto t = dedupe::unix_seconds(*a.published_at);
  if (!t) return;
  std::lock_guard lock(newest_mu);
  auto& newest = newest_published[a.source.name];
  newest = std::max(newest, *t);
}

void Topology::Impl::update_item_ages() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::lock_guard lock(newest_mu);
  for (const auto& [source, newest] : newest_published)
    metrics.newest_item_age(source).Set(
        static_cast<double>(std::max<std::int64_t>(now - newest, 0)));
}

void Topology::Impl::parse_one(Document&& doc) {
  const std::string source = doc.source.name;
  ++open_documents;
  auto tally = std::make_shared<DocumentTally>(
      [this, source](std::size_t new_items) {
        feeds().observe(source, new_items);
        status.new_items(source, new_items, unix_now());
      },
      [this, settled = std::move(doc.on_settled)](const Settlement& s) {
        if (settled) settled(s);
        --open_documents;
      });
  if (assignment) tally->generation = assignment->generation();
  auto parsed = parse_document(doc);
  if (!parsed.ok()) {
    metrics.items("parse", source, "failed").Increment();
    // Its URL goes with the dead letter.
    log::warn({.source = source, .stage = "parse", .error = parsed.reason()}, "parse failed");
    tally->unreadable(parsed.reason());
    dead_letter({source, "parse", parsed.reason(), doc.url, std::move(doc.body), now_rfc3339()},
                std::move(tally));
    return;
  }
  metrics.items("parse", source, "ok").Increment();
  for (const auto& w : parsed.value().warnings) {
    metrics.parse_warnings(source).Increment();
    log::warn({.source = source, .stage = "parse", .error = w}, "parse warning");
  }
  FeedMeta& meta = parsed.value().meta;
  feeds().hint(source, meta);
  auto& items = parsed.value().items;
  if (const std::size_t limit = max_items; items.size() > limit) {
    log::warn({.source = source, .stage = "parse"},
              "{} items in one document: reading the first {} (fetch.max_items)", items.size(),
              limit);
    metrics.items("parse", source, "truncated")
        .Increment(static_cast<double>(items.size() - limit));
    items.resize(limit);
  }
  doc.body.clear();  // the items carry what they need; don't hold the payload in the queues
  auto ctx = std::make_shared<const ParseContext>(ParseContext{std::move(meta), std::move(doc)});
  for (auto& item : items) raw.push({ParsedItem{std::move(item), ctx}, tally});
}

void Topology::Impl::normalize_one(Tallied<ParsedItem>&& tp) {
  const ParsedItem& p = tp.value;
  const std::string& source = p.ctx->doc.source.name;
  std::vector<std::string> warnings;
  auto article = normalize_item(p.item, p.ctx->feed, p.ctx->doc, &warnings);
  for (const auto& w : warnings) {
    metrics.normalize_warnings(source).Increment();
    log::warn({.source = source, .stage = "normalize", .error = w}, "normalize warning on {}",
              p.item.link.empty() ? "an item without a link" : p.item.link);
  }
  if (!article.ok()) {
    metrics.items("normalize", source, "failed").Increment();
    log::warn({.source = source, .stage = "normalize", .error = article.reason()},
              "item dropped by normalize");
    tp.tally->item_rejected(article.reason());
    dead_letter(
        {source, "normalize", article.reason(), p.item.link.empty() ? p.ctx->doc.url : p.item.link,
         raw_item_json(p.item), now_rfc3339()},
        std::move(tp.tally));
    return;
  }
  metrics.items("normalize", source, "ok").Increment();
  tp.tally->item_accepted();
  if (source_flags.load()->body_html.contains(source))
    article.value().body_html = item_body_html(p.item, article.value().url);
  normalized.push({std::move(article.value()), std::move(tp.tally)});
}

void Topology::Impl::dedupe_one(Tallied<Article>&& ta) {
  Article& a = ta.value;
  note_published(a);
  DedupeDecision d = dedupe->check(a);
  const bool fresh =
      d.verdict == DedupeDecision::Verdict::kNew || d.verdict == DedupeDecision::Verdict::kUpdate;
  if (fresh) ++ta.tally->new_items;
  if (d.verdict != DedupeDecision::Verdict::kKill) status.item_checked(a.source.name, fresh);
  metrics.items("dedupe", a.source.name, to_string(d.verdict)).Increment();
  if (!fresh && d.verdict != DedupeDecision::Verdict::kKill)
    metrics.dedupe_hits(d.reason).Increment();
  if (d.verdict == DedupeDecision::Verdict::kKill)
    log::warn({.source = a.source.name, .stage = "dedupe"},
              "kill: the agency withdrew {} ({}); sent to {}", a.id,
              a.wire ? a.wire->pub_status : "", config.kafka.topics.kills);
  if (d.verdict == DedupeDecision::Verdict::kSeen) return;
  deduped.push(DedupedItem{std::move(a), std::move(d), std::move(ta.tally)});
}

void Topology::Impl::dedupe_metrics() {
  const auto st = dedupe->stats();
  auto& fingerprinted = metrics.dedupe_fingerprinted();
  fingerprinted.Increment(static_cast<double>(st.fingerprinted) - fingerprinted.Value());
  if (st.fingerprinted > 0)
    metrics.dedupe_near_duplicate_ratio().Set(static_cast<double>(st.near_duplicates) /
                                              static_cast<double>(st.fingerprinted));
  metrics.dedupe_index_articles().Set(static_cast<double>(st.remembered));
  metrics.dedupe_index_bytes().Set(static_cast<double>(st.index_bytes));
  for (const auto& [name, table] :
       {std::pair{"seen", shared_seen.get()}, {"fetch_state", shared_fetch_state.get()}}) {
    if (!table) continue;
    const auto shared = table->stats();
    for (const auto& [result, n] : {std::pair{"applied", shared.applied},
                                    {"published", shared.published},
                                    {"publish_failed", shared.publish_failed}}) {
      auto& counter = metrics.fleet_table_records(name, result);
      counter.Increment(static_cast<double>(n) - counter.Value());
    }
    metrics.fleet_table_lag(name).Set(shared.lag_seconds);
  }
}

int Topology::Impl::drain_and_flush() {
  const auto deadline = Clock::now() + config.kafka.flush_timeout;
  stop_deadline = deadline.time_since_epoch().count();
  spool->wake();
  stop_stages();  // the queues' records go into the spool
  for (;;) {
    {
      std::lock_guard lock(pending_mu);
      if (pending_records.empty()) break;
    }
    if (Clock::now() >= deadline) break;
    record_unrecorded();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  record_unrecorded();
  // What Kafka has not acknowledged by now stays in the spool for the next run.
  stopping = true;
  stop_sender();
  publisher->purge();
  record_acked();  // reports served off the poll loop have no batch to end
  {
    // Reported but not settled (held for a resend that will not come now): spooled still.
    std::unordered_map<std::uint64_t, Pending> rest;
    {
      std::lock_guard lock(pending_mu);
      rest.swap(pending_records);
    }
    for (auto& [seq, p] : rest) {
      ++left_in_spool;
      if (p.tally) p.tally->record_settled(false, "left in the spool at the stop");
    }
  }
  if (left_in_spool > 0) {
    log::error({.stage = "spool"},
               "{} records not acknowledged by Kafka after {} ms stay in the spool ({} bytes) "
               "and are sent first at the next start",
               left_in_spool.load(), config.kafka.flush_timeout.count(), spool->bytes());
  }
  for (int i = 0; i < 100 && open_documents > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // Files settled after their source stopped polling (always, with --once) are deleted now.
  for (RemoteFolderSource* folder : remote_folders) folder->delete_settled();
  save_validators();
  log::info("", "delivered {} articles, {} duplicates, {} dead letters",
            metrics.deliveries("articles", "ok").Value(),
            metrics.deliveries("duplicates", "ok").Value(),
            metrics.deliveries("dead_letter", "ok").Value());
  const long failed = undelivered.load() + left_in_spool.load();
  return failed > 0 ? kExitUndelivered : kExitOk;
}

Outcome<std::unique_ptr<Topology>> Topology::build(const Config& config) {
  auto impl = std::make_unique<Impl>(config);
  // Before any stage thread exists: every canonical URL of this run uses the same list.
  set_tracking_params(config.normalize.tracking_params,
                      config.normalize.keep_default_tracking_params);
  const bool embedded = config.kafka.brokers == "embedded";
  std::string state_dir = config.state_dir;
  if (embedded) {
    // The embedded broker forgets everything at exit; state that outlived it would claim
    // articles were delivered that no consumer can read any more.
    state_dir += "/embedded";
    std::error_code ec;
    std::filesystem::remove_all(state_dir, ec);
  }
  auto rules = open_rule_tagger(config);
  if (!rules.ok()) return Failure{rules.reason()};
  impl->rule_tagger = rules.value().get();
  impl->tagger = build_tagger(config, std::move(rules.value()));
  std::string bootstrap = config.kafka.brokers;
  if (embedded) {
    const auto& t = config.kafka.topics;
    auto broker =
        EmbeddedBroker::start({t.articles, t.duplicates, t.dead_letter, t.kills, t.changelog});
    if (!broker.ok()) return Failure{"embedded Kafka broker: " + broker.reason()};
    impl->embedded = std::move(broker.value());
    bootstrap = impl->embedded->bootstrap();
    log::info("", "embedded Kafka broker at {} - read it with: kcat -b {} -t {} -C", bootstrap,
              bootstrap, t.articles);
  }
  auto state = StateStore::open(state_dir, state_tables());
  if (!state.ok()) return Failure{state.reason()};
  impl->state = state.value();
  if (impl->exactly_once()) {
    auto restored = impl->restore_state(bootstrap);
    if (!restored.ok()) return Failure{restored.reason()};
  }
  impl->dedupe = std::make_unique<Deduplicator>(impl->state, dedupe_options(config.dedupe));
  if (impl->fleet())
    if (auto started = impl->start_fleet_tables(); !started.ok()) return Failure{started.reason()};
  impl->dedupe_metrics();
  impl->spool = std::make_unique<Spool>(impl->state, config.spool.max_bytes);
  for (const std::string& problem : impl->spool->problems())
    log::error({.stage = "spool", .error = problem}, "taking over the spool of an earlier run");
  impl->replay_spool();

  auto publisher = KafkaPublisher::create(impl->producer_config(), bootstrap, log_from_librdkafka);
  if (!publisher.ok()) return Failure{publisher.reason()};
  impl->publisher = std::move(publisher.value());
  Impl* raw_impl = impl.get();
  if (impl->fleet()) {
    // Reported on its thread, taken over by run()'s loop: sources are swapped on one thread.
    SourceTakeOver take_over;
    take_over.settle = impl->transaction_timeout() + std::chrono::seconds(5);
    take_over.learn = [raw_impl, wait = take_over.settle] { return raw_impl->take_over(wait); };
    auto assignment = SourceAssignment::start(
        config,
        [raw_impl](OwnedSources owned) {
          std::lock_guard lock(raw_impl->owned_mu);
          raw_impl->owned_pending = std::move(owned);
        },
        std::move(take_over));
    if (!assignment.ok()) return Failure{assignment.reason()};
    impl->assignment = std::move(assignment.value());
  }
  impl->start_sender();  // after the assignment, whose fence it asks for in exactly-once mode

  impl->build_sources(config);
  impl->load_validators();

  if (!config.metrics.listen.empty()) {
    HttpProbes probes{
        [raw_impl] {
          raw_impl->update_item_ages();
          // At scrape time, not per article: sizing the index walks all of its buckets.
          raw_impl->dedupe_metrics();
          raw_impl->spool_metrics();
          return raw_impl->metrics.scrape();
        },
        [raw_impl] {
          const auto beat = Clock::time_point(Clock::duration(raw_impl->heartbeat.load()));
          return Clock::now() - beat < std::chrono::seconds(30);
        },
        [raw_impl] {
          return raw_impl->polling.load() && raw_impl->publisher->connected() &&
                 raw_impl->spool_writable();
        },
        [raw_impl] { return status_html(raw_impl->status_snapshot(), unix_now()); },
        [raw_impl] { return status_json_text(raw_impl->status_snapshot(), unix_now()); }};
    auto http = HttpEndpoint::start(config.metrics.listen, std::move(probes));
    if (!http.ok()) return Failure{http.reason()};
    impl->http = std::move(http.value());
    const auto host = config.metrics.listen.substr(0, config.metrics.listen.rfind(':'));
    log::info("", "metrics on http://{}:{}/metrics, status on http://{}:{}/status", host,
              impl->http->port(), host, impl->http->port());
  }
  return std::unique_ptr<Topology>(new Topology(std::move(impl)));
}

Topology::Topology(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Topology::~Topology() = default;

int Topology::run(bool once) {
  Impl& m = *impl_;
  m.start_stages();
  m.start_fetching(once);
  if (m.fleet()) {
    // Ready once the first assignment has been read (take_assignment).
    log::info("", "waiting for group {} to assign sources", m.config.cluster->group);
    systemd::ready();
    systemd::status("waiting for an assignment of sources");
  } else {
    m.polling = true;
    log::info("", "polling {} sources{}", m.config.sources.size(), once ? " once" : "");
    systemd::ready();
    systemd::status("polling " + std::to_string(m.config.sources.size()) + " sources");
  }

  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  const auto watchdog = systemd::watchdog_interval();
  auto next_watchdog = Clock::now();
  while (!m.fetch_done) {
    timespec tick{0, 200'000'000};
    const int sig = sigtimedwait(&set, nullptr, &tick);
    m.heartbeat = Clock::now().time_since_epoch().count();
    m.record_acked();
    m.record_unrecorded();
    if (m.fleet()) m.take_assignment();
    m.metrics.ready().Set(m.polling && m.publisher->connected() && m.spool_writable() ? 1 : 0);
    if (watchdog && Clock::now() >= next_watchdog) {
      systemd::watchdog();
      next_watchdog = Clock::now() + *watchdog;
    }
    if (sig == SIGINT || sig == SIGTERM) {
      log::info("", "{} received: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
      break;
    }
    if (sig == SIGHUP) {
      // One pass over the sources as they were: a reload would start polling on schedule.
      if (once) {
        log::warn({.stage = "config", .error = "--once reads its configuration once"},
                  "SIGHUP ignored");
      } else {
        m.reload();
      }
    }
  }
  systemd::stopping();
  m.polling = false;
  // Leaves the group first: the others take its sources while this one drains. Exactly-once
  // leaves last, as its transactions commit only while it is a member (docs/fleet.md).
  if (m.assignment && !m.exactly_once()) m.assignment->stop();
  m.stop_fetching(m.fetch_done);
  const int code = m.drain_and_flush();
  if (m.assignment) m.assignment->stop();
  log::info("", "stopped{}", code == kExitOk ? "" : " with undelivered records");
  return code;
}

void block_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace newswired
