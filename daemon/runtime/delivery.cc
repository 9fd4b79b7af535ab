// The publish end of the topology: records go to the spool, the spool's sender gives them to
// Kafka, and each delivery report settles what the record stood for (dedupe state, the
// document's tally, metrics).

#include <chrono>
#include <string>
#include <utility>

#include "daemon/ops/log.h"
#include "daemon/publish/changelog.h"
#include "daemon/publish/records.h"
#include "daemon/runtime/topology_impl.h"

namespace newswired {

void Topology::Impl::publish_one(DedupedItem&& item) {
  const bool dup = item.decision.verdict == DedupeDecision::Verdict::kDuplicate;
  const bool kill = item.decision.verdict == DedupeDecision::Verdict::kKill;
  const auto& topics = config.kafka.topics;
  const Article& a = item.article;
  SpoolEntry entry;
  entry.role = dup ? "duplicates" : kill ? "kills" : "articles";
  entry.source = a.source.name;
  entry.record = dup    ? duplicate_record(a, topics.duplicates)
                 : kill ? article_record(a, topics.kills)
                        : article_record(a, topics.articles);
  Delivery delivery = dedupe->delivery(a, item.decision);
  entry.on_ack = std::move(delivery.writes);
  spool_record(std::move(entry),
               Pending{std::move(item.tally), delivery.near_ref, Clock::now(), "article " + a.id});
}

void Topology::Impl::dead_letter(DeadLetter dl, std::shared_ptr<DocumentTally> tally) {
  metrics.dead_letters(dl.stage).Increment();
  SpoolEntry entry;
  entry.role = "dead_letter";
  entry.source = dl.source;
  entry.record = dead_letter_record(dl, config.kafka.topics.dead_letter);
  spool_record(std::move(entry), Pending{std::move(tally), 0, Clock::now(), "dead-letter record"});
}

void Topology::Impl::spool_record(SpoolEntry&& entry, Pending pending) {
  if (pending.tally) pending.tally->record_sent();
  // The pending part is filed under the entry's number before the sender can see the entry.
  auto file = [&](std::uint64_t seq) {
    std::lock_guard lock(pending_mu);
    pending_records.emplace(seq, std::move(pending));
  };
  const std::uint64_t seq = spool->append(
      entry, [this] { return Clock::now() < spool_deadline(); },
      [this, &entry](const std::string& why) { spool_waiting(entry.source, why); }, file);
  if (seq != 0) return;
  // Stopping while the spool could take nothing more: this record never got a copy on disk.
  // Its source still has it; the reservation goes so that the next run reads it again.
  dedupe->release(Delivery{std::move(entry.on_ack), pending.near_ref});
  note_failure(entry.source, entry.role, pending.what, "not spooled before the stop deadline");
  if (pending.tally) pending.tally->record_settled(false, "not spooled before the stop deadline");
}

void Topology::Impl::spool_waiting(const std::string& source, const std::string& why) {
  metrics.spool_waits().Increment();
  log::warn(source, "{} ({} records, {} of {} bytes): the pipeline waits for Kafka", why,
            spool->records(), spool->bytes(), spool->max_bytes());
}

std::chrono::steady_clock::time_point Topology::Impl::spool_deadline() const {
  return Clock::time_point(Clock::duration(stop_deadline.load()));
}

void Topology::Impl::replay_spool() {
  // What an earlier run left: its dedupe keys are held again before any fetch, so items
  // still on their feeds are recognised as in flight rather than published twice.
  std::uint64_t seq = 0;
  std::size_t n = 0;
  while (auto next = spool->next_after(seq, std::chrono::milliseconds(0))) {
    seq = next->seq;
    if (!next->entry) continue;
    Delivery d{std::move(next->entry->on_ack), 0};
    dedupe->reserve(d);
    std::lock_guard lock(pending_mu);
    pending_records.emplace(seq, Pending{nullptr, d.near_ref, Clock::now(), "spooled record"});
    ++n;
  }
  if (n > 0)
    log::info("", "the spool holds {} records ({} bytes) from before: sending them first", n,
              spool->bytes());
}

void Topology::Impl::start_sender() {
  if (exactly_once()) {
    TransactionalSender::Options options;
    options.changelog_topic = config.kafka.topics.changelog;
    options.instance = producer_config().transactional_id;
    txn_sender = std::make_unique<TransactionalSender>(
        *spool, *publisher, std::move(options),
        [this](std::uint64_t seq, SpoolEntry&& entry, const DeliveryReport& r) {
          on_spool_report(seq, std::move(entry), r);
        },
        [this](std::int64_t offset) {
          if (offset < 0) return;
          if (auto err = state->put({changelog_offset_write(offset)}); !err.empty())
            log::error("", "could not record the changelog's offset: {}", err);
        },
        [this](const std::string& what) {
          metrics.transaction_troubles().Increment();
          log::warn("", "Kafka transactions: {}", what);
        },
        &stopping);
    return;
  }
  sender = std::make_unique<SpoolSender>(
      *spool, *publisher,
      [this](std::uint64_t seq, SpoolEntry&& entry, const DeliveryReport& r) {
        on_spool_report(seq, std::move(entry), r);
      },
      [](std::uint64_t seq) {
        log::error("", "spool entry {} is in a format this version cannot read: left in place",
                   seq);
      },
      &stopping);
}

void Topology::Impl::spool_metrics() {
  metrics.spool_bytes().Set(static_cast<double>(spool->bytes()));
  metrics.spool_records().Set(static_cast<double>(spool->records()));
  metrics.spool_limit_bytes().Set(static_cast<double>(spool->max_bytes()));
}

void Topology::Impl::stop_sender() {
  if (sender) sender->stop();
  if (txn_sender) txn_sender->stop();
}

bool Topology::Impl::spool_writable() const {
  return spool->store_error().empty() && (!txn_sender || txn_sender->healthy());
}

void Topology::Impl::on_spool_report(std::uint64_t seq, SpoolEntry&& entry,
                                     const DeliveryReport& r) {
  Pending pending;
  {
    std::lock_guard lock(pending_mu);
    if (auto it = pending_records.find(seq); it != pending_records.end()) {
      pending = std::move(it->second);
      if (r.ok || !r.retriable || stopping) pending_records.erase(it);
    }
  }
  const bool article = entry.role != "dead_letter";
  Delivery delivery{std::move(entry.on_ack), pending.near_ref};
  if (r.ok) {
    metrics.deliveries(entry.role, "ok").Increment();
    if (article) {
      metrics.items("publish", entry.source, "ok").Increment();
      metrics.delivery_duration().Observe(
          std::chrono::duration<double>(Clock::now() - pending.queued).count());
    }
    // The delivery and the spool's erase land together: after a crash the record is either
    // still spooled or recorded as delivered, never both and never neither.
    if (auto err = dedupe->commit(delivery, {Spool::erase_write(seq)}); err.empty()) {
      spool->erased(seq);
    } else {
      log::error(entry.source, "delivered {} but could not record it in state: {}", pending.what,
                 err);
    }
  } else if (r.retriable && !stopping) {
    // Still spooled; sent again. Nothing is settled yet.
    metrics.deliveries(entry.role, "retried").Increment();
    log::warn(entry.source, "Kafka did not take {} yet: {}; sending it again", pending.what,
              r.error);
    if (sender) sender->resend(seq);
    return;
  } else if (r.retriable) {
    // Stopping: it stays in the spool, and the next run sends it first.
    metrics.deliveries(entry.role, "spooled").Increment();
    ++left_in_spool;
  } else {
    // Refused for good (e.g. larger than the broker takes): keeping it would block nothing
    // but would never succeed either.
    dedupe->release(delivery);
    if (auto err = spool->discard(seq); !err.empty())
      log::error(entry.source, "could not remove a refused record from the spool: {}", err);
    note_failure(entry.source, entry.role, pending.what, r.error);
  }
  // After dedupe has recorded the delivery: a file moves on only once its state is safe.
  if (pending.tally) pending.tally->record_settled(r.ok, r.error);
}

void Topology::Impl::note_failure(const std::string& source, const std::string& topic_role,
                                  const std::string& what, const std::string& error) {
  metrics.deliveries(topic_role, "failed").Increment();
  ++undelivered;
  log::error(source, "Kafka did not take {}: {}", what, error);
  {
    std::lock_guard lock(failed_mu);
    failed_sources.insert(source);
  }
  // Its feed must be read in full again, or a 304 would hide the item for good.
  fetcher->forget_validators(source);
}

}  // namespace newswired
