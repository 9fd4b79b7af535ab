#include "daemon/runtime/stage_items.h"

#include <nlohmann/json.hpp>

namespace newswired {

std::string raw_item_json(const RawItem& i) {
  return nlohmann::json{
      {"guid", i.guid},           {"link", i.link},       {"title", i.title},
      {"summary", i.summary},     {"content", i.content}, {"authors", i.authors},
      {"published", i.published}, {"updated", i.updated}, {"categories", i.categories},
      {"language", i.language}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace newswired
