#include "tests/conformance/field_compare.h"

#include <cctype>
#include <regex>

#include "pipeline/normalize/html_text.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/urls.h"

namespace newswired::conformance {
namespace {

// The address pattern feedparser uses to find an e-mail inside an author string.
const std::regex& email_pattern() {
  static const std::regex re(
      R"((mailto:)?[a-zA-Z0-9_.+-]+@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?)(\?subject=\S+)?)");
  return re;
}

void erase_all(std::string& s, std::string_view what) {
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what))
    s.erase(at, what.size());
}

bool is_web_url(std::string_view s) {
  const std::string lower = to_lower_ascii(s.substr(0, 8));
  return lower.starts_with("http://") || lower.starts_with("https://");
}

bool has_scheme(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : s.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  }
  return true;
}

}  // namespace

std::string comparable_title(std::string_view title) { return title_text(title); }

std::string comparable_link(std::string_view link) {
  const std::string trimmed = collapse_whitespace(link);
  if (trimmed.empty()) return trimmed;
  return resolve_url("", trimmed);
}

std::string person(std::string_view author) {
  std::string s = collapse_whitespace(author);
  std::smatch m;
  if (!std::regex_search(s, m, email_pattern())) return s;
  const std::string email = m.str(0);
  erase_all(s, email);
  erase_all(s, "()");
  erase_all(s, "<>");
  s = collapse_whitespace(s);
  if (s.starts_with('(')) s.erase(0, 1);
  if (s.ends_with(')')) s.pop_back();
  s = collapse_whitespace(s);
  return s.empty() ? email : s;
}

bool same_title(std::string_view oracle, std::string_view ours) {
  return comparable_title(oracle) == collapse_whitespace(ours);
}

bool same_link(std::string_view oracle, std::string_view ours) {
  const std::string theirs = comparable_link(oracle);
  const std::string mine = comparable_link(ours);
  if (theirs == mine) return true;
  return !has_scheme(theirs) && !theirs.empty() && is_web_url(mine) &&
         comparable_link(resolve_url(mine, theirs)) == mine;
}

bool link_is_copied_non_url_id(std::string_view oracle_link, std::string_view oracle_id,
                               std::string_view ours) {
  const std::string link = collapse_whitespace(oracle_link);
  return !link.empty() && ours.empty() && link == collapse_whitespace(oracle_id) &&
         !is_web_url(link);
}

bool same_id(std::string_view oracle, std::string_view ours) {
  return collapse_whitespace(oracle) == collapse_whitespace(ours);
}

bool same_author(std::string_view oracle, std::string_view ours) {
  return title_text(person(oracle)) == person(ours);
}

bool same_date(const std::optional<std::string>& oracle, const std::optional<std::string>& ours) {
  return oracle == ours;
}

}  // namespace newswired::conformance
