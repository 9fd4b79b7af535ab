#pragma once
// Pages under tests/fixtures/html, and gzip for tests of compressed input.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <zlib.h>

namespace newswired::html_page_test {

inline std::string read_html_fixture(const std::string& name) {
  std::ifstream in(std::string(NW_FIXTURES) + "/html/" + name, std::ios::binary);
  if (!in) ADD_FAILURE() << "missing fixture " << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string gzip(const std::string& data) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper, as `gzip` writes files.
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace newswired::html_page_test
