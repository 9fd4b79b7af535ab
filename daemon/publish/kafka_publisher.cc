#include "daemon/publish/kafka_publisher.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string_view>
#include <thread>

#include <librdkafka/rdkafka.h>

namespace newswired {
namespace {

using namespace std::chrono_literals;

// What a queued record's delivery report needs: its callback, and the memory a borrowed value
// lives in, held until librdkafka is done with the record.
struct Pending {
  DeliveryCallback on_delivery;
  std::shared_ptr<const void> keep;
};

// Settings every producer gets before the configured `kafka.producer` ones, which may
// override them. Idempotence + acks=all: a retried batch is neither lost nor written twice.
const std::pair<const char*, const char*> kDefaults[] = {
    {"client.id", "newswired"},
    {"enable.idempotence", "true"},
    {"acks", "all"},
    {"linger.ms", "5"},
    // No timeout: librdkafka keeps retrying through an outage while the spool holds what does
    // not fit its queue, and a record never overtakes an earlier one of its key.
    {"message.timeout.ms", "0"},
    // librdkafka's queue is the only copy of a record in memory: bounded well below its
    // 1 GiB default, the spool on disk takes the rest.
    {"queue.buffering.max.kbytes", "65536"},
};

bool worth_retrying(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
    // The producer is unusable until restarted; the record is not at fault.
    case RD_KAFKA_RESP_ERR__FATAL:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct KafkaPublisher::Impl {
  rd_kafka_t* rk = nullptr;
  rd_kafka_conf_t* conf = nullptr;  // a copy, for renew()
  std::thread poller;
  std::atomic<bool> stop{false};
  std::atomic<bool> connected{false};
  std::atomic<std::size_t> in_flight{0};  // queued records whose callback has not run yet
  std::mutex mu;
  std::condition_variable settled;  // signalled after every callback
  KafkaLogSink log;
  std::mutex hook_mu;
  std::function<void()> after_reports;

  ~Impl();
  void purge();
  void poll_loop();
  void probe_cluster();
  void settle(std::size_t n);
  std::string describe(rd_kafka_resp_err_t err) const;

  static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  static void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  static void on_log(const rd_kafka_t* rk, int level, const char* fac, const char* buf);
};

void KafkaPublisher::Impl::purge() {
  rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  std::unique_lock lock(mu);
  settled.wait_for(lock, 10s, [this] { return in_flight.load() == 0; });
}

KafkaPublisher::Impl::~Impl() {
  if (conf) rd_kafka_conf_destroy(conf);
  if (!rk) return;
  if (poller.joinable()) {
    // Whatever the caller's flush left behind fails now, so that every callback still runs
    // (rd_kafka_destroy would drop them silently).
    purge();
    stop = true;
    poller.join();
  }
  rd_kafka_destroy(rk);
}

// Reports served by the poll loop's current poll, which settles them after its hook; null on
// any other thread, where a report settles at once.
thread_local std::size_t* t_served = nullptr;

void KafkaPublisher::Impl::poll_loop() {
  auto next_probe = std::chrono::steady_clock::now();
  while (!stop) {
    std::size_t served = 0;
    t_served = &served;
    rd_kafka_poll(rk, 100);
    t_served = nullptr;
    if (served > 0) {
      {
        std::lock_guard lock(hook_mu);
        if (after_reports) after_reports();
      }
      settle(served);
    }
    if (!connected && std::chrono::steady_clock::now() >= next_probe) {
      probe_cluster();
      next_probe = std::chrono::steady_clock::now() + 1s;
    }
  }
}

void KafkaPublisher::Impl::probe_cluster() {
  // No topics named: a brokers-only metadata request, cheap and answered by any broker.
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk, 0, nullptr, &md, 500) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_metadata_destroy(md);
    connected = true;
  }
}

void KafkaPublisher::Impl::settle(std::size_t n) {
  {
    std::lock_guard lock(mu);
    in_flight -= n;
  }
  settled.notify_all();
}

std::string KafkaPublisher::Impl::describe(rd_kafka_resp_err_t err) const {
  std::string text = rd_kafka_err2str(err);
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    // The generic "Local: Fatal error" says nothing; the original cause is kept separately.
    char reason[512];
    if (rd_kafka_fatal_error(rk, reason, sizeof reason) != RD_KAFKA_RESP_ERR_NO_ERROR)
      text += std::string(": ") + reason;
  }
  return text;
}

void KafkaPublisher::Impl::on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<Impl*>(opaque);
  std::unique_ptr<Pending> cb(static_cast<Pending*>(msg->_private));
  DeliveryReport report;
  report.ok = msg->err == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (!report.ok) {
    report.error = self->describe(msg->err);
    report.retriable = worth_retrying(msg->err);
  }
  report.partition = msg->partition;
  // librdkafka's "invalid offset" is -1001 (and acks=0 yields no offset at all): keep to -1.
  report.offset = report.ok && msg->offset >= 0 ? msg->offset : -1;
  try {
    cb->on_delivery(report);
  } catch (...) {
    // Must not unwind through librdkafka's C frames; the record is settled either way.
  }
  if (t_served)
    ++*t_served;
  else
    self->settle(1);
}

void KafkaPublisher::Impl::on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<Impl*>(opaque);
  // Readiness must drop while the cluster is unreachable; the poll loop re-probes.
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) self->connected = false;
  const char* name = rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err));
  if (self->log) return self->log(3, std::string(name) + ": " + reason);
  // Setting an error callback silences librdkafka's own report of the error: keep it, in
  // librdkafka's log format, beside its other log lines on stderr.
  std::fprintf(stderr, "%%3|ERROR|%s| %s: %s\n", rd_kafka_name(rk), name, reason);
}

void KafkaPublisher::Impl::on_log(const rd_kafka_t* rk, int level, const char* fac,
                                  const char* buf) {
  // Broker connection failures arrive twice, as a FAIL log line and through on_error.
  if (std::string_view(fac) == "FAIL") return;
  auto* self = static_cast<Impl*>(rd_kafka_opaque(rk));
  self->log(level, std::string(fac) + ": " + buf);
}

Outcome<std::unique_ptr<KafkaPublisher>> KafkaPublisher::create(const KafkaConfig& config,
                                                                const std::string& bootstrap,
                                                                KafkaLogSink log) {
  if (bootstrap.empty()) return Failure{"kafka.brokers: no broker address"};
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto fail = [&](std::string reason) -> Outcome<std::unique_ptr<KafkaPublisher>> {
    rd_kafka_conf_destroy(conf);
    return Failure{std::move(reason)};
  };
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err) !=
      RD_KAFKA_CONF_OK)
    return fail(std::string("kafka.brokers: ") + err);
  for (const auto& [key, value] : kDefaults) {
    if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK)
      return fail(std::string("kafka producer default ") + key + ": " + err);
  }
  if (!config.transactional_id.empty()) {
    // A transaction cannot outlive its records' timeout, which must therefore be finite.
    for (const auto& [key, value] :
         {std::pair<std::string, std::string>{"transactional.id", config.transactional_id},
          {"message.timeout.ms", "60000"}}) {
      if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
        return fail("kafka.transactional_id: " + std::string(err));
    }
  }
  // lz4 is cheap on CPU and shrinks feed text well; a build without it just sends uncompressed.
  rd_kafka_conf_set(conf, "compression.type", "lz4", err, sizeof err);
  for (const auto& [key, value] : config.producer) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      return fail("kafka.producer." + key + ": " + err);
  }

  auto impl = std::make_unique<Impl>();
  rd_kafka_conf_set_opaque(conf, impl.get());
  rd_kafka_conf_set_dr_msg_cb(conf, &Impl::on_delivery);
  rd_kafka_conf_set_error_cb(conf, &Impl::on_error);
  impl->log = std::move(log);
  if (impl->log) rd_kafka_conf_set_log_cb(conf, &Impl::on_log);
  rd_kafka_conf_t* copy = rd_kafka_conf_dup(conf);
  impl->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  // Settings valid one by one can still conflict (e.g. acks=1 with idempotence).
  if (!impl->rk) {
    rd_kafka_conf_destroy(copy);
    return fail(std::string("kafka.producer: ") + err);
  }
  impl->conf = copy;
  impl->poller = std::thread([raw = impl.get()] { raw->poll_loop(); });
  return std::unique_ptr<KafkaPublisher>(new KafkaPublisher(std::move(impl)));
}

KafkaPublisher::KafkaPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaPublisher::~KafkaPublisher() = default;

bool KafkaPublisher::produce(const Record& record, DeliveryCallback on_delivery,
                             const std::atomic<bool>* give_up) {
  return produce(record, BorrowedValue{record.value, nullptr}, std::move(on_delivery), give_up);
}

bool KafkaPublisher::produce(const Record& record, BorrowedValue value,
                             DeliveryCallback on_delivery, const std::atomic<bool>* give_up) {
  Impl& m = *impl_;
  // Without a keeper the value is the caller's for this call only, so librdkafka copies it.
  const int copy = value.keep ? 0 : RD_KAFKA_MSG_F_COPY;
  auto cb = std::make_unique<Pending>(std::move(on_delivery), std::move(value.keep));
  rd_kafka_headers_t* headers = rd_kafka_headers_new(record.headers.size());
  for (const auto& [name, text] : record.headers)
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), text.data(),
                        static_cast<ssize_t>(text.size()));
  // Counted before queueing: the report may arrive before producev returns.
  ++m.in_flight;
  const bool on_poll_thread = std::this_thread::get_id() == m.poller.get_id();
  rd_kafka_resp_err_t err;
  for (;;) {
    err = rd_kafka_producev(
        m.rk, RD_KAFKA_V_TOPIC(record.topic.c_str()),
        // An empty key is sent as no key at all, so such records spread over partitions.
        RD_KAFKA_V_KEY(record.key.empty() ? nullptr : record.key.data(), record.key.size()),
        RD_KAFKA_V_PARTITION(record.partition),
        // Never written: librdkafka's macro just wants void*.
        RD_KAFKA_V_VALUE(const_cast<char*>(value.bytes.data()), value.bytes.size()),
        RD_KAFKA_V_MSGFLAGS(copy), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(cb.get()),
        RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      cb.release();  // owned by the delivery report now, headers by librdkafka
      return true;
    }
    // Backpressure: room appears only as the poll thread serves reports. A callback that
    // produces runs on that thread, so waiting there would wait for itself: it fails instead.
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || on_poll_thread) break;
    if (give_up && *give_up) break;
    std::unique_lock lock(m.mu);
    m.settled.wait_for(lock, 10ms);
  }
  rd_kafka_headers_destroy(headers);  // still ours when producev fails
  DeliveryReport report;
  report.error = m.describe(err);
  report.retriable = worth_retrying(err);
  cb->on_delivery(report);
  m.settle(1);
  return false;
}

void KafkaPublisher::after_reports(std::function<void()> hook) {
  std::lock_guard lock(impl_->hook_mu);
  impl_->after_reports = std::move(hook);
}

int KafkaPublisher::flush(std::chrono::milliseconds timeout) {
  // Not rd_kafka_flush: it serves delivery reports on the calling thread, and callbacks are
  // promised to run on the poll thread. linger.ms is small, so nothing waits long unsent.
  std::unique_lock lock(impl_->mu);
  impl_->settled.wait_for(lock, timeout, [this] { return impl_->in_flight.load() == 0; });
  return static_cast<int>(impl_->in_flight.load());
}

namespace {

std::optional<TxnError> txn_result(rd_kafka_error_t* error) {
  if (!error) return std::nullopt;
  TxnError e{rd_kafka_error_string(error), rd_kafka_error_is_retriable(error) != 0,
             rd_kafka_error_txn_requires_abort(error) != 0, rd_kafka_error_is_fatal(error) != 0};
  rd_kafka_error_destroy(error);
  return e;
}

int ms(std::chrono::milliseconds timeout) { return static_cast<int>(timeout.count()); }

}  // namespace

std::optional<TxnError> KafkaPublisher::init_transactions(std::chrono::milliseconds timeout) {
  return txn_result(rd_kafka_init_transactions(impl_->rk, ms(timeout)));
}

std::optional<TxnError> KafkaPublisher::begin_transaction() {
  return txn_result(rd_kafka_begin_transaction(impl_->rk));
}

std::optional<TxnError> KafkaPublisher::commit_transaction(std::chrono::milliseconds timeout) {
  return txn_result(rd_kafka_commit_transaction(impl_->rk, ms(timeout)));
}

std::optional<TxnError> KafkaPublisher::abort_transaction(std::chrono::milliseconds timeout) {
  return txn_result(rd_kafka_abort_transaction(impl_->rk, ms(timeout)));
}

std::optional<TxnError> KafkaPublisher::send_offsets_to_transaction(
    const std::string& topic, const std::vector<std::pair<int32_t, int64_t>>& offsets,
    const GroupMetadata& group, std::chrono::milliseconds timeout) {
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& [partition, offset] : offsets)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset = offset;
  auto result =
      txn_result(rd_kafka_send_offsets_to_transaction(impl_->rk, list, group.get(), ms(timeout)));
  rd_kafka_topic_partition_list_destroy(list);
  return result;
}

void KafkaPublisher::purge() { impl_->purge(); }

std::string KafkaPublisher::renew() {
  Impl& m = *impl_;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_dup(m.conf);
  rd_kafka_t* fresh = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!fresh) {
    rd_kafka_conf_destroy(conf);
    return err;
  }
  m.purge();  // every record still queued is reported, retriable
  m.stop = true;
  if (m.poller.joinable()) m.poller.join();
  rd_kafka_destroy(m.rk);
  m.rk = fresh;
  m.stop = false;
  m.poller = std::thread([&m] { m.poll_loop(); });
  return {};
}

bool KafkaPublisher::failed_for_good() const {
  char reason[256];
  return rd_kafka_fatal_error(impl_->rk, reason, sizeof reason) != RD_KAFKA_RESP_ERR_NO_ERROR;
}

bool KafkaPublisher::connected() const { return impl_->connected; }

std::size_t KafkaPublisher::in_flight() const { return impl_->in_flight; }

}  // namespace newswired
