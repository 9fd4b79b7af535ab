// TagMatcher::evaluate and emit: from one rule's hits to its tag (or none), and from what all
// rules found to the article's tags.
#include <algorithm>
#include <array>
#include <cmath>

#include "pipeline/tag/tag_matcher.h"
#include "pipeline/tag/tag_text.h"
#include "pipeline/tag/tagger.h"

namespace newswired {
namespace {

// Evidence kept per tag: enough to show a desk why, without copying every mention of a name
// that a long article repeats (all mentions still count toward the score).
constexpr std::size_t kMaxEvidence = 8;

// Broader topics are implied, not seen: a little less sure for every step up.
constexpr double kBroaderFactor = 0.8;

double rounded(double score) { return std::round(score * 1000.0) / 1000.0; }

// Score from weighted mentions: one body mention ~0.39, one in the title ~0.63, three ~0.78.
double score_of(double evidence, double weight) {
  return rounded(weight * (1.0 - std::exp(-evidence / 2.0)));
}

const char* field_name(int field) {
  return field == kFieldTitle ? "title" : field == kFieldSummary ? "summary" : "body_text";
}

std::string_view field_text(const Article& a, int field) {
  return field == kFieldTitle ? a.title : field == kFieldSummary ? a.summary : a.body_text;
}

// The article's tag lists, in the order of TagMatcher::list_slot_.
std::array<std::vector<Tag>*, 4> lists_of(Tags& tags) {
  return {&tags.topics, &tags.entities, &tags.places, &tags.agencies};
}

}  // namespace

void TagMatcher::evaluate(std::uint32_t index, const std::vector<Hit>& hits,
                          std::span<const std::pair<Use, std::uint32_t>> uses, const Article& a,
                          std::vector<Found>& found, std::vector<FoundEvidence>& evidence) const {
  const TagRule& rule = rules_[index];
  auto context_near = [&](Role role, const Hit& mention) {
    for (const auto& [use, h] : uses) {
      if (use.role != role) continue;
      const Hit& c = hits[h];
      if (rule.window == 0) return true;
      const std::uint32_t gap =
          c.start > mention.start ? c.start - mention.start : mention.start - c.start;
      if (c.field == mention.field && gap <= rule.window) return true;
    }
    return false;
  };
  const std::uint32_t tag = canonical_[index];
  const std::size_t first_evidence = evidence.size();
  double weight = 0;
  for (const auto& [use, h] : uses) {
    if (use.role != Role::kTerm) continue;
    const Hit& m = hits[h];
    // Authors name agencies only: "John Kerry" as a byline is not a mention.
    if (m.field == kFieldAuthors && rule.type != "agency") continue;
    if (rule.credit_only && m.field != kFieldAuthors &&
        !is_credit_position(field_text(a, m.field), m.start, m.end))
      continue;
    if (!rule.near.empty() && !context_near(Role::kNear, m)) continue;
    if (!rule.not_near.empty() && context_near(Role::kNotNear, m)) continue;
    weight += use.weight * position_weight(m.field, m.start);
    if (m.field != kFieldAuthors) evidence.push_back({tag, m.field, m.start, m.end});
  }
  if (weight == 0 || weight < rule.min_evidence) {
    evidence.resize(first_evidence);
    return;
  }
  const double score = score_of(weight, rule.weight);
  found.push_back({tag, score});
  for (const auto& [up, steps] : broader_[index])
    found.push_back({canonical_[up], rounded(score * std::pow(kBroaderFactor, steps))});
}

void TagMatcher::emit(std::vector<Found>& found, std::vector<FoundEvidence>& evidence,
                      Article& a) const {
  // One entry per tag, with its best score; then by score, highest first.
  std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) {
    return x.tag != y.tag ? x.tag < y.tag : x.score > y.score;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Found& x, const Found& y) { return x.tag == y.tag; }),
              found.end());
  std::stable_sort(found.begin(), found.end(),
                   [](const Found& x, const Found& y) { return x.score > y.score; });
  std::sort(evidence.begin(), evidence.end());
  evidence.erase(std::unique(evidence.begin(), evidence.end()), evidence.end());
  // What is found has one entry per tag id, so only tags already on the article (the first
  // `before` of a list) can have the id of one added here; room is made for all at once.
  const auto lists = lists_of(a.tags);
  std::array<std::size_t, 4> before{};
  std::array<std::size_t, 4> adding{};
  for (std::size_t l = 0; l < lists.size(); ++l) before[l] = lists[l]->size();
  for (const Found& f : found) ++adding[list_slot_[f.tag]];
  for (std::size_t l = 0; l < lists.size(); ++l) lists[l]->reserve(before[l] + adding[l]);
  for (const Found& f : found) {
    const TagRule& r = rules_[f.tag];
    Tag tag{r.id, r.name, r.type, r.country, f.score, {}};
    auto it = std::lower_bound(evidence.begin(), evidence.end(), FoundEvidence{f.tag, 0, 0, 0});
    auto end = it;
    while (end != evidence.end() && end->tag == f.tag) ++end;
    tag.evidence.reserve(std::min<std::size_t>(end - it, kMaxEvidence));
    for (; it != end && tag.evidence.size() < kMaxEvidence; ++it)
      tag.evidence.push_back({field_name(it->field), it->start, it->end});
    const std::size_t slot = list_slot_[f.tag];
    std::vector<Tag>& list = *lists[slot];
    if (list.empty() || list.back().score >= tag.score) {
      // The usual case: nothing of this id there yet (merge_tag would search for it).
      const auto old_end = list.begin() + static_cast<std::ptrdiff_t>(before[slot]);
      if (std::none_of(list.begin(), old_end, [&](const Tag& t) { return t.id == tag.id; })) {
        list.push_back(std::move(tag));
        continue;
      }
    }
    merge_tag(list, std::move(tag));
  }
}

}  // namespace newswired
