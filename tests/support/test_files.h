#pragma once
// Fixture and corpus files for tests.

#include <filesystem>
#include <set>
#include <string>

namespace newswired::testing {

// The whole file; a missing or unreadable file fails the running test (and gives "").
std::string read_test_file(const std::filesystem::path& path);

// An empty directory under the system's temp directory, named by `prefix`, this process and
// the running test, so tests running at the same time never share one. The caller removes it.
std::filesystem::path fresh_test_dir(const std::string& prefix);

// The names of the regular files directly in `dir` (none if it does not exist).
std::set<std::string> file_names_in(const std::filesystem::path& dir);

}  // namespace newswired::testing
