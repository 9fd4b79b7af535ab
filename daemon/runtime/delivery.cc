// The publish end of the topology: records go to the spool, the spool's sender gives them to
// Kafka, and each delivery report settles what the record stood for (dedupe state, the
// document's tally, metrics).

#include <charconv>
#include <chrono>
#include <string>
#include <utility>

#include "daemon/ops/log.h"
#include "daemon/publish/changelog.h"
#include "daemon/publish/records.h"
#include "daemon/runtime/topology_impl.h"
#include "pipeline/core/clock.h"

namespace newswired {

void Topology::Impl::publish_all(std::vector<DedupedItem>& items) {
  std::vector<Spooling> records;
  records.reserve(items.size());
  for (auto& item : items) records.push_back(make_record(std::move(item)));
  spool_records(records);
}

Topology::Impl::Spooling Topology::Impl::make_record(DedupedItem&& item) {
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
  if (const std::size_t size = record_size(entry.record), limit = record_limit(); size > limit) {
    // Kafka would refuse it for good, every time it is fetched. A dead letter stands in for
    // it, and carries its dedupe state: once that is delivered the item is not tried again.
    const std::string reason = "the article record is " + std::to_string(size) +
                               " bytes; Kafka takes at most " + std::to_string(limit) +
                               " (kafka.producer message.max.bytes)";
    metrics.items("publish", a.source.name, "too_large").Increment();
    metrics.dead_letters("publish").Increment();
    log::warn({.source = a.source.name, .stage = "publish", .error = reason},
              "article {} sent to {}", a.id, topics.dead_letter);
    SpoolEntry letter;
    letter.role = "dead_letter";
    letter.source = a.source.name;
    letter.record = dead_letter_record(
        {a.source.name, "publish", reason, a.url, std::move(entry.record.value), now_rfc3339()},
        topics.dead_letter);
    letter.on_ack = std::move(entry.on_ack);
    return {std::move(letter), Pending{std::move(item.tally), delivery.near_ref, Clock::now(),
                                       "dead letter for article " + a.id}};
  }
  return {std::move(entry),
          Pending{std::move(item.tally), delivery.near_ref, Clock::now(), "article " + a.id}};
}

std::size_t Topology::Impl::record_size(const Record& r) {
  std::size_t n = r.key.size() + r.value.size();
  for (const auto& [name, value] : r.headers) n += name.size() + value.size();
  return n;
}

std::size_t Topology::Impl::record_limit() const {
  std::size_t max = 1000000;  // librdkafka's default message.max.bytes
  for (const auto& [key, value] : config.kafka.producer)
    if (key == "message.max.bytes") std::from_chars(value.data(), value.data() + value.size(), max);
  // Room for the batch and record framing librdkafka counts against the same limit.
  constexpr std::size_t kFraming = 4096;
  return max > 2 * kFraming ? max - kFraming : max / 2;
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
  std::vector<Spooling> one;
  one.push_back({std::move(entry), std::move(pending)});
  spool_records(one);
}

void Topology::Impl::spool_records(std::vector<Spooling>& records) {
  std::vector<const SpoolEntry*> entries;
  entries.reserve(records.size());
  const std::uint64_t generation = assignment ? assignment->generation() : 0;
  for (auto& [entry, pending] : records) {
    if (pending.tally) pending.tally->record_sent();
    // As early as the record can be traced: the document's parse, just after its fetch.
    pending.generation = pending.tally ? pending.tally->generation : generation;
    entries.push_back(&entry);
  }
  // The pending part is filed under the entry's number before the sender can see the entry.
  // One store transaction for the lot when the spool has room.
  const auto seqs = spool->append_all(
      entries, [this] { return Clock::now() < spool_deadline(); },
      [this, &records](const std::string& why) {
        spool_waiting(records.front().first.source, why);
      },
      [&](std::size_t i, std::uint64_t seq) {
        std::lock_guard lock(pending_mu);
        pending_records.emplace(seq, std::move(records[i].second));
      });
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (seqs[i] != 0) continue;
    // Stopping while the spool could take nothing more: this record never got a copy on disk.
    // Its source still has it; the reservation goes so that the next run reads it again.
    auto& [entry, pending] = records[i];
    dedupe->release(Delivery{std::move(entry.on_ack), pending.near_ref});
    note_failure(entry.source, entry.role, pending.what, "not spooled before the stop deadline");
    if (pending.tally) pending.tally->record_settled(false, "not spooled before the stop deadline");
  }
}

void Topology::Impl::spool_waiting(const std::string& source, const std::string& why) {
  metrics.spool_waits().Increment();
  log::warn({.source = source, .stage = "spool", .error = why},
            "the pipeline waits for Kafka ({} records, {} of {} bytes spooled)", spool->records(),
            spool->bytes(), spool->max_bytes());
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
    // Generation 0: in exactly-once fleet mode no source has been owned since then without a
    // break, so these are handed over rather than sent (group_fence).
    pending_records.emplace(seq, Pending{nullptr, d.near_ref, Clock::now(), "spooled record", 0});
    replayed_sources.insert(next->entry->source);
    ++n;
  }
  if (n > 0)
    log::info("", "the spool holds {} records ({} bytes) from before: sending them first", n,
              spool->bytes());
}

void Topology::Impl::start_sender() {
  publisher->after_reports([this] { record_acked(); });
  if (exactly_once()) {
    TransactionalSender::Options options;
    options.changelog_topic = config.kafka.topics.changelog;
    options.instance = producer_config().transactional_id;
    options.renew_when_fatal = fleet();
    if (fleet()) options.companion = [this](const SpoolEntry& e) { return seen_record(e.on_ack); };
    txn_sender = std::make_unique<TransactionalSender>(
        *spool, *publisher, std::move(options),
        [this](std::uint64_t seq, SpoolEntry&& entry, const DeliveryReport& r) {
          on_spool_report(seq, std::move(entry), r);
        },
        [this](std::int64_t offset) {
          record_acked();
          if (offset < 0) return;
          if (auto err = state->put({changelog_offset_write(offset)}); !err.empty())
            log::error({.stage = "publish", .error = err},
                       "could not record the changelog's offset");
        },
        [this](const std::string& what, const std::string& error) {
          metrics.transaction_troubles().Increment();
          log::warn({.stage = "publish", .error = error}, "Kafka transactions: {}", what);
        },
        &stopping,
        assignment ? [this] { return group_fence(); } : TransactionalSender::FenceSource{});
    return;
  }
  sender = std::make_unique<SpoolSender>(
      *spool, *publisher,
      [this](std::uint64_t seq, SpoolEntry&& entry, const DeliveryReport& r) {
        on_spool_report(seq, std::move(entry), r);
      },
      [](std::uint64_t seq) {
        log::error({.stage = "spool", .error = "in a format this version cannot read"},
                   "spool entry {} left in place", seq);
      },
      &stopping);
}

std::optional<TransactionalSender::Fence> Topology::Impl::group_fence() {
  auto fence = assignment->fence();
  if (!fence) return std::nullopt;
  auto owned = std::move(fence->owned_since);
  auto owns = [this, owned](std::uint64_t seq, const std::string& source) {
    const auto since = owned->find(source);
    if (since == owned->end()) return false;
    std::lock_guard lock(pending_mu);
    const auto p = pending_records.find(seq);
    // Fetched while the source was this instance's, and it has been ever since: no other
    // instance can have read the same items meanwhile.
    return p != pending_records.end() && p->second.generation >= since->second;
  };
  return TransactionalSender::Fence{std::move(owns), std::move(fence->topic),
                                    std::move(fence->offsets), std::move(fence->group)};
}

void Topology::Impl::spool_metrics() {
  metrics.spool_bytes().Set(static_cast<double>(spool->bytes()));
  metrics.spool_records().Set(static_cast<double>(spool->records()));
  metrics.spool_limit_bytes().Set(static_cast<double>(spool->max_bytes()));
}

std::string Topology::Impl::record_delivered(std::uint64_t seq, const Delivery& delivery) {
  // The delivery and the spool's erase land together: after a crash the record is either
  // still spooled or recorded as delivered, never both and never neither.
  std::string err = dedupe->commit(delivery, {Spool::erase_write(seq)});
  if (err.empty()) spool->erased(seq);
  if (err.empty()) share_seen({&delivery});
  return err;
}

void Topology::Impl::record_acked() {
  std::vector<Acked> batch;
  {
    std::lock_guard lock(acked_mu);
    batch.swap(acked);
  }
  if (batch.empty()) return;
  std::vector<const Delivery*> deliveries;
  std::vector<StateStore::Write> erases;
  deliveries.reserve(batch.size());
  erases.reserve(batch.size());
  for (const auto& a : batch) {
    deliveries.push_back(&a.delivery);
    erases.push_back(Spool::erase_write(a.seq));
  }
  // The deliveries and the spool's erases land together: after a crash each record is either
  // still spooled or recorded as delivered, never both and never neither.
  const std::string err = dedupe->commit_all(deliveries, std::move(erases));
  if (err.empty()) {
    share_seen(deliveries);
    std::vector<std::uint64_t> seqs;
    seqs.reserve(batch.size());
    for (const auto& a : batch) seqs.push_back(a.seq);
    spool->erased(seqs);
  }
  for (auto& a : batch) {
    if (!err.empty()) {
      // In Kafka but not yet in the state: kept reserved and recorded again until the store
      // takes it (a full disk), so the item is neither published twice nor forgotten.
      log::error({.source = a.source, .stage = "publish", .error = err},
                 "delivered {} but could not record it in state, retrying", a.pending.what);
      std::lock_guard lock(unrecorded_mu);
      unrecorded.push_back({a.seq, std::move(a.delivery)});
    }
    // After dedupe has recorded the delivery: a file moves on only once its state is safe.
    if (a.pending.tally) a.pending.tally->record_settled(true, "");
  }
}

void Topology::Impl::record_unrecorded() {
  std::vector<std::pair<std::uint64_t, Delivery>> todo;
  {
    std::lock_guard lock(unrecorded_mu);
    if (unrecorded.empty()) return;
    todo.swap(unrecorded);
  }
  std::size_t done = 0;
  for (auto it = todo.begin(); it != todo.end(); ++it) {
    if (!record_delivered(it->first, it->second).empty()) {
      std::lock_guard lock(unrecorded_mu);
      unrecorded.insert(unrecorded.begin(), std::make_move_iterator(it),
                        std::make_move_iterator(todo.end()));
      break;
    }
    ++done;
  }
  if (done > 0) log::info("", "recorded {} deliveries the state store had refused", done);
}

void Topology::Impl::stop_sender() {
  if (sender) sender->stop();
  if (txn_sender) txn_sender->stop();
}

bool Topology::Impl::spool_writable() {
  {
    std::lock_guard lock(unrecorded_mu);
    if (!unrecorded.empty()) return false;
  }
  return spool->store_error().empty() && (!txn_sender || txn_sender->healthy()) && !producer_failed;
}

void Topology::Impl::on_spool_report(std::uint64_t seq, SpoolEntry&& entry,
                                     const DeliveryReport& r) {
  Pending pending;
  {
    std::lock_guard lock(pending_mu);
    if (auto it = pending_records.find(seq); it != pending_records.end()) {
      if (r.ok || !r.retriable || stopping) {
        pending = std::move(it->second);
        pending_records.erase(it);
      } else {
        // Still filed for the resend's report, under its name. Its document settles now, as
        // not delivered (the record itself waits in the spool): a --once run, an agency API's
        // resume point or a drop directory must not wait for the end of an outage.
        pending = it->second;
        it->second.tally.reset();
      }
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
    // Recorded with the rest of its batch (record_acked): one state transaction for all the
    // reports of a poll rather than one each.
    std::lock_guard lock(acked_mu);
    acked.push_back({seq, std::move(delivery), std::move(pending), std::move(entry.source)});
    return;
  } else if (r.retriable && !stopping && publisher->failed_for_good()) {
    // Sending again would fail at once, for ever: it waits in the spool for a restart, and the
    // daemon reports not ready.
    if (!producer_failed.exchange(true))
      log::error({.stage = "publish", .error = r.error},
                 "the Kafka producer failed for good, records wait in the spool for a restart");
    return;
  } else if (r.retriable && !stopping) {
    // Still spooled; sent again. Nothing is settled yet.
    metrics.deliveries(entry.role, "retried").Increment();
    log::warn({.source = entry.source, .stage = "publish", .error = r.error},
              "Kafka did not take {} yet, sending it again", pending.what);
    if (sender) sender->resend(seq);
    return;
  } else if (r.handed_over) {
    // Its source is another instance's now, which reads it again; committing the record here
    // as well could publish it twice.
    dedupe->release(delivery);
    metrics.deliveries(entry.role, "handed_over").Increment();
    if (auto err = spool->discard(seq); !err.empty())
      log::error({.source = entry.source, .stage = "spool", .error = err},
                 "could not remove a handed-over record from the spool");
    log::info({.source = entry.source, .stage = "publish", .error = r.error},
              "{} not sent: handed over with its source", pending.what);
    feeds().forget_validators(entry.source);
  } else if (r.retriable) {
    // Stopping: it stays in the spool, and the next run sends it first.
    metrics.deliveries(entry.role, "spooled").Increment();
    ++left_in_spool;
  } else {
    // Refused for good (e.g. larger than the broker takes): keeping it would block nothing
    // but would never succeed either.
    dedupe->release(delivery);
    if (article) metrics.items("publish", entry.source, "failed").Increment();
    if (auto err = spool->discard(seq); !err.empty())
      log::error({.source = entry.source, .stage = "spool", .error = err},
                 "could not remove a refused record from the spool");
    note_failure(entry.source, entry.role, pending.what, r.error);
  }
  // After dedupe has recorded the delivery: a file moves on only once its state is safe.
  if (pending.tally) pending.tally->record_settled(r.ok, r.error);
}

void Topology::Impl::note_failure(const std::string& source, const std::string& topic_role,
                                  const std::string& what, const std::string& error) {
  metrics.deliveries(topic_role, "failed").Increment();
  ++undelivered;
  log::error({.source = source, .stage = "publish", .error = error}, "Kafka did not take {}", what);
  {
    std::lock_guard lock(failed_mu);
    failed_sources.insert(source);
  }
  // Its feed must be read in full again, or a 304 would hide the item for good.
  feeds().forget_validators(source);
}

}  // namespace newswired
