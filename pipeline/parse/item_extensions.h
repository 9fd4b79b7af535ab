#pragma once
// The vocabularies news feeds add to RSS items and Atom entries alike: Media RSS (media:),
// enclosures, GeoRSS and W3C geo, slash:comments and the basics of iTunes. Both XML parsers
// hand each child element of an item here and collect the result when the item is done.

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "pipeline/core/raw_item.h"
#include "pipeline/parse/xml_util.h"

namespace newswired {

class ItemExtensions {
 public:
  // Whether `child`, a direct child of the item, is one of these vocabularies (and was read).
  bool read(pugi::xml_node child, const xml::Name& name);
  // Dublin Core in an Atom entry (the RSS parser reads it itself, interleaved with RSS's own
  // elements): creators, subjects, dates and language, used where Atom's own are missing,
  // as feedparser reads them. Whether `child` was one.
  bool read_dublin_core(pugi::xml_node child, const xml::Name& name);
  // RSS <enclosure> and Atom <link rel="enclosure">.
  void add_enclosure(std::string url, std::string type);
  // Moves what was read into `item`. iTunes author and summary and Dublin Core only fill
  // fields the item left empty (subjects are added to its categories); item-level media:credit,
  // media:description and media:thumbnail apply to every media object that has none of its own.
  void finish(RawItem& item);

 private:
  void read_group(pugi::xml_node group);

  std::vector<RawMedia> media_;
  RawMedia item_level_;  // what the item says about all its media
  std::string georss_point_;
  std::string geo_lat_;
  std::string geo_long_;
  std::string comments_;
  std::string itunes_author_;
  std::string itunes_summary_;
  RawItem dc_;  // Dublin Core, for read_dublin_core
};

}  // namespace newswired
