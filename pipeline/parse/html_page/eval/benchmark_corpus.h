#pragma once
// The article-extraction benchmark's pages as published: html/<id>.html.gz and
// ground-truth.json ({id: {"url", "articleBody"}}).

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/core/outcome.h"

namespace newswired::html_page::eval {

struct BenchmarkPage {
  std::string id;
  std::string url;
  std::string truth;  // the expected article body
  std::string bytes;  // the page file as stored (gzip)
};

// Pages in id order; a Failure names the file that is missing or unreadable.
Outcome<std::vector<BenchmarkPage>> load_benchmark(const std::filesystem::path& dir);

}  // namespace newswired::html_page::eval
