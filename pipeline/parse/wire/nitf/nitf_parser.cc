#include "pipeline/parse/wire/nitf/nitf_parser.h"

#include <memory>
#include <optional>
#include <string>

#include "pipeline/parse/item_check.h"
#include "pipeline/parse/sniff.h"
#include "pipeline/parse/wire/nitf/nitf_story.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {
namespace nitf {

RawItem StoryReader::read(pugi::xml_node root, const Document& doc,
                          std::vector<std::string>& warnings) {
  if (pugi::xml_node head = nitf_child(root, "head")) read_head(head);
  const pugi::xml_node body = nitf_child(root, "body");
  if (body) {
    if (pugi::xml_node body_head = nitf_child(body, "body.head")) read_body_head(body_head);
    std::string content;
    for (pugi::xml_node part : body.children()) {
      if (nitf_name(part) == "body.content") render_blocks(part, content);
    }
    if (pugi::xml_node body_end = nitf_child(body, "body.end")) {
      for (pugi::xml_node tagline : body_end.children()) {
        if (nitf_name(tagline) != "tagline") continue;
        if (const std::string html = xml::trim(xml::inner_html(tagline)); !html.empty())
          content += "<p>" + html + "</p>\n";
      }
    }
    item_.content = xml::trim(content);
    collect_media(body);
  }

  keep_first(item_.title, head_title_);
  // A subtitle is the nearest thing to an abstract that a story without one has; some agencies
  // repeat the headline there ("originalHeadline"), which summarises nothing.
  if (subtitle_ != item_.title) keep_first(item_.summary, subtitle_);
  keep_first(item_.published, release_date_);
  keep_first(wire_.located, event_location_);
  std::string language = attr(root, "baselang");
  keep_first(language, attr(root, "xml:lang"));
  item_.language = std::move(language);
  item_.base_url = xml::base_in_effect(root, doc.url);
  item_.wire = std::move(wire_);

  if (item_.guid.empty()) warnings.push_back("item 1: no doc-id");
  if (std::string problem = unusable_item_warning(item_, 1); !problem.empty())
    warnings.push_back(std::move(problem));
  return std::move(item_);
}

}  // namespace nitf

bool NitfParser::sniff(std::string_view body) const {
  const std::optional<RootElement> root = sniff_root(body);
  return root && root->local == "nitf";
}

Outcome<ParsedFeed> NitfParser::parse(const Document& doc) const {
  const xml::NamespaceCacheScope namespace_cache;  // outlives the document below
  Outcome<std::unique_ptr<pugi::xml_document>> loaded = xml::load(doc.body);
  if (!loaded.ok()) return Failure{loaded.reason()};
  const pugi::xml_node root = loaded.value()->document_element();
  if (xml::name_of(root).local != "nitf") {
    return Failure{std::string("not a NITF document: root element is <") + root.name() + ">"};
  }
  ParsedFeed feed;
  feed.meta.format = "nitf";
  RawItem item = nitf::StoryReader(root).read(root, doc, feed.warnings);
  feed.meta.language = item.language;
  feed.items.push_back(std::move(item));
  return feed;
}

}  // namespace newswired
