#pragma once
// The daemon's insides, shared by topology.cc (the stages, build, run) and source_events.cc
// (what the sources report, and their state): the queues between the stages, the sources that
// fill the first one, and the publisher and state that the last one writes to.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "daemon/cluster/fleet_table.h"
#include "daemon/cluster/source_assignment.h"
#include "daemon/config/config.h"
#include "daemon/fetch/document_source.h"
#include "daemon/fetch/fetcher.h"
#include "daemon/fetch/full_text.h"
#include "daemon/fetch/remote_folder_source.h"
#include "daemon/ops/http_endpoint.h"
#include "daemon/ops/metrics.h"
#include "daemon/ops/source_status.h"
#include "daemon/ops/status_page.h"
#include "daemon/publish/embedded_broker.h"
#include "daemon/publish/kafka_publisher.h"
#include "daemon/publish/records.h"
#include "daemon/publish/spool.h"
#include "daemon/publish/spool_sender.h"
#include "daemon/publish/transactional_sender.h"
#include "daemon/runtime/document_tally.h"
#include "daemon/runtime/stage_items.h"
#include "daemon/runtime/tagging.h"
#include "daemon/runtime/topology.h"
#include "pipeline/core/bounded_queue.h"
#include "pipeline/core/state_store.h"
#include "pipeline/dedupe/deduplicator.h"

namespace newswired {

inline constexpr const char* kFetchTable = "fetch";
inline constexpr const char* kFilesTable = "files";  // what FTP/SFTP folders delivered
// The fetch table holds a source's validators under its name and the rest of its fetch state
// under this prefix (which no source name can contain): the two are saved on different terms.
inline constexpr std::string_view kStatePrefix = "state/";

template <typename T>
struct Tallied {
  T value;
  std::shared_ptr<DocumentTally> tally;
};

struct Topology::Impl {
  using Clock = std::chrono::steady_clock;

  explicit Impl(const Config& c)
      : config(c),
        docs(c.pipeline.queue_capacity),
        raw(c.pipeline.queue_capacity),
        normalized(c.pipeline.queue_capacity),
        deduped(c.pipeline.queue_capacity),
        tagged(c.pipeline.queue_capacity),
        tagger(build_tagger(c)) {
    set_source_flags(c);
    // Always there: a reload may turn full text on for a source.
    full_text = std::make_unique<FullTextPool<DedupedItem>>(
        config, kFullTextWorkers, [](DedupedItem& i) -> Article& { return i.article; },
        [this](DedupedItem&& i, const std::string& error) { full_text_done(std::move(i), error); });
  }

  // What the stages need to know of each source, swapped whole by a reload.
  struct SourceFlags {
    std::set<std::string> full_text;
    std::set<std::string> body_html;
  };
  void set_source_flags(const Config& c) {
    auto f = std::make_shared<SourceFlags>();
    for (const auto& s : c.sources) {
      if (s.fetch_full_text) f->full_text.insert(s.name);
      if (s.body_html) f->body_html.insert(s.name);
    }
    source_flags.store(std::move(f));
    max_items = c.fetch.max_items;
  }

  // The HTTP endpoint goes first, as its handlers read the publisher, the spool and the status
  // table. Then the publisher (after the sender that feeds it): records still in it hold
  // documents' tallies, whose last release calls into the fetcher and the file sources.
  ~Impl() {
    http.reset();
    stopping = true;
    if (sender) sender->stop();
    if (txn_sender) txn_sender->stop();  // it asks the assignment for its fence
    assignment.reset();                  // its callback reaches into this
    publisher.reset();
    // Their threads apply what other instances wrote into the sources and the fetcher, which
    // are declared after them and so would go first.
    shared_fetch_state.reset();
    shared_seen.reset();
  }

  // What a spooled record's delivery report needs besides the spool entry itself; small, as
  // there is one per record in the spool.
  struct Pending {
    std::shared_ptr<DocumentTally> tally;  // none for records spooled by an earlier run
    std::uint32_t near_ref = 0;
    Clock::time_point queued;
    std::string what;  // "article <id>", for logs
    // Fleet mode: the assignment (SourceAssignment::generation) its document was read under.
    std::uint64_t generation = 0;
  };

  // Page fetches wait on other sites; a few in parallel keep one slow site from holding up
  // the rest, few enough to stay polite.
  static constexpr int kFullTextWorkers = 4;

  Config config;
  Metrics metrics;
  std::shared_ptr<StateStore> state;
  std::unique_ptr<Deduplicator> dedupe;
  // Fleet mode's shared tables (declared after what their threads write to, so gone first).
  std::unique_ptr<FleetTable> shared_seen;
  std::unique_ptr<FleetTable> shared_fetch_state;
  std::unique_ptr<EmbeddedBroker> embedded;
  std::unique_ptr<KafkaPublisher> publisher;
  std::unique_ptr<Spool> spool;
  std::unique_ptr<SpoolSender> sender;
  std::unique_ptr<TransactionalSender> txn_sender;  // instead of `sender` in exactly-once mode
  std::mutex pending_mu;
  std::unordered_map<std::uint64_t, Pending> pending_records;  // by spool sequence number
  std::mutex unrecorded_mu;
  std::vector<std::pair<std::uint64_t, Delivery>> unrecorded;  // in Kafka, not yet in state
  // Acknowledged, waiting to be recorded with the rest of their batch of reports.
  struct Acked {
    std::uint64_t seq;
    Delivery delivery;
    Pending pending;
    std::string source;
  };
  std::mutex acked_mu;
  std::vector<Acked> acked;
  // The sources as last loaded (at start, or by SIGHUP); `config` keeps the rest as started.
  // Guarded by sources_mu, as is the swap of `fetcher` and `document_sources` on reload.
  std::mutex sources_mu;
  std::vector<SourceConfig> live_sources;
  FetchConfig live_fetch;
  std::unique_ptr<Fetcher> fetcher;
  // Sources beside the feed fetcher: drop directories, FTP/SFTP folders, agency APIs.
  std::vector<std::unique_ptr<DocumentSource>> document_sources;
  std::vector<RemoteFolderSource*> remote_folders;  // also those retired by a reload
  // Replaced by a reload but kept: documents of theirs may still be in the pipeline, and
  // their tallies call back into them.
  std::vector<std::unique_ptr<Fetcher>> retired_fetchers;
  std::vector<std::unique_ptr<DocumentSource>> retired_sources;
  // What a fetcher knew of each feed it polled, for when the feed comes back to this instance
  // (fleet mode moves sources away and back; a reload may drop and restore one).
  std::map<std::string, std::pair<SourceState, Validators>> left_behind;
  // Fleet mode: the group's assignment, and the owned set it reported last, taken over by the
  // main loop between two ticks.
  std::unique_ptr<SourceAssignment> assignment;
  std::set<std::string> replayed_sources;  // with records an earlier run left in the spool
  std::mutex owned_mu;
  std::optional<OwnedSources> owned_pending;
  std::thread fetch_thread;
  std::atomic<bool> fetch_done{false};
  std::unique_ptr<HttpEndpoint> http;
  SourceStatusTable status;  // what /status shows of each source
  const std::int64_t started_at =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  // Set while the fetcher is being stopped: the transfers it cuts short say nothing of a feed.
  std::atomic<bool> fetch_stopping{false};

  BoundedQueue<Document> docs;
  BoundedQueue<Tallied<ParsedItem>> raw;
  BoundedQueue<Tallied<Article>> normalized;
  BoundedQueue<DedupedItem> deduped;
  BoundedQueue<DedupedItem> tagged;
  TaggerChain tagger;
  RuleTagger* rule_tagger = nullptr;  // owned by `tagger`; reloaded on SIGHUP
  std::atomic<std::shared_ptr<const SourceFlags>> source_flags;
  std::atomic<std::size_t> max_items{0};
  std::unique_ptr<FullTextPool<DedupedItem>> full_text;
  std::vector<std::thread> stages;

  std::atomic<long> undelivered{0};
  std::atomic<long> left_in_spool{0};        // undelivered at the stop, sent by the next run
  std::atomic<bool> stopping{false};         // past the stop deadline: nothing more goes to Kafka
  std::atomic<bool> producer_failed{false};  // fatal producer error: not ready until restart
  // Until when a stop waits for the spool to take the queues' last records.
  std::atomic<Clock::rep> stop_deadline{Clock::time_point::max().time_since_epoch().count()};
  // Documents not settled yet: a record's last reference may go on librdkafka's thread just
  // after flush() returned.
  std::atomic<long> open_documents{0};
  std::atomic<Clock::rep> heartbeat{Clock::now().time_since_epoch().count()};
  std::atomic<bool> polling{false};
  std::mutex failed_mu;
  std::set<std::string> failed_sources;  // had a record that Kafka did not take this run
  std::mutex newest_mu;
  std::map<std::string, std::int64_t> newest_published;  // per source, Unix time

  template <typename T>
  void track(std::string_view name, const BoundedQueue<T>& q) {
    metrics.queue_capacity(name).Set(static_cast<double>(q.capacity()));
    metrics.queue_depth(name).Set(static_cast<double>(q.size()));
  }

  void start_stages();
  void stop_stages();
  void on_report(const FetchReport& r);
  void on_event(const FetchEvent& e);
  void on_file(const FileEvent& e);
  void on_state(const std::string& source, const SourceState& st);
  void state_metrics(const std::string& source, const SourceState& st);
  void track_status(const Config& c);  // the sources /status shows, at start and on reload
  StatusSnapshot status_snapshot();
  void note_published(const Article& a);
  void update_item_ages();
  void parse_one(Document&& doc);
  void normalize_one(Tallied<ParsedItem>&& p);
  void dedupe_one(Tallied<Article>&& a);
  void dedupe_metrics();
  // A record and what its delivery report needs, on its way into the spool.
  using Spooling = std::pair<SpoolEntry, Pending>;
  void publish_all(std::vector<DedupedItem>& items);  // spooled in one store transaction
  Spooling make_record(DedupedItem&& item);
  void tag_one(DedupedItem&& item);
  void full_text_done(DedupedItem&& item, const std::string& error);
  void dead_letter(DeadLetter dl, std::shared_ptr<DocumentTally> tally);
  void spool_record(SpoolEntry&& entry, Pending pending);
  void spool_records(std::vector<Spooling>& records);
  static std::size_t record_size(const Record& r);
  std::size_t record_limit() const;  // the largest record Kafka takes, by kafka.producer
  void spool_waiting(const std::string& source, const std::string& why);
  Clock::time_point spool_deadline() const;
  void replay_spool();
  void start_sender();
  // Exactly-once fleet mode: what the next transaction may commit (TransactionalSender::Fence).
  std::optional<TransactionalSender::Fence> group_fence();
  void stop_sender();
  // Exactly-once mode (daemon/runtime/exactly_once.cc).
  bool exactly_once() const { return config.delivery == "exactly_once"; }
  KafkaConfig producer_config() const;
  // How long a transaction of this instance may stay open; zero in at-least-once mode.
  std::chrono::milliseconds transaction_timeout() const;
  Outcome<bool> restore_state(const std::string& bootstrap);
  void on_spool_report(std::uint64_t seq, SpoolEntry&& entry, const DeliveryReport& r);
  void spool_metrics();
  bool spool_writable();
  // Records an acknowledged record's state and erases it from the spool; the store's error.
  std::string record_delivered(std::uint64_t seq, const Delivery& delivery);
  // The same for every record acknowledged since the last call, in one state transaction,
  // then settles their documents. Called after each batch of delivery reports.
  void record_acked();
  // Fleet mode: the deliveries' dedupe writes, for the other instances.
  void share_seen(const std::vector<const Delivery*>& deliveries);
  // Exactly-once fleet mode: the same as a record of the transaction that commits them.
  std::optional<Record> seen_record(const std::vector<StateStore::Write>& writes) const;
  // Fleet mode, before sources taken over from another instance are polled: waits until what
  // it committed is applied here, at most `wait`.
  Outcome<bool> take_over(std::chrono::milliseconds wait);
  // Fleet mode: starts the shared tables (before any source is polled).
  Outcome<bool> start_fleet_tables();
  // Fleet mode: another instance's fetch state, into the fetch table (and validators into the
  // fetcher, for a source this instance owns and has none for yet).
  std::string apply_remote_fetch_state(std::vector<StateStore::Write> remote,
                                       std::vector<StateStore::Write> offsets);
  // Retries recording deliveries the state store refused (called every tick).
  void record_unrecorded();
  void note_failure(const std::string& source, const std::string& topic_role,
                    const std::string& what, const std::string& error);
  // The feed fetcher, now (a reload may replace it; a retired one stays valid).
  Fetcher& feeds();
  // daemon/runtime/reload.cc
  void build_sources(const Config& c);
  void start_fetching(bool once);
  void stop_fetching(bool finished);
  // Replaces the polled sources between two polls (SIGHUP, or a new assignment in fleet mode).
  void swap_sources(const Config& next);
  void apply_sources(std::vector<SourceConfig> sources);
  void take_assignment();  // applies the owned set reported last, if any is new
  bool fleet() const { return config.cluster.has_value(); }
  void reload();
  void load_validators();
  void load_fetch_state(const SourceConfig& s, Fetcher& f);
  void start_document_sources(const Config& c);
  void save_validators();
  int drain_and_flush();
};

}  // namespace newswired
