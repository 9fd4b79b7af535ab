#include "pipeline/parse/wire/anpa/framing.h"

#include "pipeline/parse/encoding.h"

namespace newswired::wire_text {
namespace {

constexpr std::string_view kTelexStart = "ZCZC";
constexpr std::string_view kTelexEnd = "NNNN";

// Line-noise that precedes or separates messages: SYN (line synchronisation), NUL and DEL
// (tape fill), form feed, blanks and line breaks.
bool is_padding(char c) {
  return c == '\x16' || c == '\0' || c == '\x7F' || c == '\f' || c == ' ' || c == '\t' ||
         c == '\r' || c == '\n';
}

std::size_t skip_padding(std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() && is_padding(body[i])) ++i;
  return i;
}

// After a line break or line-noise, not after a blank: "ZCZC" inside a sentence is text.
bool at_line_start(std::string_view body, std::size_t at) {
  if (at == 0) return true;
  const char before = body[at - 1];
  return (is_padding(before) && before != ' ' && before != '\t') || before == kEot;
}

// Offsets of `marker` where it opens a line.
std::vector<std::size_t> line_starts_of(std::string_view body, std::string_view marker) {
  std::vector<std::size_t> out;
  for (std::size_t at = body.find(marker); at != std::string_view::npos;
       at = body.find(marker, at + marker.size())) {
    if (at_line_start(body, at)) out.push_back(at);
  }
  return out;
}

// Fills header, text and trailer from a message's bytes after its start marker; `ended` says
// whether its end marker (EOT, NNNN) was seen.
void fill(WireMessage& m, const std::string& utf8, bool ended, bool telex) {
  const std::size_t stx = utf8.find(kStx);
  std::string_view rest = utf8;
  if (stx != std::string::npos) {
    m.has_stx = true;
    m.header = utf8.substr(0, stx);
    rest = std::string_view(utf8).substr(stx + 1);
  } else if (!telex) {
    m.header = utf8;
    m.problem = "no start of text (STX)";
    return;
  }
  const std::size_t etx = rest.find(kEtx);
  if (etx != std::string_view::npos) {
    m.text = rest.substr(0, etx);
    m.trailer = rest.substr(etx + 1);
    return;
  }
  m.text = rest;
  if (!ended) {
    m.problem = telex ? "truncated: no end of text (ETX) or of message (NNNN)"
                      : "truncated: no end of text (ETX) or of transmission (EOT)";
  }
}

std::vector<WireMessage> split(std::string_view body, std::string_view content_type,
                               const std::vector<std::size_t>& starts, std::size_t marker_size,
                               bool telex) {
  std::vector<WireMessage> out;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t from = starts[k] + marker_size;
    const std::size_t to = k + 1 < starts.size() ? starts[k + 1] : body.size();
    std::string_view bytes = body.substr(from, to - from);
    std::size_t end = std::string_view::npos;
    if (telex) {
      const std::vector<std::size_t> ends = line_starts_of(bytes, kTelexEnd);
      if (!ends.empty()) end = ends.front();
    } else {
      end = bytes.find(kEot);
    }
    if (end != std::string_view::npos) bytes = bytes.substr(0, end);
    WireMessage m;
    m.position = static_cast<int>(k) + 1;
    fill(m, decode_to_utf8(bytes, content_type).utf8, end != std::string_view::npos, telex);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

std::vector<WireMessage> split_messages(std::string_view body, std::string_view content_type) {
  if (body.find(kSoh) != std::string_view::npos) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < body.size(); ++i)
      if (body[i] == kSoh) starts.push_back(i);
    return split(body, content_type, starts, 1, false);
  }
  std::vector<std::size_t> starts = line_starts_of(body, kTelexStart);
  // The first frame may follow blanks at the very start.
  const std::size_t first = skip_padding(body);
  if (body.substr(first).starts_with(kTelexStart) && (starts.empty() || starts.front() != first))
    starts.insert(starts.begin(), first);
  return split(body, content_type, starts, kTelexStart.size(), true);
}

std::optional<std::string_view> first_control_header(std::string_view body) {
  constexpr std::size_t kMaxHeader = 512;
  const std::size_t start = skip_padding(body);
  if (start >= body.size() || body[start] != kSoh) return std::nullopt;
  std::string_view header = body.substr(start + 1, kMaxHeader);
  return header.substr(0, header.find(kStx));
}

bool starts_with_telex_frame(std::string_view body) {
  return body.substr(skip_padding(body)).starts_with(kTelexStart);
}

}  // namespace newswired::wire_text
