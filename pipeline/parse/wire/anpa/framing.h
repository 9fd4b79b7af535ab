#pragma once
// The framing the plain-text wire formats (ANPA 1312, IPTC 7901) share. A document is one or
// more messages, each
//   SOH header STX text ETX trailer EOT
// (SYN, NUL, DEL and line breaks may pad them), or, on telex-style lines, framed by a "ZCZC"
// line and an "NNNN" line instead of SOH and EOT, with STX and ETX optional.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newswired::wire_text {

inline constexpr char kSoh = '\x01';
inline constexpr char kStx = '\x02';
inline constexpr char kEtx = '\x03';
inline constexpr char kEot = '\x04';

struct WireMessage {
  int position = 0;     // 1-based, in the document: for warnings
  std::string header;   // between SOH (or the ZCZC line) and STX
  std::string text;     // between STX and ETX; for telex framing without STX, all of it
  std::string trailer;  // after ETX: the date-time line
  bool has_stx = false;
  std::string problem;  // why the message cannot be read ("" when it is complete)
};

// Every message of `body`, complete or not, each decoded to UTF-8 on its own: agencies send
// ISO-8859-1 as often as UTF-8, and a file may join messages of both. A charset in
// `content_type` is used when given; otherwise UTF-8, else windows-1252 (encoding.h).
std::vector<WireMessage> split_messages(std::string_view body, std::string_view content_type);

// The first message's header (the bytes after SOH, up to STX or a few lines), when the
// document starts with SOH after padding; for sniffing.
std::optional<std::string_view> first_control_header(std::string_view body);

// Whether the document starts with a "ZCZC" line after padding.
bool starts_with_telex_frame(std::string_view body);

}  // namespace newswired::wire_text
