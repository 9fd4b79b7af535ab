#pragma once
// Namespace URIs the parsers recognise. Feeds bind them to whatever prefixes they like, so
// elements are matched by URI (see xml_util.h), never by prefix.

#include <string_view>

namespace newswired::ns {

inline constexpr std::string_view kNone = "";
inline constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
inline constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090 = "http://my.netscape.com/rdf/simple/0.9/";
// RSS 0.9x/2.0 elements are normally in no namespace; a few feeds put them in UserLand's.
inline constexpr std::string_view kUserlandRss = "http://backend.userland.com/rss";
inline constexpr std::string_view kUserlandRss2 = "http://backend.userland.com/rss2";
inline constexpr std::string_view kAtom10 = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
inline constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kDcTerms = "http://purl.org/dc/terms/";
inline constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";

}  // namespace newswired::ns
