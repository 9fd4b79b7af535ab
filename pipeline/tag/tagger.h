#pragma once
// The tag stage's contract: a tagger adds what it knows to an article; taggers run in a chain.

#include <memory>
#include <string_view>
#include <vector>

#include "pipeline/core/article.h"

namespace newswired {

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
