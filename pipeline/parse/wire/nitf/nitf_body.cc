#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/normalize/text_clean.h"
#include "pipeline/parse/wire/nitf/nitf_story.h"

namespace newswired::nitf {

void StoryReader::read_body_head(pugi::xml_node body_head) {
  for (pugi::xml_node child : body_head.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "hedline") {
      for (pugi::xml_node line : child.children()) {
        const std::string_view part = nitf_name(line);
        if (part == "hl1") keep_first(item_.title, xml::text(line));
        if (part == "hl2") keep_first(subtitle_, xml::text(line));
      }
    } else if (local == "byline") {
      read_byline(child);
    } else if (local == "dateline") {
      read_dateline(child);
    } else if (local == "abstract") {
      // An abstract that holds only media metadata has nothing to read.
      if (!words(child).empty()) keep_first(item_.summary, xml::text(child));
    }
  }
}

// Each <person> is an author; a byline without them is its text ("By Ann Lee"), else its
// title ("Sports Network"), which then names the author.
void StoryReader::read_byline(pugi::xml_node byline) {
  bool has_person = false;
  for (pugi::xml_node child : byline.children()) {
    if (nitf_name(child) != "person") continue;
    has_person = true;
    add_once(item_.authors, words(child, {"function", "alt-code"}));
  }
  if (has_person) return;
  std::string text = own_text(byline);
  if (text.empty()) {
    if (pugi::xml_node title = nitf_child(byline, "byttl")) text = words(title);
  }
  add_once(item_.authors, std::move(text));
}

void StoryReader::read_dateline(pugi::xml_node dateline) {
  std::string place;
  if (pugi::xml_node location = nitf_child(dateline, "location")) place = place_name(location);
  if (place.empty()) {
    place = own_text(dateline);
    while (!place.empty() && (place.back() == ',' || place.back() == '-' || is_space(place.back())))
      place.pop_back();
  }
  keep_first(wire_.located, std::move(place));
  if (pugi::xml_node date = nitf_child(dateline, "story.date")) {
    std::string norm = attr(date, "norm");
    if (norm.empty()) norm = words(date);
    keep_first(item_.created, std::move(norm));
  }
}

namespace {

std::string medium_of(std::string_view media_type, std::string_view mime) {
  const std::string type = to_lower_ascii(media_type);
  if (type == "image" || type == "photo" || type == "graphic" || type == "picture") return "image";
  if (type == "video") return "video";
  if (type == "audio" || type == "sound") return "audio";
  if (type == "text" || type == "document") return "document";
  if (mime.starts_with("image/")) return "image";
  if (mime.starts_with("video/")) return "video";
  if (mime.starts_with("audio/")) return "audio";
  return {};
}

}  // namespace

// One RawMedia per media-reference that points somewhere (several are renditions of one
// picture); the caption and credit are the media element's.
std::vector<RawMedia> StoryReader::media_of(pugi::xml_node media) const {
  std::string caption;
  std::string credit;
  for (pugi::xml_node child : media.children()) {
    const std::string_view local = nitf_name(child);
    if (local == "media-caption") keep_first(caption, words(child));
    if (local == "media-producer") keep_first(credit, words(child));
  }
  std::vector<RawMedia> out;
  for (pugi::xml_node reference : media.children()) {
    if (nitf_name(reference) != "media-reference") continue;
    RawMedia m;
    m.url = attr(reference, "source");
    if (m.url.empty()) continue;
    m.type = attr(reference, "mime-type");
    m.medium = medium_of(attr(media, "media-type"), m.type);
    m.width = attr(reference, "width");
    m.height = attr(reference, "height");
    m.caption = caption.empty() ? attr(reference, "alternate-text") : caption;
    m.credit = credit;
    keep_first(m.credit, attr(reference, "source-credit"));
    keep_first(m.credit, attr(reference, "copyright"));
    out.push_back(std::move(m));
  }
  return out;
}

void StoryReader::collect_media(pugi::xml_node node) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    if (nitf_name(child) == "media") {
      for (RawMedia& m : media_of(child)) item_.media.push_back(std::move(m));
    } else {
      collect_media(child);
    }
  }
}

constexpr std::array<std::string_view, 3> kVoidElements{"br", "hr", "img"};

namespace {

void open_element(pugi::xml_node element, std::string_view local, std::string& out) {
  out += '<';
  out += local;
  for (pugi::xml_attribute a : element.attributes()) {
    std::string_view name = a.name();
    if (name == "xmlns" || name.starts_with("xmlns:")) continue;
    if (const std::size_t colon = name.find(':'); colon != std::string_view::npos)
      name.remove_prefix(colon + 1);
    out += ' ';
    out += name;
    out += "=\"";
    xml::append_escaped(out, a.value(), true);
    out += '"';
  }
  out += '>';
}

void outer_html(pugi::xml_node element, std::string_view local, std::string& out) {
  open_element(element, local, out);
  if (std::find(kVoidElements.begin(), kVoidElements.end(), local) != kVoidElements.end()) return;
  out += xml::inner_html(element);
  out += "</";
  out += local;
  out += '>';
}

}  // namespace

void StoryReader::render_figure(pugi::xml_node media, std::string& out) const {
  for (const RawMedia& m : media_of(media)) {
    if (m.medium != "image") continue;
    out += "<figure><img src=\"";
    xml::append_escaped(out, m.url, true);
    out += "\" alt=\"";
    xml::append_escaped(out, m.caption, true);
    out += "\">";
    if (!m.caption.empty()) {
      out += "<figcaption>";
      xml::append_escaped(out, m.caption, false);
      out += "</figcaption>";
    }
    out += "</figure>\n";
    return;  // the first rendition stands for the others
  }
}

void StoryReader::render_table(pugi::xml_node nitf_table, std::string& out) const {
  for (pugi::xml_node child : nitf_table.children()) {
    if (nitf_name(child) == "table") outer_html(child, "table", out);
  }
}

void StoryReader::render_blocks(pugi::xml_node parent, std::string& out) const {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      // Text straight in body.content, outside any paragraph, as some agencies send it.
      if (const std::string text = xml::trim(child.value()); !text.empty()) {
        out += "<p>";
        xml::append_escaped(out, text, false);
        out += "</p>\n";
      }
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const std::string_view local = nitf_name(child);
    if (local == "block" || local == "fn") {
      render_blocks(child, out);
    } else if (local == "media") {
      render_figure(child, out);
    } else if (local == "nitf-table") {
      render_table(child, out);
    } else if (local == "hl2") {
      outer_html(child, "h2", out);
      out += '\n';
    } else if (local == "bq") {
      out += "<blockquote>";
      render_blocks(child, out);
      out += "</blockquote>\n";
    } else if (local == "credit") {
      outer_html(child, "p", out);  // a quotation's source, below it
      out += '\n';
    } else if (local == "abstract") {
      render_blocks(child, out);
    } else if (local == "byline" || local == "dateline" || local == "copyrite") {
      outer_html(child, "p", out);
      out += '\n';
    } else if (local == "media-metadata" || local == "nitf-table-metadata" || local == "tobject" ||
               local == "key-list" || local == "classifier" || local == "datasource") {
      continue;  // metadata a block may start with: not text to show
    } else {
      outer_html(child, xml::name_of(child).local, out);
      out += '\n';
    }
  }
}

}  // namespace newswired::nitf
