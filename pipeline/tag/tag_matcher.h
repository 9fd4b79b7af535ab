#pragma once
// All tag rules compiled into one Hyperscan (vectorscan) literal database: one scan per text
// field finds every mention of every rule; word boundaries, context and scoring are checked on
// the hits. Immutable once built, so one matcher serves any number of threads.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/core/outcome.h"
#include "pipeline/tag/tag_rules.h"

struct hs_database;

namespace newswired {

class TagMatcher {
 public:
  static Outcome<std::shared_ptr<const TagMatcher>> build(std::vector<TagRule> rules);
  ~TagMatcher();
  TagMatcher(const TagMatcher&) = delete;
  TagMatcher& operator=(const TagMatcher&) = delete;

  // Adds topics, entities, places and agencies found in title, summary and body text, and
  // agencies named as authors.
  void tag(Article& a) const;

  std::size_t rule_count() const { return rules_.size(); }
  std::size_t pattern_count() const { return patterns_.size(); }
  std::size_t database_bytes() const;

  enum class Role : std::uint8_t { kTerm, kNear, kNotNear };
  struct Use {
    std::uint32_t rule;
    Role role;
    double weight;
  };
  struct Pattern {
    std::uint32_t length;
    // Names match as written or all in capitals: they are scanned for as those two exact
    // literals (which hyperscan confirms faster than one caseless literal), and the spelling
    // is checked again on a hit. Empty for terms that match in any case.
    std::string as_written;
    std::string in_capitals;
    std::vector<Use> uses;
  };
  struct Hit {
    std::uint32_t pattern;
    std::uint8_t field;
    std::uint32_t start;
    std::uint32_t end;
  };
  // What evaluation found, by the index of the first rule with the tag's id: merged and turned
  // into `Tag`s (strings) only once per tag.
  struct Found {
    std::uint32_t tag;
    double score;
  };
  struct FoundEvidence {
    std::uint32_t tag;
    std::uint8_t field;
    std::uint32_t start;
    std::uint32_t end;
    auto operator<=>(const FoundEvidence&) const = default;
  };

 private:
  TagMatcher() = default;
  // Decides one rule from its hits (terms and context) and adds its tag, and its broader
  // topics, to `found`.
  void evaluate(std::uint32_t rule, const std::vector<Hit>& hits,
                std::span<const std::pair<Use, std::uint32_t>> uses, const Article& a,
                std::vector<Found>& found, std::vector<FoundEvidence>& evidence) const;
  // Adds what was found to the article's tag lists, each ordered by score.
  void emit(std::vector<Found>& found, std::vector<FoundEvidence>& evidence, Article& a) const;

  hs_database* db_ = nullptr;
  std::uint64_t serial_ = 0;  // unique per built matcher (an address may be reused)
  std::vector<TagRule> rules_;
  std::vector<Pattern> patterns_;
  // Per rule: the broader topics to add with it and how many steps up they are.
  std::vector<std::vector<std::pair<std::uint32_t, int>>> broader_;
  // Per rule: the first rule with the same id, which stands for the tag.
  std::vector<std::uint32_t> canonical_;
  // Per rule: which of the article's tag lists its tag goes to (topics, entities, places,
  // agencies).
  std::vector<std::uint8_t> list_slot_;
};

}  // namespace newswired
