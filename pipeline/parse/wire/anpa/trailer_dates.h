#pragma once
// The date-time a plain-text wire message carries in its trailer, after ETX:
//   ANPA 1312: month-day[-year] time zone, "AP-WF-11-13-13 1509GMT", "05-12-15 1403ED",
//              "12-05 1403GMT";
//   IPTC 7901: day hour minute, zone, month name[, year], "131137 GMT Nov 13", "071341 GMT Okt 15".
// Written out as RFC 3339 with the zone's offset ("2013-11-13T15:09:00Z",
// "2015-05-12T14:03:00-04:00"). Two-digit years are 1970 to 2069. A trailer without a year
// gets the year that puts the date nearest to the document's fetch time (a story dated 12-31
// fetched on January 1st is from the year before).

#include <string>
#include <string_view>

namespace newswired::wire_text {

struct TrailerDate {
  std::string rfc3339;  // "" when there is no date or it cannot be resolved
  std::string problem;  // why a date that is there was not used ("" otherwise)
};

// `fetched_at` is Document::fetched_at (RFC 3339), used only when the trailer has no year.
TrailerDate anpa_trailer_date(std::string_view trailer, std::string_view fetched_at);
TrailerDate iptc7901_trailer_date(std::string_view trailer, std::string_view fetched_at);

// Whether `line` is nothing but an IPTC 7901 date-time (a telex message without ETX ends so).
bool is_iptc7901_date_line(std::string_view line);

}  // namespace newswired::wire_text
