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
inline constexpr std::string_view kSyndication = "http://purl.org/rss/1.0/modules/syndication/";
inline constexpr std::string_view kSlash = "http://purl.org/rss/1.0/modules/slash/";
// Media RSS; a few feeds drop the trailing slash (feedparser accepts both).
inline constexpr std::string_view kMedia = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view kMediaNoSlash = "http://search.yahoo.com/mrss";
inline constexpr std::string_view kGeoRss = "http://www.georss.org/georss";
inline constexpr std::string_view kGml = "http://www.opengis.net/gml";
inline constexpr std::string_view kW3cGeo = "http://www.w3.org/2003/01/geo/wgs84_pos#";
// As Apple spells it today; feeds also use other cases of it (compare without case).
inline constexpr std::string_view kItunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

}  // namespace newswired::ns
