#include "pipeline/parse/wire/newsml/newsml_catalog.h"

#include <array>
#include <utility>

#include "pipeline/parse/wire/newsml/newsml_g2.h"

namespace newswired::newsml {
namespace {

// IPTC schemes whose codes end up in the record, by URI, with the alias IPTC's catalog gives.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kIptcSchemes{{
    {"cv.iptc.org/newscodes/mediatopic/", "medtop"},
    {"cv.iptc.org/newscodes/subjectcode/", "subj"},
    {"cv.iptc.org/newscodes/genre/", "genre"},
    {"cv.iptc.org/newscodes/cpnature/", "cpnat"},
    {"cv.iptc.org/newscodes/ninature/", "ninat"},
    {"cv.iptc.org/newscodes/pubstatusg2/", "stat"},
    {"cv.iptc.org/newscodes/signal/", "sig"},
    {"cv.iptc.org/newscodes/scene/", "scene"},
}};

// "http://cv.iptc.org/newscodes/mediatopic/20000639" -> {"medtop", "20000639"}.
std::pair<std::string_view, std::string_view> iptc_code(std::string_view uri) {
  for (const auto& [scheme, alias] : kIptcSchemes) {
    const auto at = uri.find(scheme);
    if (at == std::string_view::npos || at > std::string_view("https://").size()) continue;
    return {alias, uri.substr(at + scheme.size())};
  }
  return {};
}

}  // namespace

SchemeAliases::SchemeAliases(pugi::xml_node item) {
  for (pugi::xml_node catalog : item.children()) {
    if (!is_g2(catalog, "catalog")) continue;
    for (pugi::xml_node scheme : catalog.children()) {
      if (!is_g2(scheme, "scheme")) continue;
      const std::string alias = attr(scheme, "alias");
      const std::string uri = attr(scheme, "uri");
      if (!alias.empty() && !uri.empty()) uri_of_alias_[alias] = uri;
    }
  }
}

std::string SchemeAliases::canonical(std::string_view qcode_or_uri) const {
  const auto colon = qcode_or_uri.find(':');
  if (colon == std::string_view::npos) return std::string(qcode_or_uri);
  const std::string_view alias = qcode_or_uri.substr(0, colon);
  if (alias == "http" || alias == "https") {
    const auto [iptc_alias, code] = iptc_code(qcode_or_uri);
    if (!iptc_alias.empty() && !code.empty())
      return std::string(iptc_alias) + ":" + std::string(code);
    return std::string(qcode_or_uri);
  }
  const auto declared = uri_of_alias_.find(alias);
  if (declared == uri_of_alias_.end()) return std::string(qcode_or_uri);
  const auto [iptc_alias, rest] = iptc_code(declared->second);
  if (iptc_alias.empty() || !rest.empty()) return std::string(qcode_or_uri);
  return std::string(iptc_alias) + std::string(qcode_or_uri.substr(colon));
}

}  // namespace newswired::newsml
