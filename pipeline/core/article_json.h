#pragma once
// The article record's JSON form (schema version 1). Consumers read exactly this.

#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/core/article.h"

namespace newswired {

nlohmann::json article_to_json(const Article& a);
std::string article_to_json_string(const Article& a);

}  // namespace newswired
