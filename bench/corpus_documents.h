#pragma once
// Every file under a folder of feeds, read into memory as documents (in path order), so that
// benchmarks time parsing, not the disk.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pipeline/core/document.h"

namespace newswired::bench {

inline std::vector<Document> corpus_documents(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Document> docs;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    Document d;
    d.source = {"corpus", "", "auto"};
    d.body = ss.str();
    d.fetched_at = "2026-01-01T00:00:00Z";
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace newswired::bench
