// The YAML configuration loader: syntax, schema walk, environment overrides and the checks
// across keys. load_config_file only adds reading the file and resolving relative paths.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/config/config_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Set, so that the producer overrides and secret_env lookups have something to find.
  static const newswired::Environment env{{"NEWSWIRED_KAFKA_PRODUCER_SASL_PASSWORD", "fuzz"},
                                          {"NEWSWIRED_LOG_LEVEL", "info"},
                                          {"NW_FUZZ_SECRET", "fuzz"}};
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  newswired::load_config_text(yaml, "fuzz.yaml", env);
  return 0;
}
