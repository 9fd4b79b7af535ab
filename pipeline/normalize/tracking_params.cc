#include "pipeline/normalize/tracking_params.h"

#include <algorithm>
#include <atomic>

#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

std::atomic<std::shared_ptr<const TrackingParams>>& current() {
  static std::atomic<std::shared_ptr<const TrackingParams>> params{
      std::make_shared<const TrackingParams>(TrackingParams::defaults())};
  return params;
}

}  // namespace

const std::vector<std::string>& TrackingParams::defaults() {
  static const std::vector<std::string> list{
      // Campaign tags: Google Analytics, AT Internet (Xiti), Adobe, Webtrends, Marketo, HubSpot.
      "utm_*", "_ga", "_gl", "xtor", "at_medium", "at_campaign", "s_cid", "wt.mc_id", "mkt_tok",
      "_hsenc", "_hsmi", "cmpid", "ocid",
      // Ad click ids: Google, DoubleClick, Microsoft, Facebook, Yandex, Twitter.
      "gclid", "gclsrc", "dclid", "msclkid", "fbclid", "yclid", "twclid",
      // Newsletters and shares: Mailchimp, Instagram, Twitter, comScore (BBC), Outbrain.
      "mc_cid", "mc_eid", "igshid", "ref_src", "ref_url", "ns_mchannel", "ns_source", "ns_campaign",
      "ns_linkname", "ns_fee", "obOrigUrl",
      // AdSense for feeds.
      "maca"};
  return list;
}

bool TrackingParams::valid_pattern(std::string_view pattern) {
  if (pattern.ends_with('*')) pattern.remove_suffix(1);
  if (pattern.empty()) return false;
  return std::all_of(pattern.begin(), pattern.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '[' || c == ']';
  });
}

TrackingParams::TrackingParams(const std::vector<std::string>& patterns) {
  for (const std::string& p : patterns) {
    const std::string lower = to_lower_ascii(p);
    if (lower.ends_with('*')) {
      prefixes_.push_back(lower.substr(0, lower.size() - 1));
    } else {
      exact_.push_back(lower);
    }
  }
  std::sort(exact_.begin(), exact_.end());
}

bool TrackingParams::matches(std::string_view name) const {
  const std::string lower = to_lower_ascii(name);
  if (std::binary_search(exact_.begin(), exact_.end(), lower)) return true;
  return std::any_of(prefixes_.begin(), prefixes_.end(),
                     [&](const std::string& p) { return lower.starts_with(p); });
}

void set_tracking_params(const std::vector<std::string>& extra, bool keep_defaults) {
  std::vector<std::string> all =
      keep_defaults ? TrackingParams::defaults() : std::vector<std::string>{};
  all.insert(all.end(), extra.begin(), extra.end());
  current().store(std::make_shared<const TrackingParams>(all));
}

std::shared_ptr<const TrackingParams> tracking_params() { return current().load(); }

}  // namespace newswired
