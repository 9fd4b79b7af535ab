#pragma once
// Validates article records against schema/article.v1.schema.json (valijson).

#include <string>

#include <nlohmann/json.hpp>

namespace newswired::testing {

// Empty when valid, else every violation, one per line.
std::string article_schema_errors(const nlohmann::json& record);

}  // namespace newswired::testing
