#pragma once
// The reader behind NitfParser, split by the part of a NITF document it reads:
// nitf_text.cc (words and places), nitf_head.cc (head: ids, dates, status, subjects),
// nitf_body.cc (body.head, the body as HTML, media), nitf_parser.cc (the document).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "pipeline/core/document.h"
#include "pipeline/core/raw_item.h"
#include "pipeline/parse/xml_util.h"

namespace newswired::nitf {

// NITF text is XML text: ASCII spaces separate its words, and nothing else is touched here
// (normalize does the Unicode clean-up later, once for every format).
bool is_space(char c);  // the XML white space characters
std::string collapse_ascii_spaces(std::string_view s);
bool is_web_url(std::string_view s);
void keep_first(std::string& field, std::string value);
void add_once(std::vector<std::string>& list, std::string value);
std::string attr(pugi::xml_node element, const char* name);
// "idsrc" and "value" (or "code-source" and "location-code") as one code.
std::string coded(std::string_view source, std::string_view value);

// Reads one <nitf> document. NITF elements are matched in the namespace of the document's own
// root, whichever it is, so that a provider's extension element (docdata allows any other
// namespace) is never taken for NITF's.
class StoryReader {
 public:
  explicit StoryReader(pugi::xml_node root) : ns_(xml::name_of(root).ns) {}

  RawItem read(pugi::xml_node root, const Document& doc, std::vector<std::string>& warnings);

 private:
  // The element's local name if it is a NITF element, else "".
  std::string_view nitf_name(pugi::xml_node node) const {
    if (node.type() != pugi::node_element) return {};
    const xml::Name name = xml::name_of(node);
    return name.ns == ns_ ? name.local : std::string_view();
  }
  pugi::xml_node nitf_child(pugi::xml_node parent, std::string_view local) const {
    for (pugi::xml_node child : parent.children()) {
      if (nitf_name(child) == local) return child;
    }
    return {};
  }

  // Text of the element and its descendants as one line; child elements are separate words
  // (<name.given>Ann</name.given><name.family>Lee</name.family> is "Ann Lee"). Elements named
  // in `skip` (a person's function, a byline's title) are left out.
  std::string words(pugi::xml_node element,
                    std::initializer_list<std::string_view> skip = {}) const;
  void gather_words(pugi::xml_node element, std::initializer_list<std::string_view> skip,
                    std::string& out) const;
  // The element's own text, without that of its child elements ("Oslo" in a dateline).
  static std::string own_text(pugi::xml_node element);
  // "Ottawa, Ontario, Canada" for a structured <location>, its text otherwise.
  std::string place_name(pugi::xml_node location) const;

  void read_head(pugi::xml_node head);
  void read_tobject(pugi::xml_node tobject);
  void read_docdata(pugi::xml_node docdata);
  void read_status(std::string_view raw);
  void read_editorial_message(pugi::xml_node ed_msg);
  void read_pubdata(pugi::xml_node pubdata);
  void read_identified_content(pugi::xml_node container);
  void read_body_head(pugi::xml_node body_head);
  void read_byline(pugi::xml_node byline);
  void read_dateline(pugi::xml_node dateline);

  std::vector<RawMedia> media_of(pugi::xml_node media) const;
  void collect_media(pugi::xml_node node);
  // body.content as HTML: NITF's own block elements become their HTML counterparts, pictures
  // become <figure>s, the rest is serialised as it stands.
  void render_blocks(pugi::xml_node parent, std::string& out) const;
  void render_figure(pugi::xml_node media, std::string& out) const;
  void render_table(pugi::xml_node nitf_table, std::string& out) const;

  std::string_view ns_;
  RawItem item_;
  RawWire wire_;
  std::string head_title_;
  std::string subtitle_;
  std::string release_date_;
  std::string event_location_;
  bool status_from_docdata_ = false;
};

}  // namespace newswired::nitf
