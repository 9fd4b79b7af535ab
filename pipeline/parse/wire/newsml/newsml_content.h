#pragma once
// A NewsML-G2 contentSet: the story body (inline XHTML or NITF, or inline text) and the
// renditions the item points to (pictures, video, audio).

#include <string>

#include <pugixml.hpp>

#include "pipeline/core/raw_item.h"

namespace newswired::newsml {

// What the item's metadata says about its renditions, since remoteContent rarely repeats it.
struct RenditionContext {
  std::string medium;   // from itemClass: "image", "video", "audio", or "" for text
  std::string caption;  // description role="drol:caption"
  std::string credit;   // creditline
};

// Sets out.content from the first inline rendition that yields a body (keeping a title or
// summary that NITF gives when the metadata had none) and adds every remoteContent with an
// href to out.media.
void read_content_set(pugi::xml_node content_set, const RenditionContext& context, RawItem& out);

}  // namespace newswired::newsml
