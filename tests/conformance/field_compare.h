#pragma once
// How one of our fields is held equal to feedparser's (docs/conformance.md says why each rule
// is what it is). Pure functions, tested on their own in field_compare_test.cc.

#include <optional>
#include <string>
#include <string_view>

namespace newswired::conformance {

// A title as read: HTML stripped and entities decoded (feedparser's titles may be escaped HTML,
// ours are text), whitespace collapsed.
std::string comparable_title(std::string_view title);

// A URL spelled one way: parsed and re-serialised (scheme and host lower case, "/" for an empty
// path, spaces percent-encoded); relative references and non-URLs stay as given, trimmed.
std::string comparable_link(std::string_view link);

// The person in an author string, the way feedparser splits one: an e-mail address removed
// together with "()" or "<>" around it, and the parentheses around what remains. Falls back to
// the address when no name remains. "Jo (jo@x.org)", "jo@x.org (Jo)" and "Jo <jo@x.org>" are
// all "Jo".
std::string person(std::string_view author);

// `ours` is already text (normalize stripped it); only the oracle's title is read as HTML.
bool same_title(std::string_view oracle, std::string_view ours);
// Equal in one spelling, or the oracle's link is a relative reference (feedparser had no base
// URI) that denotes our absolute link: resolved against ours, it gives ours back.
bool same_link(std::string_view oracle, std::string_view ours);
// feedparser copies an entry's id into its link when there is no link (RSS guid without
// isPermaLink="false", and every Atom id). We take only web addresses that way: an id that is
// not an absolute http(s) URL ("urn:uuid:...", "abc123") is a name, not a link, so such an
// oracle link is not compared when we have none.
bool link_is_copied_non_url_id(std::string_view oracle_link, std::string_view oracle_id,
                               std::string_view ours);
bool same_id(std::string_view oracle, std::string_view ours);
// The persons named; ours is text already, the oracle's may hold escaped HTML.
bool same_author(std::string_view oracle, std::string_view ours);
// Both RFC 3339 UTC strings (or absent); compared to the second.
bool same_date(const std::optional<std::string>& oracle, const std::optional<std::string>& ours);

}  // namespace newswired::conformance
