#include "pipeline/parse/html_page/eval/benchmark_corpus.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace newswired::html_page::eval {
namespace {

bool read_file(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

Outcome<std::vector<BenchmarkPage>> load_benchmark(const std::filesystem::path& dir) {
  std::string truth_text;
  const std::filesystem::path truth_path = dir / "ground-truth.json";
  if (!read_file(truth_path, truth_text)) return Failure{"cannot read " + truth_path.string()};
  const nlohmann::json truth = nlohmann::json::parse(truth_text, nullptr, false);
  if (truth.is_discarded() || !truth.is_object()) {
    return Failure{truth_path.string() + ": not a JSON object"};
  }
  std::vector<BenchmarkPage> pages;
  for (const auto& [id, entry] : truth.items()) {
    BenchmarkPage page;
    page.id = id;
    page.url = entry.value("url", "");
    page.truth = entry.value("articleBody", "");
    const std::filesystem::path file = dir / "html" / (id + ".html.gz");
    if (!read_file(file, page.bytes)) return Failure{"cannot read " + file.string()};
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace newswired::html_page::eval
