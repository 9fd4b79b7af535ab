#pragma once
// Reading a plain-text wire story, for ANPA 1312 and IPTC 7901 alike: lines into paragraphs,
// the dateline ("CITY (AP) _", "Berlin (dpa) -"), bylines, and the words agencies use for
// versions, corrections and kills ("2nd Ld-Writethru", "Correction", "Kill", "1ST LEAD").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newswired::wire_text {

std::string lower_ascii(std::string_view s);

// `text` split at LF, each line without its CR.
std::vector<std::string_view> lines_of(std::string_view text);

// The line without control characters (tabs stay) and DEL.
std::string without_controls(std::string_view line);

// Runs of blanks as one space, none at either end.
std::string squeeze(std::string_view s);

// A tab or two spaces: a new paragraph on lines that are wrapped at a fixed width.
bool is_indented(std::string_view line);

struct TextLine {
  std::string text;              // "" for a blank line
  bool opens_paragraph = false;  // indented, or a heading line of its own
};

// A blank line ends a paragraph and an opening line starts one; any other line continues the
// paragraph it follows (teleprinter lines are wrapped at a fixed width).
std::vector<std::string> join_paragraphs(const std::vector<TextLine>& lines);

// Each paragraph as <p>, text escaped.
std::string paragraphs_html(const std::vector<std::string>& paragraphs);
// Tables and other fixed layout as one <pre>, text escaped.
std::string preformatted_html(const std::vector<std::string>& lines);

struct Dateline {
  std::string located;  // "CHATHAM, Mass." -> "CHATHAM"
  std::string rest;     // the paragraph after the dateline
};
// "CHATHAM, Mass. (AP) _ A lobster died." -> {"CHATHAM", "A lobster died."}
std::optional<Dateline> read_dateline(std::string_view paragraph);

// "By PAUL BYRNE and ALMUDENA CALATRAVA" -> {"PAUL BYRNE", "ALMUDENA CALATRAVA"};
// "By Manuel Schwarz, dpa" -> {"Manuel Schwarz"}; empty when `line` is not a byline.
std::vector<std::string> byline_names(std::string_view line);

// What the version words of a keyword or heading line say.
struct VersionWords {
  int lead = 0;  // "2nd Ld", "2ndLd-Writethru", "2ND LEAD": 2
  int take = 0;  // "1st Add": 1 (a continuation, not a new version)
  bool update = false;
  bool correction = false;
  bool kill = false;
  bool repeat = false;
};
VersionWords read_version_words(std::string_view text);
// True when every word of `line` is a version, priority or routing label ("1ST LEAD",
// "EXTRA", "(Achtung)", "URGENT"): a heading line that is not the headline.
bool is_label_line(std::string_view line);

// "1" for a first version (no version words), the lead number + 1 for leads and
// write-throughs, "" when the words say a new version without its number (a correction).
std::string version_of(const VersionWords& words);
// "update", "correction" as RawWire::signals.
std::vector<std::string> signals_of(const VersionWords& words);

}  // namespace newswired::wire_text
