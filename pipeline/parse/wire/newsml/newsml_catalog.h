#pragma once
// NewsML-G2 scheme aliases. A qcode's alias ("medtop" in "medtop:20000639") means what the
// item's catalogs say it means: an inline <catalog><scheme alias=".." uri=".."/> may give an
// IPTC scheme another alias, and a concept may be given by @uri alone. Both are brought to the
// alias IPTC's own catalog uses, so that tags say "medtop:20000639" whoever sent them. Remote
// catalogs (catalogRef) are never fetched: IPTC's standard aliases are known here.

#include <map>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace newswired::newsml {

class SchemeAliases {
 public:
  // The inline catalogs of `item` (a newsItem or packageItem).
  explicit SchemeAliases(pugi::xml_node item);

  // "mt:20000639" with mt declared as IPTC's Media Topics -> "medtop:20000639";
  // "http://cv.iptc.org/newscodes/mediatopic/20000639" -> "medtop:20000639"; anything else
  // as it is.
  std::string canonical(std::string_view qcode_or_uri) const;

 private:
  std::map<std::string, std::string, std::less<>> uri_of_alias_;
};

}  // namespace newswired::newsml
