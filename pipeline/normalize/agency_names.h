#pragma once
// The main news agencies and how articles credit them ("Reuters", "AFP", "Agence France-Presse",
// "dpa"), for reading credit lines in normalize. A small table on purpose: the tag stage has
// the full agency gazetteer.

#include <optional>
#include <string>
#include <string_view>

namespace newswired {

// The agency's canonical name ("AP" for "Associated Press" or "AP"), or nullopt for anything
// else. Short spellings match as credit lines write them, in upper or (as German ones do: "afp,
// rtr") lower case, not mixed ("Dpa"); full names match in any case. Callers only ask about
// words inside a credit's structure, where "ap" cannot be anything else.
std::optional<std::string> canonical_agency(std::string_view spelling);

}  // namespace newswired
