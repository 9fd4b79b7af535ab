#include "tests/pipeline/dedupe/story_variants.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace newswired::testing {
namespace {

const std::vector<std::string> kAgencies{"Nordic Wire", "Continental Press", "Atlantic News Agency",
                                         "Meridian Newswire"};
const std::vector<std::string> kReporters{"Anna Berg", "Tom Okonkwo", "Lucia Ferrante",
                                          "Pieter de Vries", "Mira Chandra"};
const std::vector<std::string> kBoilerplate{
    "Copyright 2026 {agency}. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed without permission.",
    "(Reporting by {reporter}; additional reporting by Jon Halvorsen; editing by Clare "
    "Whitfield)",
    "Sign up for our morning briefing to get the day's most important stories in your inbox "
    "before breakfast. Follow us on social media for live updates.",
    "This article was produced by {agency} and is distributed to subscribers under licence. "
    "For corrections contact the news desk."};

std::string fill(std::string text, const std::string& agency, const std::string& reporter) {
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"{agency}", agency}, {"{reporter}", reporter}}) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key))
      text.replace(at, key.size(), value);
  }
  return text;
}

template <typename T>
const T& pick(const std::vector<T>& v, std::mt19937& rng) {
  return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

std::string join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

}  // namespace

std::vector<StoryGroup> load_story_groups(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<StoryGroup> groups;
  std::string line;
  auto story = [&]() -> Story& {
    if (groups.empty() || groups.back().stories.empty())
      throw std::runtime_error(path + ": text outside a story: " + line);
    return groups.back().stories.back();
  };
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("#")) continue;
    if (line.starts_with("@group ")) {
      groups.push_back({line.substr(7), "", {}});
    } else if (line.starts_with("@background ")) {
      if (groups.empty()) throw std::runtime_error(path + ": background outside a group");
      groups.back().background = line.substr(12);
    } else if (line.starts_with("@story ")) {
      if (groups.empty()) throw std::runtime_error(path + ": story outside a group");
      groups.back().stories.push_back({groups.back().name, line.substr(7), "", "", {}});
    } else if (line.starts_with("title: ")) {
      story().title = line.substr(7);
    } else if (line.starts_with("lede: ")) {
      story().lede = line.substr(6);
    } else {
      story().paragraphs.push_back(line);
    }
  }
  return groups;
}

StoryCopy original(const Story& s) { return {s.title, join(s.paragraphs), {}}; }

StoryCopy variant(const Story& s, const StoryGroup& g, int edits, std::mt19937& rng) {
  std::vector<std::string> kinds{"lede",  "boilerplate", "byline",  "wire_credit",
                                 "added", "cut",         "reorder", "headline"};
  std::shuffle(kinds.begin(), kinds.end(), rng);
  kinds.resize(static_cast<std::size_t>(std::clamp(edits, 1, 7)));
  const std::string agency = pick(kAgencies, rng);
  const std::string reporter = pick(kReporters, rng);
  std::vector<std::string> paras = s.paragraphs;
  std::string title = s.title;
  // Structural edits first, so that the credit and byline end up at the top.
  auto order = [](const std::string& k) {
    return k == "byline" ? 3 : k == "wire_credit" ? 2 : k == "boilerplate" ? 1 : 0;
  };
  std::stable_sort(kinds.begin(), kinds.end(),
                   [&](const auto& a, const auto& b) { return order(a) < order(b); });
  for (const auto& k : kinds) {
    if (k == "lede") {
      paras[0] = s.lede;
    } else if (k == "boilerplate") {
      paras.push_back(fill(pick(kBoilerplate, rng), agency, reporter));
    } else if (k == "byline") {
      paras.insert(paras.begin(), "By " + reporter + ", " + agency + " correspondent");
    } else if (k == "wire_credit") {
      paras[0] = "(" + agency + ") - " + paras[0];
    } else if (k == "added") {
      const auto at = std::uniform_int_distribution<std::size_t>(1, paras.size())(rng);
      paras.insert(paras.begin() + static_cast<std::ptrdiff_t>(at), g.background);
    } else if (k == "cut") {
      const auto at = std::uniform_int_distribution<std::size_t>(1, paras.size() - 1)(rng);
      paras.erase(paras.begin() + static_cast<std::ptrdiff_t>(at));
    } else if (k == "reorder") {
      const auto at = std::uniform_int_distribution<std::size_t>(1, paras.size() - 2)(rng);
      std::swap(paras[at], paras[at + 1]);
    } else if (k == "headline") {
      title = "UPDATE 1-" + title;
    }
  }
  return {title, join(paras), kinds};
}

}  // namespace newswired::testing
