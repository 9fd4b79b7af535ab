#pragma once
// Made-up wire stories for the integration tests.

#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace newswired::testing {

// A ninjs item whose text shares no run of words with another's: no near-duplicates.
inline std::string story(int n) {
  static const char* kWords[] = {
      "harbour", "council",  "minister", "budget",   "river",   "station", "contract", "strike",
      "teacher", "election", "bridge",   "hospital", "farmers", "storm",   "court",    "museum",
      "airport", "festival", "railway",  "mayor",    "energy",  "police",  "school",   "market",
      "village", "factory",  "coast",    "summit",   "talks",   "vote",    "league",   "theatre"};
  std::mt19937 rng(static_cast<unsigned>(n) * 7919u + 17u);
  std::string text;
  for (int i = 0; i < 120; ++i)
    text += std::string(kWords[rng() % 32]) + (i % 12 == 11 ? ". " : " ");
  return nlohmann::json{{"uri", "urn:newsml:drop.test:story-" + std::to_string(n)},
                        {"version", "1"},
                        {"versioncreated", "2026-03-01T10:00:00Z"},
                        {"pubstatus", "usable"},
                        {"headline", "Story number " + std::to_string(n)},
                        {"body_text", text}}
      .dump();
}

}  // namespace newswired::testing
