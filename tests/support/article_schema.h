#pragma once
// Validates article records against schema/article.v1.schema.json (valijson).

#include <nlohmann/json.hpp>
#include <string>

namespace newswired::testing {

// Empty when valid, else every violation, one per line.
std::string article_schema_errors(const nlohmann::json& record);

}  // namespace newswired::testing
