#pragma once

namespace newswired {

inline constexpr const char* kVersion = NEWSWIRED_VERSION;

}  // namespace newswired
