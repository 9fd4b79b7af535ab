#pragma once
// Image captions and credits inside article text ("John Kerry and Sergei Lawrow" followed by
// "Image: Reuters/J. Roberts"): they describe a picture, not the story, so they become Media
// records and leave the body.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/core/article.h"
#include "pipeline/normalize/text_layout.h"

namespace newswired {

// The credit a line consists of: "Image: Reuters/J. Roberts" -> "Reuters/J. Roberts",
// "Foto: picture-alliance/dpa" -> "picture-alliance/dpa", "© AP" -> "AP", "Getty Images" ->
// "Getty Images"; nullopt for any other line.
std::optional<std::string> credit_line(std::string_view line);

struct CaptionCredit {
  std::string caption;
  std::string credit;
};

// A caption with its credit on the same line, as figcaptions often hold them: "John Kerry and
// Sergei Lawrow Image: Reuters/J. Roberts", "Kiew am Montag (Foto: dpa)".
std::optional<CaptionCredit> caption_with_credit(std::string_view line);

// Removes credit lines, and the caption line right before each, from `text`; each pair is
// added to `media` as an image (url empty: the text names no file) unless an item there has
// that caption already, which then gets the credit.
std::string take_captions(std::string_view text, std::vector<Media>& media);
// The same on the text's paragraphs, which must have lines (as split_paragraph_views makes
// them); the lines taken are erased, paragraphs left empty stay (joining skips them).
void take_captions(std::vector<ParagraphView>& paragraphs, std::vector<Media>& media);

// Media items whose caption carries the credit at its end get the two apart; credits lose
// their "Image:" / "Foto:" label.
void separate_credits(std::vector<Media>& media);

}  // namespace newswired
