#pragma once
// Fixture and corpus files for tests.

#include <filesystem>
#include <string>

namespace newswired::testing {

// The whole file; a missing or unreadable file fails the running test (and gives "").
std::string read_test_file(const std::filesystem::path& path);

}  // namespace newswired::testing
