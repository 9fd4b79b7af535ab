#include "daemon/fetch/directory_drop.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <fnmatch.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "pipeline/core/clock.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

// Writers that cannot rename into place at least give their work-in-progress such names.
bool temporary_name(const std::string& name) {
  return name.starts_with('.') || name.ends_with(".tmp") || name.ends_with(".part") ||
         name.ends_with(".partial") || name.ends_with(".filepart") || name.ends_with('~');
}

std::string errno_text(int err) { return std::strerror(err); }

// `dir/name`, or `dir/name.1`, `.2`, ... when an earlier file of that name is there already.
fs::path free_name(const fs::path& dir, const std::string& name) {
  fs::path p = dir / name;
  for (int n = 1; fs::exists(p); ++n) p = dir / (name + "." + std::to_string(n));
  return p;
}

// A rename, or a copy and delete when done/ is on another file system.
std::string move_file(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (!ec) return {};
  if (ec != std::errc::cross_device_link) return ec.message();
  fs::copy_file(from, to, ec);
  if (!ec) fs::remove(from, ec);
  return ec ? ec.message() : std::string();
}

struct Candidate {
  fs::file_time_type mtime;
  std::string name;
  bool operator<(const Candidate& o) const {
    return mtime != o.mtime ? mtime < o.mtime : name < o.name;
  }
};

}  // namespace

DirectoryDrop::DirectoryDrop(SourceConfig source, std::size_t max_bytes, Callbacks callbacks,
                             std::chrono::milliseconds retry_after)
    : source_(std::move(source)),
      max_bytes_(max_bytes),
      callbacks_(std::move(callbacks)),
      retry_after_(retry_after),
      wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

DirectoryDrop::~DirectoryDrop() {
  if (wake_fd_ >= 0) close(wake_fd_);
}

bool DirectoryDrop::wanted(const SourceConfig& source, const std::string& name) {
  if (source.files.empty()) return !temporary_name(name);
  return std::any_of(source.files.begin(), source.files.end(), [&](const std::string& p) {
    return fnmatch(p.c_str(), name.c_str(), FNM_PERIOD) == 0;
  });
}

void DirectoryDrop::stop() {
  stopping_ = true;
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) [[maybe_unused]]
    auto n = write(wake_fd_, &one, sizeof one);
}

bool DirectoryDrop::prepare_directories() {
  for (const auto& dir : {source_.directory, source_.done_dir, source_.failed_dir}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      FetchReport r;
      r.source = source_.name;
      r.result = FetchReport::Result::kTransportError;
      r.error = "cannot create " + dir + ": " + ec.message();
      callbacks_.on_report(r);
      return false;
    }
  }
  return true;
}

void DirectoryDrop::run(bool once) {
  const auto tick = std::clamp<std::chrono::milliseconds>(
      source_.settle / 2, std::chrono::milliseconds(100), std::chrono::seconds(1));
  while (!prepare_directories()) {
    if (once || stopping_) return;
    pollfd wake{wake_fd_, POLLIN, 0};
    poll(&wake, 1, static_cast<int>(std::chrono::milliseconds(source_.interval).count()));
  }
  const int notify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (notify >= 0 && inotify_add_watch(notify, source_.directory.c_str(),
                                       IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_CREATE) < 0) {
    FetchReport r;
    r.source = source_.name;
    r.result = FetchReport::Result::kTransportError;
    r.error = "cannot watch " + source_.directory + " (scanning instead): " + errno_text(errno);
    callbacks_.on_report(r);
  }
  if (once) {
    // Everything there now, including files still being written: wait until they settle.
    const auto deadline = Clock::now() + source_.settle + tick;
    while (scan() > 0 && !stopping_ && Clock::now() < deadline) std::this_thread::sleep_for(tick);
  } else {
    scan();
    alignas(inotify_event) char buf[16 * 1024];
    while (!stopping_) {
      pollfd fds[2] = {{notify, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      poll(fds, 2, static_cast<int>(tick.count()));
      if (stopping_) break;
      // Events only mark files complete (or not); the scan that follows every wake-up takes
      // them, and also covers a queue overflow.
      for (ssize_t n; notify >= 0 && (n = read(notify, buf, sizeof buf)) > 0;) {
        for (char* p = buf; p < buf + n;) {
          const auto* ev = reinterpret_cast<const inotify_event*>(p);
          p += sizeof(inotify_event) + ev->len;
          if (ev->len == 0) continue;
          const std::string name(ev->name);
          std::lock_guard lock(mu_);
          if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
            closed_.insert(name);
          } else {
            closed_.erase(name);  // written again: complete only when closed or quiet again
          }
        }
      }
      scan();
    }
  }
  if (notify >= 0) close(notify);
}

std::size_t DirectoryDrop::scan() {
  std::vector<Candidate> ready;
  std::size_t waiting = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(source_.directory, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec)) continue;
    const std::string name = it->path().filename().string();
    if (!wanted(source_, name)) continue;
    const auto mtime = it->last_write_time(fec);
    if (fec) continue;
    {
      std::lock_guard lock(mu_);
      if (in_flight_.contains(name)) continue;
      if (auto r = retry_.find(name); r != retry_.end()) {
        if (Clock::now() < r->second) continue;
        retry_.erase(r);
      }
      const bool quiet = now - mtime >= source_.settle;
      if (!closed_.contains(name) && !quiet) {
        ++waiting;
        continue;
      }
    }
    ready.push_back({mtime, name});
  }
  if (ec) {
    FetchReport r;
    r.source = source_.name;
    r.result = FetchReport::Result::kTransportError;
    r.error = "cannot list " + source_.directory + ": " + ec.message();
    callbacks_.on_report(r);
    return 0;
  }
  // Oldest first: an agency's version 2 of a story usually arrives after its version 1.
  std::sort(ready.begin(), ready.end());
  for (const auto& c : ready) {
    if (stopping_) break;
    take(c.name);
  }
  return waiting;
}

void DirectoryDrop::take(const std::string& name) {
  const fs::path path = fs::path(source_.directory) / name;
  FetchReport report;
  report.source = source_.name;
  const auto started = Clock::now();
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  {
    std::lock_guard lock(mu_);
    closed_.erase(name);
    in_flight_.insert(name);
  }
  if (!ec && size > max_bytes_) {
    report.result = FetchReport::Result::kTooLarge;
    report.error = name + ": " + std::to_string(size) + " bytes, more than fetch.max_body_bytes";
    callbacks_.on_report(report);
    settle(name, {Settlement::Outcome::kRejected, report.error});
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream body;
  if (in) body << in.rdbuf();
  if (ec || !in || in.bad()) {
    report.result = FetchReport::Result::kTransportError;
    report.error = "cannot read " + path.string() + ": " + (ec ? ec.message() : errno_text(errno));
    callbacks_.on_report(report);
    std::lock_guard lock(mu_);
    in_flight_.erase(name);
    retry_[name] = Clock::now() + retry_after_;
    return;
  }
  Document doc;
  doc.source = {source_.name, "file://" + source_.directory, source_.format};
  doc.url = "file://" + path.string();
  doc.body = std::move(body).str();
  doc.fetched_at = now_rfc3339();
  doc.language = source_.language;
  doc.on_settled = [this, name](const Settlement& s) { settle(name, s); };
  report.bytes = report.wire_bytes = doc.body.size();
  report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  callbacks_.on_report(report);
  callbacks_.sink(std::move(doc));
}

void DirectoryDrop::settle(const std::string& name, const Settlement& s) {
  const fs::path from = fs::path(source_.directory) / name;
  FileEvent event{source_.name, name, std::string(to_string(s.outcome)), s.reason};
  std::string error;
  switch (s.outcome) {
    case Settlement::Outcome::kDelivered: {
      const fs::path to = free_name(source_.done_dir, name);
      error = move_file(from, to);
      if (error.empty()) event.detail = to.string();
      break;
    }
    case Settlement::Outcome::kRejected: {
      const fs::path to = free_name(source_.failed_dir, name);
      // The reason first: a crash between the two leaves the file to be read again, never a
      // failed file without its reason.
      std::ofstream(to.string() + ".reason") << s.reason << "\n";
      error = move_file(from, to);
      break;
    }
    case Settlement::Outcome::kUndelivered:
      break;
  }
  if (!error.empty()) {
    event.outcome = "error";
    event.detail = "cannot move " + from.string() + " after it was " +
                   std::string(to_string(s.outcome)) + ": " + error;
  }
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(name);
    if (s.outcome == Settlement::Outcome::kUndelivered || !error.empty())
      retry_[name] = Clock::now() + retry_after_;
  }
  callbacks_.on_file(event);
}

}  // namespace newswired
