#pragma once
// Stable 128-bit digests (XXH3) rendered as 32 hex digits: article ids and content hashes must
// not change between releases or machines.

#include <initializer_list>
#include <string>
#include <string_view>

namespace newswired {

std::string hash128_hex(std::string_view data);
// hash128_hex of the parts joined, without joining them.
std::string hash128_hex_of_parts(std::initializer_list<std::string_view> parts);

}  // namespace newswired
