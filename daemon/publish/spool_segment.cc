#include "daemon/publish/spool_segment.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

namespace newswired {
namespace {

// Frames are in the machine's byte order, as the state store's LMDB files are: a state
// directory moves only between machines of one kind.
struct Header {
  std::uint32_t size;
  std::uint64_t seq;
  std::uint64_t sum;
};

std::uint64_t checksum(std::uint64_t seq, std::string_view payload) {
  // The header's fields are in the seed, so a frame with a torn or stale header fails too.
  return XXH3_64bits_withSeed(payload.data(), payload.size(),
                              seq ^ (std::uint64_t{payload.size()} * 0x9E3779B97F4A7C15ULL));
}

void put_header(char* at, const Header& h) {
  std::memcpy(at, &h.size, 4);
  std::memcpy(at + 4, &h.seq, 8);
  std::memcpy(at + 12, &h.sum, 8);
}

Header get_header(const char* at) {
  Header h{};
  std::memcpy(&h.size, at, 4);
  std::memcpy(&h.seq, at + 4, 8);
  std::memcpy(&h.sum, at + 12, 8);
  return h;
}

std::string system_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

const char* map_file(int fd, std::uint64_t size) {
  if (size == 0) return nullptr;
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  return map == MAP_FAILED ? nullptr : static_cast<const char*>(map);
}

}  // namespace

std::string& SpoolFrames::open_frame() {
  starts_.push_back(bytes_.size());
  bytes_.append(kHeader, '\0');
  return bytes_;
}

void SpoolFrames::close_frame() {
  const auto size = static_cast<std::uint32_t>(bytes_.size() - starts_.back() - kHeader);
  std::memcpy(bytes_.data() + starts_.back(), &size, 4);
}

void SpoolFrames::clear() {
  // A buffer kept for the next batch, unless a batch of huge records made it huge.
  if (bytes_.capacity() > (std::size_t{8} << 20)) {
    std::string().swap(bytes_);
  } else {
    bytes_.clear();
  }
  starts_.clear();
}

std::uint32_t SpoolFrames::payload_size(std::size_t i) const {
  std::uint32_t size = 0;
  std::memcpy(&size, bytes_.data() + starts_[i], 4);
  return size;
}

Outcome<std::shared_ptr<SpoolSegment>> SpoolSegment::create(const std::string& path,
                                                            std::uint64_t capacity) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Failure{system_error("cannot create spool file", path)};
  // Sized up front, so one mapping covers every frame; the file stays sparse until written.
  const char* map =
      ::ftruncate(fd, static_cast<off_t>(capacity)) == 0 ? map_file(fd, capacity) : nullptr;
  if (map == nullptr) {
    std::string err = system_error("cannot size or map spool file", path);
    ::close(fd);
    ::unlink(path.c_str());
    return Failure{std::move(err)};
  }
  return std::shared_ptr<SpoolSegment>(new SpoolSegment(path, fd, map, capacity));
}

Outcome<std::shared_ptr<SpoolSegment>> SpoolSegment::open(
    const std::string& path,
    const std::function<void(std::uint64_t, std::uint64_t, std::uint32_t)>& fn) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Failure{system_error("cannot open spool file", path)};
  struct stat st {};
  const char* map = nullptr;
  if (::fstat(fd, &st) != 0 || (st.st_size > 0 && !(map = map_file(fd, st.st_size)))) {
    std::string err = system_error("cannot read spool file", path);
    ::close(fd);
    return Failure{std::move(err)};
  }
  std::shared_ptr<SpoolSegment> segment(
      new SpoolSegment(path, fd, map, static_cast<std::uint64_t>(st.st_size)));
  std::uint64_t at = 0;
  while (at + kFrameHeader <= segment->capacity_) {
    const Header h = get_header(map + at);
    const std::uint64_t end = at + kFrameHeader + h.size;
    if (h.size == 0 || end > segment->capacity_) break;  // past the last frame written
    if (checksum(h.seq, {map + at + kFrameHeader, h.size}) != h.sum) break;  // cut short
    fn(h.seq, at + kFrameHeader, h.size);
    at = end;
  }
  segment->written_ = at;
  return segment;
}

SpoolSegment::~SpoolSegment() {
  if (map_ != nullptr) ::munmap(const_cast<char*>(map_), capacity_);
  ::close(fd_);
}

std::string SpoolSegment::append(SpoolFrames& frames, std::span<const std::uint64_t> seqs,
                                 const std::function<void(std::size_t, std::uint64_t)>& placed) {
  const std::uint64_t size = frames.bytes();
  if (written_ + size > capacity_) return "no room left in spool file " + path_;
  char* const bytes = frames.bytes_.data();
  for (std::size_t i = 0; i < frames.count(); ++i) {
    char* const header = bytes + frames.starts_[i];
    const std::uint32_t payload = frames.payload_size(i);
    put_header(header, {payload, seqs[i], checksum(seqs[i], {header + kFrameHeader, payload})});
  }
  for (std::uint64_t done = 0; done < size;) {
    const ssize_t n = ::pwrite(fd_, bytes + done, size - done, static_cast<off_t>(written_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string err = system_error("cannot write spool file", path_);
      // Whole frames of a failed write would read back as entries after a restart. A zero
      // size where they start ends the scan there; that block is already on disk, so the
      // zeros need no room. The next attempt writes over the lot.
      if (done > 0) {
        const std::uint32_t zero = 0;
        (void)!::pwrite(fd_, &zero, sizeof zero, static_cast<off_t>(written_));
      }
      return err;
    }
    done += static_cast<std::uint64_t>(n);
  }
  for (std::size_t i = 0; i < frames.count(); ++i)
    placed(i, written_ + frames.starts_[i] + kFrameHeader);
  written_ += size;
  return {};
}

std::string_view SpoolSegment::payload(std::uint64_t offset, std::uint32_t size) const {
  return {map_ + offset, size};
}

std::string SpoolSegment::sync() const {
  return ::fdatasync(fd_) == 0 ? std::string() : system_error("cannot sync spool file", path_);
}

void SpoolSegment::remove() const { ::unlink(path_.c_str()); }

}  // namespace newswired
