#include "daemon/publish/spool_sender.h"

#include <memory>

namespace newswired {

using namespace std::chrono_literals;

SpoolSender::SpoolSender(Spool& spool, KafkaPublisher& publisher, OnReport on_report,
                         OnUnreadable on_unreadable, const std::atomic<bool>* give_up)
    : spool_(spool),
      publisher_(publisher),
      on_report_(std::move(on_report)),
      on_unreadable_(std::move(on_unreadable)),
      give_up_(give_up),
      thread_([this] { run(); }) {}

SpoolSender::~SpoolSender() { stop(); }

void SpoolSender::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void SpoolSender::resend(std::uint64_t seq) {
  std::lock_guard lock(resend_mu_);
  resend_.insert(seq);
  resending_ = true;
}

void SpoolSender::run() {
  std::uint64_t sent = 0;
  while (!stop_) {
    std::uint64_t again = 0;
    if (resending_) {
      std::lock_guard lock(resend_mu_);
      if (!resend_.empty()) again = resend_.extract(resend_.begin()).value();
      resending_ = !resend_.empty();
    }
    if (again != 0) {
      if (auto raw = spool_.take_raw_after(again - 1, 1, 0ms); !raw.empty() && raw[0].seq == again)
        send(raw[0]);
      continue;
    }
    // A few at a time, so the spool's lock is taken once for them rather than for each.
    for (const Spool::Raw& raw : spool_.take_raw_after(sent, 64, 100ms)) {
      // What is left of the batch is taken again after the resend.
      if (stop_ || resending_) break;
      sent = raw.seq;
      send(raw);
    }
  }
}

void SpoolSender::send(const Spool::Raw& raw) {
  // Only the record is read here; the rest of the entry is read at its report, from the
  // spool, where it stays until then. The record's strings keep their room for the next. Its
  // value is not copied: librdkafka reads it from the spool's file, kept mapped until then.
  std::string_view value;
  if (!SpoolEntry::decode_record(raw.bytes, record_, &value)) return on_unreadable_(raw.seq);
  publisher_.produce(
      record_, BorrowedValue{value, raw.file},
      [this, seq = raw.seq](const DeliveryReport& report) {
        // Nothing only if it was erased meanwhile: then it is settled already.
        if (auto entry = spool_.entry(seq)) on_report_(seq, std::move(*entry), report);
      },
      give_up_);
}

}  // namespace newswired
