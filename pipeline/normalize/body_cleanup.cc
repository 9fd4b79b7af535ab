#include "pipeline/normalize/body_cleanup.h"

#include <algorithm>

#include "pipeline/normalize/agency_line.h"
#include "pipeline/normalize/boilerplate.h"
#include "pipeline/normalize/captions.h"
#include "pipeline/tag/source_tagger.h"
#include "pipeline/tag/tagger.h"

namespace newswired {
namespace {

// The credit line states the agencies outright; a dateline is read by pattern, so a little
// less sure.
constexpr double kCreditLineScore = 1.0;
constexpr double kDatelineScore = 0.9;

Tag agency_tag(const std::string& name, double score) {
  return Tag{agency_tag_id(name), name, "agency", "", score, {}};
}

}  // namespace

void clean_article_text(Article& a) {
  const bool body_is_summary = a.body_text == a.summary;
  a.summary = strip_boilerplate(a.summary);
  separate_credits(a.media);
  {
    // The body's lines stay views into it until what is left is joined, once.
    std::vector<ParagraphView> body;
    if (body_is_summary) {
      body = split_paragraph_views(a.summary);  // stripped already
    } else {
      body = split_paragraph_views(a.body_text);
      strip_boilerplate(body);
    }
    take_captions(body, a.media);
    std::string text = join_paragraph_views(body);
    a.body_text = std::move(text);
  }

  const AgencyLine credit = take_agency_line(a.body_text);
  for (const std::string& who : credit.initials) {
    if (std::find(a.authors.begin(), a.authors.end(), who) == a.authors.end())
      a.authors.push_back(who);
  }
  for (const std::string& agency : credit.agencies)
    merge_tag(a.tags.agencies, agency_tag(agency, kCreditLineScore));
  // A summary-only item: what the body lost, the summary loses too.
  if (body_is_summary) a.summary = a.body_text;

  // Last: the evidence offsets are into the body as published.
  for (const AgencyMention& m : dateline_agencies(a.body_text)) {
    Tag t = agency_tag(m.agency, kDatelineScore);
    t.evidence.push_back(Evidence{"body_text", static_cast<std::uint32_t>(m.start),
                                  static_cast<std::uint32_t>(m.end)});
    merge_tag(a.tags.agencies, std::move(t));
  }
}

}  // namespace newswired
