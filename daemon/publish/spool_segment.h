#pragma once
// One file of the spool's log. Entries are appended as checksummed frames, a batch with one
// write, and read back through a read-only mapping of the file. A frame cut short by a crash
// fails its checksum, and reading stops there: what follows it was never acknowledged to
// anyone, as append() had not returned.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/core/outcome.h"

namespace newswired {

// Frames gathered for one write. Each payload is written straight into the buffer after room
// for its header, which SpoolSegment::append() fills in once the entry has its number.
class SpoolFrames {
 public:
  // The buffer to append the next payload to; close_frame() ends it.
  std::string& open_frame();
  void close_frame();
  void clear();

  std::size_t count() const { return starts_.size(); }
  std::uint64_t bytes() const { return bytes_.size(); }
  std::uint64_t payload_bytes() const { return bytes_.size() - count() * kHeader; }
  std::uint32_t payload_size(std::size_t i) const;

  static constexpr std::uint64_t kHeader = 20;  // size, sequence number, checksum

 private:
  friend class SpoolSegment;
  std::string bytes_;
  std::vector<std::uint64_t> starts_;  // where each frame's header is
};

class SpoolSegment {
 public:
  // A new, empty file at `path` with room for `capacity` bytes of frames.
  static Outcome<std::shared_ptr<SpoolSegment>> create(const std::string& path,
                                                       std::uint64_t capacity);
  // An existing file, read only: fn(seq, offset, size) for each whole frame, in order.
  static Outcome<std::shared_ptr<SpoolSegment>> open(
      const std::string& path,
      const std::function<void(std::uint64_t, std::uint64_t, std::uint32_t)>& fn);
  ~SpoolSegment();
  SpoolSegment(const SpoolSegment&) = delete;
  SpoolSegment& operator=(const SpoolSegment&) = delete;

  static constexpr std::uint64_t kFrameHeader = SpoolFrames::kHeader;

  // Numbers the frames `seqs` and writes them after the last one, with one write; on success
  // calls placed(index, offset of its payload). The system's error if the file refused them.
  std::string append(SpoolFrames& frames, std::span<const std::uint64_t> seqs,
                     const std::function<void(std::size_t, std::uint64_t)>& placed);
  // The bytes of a payload that append() or open() placed at `offset`.
  std::string_view payload(std::uint64_t offset, std::uint32_t size) const;
  std::string sync() const;
  // Deletes the file; what is mapped stays readable until the segment goes.
  void remove() const;

  std::uint64_t written() const { return written_; }
  std::uint64_t capacity() const { return capacity_; }
  const std::string& path() const { return path_; }

 private:
  SpoolSegment(std::string path, int fd, const char* map, std::uint64_t capacity)
      : path_(std::move(path)), fd_(fd), map_(map), capacity_(capacity) {}

  const std::string path_;
  const int fd_;
  const char* const map_;
  const std::uint64_t capacity_;
  std::uint64_t written_ = 0;
};

}  // namespace newswired
