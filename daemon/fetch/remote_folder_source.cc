#include "daemon/fetch/remote_folder_source.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "daemon/fetch/directory_drop.h"
#include "pipeline/core/clock.h"

namespace newswired {
namespace {

constexpr std::string_view kDelivered = "delivered";
constexpr std::string_view kRejected = "rejected";

std::string encode(const RemoteFile& f, std::string_view outcome) {
  return std::to_string(f.size) + " " + std::to_string(f.mtime) + " " + std::string(outcome);
}

bool same_version(const RemoteFile& a, const RemoteFile& b) {
  return a.size == b.size && a.mtime == b.mtime;
}

}  // namespace

RemoteFolderSource::RemoteFolderSource(SourceConfig source, FetchConfig fetch,
                                       std::shared_ptr<StateStore> state, std::string table,
                                       Sink sink, std::function<void(const FetchReport&)> on_report,
                                       std::function<void(const FileEvent&)> on_file)
    : source_(std::move(source)),
      fetch_(std::move(fetch)),
      state_(std::move(state)),
      table_(std::move(table)),
      sink_(std::move(sink)),
      on_report_(std::move(on_report)),
      on_file_(std::move(on_file)),
      folder_(source_, fetch_) {}

RemoteFolderSource::~RemoteFolderSource() = default;

void RemoteFolderSource::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  folder_.stop();
  wake_.notify_all();
}

void RemoteFolderSource::run(bool once) {
  const auto tick = std::clamp<std::chrono::milliseconds>(
      source_.settle / 2, std::chrono::milliseconds(100), std::chrono::seconds(1));
  if (once) {
    // Files found by the first listing are complete, or not, by a listing that starts
    // `settle` after it; those still settling then are being written to. One tick more:
    // the first listing itself starts a moment after `first`.
    const auto first = Clock::now();
    const auto end = first + source_.settle + tick;
    auto last = first;
    bool settling = poll();
    while (settling && last < end) {
      if (!wait_until(std::min(Clock::now() + tick, end))) return;
      last = Clock::now();
      settling = poll();
    }
    return;
  }
  // Files waiting to settle are looked at again soon, not only after a whole interval.
  const auto soon = std::min<std::chrono::milliseconds>(
      source_.interval, std::max<std::chrono::milliseconds>(source_.settle, tick));
  while (!stopping_) {
    const bool settling = poll();
    if (!wait_until(Clock::now() + (settling ? soon : source_.interval))) return;
  }
}

bool RemoteFolderSource::wait_until(Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (!to_delete_.empty()) {
      lock.unlock();
      delete_settled();
      lock.lock();
      continue;
    }
    if (wake_.wait_until(lock, deadline) == std::cv_status::timeout) return !stopping_;
  }
  return false;
}

bool RemoteFolderSource::poll() {
  delete_settled();
  const auto started = Clock::now();
  auto listing = folder_.list(
      [this](const std::string& name) { return DirectoryDrop::wanted(source_, name); });
  if (!listing.error.empty()) {
    report(FetchReport::Result::kTransportError, listing.error, started, listing.bytes);
    return false;
  }
  report(FetchReport::Result::kOk, "", started, listing.bytes);
  prune(listing.names);
  std::erase_if(observed_, [&](const auto& entry) {
    return std::none_of(listing.files.begin(), listing.files.end(),
                        [&](const RemoteFile& f) { return f.name == entry.first; });
  });
  // Oldest first: an agency's version 2 of a story usually arrives after its version 1.
  std::sort(listing.files.begin(), listing.files.end(), [](const auto& a, const auto& b) {
    return a.mtime != b.mtime ? a.mtime < b.mtime : a.name < b.name;
  });
  bool settling = false;
  for (const auto& file : listing.files) {
    if (stopping_) break;
    {
      std::lock_guard lock(mu_);
      if (in_flight_.contains(file.name)) continue;
    }
    if (const auto r = recorded(file.name); r && r->size == file.size && r->mtime == file.mtime) {
      // Delivered before, and its deletion never happened (failed, stopped, crashed).
      if (r->outcome == kDelivered && source_.delete_after_ack) delete_file(file, false);
      continue;
    }
    auto [seen, first] = observed_.try_emplace(file.name, Observed{file.size, file.mtime, started});
    if (!first && (seen->second.size != file.size || seen->second.mtime != file.mtime)) {
      seen->second = {file.size, file.mtime, started};
      first = true;
    }
    if (first || started - seen->second.since < source_.settle) {
      settling = true;
      continue;
    }
    take(file);
  }
  return settling;
}

void RemoteFolderSource::take(const RemoteFile& file) {
  const auto started = Clock::now();
  if (file.size > 0 && static_cast<std::uint64_t>(file.size) > fetch_.max_body_bytes) {
    const std::string error =
        file.name + ": " + std::to_string(file.size) + " bytes, more than fetch.max_body_bytes";
    report(FetchReport::Result::kTooLarge, error, started, 0);
    record(file, kRejected);
    file_event(file.name, std::string(kRejected), error);
    return;
  }
  {
    std::lock_guard lock(mu_);
    in_flight_.insert(file.name);
  }
  auto forget = [&] {
    std::lock_guard lock(mu_);
    in_flight_.erase(file.name);
  };
  auto got = folder_.download(file.name);
  if (got.too_large) {
    const std::string error = file.name + ": " + got.error;
    report(FetchReport::Result::kTooLarge, error, started, 0);
    record(file, kRejected);
    file_event(file.name, std::string(kRejected), error);
    forget();
    return;
  }
  if (!got.error.empty()) {
    report(FetchReport::Result::kTransportError, file.name + ": " + got.error, started, 0);
    forget();  // the next poll tries again
    return;
  }
  if (file.size >= 0 && got.body.size() != static_cast<std::uint64_t>(file.size)) {
    // Written to again after it looked complete: it must settle anew.
    report(FetchReport::Result::kTransportError,
           file.name + ": changed while downloading (" + std::to_string(file.size) +
               " bytes listed, " + std::to_string(got.body.size()) + " read)",
           started, got.body.size());
    observed_.erase(file.name);
    forget();
    return;
  }
  report(FetchReport::Result::kOk, "", started, got.body.size());
  Document doc;
  doc.source = {source_.name, folder_.url(), source_.format};
  doc.url = folder_.url_of(file.name);
  doc.body = std::move(got.body);
  doc.fetched_at = now_rfc3339();
  doc.language = source_.language;
  doc.on_settled = [this, file](const Settlement& s) { settle(file, s); };
  sink_(std::move(doc));
}

void RemoteFolderSource::settle(const RemoteFile& file, const Settlement& s) {
  std::string outcome(to_string(s.outcome));
  std::string detail = s.reason;
  std::string error;
  if (s.outcome != Settlement::Outcome::kUndelivered) {
    error = state_->put({{table_, key(file.name), encode(file, outcome)}});
    if (!error.empty()) {
      // Not remembered: it is downloaded again, which is the safe side.
      detail = "cannot record " + file.name + " as " + outcome + ": " + error;
      outcome = "error";
    }
  }
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(file.name);
    if (error.empty() && s.outcome == Settlement::Outcome::kDelivered && source_.delete_after_ack)
      to_delete_.push_back(file);
  }
  wake_.notify_all();
  file_event(file.name, std::move(outcome), std::move(detail));
}

std::size_t RemoteFolderSource::delete_settled() {
  std::vector<RemoteFile> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(to_delete_);
  }
  std::size_t deleted = 0;
  for (const auto& file : batch) deleted += delete_file(file, true) ? 1 : 0;
  return deleted;
}

bool RemoteFolderSource::delete_file(const RemoteFile& file, bool check) {
  if (check) {
    // The name may hold a newer file by now, which nobody has read yet.
    RemoteFile now{file.name};
    const std::string error = folder_.stat(now);
    if (error == "not found") return false;
    if (!error.empty() || !same_version(now, file)) {
      if (!error.empty())
        file_event(file.name, "error", "cannot delete " + folder_.url_of(file.name) + ": " + error);
      return false;
    }
  }
  const std::string error = folder_.remove(file.name);
  if (!error.empty()) {
    file_event(file.name, "error", "cannot delete " + folder_.url_of(file.name) + ": " + error);
    return false;
  }
  return true;
}

void RemoteFolderSource::record(const RemoteFile& file, std::string_view outcome) {
  const std::string error = state_->put({{table_, key(file.name), encode(file, outcome)}});
  if (!error.empty()) file_event(file.name, "error", "cannot record " + file.name + ": " + error);
}

std::optional<RemoteFolderSource::Record> RemoteFolderSource::recorded(
    const std::string& name) const {
  const auto value = state_->get(table_, key(name));
  if (!value) return std::nullopt;
  std::istringstream in(*value);
  Record r;
  if (!(in >> r.size >> r.mtime >> r.outcome)) return std::nullopt;
  return r;
}

void RemoteFolderSource::prune(const std::vector<std::string>& names_on_server) {
  const std::set<std::string> on_server(names_on_server.begin(), names_on_server.end());
  const std::string prefix = source_.name + "/";
  std::vector<StateStore::Write> gone;
  state_->scan(table_, prefix, [&](std::string_view k, std::string_view) {
    if (!k.starts_with(prefix)) return false;
    if (!on_server.contains(std::string(k.substr(prefix.size()))))
      gone.push_back({table_, std::string(k), "", true});
    return true;
  });
  if (!gone.empty()) state_->put(gone);
}

void RemoteFolderSource::report(FetchReport::Result result, std::string error,
                                Clock::time_point started, std::size_t bytes) {
  FetchReport r;
  r.source = source_.name;
  r.result = result;
  r.error = std::move(error);
  r.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  r.bytes = r.wire_bytes = bytes;
  if (on_report_) on_report_(r);
}

void RemoteFolderSource::file_event(const std::string& name, std::string outcome,
                                    std::string detail) {
  if (on_file_) on_file_({source_.name, name, std::move(outcome), std::move(detail)});
}

}  // namespace newswired
