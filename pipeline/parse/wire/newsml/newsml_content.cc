#include "pipeline/parse/wire/newsml/newsml_content.h"

#include <string_view>

#include "pipeline/core/markup_escape.h"
#include "pipeline/parse/namespaces.h"
#include "pipeline/parse/wire/newsml/newsml_g2.h"
#include "pipeline/parse/xml_util.h"

namespace newswired::newsml {
namespace {

// Inline XML keeps its own vocabulary's namespace (XHTML, NITF 3.x, older NITF without one),
// so elements inside it are matched by local name alone.
pugi::xml_node child_named(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node child : parent.children())
    if (child.type() == pugi::node_element && xml::name_of(child).local == local) return child;
  return {};
}

std::string xhtml_body(pugi::xml_node html) {
  const pugi::xml_node body = child_named(html, "body");
  return body ? xml::trim(xml::inner_html(body)) : std::string();
}

// nitf/body/body.content is the story; the NITF head's headline and abstract stand in when the
// NewsML-G2 metadata gave none.
std::string nitf_body(pugi::xml_node nitf, RawItem& out) {
  const pugi::xml_node body = child_named(nitf, "body");
  const pugi::xml_node head = child_named(body, "body.head");
  if (out.title.empty()) out.title = xml::text(child_named(child_named(head, "hedline"), "hl1"));
  if (out.summary.empty()) out.summary = xml::trim(xml::inner_html(child_named(head, "abstract")));
  const pugi::xml_node content = child_named(body, "body.content");
  return content ? xml::trim(xml::inner_html(content)) : std::string();
}

std::string inline_xml_html(pugi::xml_node inline_xml, RawItem& out) {
  bool loose_xhtml = false;
  for (pugi::xml_node child : inline_xml.children()) {
    if (child.type() != pugi::node_element) continue;
    const xml::Name name = xml::name_of(child);
    if (name.local == "html") return xhtml_body(child);
    if (name.local == "nitf") return nitf_body(child, out);
    loose_xhtml = loose_xhtml || name.ns == ns::kXhtml;
  }
  // XHTML without the html/body wrapper (a <div> or paragraphs); other vocabularies (SportsML,
  // event data) are data, not a story body.
  return loose_xhtml ? xml::trim(xml::inner_html(inline_xml)) : std::string();
}

// Plain text as HTML paragraphs: blank lines (or, without any, line breaks) separate them.
std::string paragraphs_html(std::string_view plain) {
  const std::string_view separator =
      plain.find("\n\n") != std::string_view::npos ? std::string_view("\n\n") : "\n";
  std::string out;
  for (std::size_t start = 0; start <= plain.size();) {
    std::size_t end = plain.find(separator, start);
    if (end == std::string_view::npos) end = plain.size();
    const std::string paragraph = xml::trim(plain.substr(start, end - start));
    if (!paragraph.empty()) {
      out += "<p>";
      append_markup_escaped(out, paragraph);
      out += "</p>\n";
    }
    start = end + separator.size();
  }
  return out;
}

std::string inline_data_html(pugi::xml_node inline_data) {
  // Base64 and other encodings carry binary renditions, not a story body.
  if (!attr(inline_data, "encoding").empty()) return {};
  std::string text = xml::text(inline_data);
  const std::string type = lower(attr(inline_data, "contenttype"));
  if (type.find("html") != std::string::npos) return text;
  return paragraphs_html(text);
}

std::string medium_of_type(std::string_view type, const std::string& fallback) {
  if (type.starts_with("image/")) return "image";
  if (type.starts_with("video/")) return "video";
  if (type.starts_with("audio/")) return "audio";
  return fallback;
}

RawMedia rendition(pugi::xml_node remote, const RenditionContext& context) {
  RawMedia media;
  media.url = attr(remote, "href");
  media.type = attr(remote, "contenttype");
  media.medium = medium_of_type(lower(media.type), context.medium);
  media.width = attr(remote, "width");
  media.height = attr(remote, "height");
  media.caption = context.caption;
  media.credit = context.credit;
  return media;
}

}  // namespace

void read_content_set(pugi::xml_node content_set, const RenditionContext& context, RawItem& out) {
  for (pugi::xml_node child : content_set.children()) {
    if (is_g2(child, "inlineXML")) {
      if (out.content.empty()) out.content = inline_xml_html(child, out);
    } else if (is_g2(child, "inlineData")) {
      if (out.content.empty()) out.content = inline_data_html(child);
    } else if (is_g2(child, "remoteContent")) {
      // A rendition known only by residref is another item, not a file to show.
      if (!attr(child, "href").empty()) out.media.push_back(rendition(child, context));
    }
  }
}

}  // namespace newswired::newsml
