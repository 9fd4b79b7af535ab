#pragma once
// Element matching and value conventions shared by the NewsML-G2 readers.

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace newswired::newsml {

// The NewsML-G2 (NAR) namespace, the same for every 2.x version.
inline constexpr std::string_view kNar = "http://iptc.org/std/nar/2006-10-01/";

// A NewsML-G2 element: in the NAR namespace, or in none when a sender left it undeclared.
bool is_g2(pugi::xml_node node, std::string_view local);
// The first G2 child called `local`, or a null node.
pugi::xml_node g2_child(pugi::xml_node parent, std::string_view local);
// An attribute's value without surrounding white space ("" when absent).
std::string attr(pugi::xml_node element, const char* name);

// "stat:canceled" -> "canceled": the code of a qcode, the qcode itself when it has no alias.
std::string code_of(std::string_view qcode);
// The last path segment of a URI ("http://cv.iptc.org/newscodes/signal/correction" ->
// "correction").
std::string last_segment(std::string_view uri);
std::string lower(std::string_view s);

// The concept's label: its <name> in `lang` (or a sub-tag of it) when it gives several
// languages, else its first <name>.
std::string name_of_concept(pugi::xml_node concept_element, std::string_view lang);

}  // namespace newswired::newsml
