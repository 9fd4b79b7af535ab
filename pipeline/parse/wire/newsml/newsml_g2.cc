#include "pipeline/parse/wire/newsml/newsml_g2.h"

#include "pipeline/parse/namespaces.h"
#include "pipeline/parse/xml_util.h"

namespace newswired::newsml {

bool is_g2(pugi::xml_node node, std::string_view local) {
  if (node.type() != pugi::node_element) return false;
  const xml::Name name = xml::name_of(node);
  return name.local == local && (name.ns == kNar || name.ns == ns::kNone);
}

pugi::xml_node g2_child(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node child : parent.children())
    if (is_g2(child, local)) return child;
  return {};
}

std::string attr(pugi::xml_node element, const char* name) {
  return xml::trim(element.attribute(name).value());
}

std::string code_of(std::string_view qcode) {
  const std::size_t colon = qcode.find(':');
  return std::string(colon == std::string_view::npos ? qcode : qcode.substr(colon + 1));
}

std::string last_segment(std::string_view uri) {
  while (uri.ends_with('/')) uri.remove_suffix(1);
  const std::size_t slash = uri.rfind('/');
  return std::string(slash == std::string_view::npos ? uri : uri.substr(slash + 1));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

namespace {

// "en-GB" matches "en-GB" and "en"; compared without case, as language tags are.
bool language_matches(std::string_view tag, std::string_view wanted) {
  if (tag.empty() || wanted.empty()) return false;
  const std::string t = lower(tag);
  const std::string w = lower(wanted);
  return t == w || w.starts_with(t + "-") || t.starts_with(w + "-");
}

}  // namespace

std::string name_of_concept(pugi::xml_node concept_element, std::string_view lang) {
  std::string first;
  for (pugi::xml_node child : concept_element.children()) {
    if (!is_g2(child, "name")) continue;
    std::string label = xml::text(child);
    if (label.empty()) continue;
    if (language_matches(attr(child, "xml:lang"), lang)) return label;
    if (first.empty()) first = std::move(label);
  }
  return first;
}

}  // namespace newswired::newsml
