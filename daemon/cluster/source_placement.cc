#include "daemon/cluster/source_placement.h"

#include <algorithm>
#include <filesystem>

#include <xxhash.h>

namespace newswired {
namespace {

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string parent_directory(const std::string& path) {
  std::filesystem::path p = std::filesystem::path(path).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();  // "dir/" names dir itself
  return p.parent_path().string();
}

// scheme://[user[:password]@]host[:port][/path]; "[v6]" keeps its brackets out of the key.
std::string url_host(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with("[")) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

}  // namespace

std::string placement_key(const SourceConfig& source) {
  if (!source.directory.empty()) return parent_directory(source.directory);
  if (source.url.starts_with("file:")) {
    std::string_view path = std::string_view(source.url).substr(5);
    if (path.starts_with("//")) path.remove_prefix(2);
    return parent_directory(std::string(path));
  }
  return lowercase(url_host(source.url));
}

std::int32_t partition_for(std::string_view placement_key, int partitions) {
  const XXH64_hash_t h = XXH64(placement_key.data(), placement_key.size(), 0);
  return static_cast<std::int32_t>(h % static_cast<XXH64_hash_t>(partitions));
}

}  // namespace newswired
