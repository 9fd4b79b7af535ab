#include "pipeline/parse/registry.h"

#include "pipeline/parse/atom_parser.h"
#include "pipeline/parse/rss_parser.h"
#include "pipeline/parse/sniff.h"

namespace newswired {

const std::vector<const Parser*>& all_parsers() {
  // The complete list, spelled out: a new format is added here, nowhere else.
  static const RssParser rss;
  static const AtomParser atom;
  static const std::vector<const Parser*> parsers{&rss, &atom};
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

Outcome<ParsedFeed> parse_document(const Document& doc) {
  const std::string& format = doc.source.format;
  if (format == "auto" || format.empty()) {
    for (const Parser* p : all_parsers()) {
      if (p->sniff(doc.body)) return p->parse(doc);
    }
    return Failure{"unrecognised format: " + describe_start(doc.body)};
  }
  const Parser* parser = find_parser(format);
  if (parser == nullptr) return Failure{"unknown format: " + format};
  return parser->parse(doc);
}

}  // namespace newswired
