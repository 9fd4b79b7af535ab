#include "pipeline/parse/html_page/eval/shingle_score.h"

#include <cmath>
#include <random>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newswired::html_page::eval {
namespace {

// Python's str.isalnum() or '_': letters (Lu Ll Lt Lm Lo) and anything with a numeric value.
bool is_word_char(UChar32 c) {
  if (c == '_') return true;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return true;
    default:
      return u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
  }
}

constexpr int kShingleSize = 4;

std::unordered_map<std::string, int> shingles(const std::vector<std::string>& tokens) {
  std::unordered_map<std::string, int> out;
  const std::size_t n = tokens.size();
  const std::size_t count = n >= kShingleSize ? n - kShingleSize + 1 : 1;
  for (std::size_t i = 0; i < count && i < n; ++i) {
    std::string key;
    for (std::size_t k = i; k < i + kShingleSize && k < n; ++k) {
      key += tokens[k];
      key += '\x1F';  // never inside a token
    }
    ++out[key];
  }
  return out;
}

double page_precision(const PageMatch& m) {
  if (m.fp == 0 && m.fn == 0) return 1;
  if (m.tp == 0 && m.fp == 0) return 0;
  return m.tp / (m.tp + m.fp);
}

double page_recall(const PageMatch& m) {
  if (m.fp == 0 && m.fn == 0) return 1;
  if (m.tp == 0 && m.fn == 0) return 0;
  return m.tp / (m.tp + m.fn);
}

double stdev(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double mean = 0;
  for (double x : v) mean += x;
  mean /= v.size();
  double sq = 0;
  for (double x : v) sq += (x - mean) * (x - mean);
  return std::sqrt(sq / (v.size() - 1));
}

}  // namespace

std::vector<std::string> word_tokens(std::string_view utf8) {
  std::vector<std::string> tokens;
  std::string current;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && is_word_char(c)) {
      current.append(utf8.substr(start, i - start));
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

PageMatch match_page(std::string_view truth, std::string_view prediction) {
  const std::vector<std::string> true_tokens = word_tokens(truth);
  const std::vector<std::string> pred_tokens = word_tokens(prediction);
  PageMatch m;
  m.exact = true_tokens == pred_tokens;
  const auto t = shingles(true_tokens);
  const auto p = shingles(pred_tokens);
  for (const auto& [key, true_count] : t) {
    auto it = p.find(key);
    const int pred_count = it == p.end() ? 0 : it->second;
    m.tp += std::min(true_count, pred_count);
    m.fn += std::max(0, true_count - pred_count);
    m.fp += std::max(0, pred_count - true_count);
  }
  for (const auto& [key, pred_count] : p)
    if (!t.contains(key)) m.fp += pred_count;
  const double sum = m.tp + m.fp + m.fn;
  if (sum > 0) {
    m.tp /= sum;
    m.fp /= sum;
    m.fn /= sum;
  }
  return m;
}

Scores score_pages(const std::vector<PageMatch>& pages) {
  Scores s;
  int with_prediction = 0;
  int with_truth = 0;
  int exact = 0;
  for (const PageMatch& m : pages) {
    if (m.tp + m.fp > 0) {
      s.precision += page_precision(m);
      ++with_prediction;
    }
    if (m.tp + m.fn > 0) {
      s.recall += page_recall(m);
      ++with_truth;
    }
    exact += m.exact ? 1 : 0;
  }
  if (with_prediction > 0) s.precision /= with_prediction;
  if (with_truth > 0) s.recall /= with_truth;
  if (s.precision + s.recall > 0) s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  if (!pages.empty()) s.accuracy = double(exact) / pages.size();
  return s;
}

Scores bootstrap_spread(const std::vector<PageMatch>& pages, int rounds, std::uint32_t seed) {
  if (pages.empty()) return {};
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, pages.size() - 1);
  std::vector<double> p, r, f, a;
  std::vector<PageMatch> sample(pages.size());
  for (int round = 0; round < rounds; ++round) {
    for (PageMatch& m : sample) m = pages[pick(rng)];
    const Scores s = score_pages(sample);
    p.push_back(s.precision);
    r.push_back(s.recall);
    f.push_back(s.f1);
    a.push_back(s.accuracy);
  }
  return Scores{stdev(p), stdev(r), stdev(f), stdev(a)};
}

}  // namespace newswired::html_page::eval
