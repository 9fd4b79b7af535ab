#pragma once
// The tag stage's contract: a tagger adds what it knows to an article; taggers run in a chain.

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "pipeline/core/article.h"

namespace newswired {

// Adds `t` to `list`, or merges it into the tag with the same id already there (two taggers, or
// two mentions, must not yield the same tag twice): the higher score and all evidence are kept.
inline void merge_tag(std::vector<Tag>& list, Tag t) {
  auto same = std::find_if(list.begin(), list.end(), [&](const Tag& x) { return x.id == t.id; });
  if (same == list.end()) {
    list.push_back(std::move(t));
    return;
  }
  same->score = std::max(same->score, t.score);
  for (auto& e : t.evidence) same->evidence.push_back(std::move(e));
}

class Tagger {
 public:
  virtual ~Tagger() = default;
  virtual std::string_view name() const = 0;
  virtual void tag(Article& a) const = 0;
};

class TaggerChain {
 public:
  void add(std::unique_ptr<Tagger> t) { taggers_.push_back(std::move(t)); }
  void tag(Article& a) const {
    for (const auto& t : taggers_) t->tag(a);
  }

 private:
  std::vector<std::unique_ptr<Tagger>> taggers_;
};

}  // namespace newswired
