#include <gtest/gtest.h>

#include "daemon/config/config_loader.h"

namespace newswired {
namespace {

TEST(NormalizeConfig, DefaultsKeepTheBuiltInTrackingList) {
  auto c = load_config_text("sources: [{name: a, url: 'https://a.example/'}]", "t.yaml", {});
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_TRUE(c.value().normalize.tracking_params.empty());
  EXPECT_TRUE(c.value().normalize.keep_default_tracking_params);
}

TEST(NormalizeConfig, TrackingParamsAddedOrReplacing) {
  auto c = load_config_text(R"(sources: [{name: a, url: 'https://a.example/'}]
normalize:
  tracking_params: [ito, "ns_*"]
  keep_default_tracking_params: false
)",
                            "t.yaml", {});
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_EQ(c.value().normalize.tracking_params, (std::vector<std::string>{"ito", "ns_*"}));
  EXPECT_FALSE(c.value().normalize.keep_default_tracking_params);
}

TEST(NormalizeConfig, BadPatternNamesFileLineAndKey) {
  auto c = load_config_text(R"(sources: [{name: a, url: 'https://a.example/'}]
normalize:
  tracking_params:
    - ok_one
    - "a b"
    - "*"
)",
                            "t.yaml", {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find("t.yaml:5: normalize.tracking_params: 'a b' is not a parameter name"),
            std::string::npos)
      << c.reason();
  EXPECT_NE(c.reason().find("t.yaml:6: normalize.tracking_params: '*'"), std::string::npos)
      << c.reason();
  EXPECT_EQ(c.reason().find("ok_one"), std::string::npos) << c.reason();

  auto wrong_shape = load_config_text(R"(sources: [{name: a, url: 'https://a.example/'}]
normalize: { tracking_params: xtor, keep_default_tracking_params: yes }
)",
                                      "t.yaml", {});
  ASSERT_FALSE(wrong_shape.ok());
  EXPECT_NE(wrong_shape.reason().find("normalize.tracking_params: expected a list of strings"),
            std::string::npos)
      << wrong_shape.reason();
  EXPECT_NE(wrong_shape.reason().find("normalize.keep_default_tracking_params: 'yes'"),
            std::string::npos)
      << wrong_shape.reason();
}

}  // namespace
}  // namespace newswired
