#pragma once
// How the dedupe stage lays out its state in LMDB (docs/dedupe.md):
//   seen     i:<id> -> IdRecord (JSON), u:<canonical url> -> id, h:<content hash> -> id
//   minhash  <ref, 4 bytes big-endian> -> NearRecord (binary): the near-duplicate index's rows
//            with their signatures, in insertion order, so the oldest are first to expire
//   expiry   <expires at, 8 bytes big-endian><seen key> -> "": when a seen key may go

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/dedupe/minhash.h"

namespace newswired::dedupe {

inline constexpr const char* kSeenTable = "seen";
inline constexpr const char* kMinHashTable = "minhash";
inline constexpr const char* kExpiryTable = "expiry";

inline std::string id_key(std::string_view id) { return "i:" + std::string(id); }
inline std::string url_key(std::string_view url) { return "u:" + std::string(url); }
inline std::string hash_key(std::string_view hash) { return "h:" + std::string(hash); }

// What is remembered per article id. Wire sources will bring their own version numbers and
// deliver out of order: `wire_version` is kept next to ours for them (unused by feeds).
struct IdRecord {
  int version = 1;
  std::string content_hash;
  std::string fetched_at;  // of the version delivered last: its age decides expiry
  std::string cluster_id;  // empty in records written before clusters existed
  std::optional<std::int64_t> wire_version;
  bool withdrawn = false;  // killed or withheld by its agency: no later copy is published live

  std::string encode() const;
  static std::optional<IdRecord> decode(std::string_view json);
};

// One article in the near-duplicate index.
struct NearRecord {
  MinHash signature{};
  std::uint32_t time = 0;  // Unix seconds of its fetched_at
  std::string id;
  std::string cluster_id;

  std::string encode() const;
  static std::optional<NearRecord> decode(std::string_view bytes);
  // Only the signature and the time, id and cluster id left empty; nothing where decode()
  // gives nothing. A lookup compares many rows and needs the ids of one.
  static std::optional<NearRecord> decode_signature(std::string_view bytes);
};

std::string ref_key(std::uint32_t ref);
std::uint32_t ref_of(std::string_view key);
std::string expiry_key(std::int64_t expires_at, std::string_view seen_key);
std::int64_t expiry_time(std::string_view key);  // -1 for a malformed key
std::string_view expiry_seen_key(std::string_view key);

// "2015-05-12T14:03:00Z" as Unix seconds; nothing for anything else.
std::optional<std::int64_t> unix_seconds(std::string_view rfc3339);

}  // namespace newswired::dedupe
