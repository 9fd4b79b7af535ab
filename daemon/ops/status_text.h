#pragma once
// `newswired status` output: the /status.json document as a table for a terminal.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace newswired {

// Whether `doc` has the shape of /status.json (an object with a "sources" array).
bool looks_like_status(const nlohmann::json& doc);

// A line about the instance, then one row per source in the document's order (worst first).
// Control characters in names and errors become spaces: a remote server's error text must not
// move the cursor or recolour the terminal. `width`: the terminal's, that long errors are cut
// to (never to less than a few words); 0: errors whole, as when the output goes to a file.
std::string status_table(const nlohmann::json& doc, std::size_t width = 0);

}  // namespace newswired
