#include <algorithm>
#include <string>

#include "pipeline/parse/wire/nitf/nitf_story.h"

namespace newswired::nitf {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string collapse_ascii_spaces(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

bool is_web_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

void keep_first(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

void add_once(std::vector<std::string>& list, std::string value) {
  if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

std::string attr(pugi::xml_node element, const char* name) {
  return xml::trim(element.attribute(name).value());
}

// "idsrc" and "value" (or "code-source" and "location-code") as one code: the taxonomy as a
// scheme prefix, unless it is a URI that the value continues.
std::string coded(std::string_view source, std::string_view value) {
  if (value.empty()) return {};
  if (source.empty()) return std::string(value);
  if (source.ends_with('/') || source.ends_with('#'))
    return std::string(source) + std::string(value);
  return std::string(source) + ":" + std::string(value);
}

void StoryReader::gather_words(pugi::xml_node element, std::initializer_list<std::string_view> skip,
                               std::string& out) const {
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    } else if (child.type() == pugi::node_element) {
      const std::string_view local = xml::name_of(child).local;
      if (std::find(skip.begin(), skip.end(), local) != skip.end()) continue;
      out += ' ';
      gather_words(child, skip, out);
      out += ' ';
    }
  }
}

std::string StoryReader::words(pugi::xml_node element,
                               std::initializer_list<std::string_view> skip) const {
  std::string out;
  gather_words(element, skip, out);
  return collapse_ascii_spaces(out);
}

std::string StoryReader::own_text(pugi::xml_node element) {
  std::string out;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return collapse_ascii_spaces(out);
}

std::string StoryReader::place_name(pugi::xml_node location) const {
  std::string joined;
  for (pugi::xml_node part : location.children()) {
    const std::string_view local = nitf_name(part);
    if (local != "sublocation" && local != "city" && local != "state" && local != "region" &&
        local != "country") {
      continue;
    }
    std::string name = words(part);
    if (name.empty()) name = attr(part, "value");
    if (name.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined.empty() ? words(location, {"alt-code"}) : joined;
}

}  // namespace newswired::nitf
