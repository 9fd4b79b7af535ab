#include "tests/support/test_files.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace newswired::testing {

std::string read_test_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "missing file " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace newswired::testing
