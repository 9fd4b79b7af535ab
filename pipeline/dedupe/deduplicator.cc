#include "pipeline/dedupe/deduplicator.h"

#include <algorithm>
#include <charconv>

#include "pipeline/dedupe/story_text.h"

namespace newswired {
namespace {

using dedupe::IdRecord;

// Bounded work per call: a sweep deletes at most this many rows of each kind, and runs again
// on the next call only while it finds a full batch (a backlog), else after kSweepEvery.
constexpr std::size_t kSweepBatch = 64;
constexpr std::int64_t kSweepEvery = 60;

std::int64_t seconds(std::chrono::seconds s) { return static_cast<std::int64_t>(s.count()); }

std::uint32_t clamp_u32(std::int64_t t) {
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(t, 0, UINT32_MAX));
}

// Headlines are rewritten from desk to desk and left out (measured: docs/dedupe.md). The body
// is the evidence; the summary stands in when a feed has no body.
void fingerprint_text(const Article& a, std::string& out) {
  story_text(a.body_text.empty() ? a.summary : a.body_text, out);
}

bool is_kill(const Article& a) {
  return a.wire && (a.wire->pub_status == "canceled" || a.wire->pub_status == "withheld");
}

// The agency's version as a number, when it is one ("3"); wire versions are compared so that
// a late-arriving older version never replaces a newer one.
std::optional<std::int64_t> wire_version(const Article& a) {
  if (!a.wire || a.wire->version.empty()) return std::nullopt;
  std::int64_t v = 0;
  const std::string& s = a.wire->version;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string_view to_string(DedupeDecision::Verdict v) {
  switch (v) {
    case DedupeDecision::Verdict::kNew:
      return "new";
    case DedupeDecision::Verdict::kUpdate:
      return "updated";
    case DedupeDecision::Verdict::kSeen:
      return "seen";
    case DedupeDecision::Verdict::kDuplicate:
      return "duplicate";
    case DedupeDecision::Verdict::kKill:
      return "killed";
  }
  return "?";
}

const std::vector<std::string>& Deduplicator::tables() {
  static const std::vector<std::string> t{dedupe::kSeenTable, dedupe::kMinHashTable,
                                          dedupe::kExpiryTable};
  return t;
}

Deduplicator::Deduplicator(std::shared_ptr<StateStore> store, DedupeOptions options)
    : store_(std::move(store)), options_(std::move(options)), near_(store_) {
  near_.load();
}

std::optional<IdRecord> Deduplicator::id_record(const StateStore::Snapshot& state,
                                                std::string_view id, std::int64_t now) const {
  auto stored = state.get(dedupe::kSeenTable, dedupe::id_key(id));
  if (!stored) return std::nullopt;
  auto rec = IdRecord::decode(*stored);
  if (!rec) return std::nullopt;
  // Expired but not swept yet: as good as gone. A withdrawn id never expires: a kill is for
  // good, and the sweep keeps what this still returns.
  const auto t = dedupe::unix_seconds(rec->fetched_at);
  if (!rec->withdrawn && t && *t + seconds(options_.id_retention) < now) return std::nullopt;
  return rec;
}

std::optional<Deduplicator::Owner> Deduplicator::owner(const StateStore::Snapshot& state,
                                                       const std::string& key,
                                                       std::int64_t now) const {
  if (auto it = in_flight_.find(key); it != in_flight_.end()) return Owner{it->second, it->second};
  auto id = state.get(dedupe::kSeenTable, key);
  if (!id) return std::nullopt;
  auto rec = id_record(state, *id, now);
  if (!rec) return std::nullopt;
  // A URL or a text belongs to its article for the window after its last delivered version.
  const auto t = dedupe::unix_seconds(rec->fetched_at);
  if (t && *t + seconds(options_.window) < now) return std::nullopt;
  return Owner{std::string(*id), rec->cluster_id.empty() ? std::string(*id) : rec->cluster_id};
}

bool Deduplicator::exact_duplicate(const StateStore::Snapshot& state, Article& a, DedupeDecision& d,
                                   std::int64_t now) const {
  const std::pair<std::string, std::string> keys[] = {
      {a.canonical_url.empty() ? "" : dedupe::url_key(a.canonical_url), "url"},
      {a.content_hash.empty() ? "" : dedupe::hash_key(a.content_hash), "content_hash"},
  };
  for (const auto& [key, reason] : keys) {
    if (key.empty()) continue;
    auto o = owner(state, key, now);
    if (!o || o->id == a.id) continue;
    d.verdict = DedupeDecision::Verdict::kDuplicate;
    d.reason = reason;
    a.duplicate_of = DuplicateLink{o->id, reason, 1.0};
    a.cluster_id = o->cluster_id;
    return true;
  }
  return false;
}

void Deduplicator::near_duplicate(const StateStore::Snapshot& state, Article& a, DedupeDecision& d,
                                  std::int64_t now) {
  if (options_.near_duplicate_similarity <= 0) return;
  fingerprint_text(a, story_);
  const auto signature = story_minhash(story_, options_.shingles, options_.min_shingles);
  if (!signature) return;
  ++stats_.fingerprinted;
  if (d.verdict == DedupeDecision::Verdict::kNew) {
    const auto not_before = clamp_u32(now - seconds(options_.window));
    auto found = near_.nearest(*signature, options_.near_duplicate_similarity, not_before, state);
    if (found && found->record.id != a.id) {
      const auto& r = found->record;
      const std::string canonical = r.cluster_id.empty() ? r.id : r.cluster_id;
      d.verdict = DedupeDecision::Verdict::kDuplicate;
      d.reason = "near_duplicate";
      a.duplicate_of = DuplicateLink{canonical, d.reason, found->similarity};
      a.cluster_id = canonical;
      ++stats_.near_duplicates;
    }
  }
  // Later copies of the story match this one too, even while it is still in flight.
  d.near_ref = near_.reserve({*signature, clamp_u32(now), a.id, a.cluster_id});
}

DedupeDecision Deduplicator::check(Article& a) {
  std::lock_guard lock(mu_);
  const auto fetched = dedupe::unix_seconds(a.fetched_at);
  const std::int64_t now = fetched ? *fetched
                                   : std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
  sweep(now);
  DedupeDecision d;
  if (in_flight_.contains(dedupe::id_key(a.id))) {
    d.verdict = DedupeDecision::Verdict::kSeen;
    d.reason = "id";
    return d;
  }
  const StateStore::Snapshot state = store_->snapshot();
  if (auto rec = id_record(state, a.id, now)) {
    const std::optional<std::int64_t> incoming = wire_version(a);
    if (rec->withdrawn || (incoming && rec->wire_version && *incoming < *rec->wire_version)) {
      d.verdict = DedupeDecision::Verdict::kSeen;
      d.reason = rec->withdrawn ? "withdrawn" : "older_version";
      return d;
    }
    const bool kill = is_kill(a);
    if (!kill && (a.content_hash.empty() || rec->content_hash == a.content_hash)) {
      d.verdict = DedupeDecision::Verdict::kSeen;
      d.reason = "id";
      return d;
    }
    // A new version of a delivered id (a kill is its last): our count goes on, the cluster stays.
    d.verdict = kill ? DedupeDecision::Verdict::kKill : DedupeDecision::Verdict::kUpdate;
    if (kill) d.reason = "kill";
    a.version = rec->version + 1;
    if (!a.updated_at) a.updated_at = a.fetched_at;
    a.cluster_id = rec->cluster_id.empty() ? a.id : rec->cluster_id;
    if (!kill) near_duplicate(state, a, d, now);
  } else if (is_kill(a)) {
    // A kill for an item never delivered still goes out: consumers may have it from
    // elsewhere, and its id must stay withdrawn here.
    d.verdict = DedupeDecision::Verdict::kKill;
    d.reason = "kill";
    a.cluster_id = a.id;
  } else {
    a.cluster_id = a.id;
    if (!exact_duplicate(state, a, d, now)) near_duplicate(state, a, d, now);
  }
  for (auto& key : reserved_keys(a, d)) in_flight_.emplace(std::move(key), a.id);
  return d;
}

std::vector<std::string> Deduplicator::reserved_keys(const Article& a,
                                                     const DedupeDecision& d) const {
  std::vector<std::string> keys{dedupe::id_key(a.id)};
  // A duplicate's url and text belong to the article it duplicates; an update keeps its own.
  if (d.verdict == DedupeDecision::Verdict::kNew) {
    if (!a.canonical_url.empty()) keys.push_back(dedupe::url_key(a.canonical_url));
    if (!a.content_hash.empty()) keys.push_back(dedupe::hash_key(a.content_hash));
  }
  return keys;
}

std::string Deduplicator::delivered(const Article& a, const DedupeDecision& d) {
  return commit(delivery(a, d));
}

void Deduplicator::released(const Article& a, const DedupeDecision& d) { release(delivery(a, d)); }

Delivery Deduplicator::delivery(const Article& a, const DedupeDecision& d) const {
  const std::int64_t t = dedupe::unix_seconds(a.fetched_at).value_or(0);
  IdRecord rec{a.version,       a.content_hash,
               a.fetched_at,    a.cluster_id.empty() ? a.id : a.cluster_id,
               wire_version(a), d.verdict == DedupeDecision::Verdict::kKill};
  const std::vector<std::string> keys = reserved_keys(a, d);
  Delivery out;
  out.near_ref = d.near_ref;
  out.writes.reserve(2 * keys.size() + 1);
  for (const auto& key : keys) {
    const bool is_id = key.starts_with("i:");
    out.writes.push_back({dedupe::kSeenTable, key, is_id ? rec.encode() : a.id});
    if (rec.withdrawn) continue;  // no expiry
    const auto keep = is_id ? options_.id_retention : options_.window;
    out.writes.push_back({dedupe::kExpiryTable, dedupe::expiry_key(t + seconds(keep), key), ""});
  }
  if (d.near_ref != 0) {
    std::lock_guard lock(mu_);
    if (auto w = near_.persist(d.near_ref); !w.table.empty()) out.writes.push_back(std::move(w));
  }
  return out;
}

std::string Deduplicator::commit(const Delivery& delivery, std::vector<StateStore::Write> also) {
  return commit_all({&delivery}, std::move(also));
}

std::string Deduplicator::commit_all(const std::vector<const Delivery*>& deliveries,
                                     std::vector<StateStore::Write> also) {
  std::vector<const std::vector<StateStore::Write>*> groups;
  groups.reserve(deliveries.size() + 1);
  for (const Delivery* d : deliveries) groups.push_back(&d->writes);
  groups.push_back(&also);
  std::string err = store_->put(groups);
  // Not recorded: the keys stay reserved, so the items are not published again while the
  // caller retries.
  if (!err.empty()) return err;
  std::lock_guard lock(mu_);
  for (const Delivery* d : deliveries) {
    if (d->near_ref != 0) near_.confirmed(d->near_ref);
    end_reservation(*d);
  }
  return err;
}

namespace {

// Whether another instance's value for a seen key replaces the one stored here.
bool remote_wins(std::string_view key, std::string_view mine, std::string_view theirs) {
  if (!key.starts_with("i:")) return false;  // a URL or text keeps its first owner
  const auto local = IdRecord::decode(mine);
  const auto remote = IdRecord::decode(theirs);
  if (!remote) return false;
  if (!local) return true;
  if (local->withdrawn) return false;  // a kill is for good
  return remote->version > local->version ||
         (remote->version == local->version && remote->withdrawn);
}

}  // namespace

std::string Deduplicator::apply_remote(const std::vector<StateStore::Write>& remote,
                                       std::vector<StateStore::Write> also) {
  std::vector<StateStore::Write> writes;
  std::vector<std::uint32_t> refs;
  {
    std::lock_guard lock(mu_);
    const auto state = store_->snapshot();
    for (const auto& w : remote) {
      if (w.table == dedupe::kMinHashTable) {
        auto rec = dedupe::NearRecord::decode(w.value);
        if (!rec) continue;
        refs.push_back(near_.reserve(std::move(*rec)));
        writes.push_back(near_.persist(refs.back()));
      } else if (w.table == dedupe::kSeenTable) {
        const auto mine = state.get(w.table, w.key);
        if (!mine || remote_wins(w.key, *mine, w.value)) writes.push_back(w);
      } else if (w.table == dedupe::kExpiryTable) {
        writes.push_back(w);
      }
    }
  }
  writes.insert(writes.end(), std::make_move_iterator(also.begin()),
                std::make_move_iterator(also.end()));
  std::string err = store_->put(writes);
  std::lock_guard lock(mu_);
  for (const std::uint32_t ref : refs) {
    if (err.empty())
      near_.confirmed(ref);
    else
      near_.release(ref);
  }
  return err;
}

void Deduplicator::release(const Delivery& delivery) {
  std::lock_guard lock(mu_);
  if (delivery.near_ref != 0) near_.release(delivery.near_ref);
  end_reservation(delivery);
}

void Deduplicator::reserve(Delivery& delivery) {
  std::lock_guard lock(mu_);
  for (const auto& w : delivery.writes) {
    if (w.table == dedupe::kSeenTable) {
      // An id key holds the id's record, a URL or text key the id that owns it.
      const bool is_id = w.key.starts_with("i:");
      in_flight_.emplace(w.key, is_id ? w.key.substr(2) : w.value);
    } else if (w.table == dedupe::kMinHashTable) {
      if (auto rec = dedupe::NearRecord::decode(w.value)) {
        delivery.near_ref = dedupe::ref_of(w.key);
        near_.reserve_as(delivery.near_ref, std::move(*rec));
      }
    }
  }
}

void Deduplicator::end_reservation(const Delivery& delivery) {
  for (const auto& w : delivery.writes) {
    if (w.table != dedupe::kSeenTable) continue;
    const std::string_view id =
        w.key.starts_with("i:") ? std::string_view(w.key).substr(2) : std::string_view(w.value);
    if (auto it = in_flight_.find(w.key); it != in_flight_.end() && it->second == id)
      in_flight_.erase(it);
  }
}

bool Deduplicator::written_since(const StateStore::Snapshot& state, std::string_view seen_key,
                                 std::int64_t now) const {
  if (seen_key.starts_with("i:")) return id_record(state, seen_key.substr(2), now).has_value();
  // URL and text keys name the article that owns them; its last delivery dates them.
  const auto owner = state.get(dedupe::kSeenTable, seen_key);
  if (!owner) return false;
  const auto rec = id_record(state, *owner, now);
  if (!rec) return false;
  const auto t = dedupe::unix_seconds(rec->fetched_at);
  return t && *t + seconds(options_.window) > now;
}

void Deduplicator::sweep(std::int64_t now) {
  if (now < next_sweep_) return;
  const std::size_t near_gone =
      near_.expire(clamp_u32(now - seconds(options_.window)), kSweepBatch);
  std::vector<StateStore::Write> erase;
  std::size_t log_entries = 0;
  {
    const StateStore::Snapshot state = store_->snapshot();
    store_->scan(dedupe::kExpiryTable, "", [&](std::string_view key, std::string_view) {
      if (log_entries >= kSweepBatch || dedupe::expiry_time(key) > now) return false;
      ++log_entries;
      erase.push_back({dedupe::kExpiryTable, std::string(key), "", true});
      const std::string seen_key(dedupe::expiry_seen_key(key));
      // Written again since (a new version, or a URL or text delivered again): the later
      // write has its own entry in the log, and this one must not take it away.
      if (in_flight_.contains(seen_key) || written_since(state, seen_key, now)) return true;
      erase.push_back({dedupe::kSeenTable, seen_key, "", true});
      return true;
    });
  }
  if (!erase.empty()) store_->put(erase);
  const bool backlog = near_gone == kSweepBatch || log_entries == kSweepBatch;
  next_sweep_ = backlog ? now : now + kSweepEvery;
}

Deduplicator::Stats Deduplicator::stats() const {
  std::lock_guard lock(mu_);
  Stats s = stats_;
  s.remembered = near_.size();
  s.index_bytes = near_.memory_bytes();
  return s;
}

}  // namespace newswired
