#include "tests/support/article_schema.h"

#include <fstream>
#include <stdexcept>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace newswired::testing {
namespace {

const valijson::Schema& schema() {
  static const valijson::Schema* s = [] {
    std::ifstream in(NW_ARTICLE_SCHEMA);
    if (!in) throw std::runtime_error("cannot read " NW_ARTICLE_SCHEMA);
    static const nlohmann::json doc = nlohmann::json::parse(in);
    auto* parsed = new valijson::Schema();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *parsed);
    return parsed;
  }();
  return *s;
}

}  // namespace

std::string article_schema_errors(const nlohmann::json& record) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(record);
  if (validator.validate(schema(), target, &results)) return {};
  std::string out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string where;
    for (const auto& c : e.context) where += c;
    out += where + ": " + e.description + "\n";
  }
  return out;
}

}  // namespace newswired::testing
