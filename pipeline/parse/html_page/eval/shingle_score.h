#pragma once
// The metric of the article-extraction benchmark (github.com/scrapinghub/article-extraction-
// benchmark, evaluate.py), reimplemented: texts are split into word tokens (runs of Unicode
// letters, digits and '_', as Python's \w), compared as multisets of 4-token shingles, and each
// page's true/false positives and false negatives are normalised to sum to one, so that long
// articles weigh no more than short ones. Precision is the mean over pages that predicted
// something, recall the mean over pages whose truth has text, F1 their harmonic mean; the
// spread is the standard deviation over bootstrap resamples of the pages.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newswired::html_page::eval {

std::vector<std::string> word_tokens(std::string_view utf8);

struct PageMatch {
  double tp = 0;
  double fp = 0;
  double fn = 0;
  bool exact = false;  // the token sequences are equal
};

PageMatch match_page(std::string_view truth, std::string_view prediction);

struct Scores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double accuracy = 0;
};

Scores score_pages(const std::vector<PageMatch>& pages);

// Standard deviation of each score over `rounds` resamples (with replacement) of the pages.
Scores bootstrap_spread(const std::vector<PageMatch>& pages, int rounds, std::uint32_t seed);

}  // namespace newswired::html_page::eval
