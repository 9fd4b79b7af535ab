#pragma once
// The tagger over the rule files of one directory. reload() builds a new matcher on the
// caller's thread and swaps it in atomically; the tag thread keeps using whichever matcher it
// loaded until its article is done, and a failed reload leaves the running matcher in place.

#include <atomic>
#include <memory>
#include <string>

#include "pipeline/core/outcome.h"
#include "pipeline/tag/tag_matcher.h"
#include "pipeline/tag/tagger.h"

namespace newswired {

// Reads and compiles every rule file of `dir`.
Outcome<std::shared_ptr<const TagMatcher>> load_tag_matcher(const std::string& dir);

class RuleTagger : public Tagger {
 public:
  static Outcome<std::unique_ptr<RuleTagger>> open(std::string dir);

  std::string_view name() const override { return "rules"; }
  void tag(Article& a) const override { matcher_.load()->tag(a); }

  // Re-reads the directory. On failure (the reason names file:line) nothing changes.
  Outcome<std::shared_ptr<const TagMatcher>> reload();
  std::shared_ptr<const TagMatcher> matcher() const { return matcher_.load(); }
  const std::string& dir() const { return dir_; }

 private:
  RuleTagger(std::string dir, std::shared_ptr<const TagMatcher> m)
      : dir_(std::move(dir)), matcher_(std::move(m)) {}
  std::string dir_;
  std::atomic<std::shared_ptr<const TagMatcher>> matcher_;
};

}  // namespace newswired
