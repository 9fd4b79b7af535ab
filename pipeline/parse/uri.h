#pragma once
// RFC 3986 reference resolution as plain string work, for chaining xml:base values. Unlike the
// normalize stage's resolver it also combines relative bases ("a/" then "b/" is "a/b/"), which
// nested xml:base needs before the document URL is known to be usable.

#include <string>
#include <string_view>

namespace newswired {

// `ref` resolved against `base` (RFC 3986 section 5.2). An empty base returns `ref` as is.
std::string resolve_reference(std::string_view base, std::string_view ref);

}  // namespace newswired
