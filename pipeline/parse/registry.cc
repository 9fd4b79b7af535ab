#include "pipeline/parse/registry.h"

#include <cstdlib>
#include <iterator>
#include <optional>

#include "pipeline/parse/atom_parser.h"
#include "pipeline/parse/encoding.h"
#include "pipeline/parse/html_page/html_page_parser.h"
#include "pipeline/parse/json_feed_parser.h"
#include "pipeline/parse/recovery.h"
#include "pipeline/parse/rss_parser.h"
#include "pipeline/parse/sniff.h"
#include "pipeline/parse/text_parser.h"
#include "pipeline/parse/wire/anpa/anpa_parser.h"
#include "pipeline/parse/wire/anpa/iptc7901_parser.h"
#include "pipeline/parse/wire/newsml/newsml_parser.h"
#include "pipeline/parse/wire/ninjs/ninjs_parser.h"
#include "pipeline/parse/wire/nitf/nitf_parser.h"

namespace newswired {

const std::vector<const Parser*>& all_parsers() {
  // The complete list, spelled out: a new format is added here, nowhere else.
  static const RssParser rss;
  static const AtomParser atom;
  static const JsonFeedParser jsonfeed;
  // Wire formats after the feeds: a JSON Feed is never mistaken for an agency's item.
  static const NewsmlParser newsml;
  static const NitfParser nitf;
  static const NinjsParser ninjs;
  // Plain-text wire lines, told apart by their control characters (SOH) or a ZCZC line.
  static const AnpaParser anpa;
  static const Iptc7901Parser iptc7901;
  // Never sniffed (text_parser.h): only for sources that say `format: text`.
  static const TextParser text;
  // Last: feeds are sniffed first, so that a feed is never read as a web page.
  static const HtmlPageParser html;
  static const std::vector<const Parser*> parsers{&rss,   &atom, &jsonfeed, &newsml, &nitf,
                                                  &ninjs, &anpa, &iptc7901, &text,   &html};
  return parsers;
}

const Parser* find_parser(std::string_view format) {
  for (const Parser* p : all_parsers()) {
    if (p->format() == format) return p;
  }
  return nullptr;
}

std::vector<std::string> known_formats() {
  std::vector<std::string> names{"auto"};
  for (const Parser* p : all_parsers()) names.emplace_back(p->format());
  return names;
}

namespace {

// "XML error at byte N: ..." -> N (the parsers' Failure for XML that is not well-formed).
std::optional<std::size_t> xml_error_offset(const std::string& reason) {
  constexpr std::string_view kPrefix = "XML error at byte ";
  if (!reason.starts_with(kPrefix)) return std::nullopt;
  return std::strtoull(reason.c_str() + kPrefix.size(), nullptr, 10);
}

bool has_items(const Outcome<ParsedFeed>& out) { return out.ok() && !out.value().items.empty(); }

// Each repair drops at least one byte; a document broken in more places than this is not
// worth reading item by item.
constexpr int kMaxRepairs = 32;

// Strict first; where the XML breaks, the broken item is dropped (or the document cut after
// its last complete item) and the rest parsed again.
Outcome<ParsedFeed> parse_xml(const Parser& parser, Document& doc,
                              std::vector<std::string>& warnings) {
  // Offsets in warnings are the decoded text's: look for trailing content before repairs.
  if (std::optional<RootElement> root = sniff_root(doc.body)) {
    if (std::string w = trailing_content_warning(doc.body, root->qname); !w.empty()) {
      warnings.push_back(std::move(w));
    }
  }
  repair_entities(doc.body, warnings);
  Outcome<ParsedFeed> first = parser.parse(doc);
  Outcome<ParsedFeed>* out = &first;
  std::vector<std::string> repairs;
  std::optional<Outcome<ParsedFeed>> latest;
  for (int attempt = 0; attempt < kMaxRepairs && !out->ok(); ++attempt) {
    const std::optional<std::size_t> offset = xml_error_offset(out->reason());
    if (!offset) break;
    std::optional<Repaired> repaired = drop_broken_item(doc.body, *offset);
    if (!repaired) break;
    // Offsets of later repairs are those of the text the earlier ones left.
    repairs.push_back(out->reason() +
                      (repaired->to == std::string_view::npos
                           ? "; kept the items before it (document cut at byte " +
                                 std::to_string(repaired->from) + ")"
                           : "; skipped the broken item (bytes " + std::to_string(repaired->from) +
                                 " to " + std::to_string(repaired->to) + ")"));
    doc.body = std::move(repaired->text);
    latest.emplace(parser.parse(doc));
    out = &*latest;
  }
  if (!has_items(*out)) return first;
  warnings.insert(warnings.end(), repairs.begin(), repairs.end());
  return std::move(*out);
}

}  // namespace

Outcome<ParsedFeed> parse_document(const Document& doc, const ParseLimits& limits) {
  if (doc.body.size() > limits.max_document_size) {
    return Failure{"document too large: " + std::to_string(doc.body.size()) +
                   " bytes, the limit is " + std::to_string(limits.max_document_size)};
  }
  DecodedText decoded = decode_to_utf8(doc.body, doc.content_type);
  Document utf8{doc.source, doc.url, doc.content_type, std::move(decoded.utf8), doc.fetched_at};

  const Parser* parser = nullptr;
  const std::string& format = doc.source.format;
  if (format == "auto" || format.empty()) {
    for (const Parser* p : all_parsers()) {
      if (p->sniff(utf8.body)) {
        parser = p;
        break;
      }
    }
    if (parser == nullptr) return Failure{"unrecognised format: " + describe_start(doc.body)};
  } else {
    parser = find_parser(format);
    if (parser == nullptr) return Failure{"unknown format: " + format};
  }

  // A web page declares its charset in its markup (and may be gzip): it reads its own bytes.
  // So do the plain-text wire formats: their files join messages that may each be in another
  // encoding, and they decode message by message.
  if (parser->format() == "html" || parser->format() == "anpa" || parser->format() == "iptc7901") {
    return parser->parse(doc);
  }
  std::vector<std::string> warnings = std::move(decoded.warnings);
  Outcome<ParsedFeed> out =
      sniff_root(utf8.body) ? parse_xml(*parser, utf8, warnings) : parser->parse(utf8);
  if (!out.ok()) return out;
  std::vector<std::string>& feed_warnings = out.value().warnings;
  feed_warnings.insert(feed_warnings.begin(), std::make_move_iterator(warnings.begin()),
                       std::make_move_iterator(warnings.end()));
  return out;
}

}  // namespace newswired
