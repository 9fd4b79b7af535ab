#pragma once
// The paragraphs of the project's own test stories (tests/fixtures/dedupe/stories.txt), the
// text the benchmarks build news-sized articles from.

#include <fstream>
#include <string>
#include <vector>

namespace newswired {

inline std::vector<std::string> story_paragraphs() {
  std::ifstream in(std::string(NW_SOURCE_DIR) + "/tests/fixtures/dedupe/stories.txt");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#' && line[0] != '@' && !line.starts_with("title: ") &&
        !line.starts_with("lede: "))
      out.push_back(line);
  return out;
}

}  // namespace newswired
