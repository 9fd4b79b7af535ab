#include "pipeline/tag/tag_matcher.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <span>

#include <hs/hs.h>

#include "pipeline/tag/tag_text.h"
#include "pipeline/tag/tagger.h"

namespace newswired {
namespace {

// One scratch space per thread, grown to fit whichever database the thread scans with.
// Growing it is slow (it allocates), so it is done only when the thread meets a matcher it has
// not scanned with before.
struct Scratch {
  hs_scratch_t* space = nullptr;
  std::uint64_t fitted_for = 0;  // the serial of the last matcher it was grown for
  ~Scratch() { hs_free_scratch(space); }
};

struct ScanState {
  const std::vector<TagMatcher::Pattern>* patterns;
  std::string_view text;
  std::uint8_t field;
  std::vector<TagMatcher::Hit>* hits;
};

int on_match(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
             void* context) {
  auto& s = *static_cast<ScanState*>(context);
  const TagMatcher::Pattern& p = (*s.patterns)[id];
  const std::size_t start = to - p.length;
  if (!p.as_written.empty()) {
    const std::string_view seen = s.text.substr(start, p.length);
    if (seen != p.as_written && seen != p.in_capitals) return 0;
  }
  if (is_whole_word(s.text, start, to))
    s.hits->push_back(
        {id, s.field, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(to)});
  return 0;
}

// Whether the summary is the start of the body (a feed's description is often the first
// paragraph, and a feed without content gets the summary as body) and ends where a word ends
// in the body too: then the body's hits that end inside the summary are the summary's hits,
// found, confirmed and reported as a scan of the summary would, without scanning it again.
bool summary_starts_body(std::string_view summary, std::string_view body) {
  if (summary.empty() || !body.starts_with(summary)) return false;
  if (body.size() == summary.size()) return true;
  // An ASCII letter or digit after it would join a last word; a byte of a multi-byte
  // character would be decoded differently than at the summary's end.
  const auto next = static_cast<unsigned char>(body[summary.size()]);
  return next < 0x80 && !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                          (next >= '0' && next <= '9'));
}

// Which of an article's tag lists a rule's tag goes to: topics, entities, places, agencies.
std::uint8_t list_slot(std::string_view type) {
  const std::string_view list = tag_list_of(type);
  if (list == "topics") return 0;
  if (list == "entities") return 1;
  if (list == "agencies") return 3;
  return 2;
}

std::string ascii_upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

Outcome<std::shared_ptr<const TagMatcher>> TagMatcher::build(std::vector<TagRule> rules) {
  static std::atomic<std::uint64_t> serials{0};
  std::shared_ptr<TagMatcher> m(new TagMatcher());
  m->serial_ = ++serials;
  std::map<std::pair<std::string, bool>, std::uint32_t> index;  // (text, caseless) -> pattern
  std::vector<std::string> texts;
  auto add = [&](const std::string& text, bool caseless, Use use) {
    auto [it, fresh] =
        index.try_emplace({text, caseless}, static_cast<std::uint32_t>(texts.size()));
    if (fresh) {
      texts.push_back(text);
      Pattern p{static_cast<std::uint32_t>(text.size()), {}, {}, {}};
      if (!caseless) p.as_written = text, p.in_capitals = ascii_upper(text);
      m->patterns_.push_back(std::move(p));
    }
    m->patterns_[it->second].uses.push_back(use);
  };
  auto add_terms = [&](const std::vector<TagTerm>& terms, std::uint32_t rule, Role role) {
    for (const auto& t : terms) {
      add(t.text, t.caseless, {rule, role, t.weight});
    }
  };
  std::map<std::string, std::uint32_t> first_rule;
  for (std::uint32_t i = 0; i < rules.size(); ++i) {
    first_rule.try_emplace(rules[i].id, i);
    add_terms(rules[i].terms, i, Role::kTerm);
    add_terms(rules[i].near, i, Role::kNear);
    add_terms(rules[i].not_near, i, Role::kNotNear);
  }
  if (texts.empty()) return Failure{"no tag terms"};
  m->broader_.resize(rules.size());
  for (const auto& r : rules) {
    m->canonical_.push_back(first_rule.at(r.id));
    m->list_slot_.push_back(list_slot(r.type));
  }
  for (std::uint32_t i = 0; i < rules.size(); ++i) {
    std::vector<std::pair<std::string, int>> queue;  // (id, steps up)
    for (const auto& b : rules[i].broader) queue.emplace_back(b, 1);
    for (std::size_t q = 0; q < queue.size() && q < 16; ++q) {  // 16: a cycle must not hang
      auto it = first_rule.find(queue[q].first);
      if (it == first_rule.end()) continue;
      m->broader_[i].push_back({it->second, queue[q].second});
      for (const auto& up : rules[it->second].broader) queue.emplace_back(up, queue[q].second + 1);
    }
  }
  // A name is found as written or in capitals only (on_match checks), so it is scanned for as
  // those one or two exact literals: far fewer candidate matches to confirm than one caseless
  // literal (a third less scan time on news text), the same hits.
  std::vector<const char*> ptrs;
  std::vector<std::size_t> lens;
  std::vector<unsigned> ids;
  std::vector<unsigned> flags;
  auto literal = [&](const std::string& text, std::size_t pattern, unsigned flag) {
    ptrs.push_back(text.data());
    lens.push_back(text.size());
    ids.push_back(static_cast<unsigned>(pattern));
    flags.push_back(flag);
  };
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const Pattern& p = m->patterns_[i];
    if (p.as_written.empty()) {
      literal(texts[i], i, HS_FLAG_CASELESS);
      continue;
    }
    literal(p.as_written, i, 0);
    if (p.in_capitals != p.as_written) literal(p.in_capitals, i, 0);
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(ptrs.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(ptrs.size()), HS_MODE_BLOCK, nullptr, &m->db_,
                           &error) != HS_SUCCESS) {
    std::string reason = "cannot compile the tag terms: ";
    reason += error && error->message ? error->message : "unknown error";
    if (error && error->expression >= 0)
      reason += " (term '" + texts[ids[static_cast<std::size_t>(error->expression)]] + "')";
    hs_free_compile_error(error);
    return Failure{reason};
  }
  m->rules_ = std::move(rules);
  return std::shared_ptr<const TagMatcher>(std::move(m));
}

TagMatcher::~TagMatcher() { hs_free_database(db_); }

std::size_t TagMatcher::database_bytes() const {
  std::size_t size = 0;
  hs_database_size(db_, &size);
  return size;
}

void TagMatcher::tag(Article& a) const {
  thread_local Scratch scratch;
  thread_local std::vector<Hit> hits;
  thread_local std::vector<std::pair<Use, std::uint32_t>> uses;  // (use, hit index)
  if (scratch.fitted_for != serial_) {
    if (hs_alloc_scratch(db_, &scratch.space) != HS_SUCCESS) return;
    scratch.fitted_for = serial_;
  }
  hits.clear();
  uses.clear();
  auto scan = [&](std::string_view text, int field) {
    if (text.empty()) return;
    ScanState state{&patterns_, text, static_cast<std::uint8_t>(field), &hits};
    hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch.space, on_match,
            &state);
  };
  scan(a.title, kFieldTitle);
  const bool summary_from_body = summary_starts_body(a.summary, a.body_text);
  if (!summary_from_body) scan(a.summary, kFieldSummary);
  const std::size_t body_hits = hits.size();
  scan(a.body_text, kFieldBody);
  if (summary_from_body) {
    // In the order a scan of the summary reports them, before the body's, as if scanned.
    thread_local std::vector<Hit> summary_hits;
    summary_hits.clear();
    for (std::size_t h = body_hits; h < hits.size(); ++h)
      if (hits[h].end <= a.summary.size())
        summary_hits.push_back({hits[h].pattern, kFieldSummary, hits[h].start, hits[h].end});
    hits.insert(hits.begin() + static_cast<std::ptrdiff_t>(body_hits), summary_hits.begin(),
                summary_hits.end());
  }
  for (const auto& author : a.authors) scan(author, kFieldAuthors);

  // A mention inside a longer one of another term is not a mention of its own: "Georgia" in
  // "South Georgia", "Lavrov" in "Sergei Lavrov" (counted once).
  std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
    if (x.field != y.field) return x.field < y.field;
    if (x.start != y.start) return x.start < y.start;
    return x.end > y.end;
  });
  std::uint32_t reach = 0, reach_start = 0;
  int reach_field = -1;
  for (std::uint32_t h = 0; h < hits.size(); ++h) {
    const Hit& hit = hits[h];
    if (hit.field != reach_field) reach_field = hit.field, reach = 0, reach_start = 0;
    const bool inside = reach > hit.end || (reach == hit.end && reach_start < hit.start);
    bool names = false;
    for (const Use& u : patterns_[hit.pattern].uses) {
      if (u.role == Role::kTerm && inside) continue;
      uses.emplace_back(u, h);
      names = names || u.role == Role::kTerm;
    }
    if (names && hit.end > reach) reach = hit.end, reach_start = hit.start;
  }
  std::sort(uses.begin(), uses.end(),
            [](const auto& x, const auto& y) { return x.first.rule < y.first.rule; });
  thread_local std::vector<Found> found;
  thread_local std::vector<FoundEvidence> evidence;
  found.clear();
  evidence.clear();
  for (std::size_t i = 0; i < uses.size();) {
    std::size_t j = i;
    while (j < uses.size() && uses[j].first.rule == uses[i].first.rule) ++j;
    evaluate(uses[i].first.rule, hits, {uses.data() + i, j - i}, a, found, evidence);
    i = j;
  }
  emit(found, evidence, a);
}

}  // namespace newswired
