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
}

void SpoolSender::run() {
  std::uint64_t sent = 0;
  while (!stop_) {
    std::uint64_t again = 0;
    {
      std::lock_guard lock(resend_mu_);
      if (!resend_.empty()) again = resend_.extract(resend_.begin()).value();
    }
    if (again != 0) {
      if (auto n = spool_.next_after(again - 1, 0ms); n && n->seq == again && n->entry)
        send(n->seq, std::move(*n->entry));
      continue;
    }
    auto next = spool_.next_after(sent, 100ms);
    if (!next) continue;
    sent = next->seq;
    if (next->entry) {
      send(next->seq, std::move(*next->entry));
    } else {
      on_unreadable_(next->seq);
    }
  }
}

void SpoolSender::send(std::uint64_t seq, SpoolEntry&& entry) {
  Record record = std::move(entry.record);
  entry.record = {};
  auto rest = std::make_shared<SpoolEntry>(std::move(entry));
  publisher_.produce(
      std::move(record),
      [this, seq, rest](const DeliveryReport& report) {
        on_report_(seq, std::move(*rest), report);
      },
      give_up_);
}

}  // namespace newswired
