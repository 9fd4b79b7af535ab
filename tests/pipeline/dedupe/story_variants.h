#pragma once
// Deterministic test material for near-duplicate detection: base stories written for the
// project (tests/fixtures/dedupe/stories.txt) and copies of them as other feeds and agencies
// would carry them: rewritten lede, boilerplate, byline, wire credit, a paragraph added or
// cut, paragraphs reordered, another headline.

#include <random>
#include <string>
#include <vector>

namespace newswired::testing {

struct Story {
  std::string group;
  std::string name;
  std::string title;
  std::string lede;  // a rewritten first paragraph
  std::vector<std::string> paragraphs;
};

struct StoryGroup {
  std::string name;
  std::string background;  // a paragraph any of the group's stories may gain
  std::vector<Story> stories;
};

// Throws std::runtime_error if the file cannot be read or is malformed.
std::vector<StoryGroup> load_story_groups(const std::string& path);

struct StoryCopy {
  std::string title;
  std::string body;                // paragraphs separated by blank lines
  std::vector<std::string> edits;  // what was done to the base story
};

StoryCopy original(const Story& s);
// A copy with `edits` (1..7) different edits picked with `rng`.
StoryCopy variant(const Story& s, const StoryGroup& g, int edits, std::mt19937& rng);

}  // namespace newswired::testing
