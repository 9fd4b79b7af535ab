#pragma once
// Containers in article markup that hold page chrome rather than the story: share and print
// widgets, cookie banners, newsletter boxes, related-links and advertising slots. Publishers
// name them in class and id attributes; a fact box in an <aside> has no such name and stays.

#include <string_view>

#include <gumbo.h>

namespace newswired {

// True for aside, div, section, ul, ol, header, footer, p, span and figure elements whose class
// or id has a word (split at spaces, '-' and '_') like "share", "social", "cookie" or "related".
bool is_chrome_container(const GumboElement& element);
// The same from the tag and its (entity-free) class and id values.
bool is_chrome_container(GumboTag tag, std::string_view class_value, std::string_view id_value);

}  // namespace newswired
