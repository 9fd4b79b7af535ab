#pragma once
// Query parameters that only say how a reader arrived (campaign, click and share ids), never
// which page it is: canonical_url (urls.h) drops them so that one story has one spelling.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newswired {

class TrackingParams {
 public:
  // Patterns are parameter names, compared without case; a trailing '*' matches every name
  // with that prefix ("utm_*").
  explicit TrackingParams(const std::vector<std::string>& patterns);

  // The built-in list: utm_*, fbclid, gclid, msclkid, mc_cid, ...
  static const std::vector<std::string>& defaults();
  // Whether `pattern` can be one: a name of letters, digits and "_-.[]", optionally ending in '*'.
  static bool valid_pattern(std::string_view pattern);

  bool matches(std::string_view name) const;

 private:
  std::vector<std::string> exact_;
  std::vector<std::string> prefixes_;
};

// The set canonical_url(url) applies, for the whole process (config `normalize`): `extra`
// added to the defaults, or instead of them when `keep_defaults` is false. Safe to call while
// other threads canonicalize; normally called once at startup.
void set_tracking_params(const std::vector<std::string>& extra, bool keep_defaults);
std::shared_ptr<const TrackingParams> tracking_params();

}  // namespace newswired
