#pragma once
// Stable 128-bit digests (XXH3) rendered as 32 hex digits: article ids and content hashes must
// not change between releases or machines.

#include <string>
#include <string_view>

namespace newswired {

std::string hash128_hex(std::string_view data);

}  // namespace newswired
