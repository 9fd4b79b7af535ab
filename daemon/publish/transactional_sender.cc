#include "daemon/publish/transactional_sender.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include "daemon/publish/changelog.h"

namespace newswired {

using namespace std::chrono_literals;

TransactionalSender::TransactionalSender(Spool& spool, KafkaPublisher& publisher, Options options,
                                         SpoolSender::OnReport on_report, OnCommitted on_committed,
                                         OnTrouble on_trouble, const std::atomic<bool>* give_up,
                                         FenceSource fence)
    : spool_(spool),
      publisher_(publisher),
      options_(std::move(options)),
      on_report_(std::move(on_report)),
      on_committed_(std::move(on_committed)),
      on_trouble_(std::move(on_trouble)),
      give_up_(give_up),
      fence_(std::move(fence)),
      thread_([this] { run(); }) {}

TransactionalSender::~TransactionalSender() { stop(); }

void TransactionalSender::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

bool TransactionalSender::ready() {
  if (initialised_) return true;
  // Also fences off an earlier instance with the same id and aborts what it left open.
  // Short: the loop around it must notice a stop while Kafka is away.
  auto err =
      publisher_.init_transactions(std::min<std::chrono::milliseconds>(options_.timeout, 5s));
  if (!err) return initialised_ = true;
  on_trouble_("could not initialise transactions", err->message);
  if (err->fatal) on_fatal();
  return false;
}

void TransactionalSender::on_fatal() {
  if (!options_.renew_when_fatal) {
    healthy_ = false;
    return;
  }
  // A broker that aborted a transaction left open too long (this process was stopped or
  // starved) has bumped the producer's epoch: only a new producer can send again.
  if (auto err = publisher_.renew(); !err.empty()) {
    on_trouble_("could not start a new producer", err);
    healthy_ = false;
    return;
  }
  on_trouble_("started a new producer after a fatal error", "");
  initialised_ = false;
}

std::vector<TransactionalSender::Item> TransactionalSender::collect(std::uint64_t after) {
  std::vector<Item> batch;
  auto first = spool_.next_after(after, 200ms);
  if (!first) return batch;
  const auto until = std::chrono::steady_clock::now() + options_.linger;
  std::uint64_t seq = first->seq;
  if (first->entry) batch.push_back({seq, std::move(*first->entry)});
  while (batch.size() < options_.max_batch) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto next = spool_.next_after(seq, std::max(left, 0ms));
    if (!next) break;
    seq = next->seq;
    if (next->entry) batch.push_back({seq, std::move(*next->entry)});
  }
  return batch;
}

void TransactionalSender::run() {
  std::uint64_t sent = 0;
  std::vector<Item> batch;
  while (!stopping()) {
    if (!healthy_) {
      std::this_thread::sleep_for(200ms);
      continue;
    }
    if (!ready()) {
      std::this_thread::sleep_for(1s);
      continue;
    }
    if (batch.empty()) {
      batch = collect(sent);
      if (!batch.empty()) sent = batch.back().seq;
      if (batch.empty()) continue;
    }
    std::optional<Fence> fence;
    if (fence_ && !(fence = fence_())) {
      std::this_thread::sleep_for(100ms);
      continue;
    }
    if (send(batch, fence ? &*fence : nullptr)) {
      batch.clear();
    } else if (!stopping()) {
      std::this_thread::sleep_for(1s);
    }
  }
  // Stopping: what was not committed stays in the spool for the next run.
  for (auto& item : batch) {
    DeliveryReport r;
    r.error = "not committed before the stop";
    r.retriable = true;
    on_report_(item.seq, std::move(item.entry), r);
  }
}

void TransactionalSender::hand_over(std::vector<Item>& batch, const Fence& fence) {
  std::vector<Item> keep;
  keep.reserve(batch.size());
  for (auto& item : batch) {
    if (fence.owns(item.seq, item.entry.source)) {
      keep.push_back(std::move(item));
      continue;
    }
    DeliveryReport r;
    r.handed_over = true;
    r.error = "its source belongs to another instance now";
    on_report_(item.seq, std::move(item.entry), r);
  }
  batch = std::move(keep);
}

bool TransactionalSender::send(std::vector<Item>& batch, const Fence* fence) {
  if (fence) hand_over(batch, *fence);
  if (batch.empty()) return true;
  if (auto err = publisher_.begin_transaction()) {
    on_trouble_("could not begin a transaction", err->message);
    if (err->fatal) on_fatal();
    return false;
  }
  struct Outcome {
    std::mutex mu;
    std::vector<std::optional<DeliveryReport>> reports;
    std::int64_t changelog_offset = -1;
    std::size_t reported = 0;
  };
  auto outcome = std::make_shared<Outcome>();
  outcome->reports.resize(batch.size());
  bool all_queued = true;
  std::size_t expected = 0;  // delivery reports
  for (std::size_t i = 0; i < batch.size() && all_queued; ++i) {
    all_queued = publisher_.produce(
        batch[i].entry.record,
        [outcome, i](const DeliveryReport& r) {
          std::lock_guard lock(outcome->mu);
          outcome->reports[i] = r;
          ++outcome->reported;
        },
        give_up_);
    ChangelogEntry change{options_.instance, batch[i].seq, batch[i].entry.on_ack};
    all_queued = all_queued && publisher_.produce(
                                   changelog_record(options_.changelog_topic, change),
                                   [outcome](const DeliveryReport& r) {
                                     std::lock_guard lock(outcome->mu);
                                     if (r.ok)
                                       outcome->changelog_offset =
                                           std::max(outcome->changelog_offset, r.offset);
                                     ++outcome->reported;
                                   },
                                   give_up_);
    expected += 2;
    if (auto companion = options_.companion ? options_.companion(batch[i].entry) : std::nullopt;
        companion && all_queued) {
      // Its failure fails the transaction: the commit call reports it.
      all_queued = publisher_.produce(
          std::move(*companion),
          [outcome](const DeliveryReport&) {
            std::lock_guard lock(outcome->mu);
            ++outcome->reported;
          },
          give_up_);
      ++expected;
    }
  }
  // A record that never made it into the transaction must not be committed as sent.
  std::optional<TxnError> err =
      all_queued ? std::nullopt
                 : std::optional<TxnError>(TxnError{"a record could not be queued", false, true});
  // The group refuses these offsets, and with them the transaction, from a member of an older
  // generation: the fence against an instance the others presumed dead.
  if (!err && fence && !fence->offsets.empty())
    err = publisher_.send_offsets_to_transaction(fence->topic, fence->offsets, fence->group,
                                                 options_.timeout);
  // Adding offsets is not resumable: after a retriable failure the batch starts again whole.
  if (err && err->retriable && !err->abortable && !err->fatal) err->abortable = true;
  if (!err) err = publisher_.commit_transaction(options_.timeout);
  while (err && err->retriable && !err->abortable && !err->fatal && !stopping())
    err = publisher_.commit_transaction(options_.timeout);
  if (!err) {
    // Committed; the reports may still be on their way from the poll thread.
    for (int i = 0; i < 5000; ++i) {
      {
        std::lock_guard lock(outcome->mu);
        if (outcome->reported >= expected) break;
      }
      std::this_thread::sleep_for(1ms);
    }
    for (auto& item : batch) {
      DeliveryReport ok;
      ok.ok = true;
      on_report_(item.seq, std::move(item.entry), ok);
    }
    std::int64_t offset = -1;
    {
      // The wait above may have run out with a report still on its way.
      std::lock_guard lock(outcome->mu);
      offset = outcome->changelog_offset;
    }
    on_committed_(offset);
    return true;
  }
  if (err->fatal && options_.renew_when_fatal) {
    on_trouble_("transaction of " + std::to_string(batch.size()) +
                    " records failed for good, sending it again with a new producer",
                err->message);
    on_fatal();
    return false;
  }
  if (err->fatal) {
    healthy_ = false;
    on_trouble_(
        "could not commit a transaction, the producer is unusable and records stay in the spool "
        "for the next start",
        err->message);
    return false;
  }
  on_trouble_(
      "transaction of " + std::to_string(batch.size()) + " records aborted, sending it again",
      err->message);
  if (auto abort_err = publisher_.abort_transaction(stopping() ? 2s : options_.timeout);
      abort_err && abort_err->fatal)
    on_fatal();
  // A record Kafka refuses for itself (too large, ...) would abort every attempt: it leaves.
  std::vector<Item> keep;
  std::lock_guard lock(outcome->mu);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& r = outcome->reports[i];
    if (r && !r->ok && !r->retriable) {
      on_report_(batch[i].seq, std::move(batch[i].entry), *r);
    } else {
      keep.push_back(std::move(batch[i]));
    }
  }
  batch = std::move(keep);
  return false;
}

}  // namespace newswired
