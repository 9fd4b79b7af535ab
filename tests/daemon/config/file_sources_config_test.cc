// Sources that deliver files (drop directories, FTP, SFTP) and credentials in the config.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "daemon/config/config_loader.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;

Outcome<Config> load(const std::string& yaml, const Environment& env = {}) {
  return load_config_text(yaml, "t.yaml", env);
}

TEST(FileSourcesConfig, TransportFollowsTheUrlOrTheDirectory) {
  auto c = load(R"(sources:
  - { name: feed, url: 'https://a.example/rss' }
  - { name: drop, directory: /var/spool/wire, files: ['*.xml'], settle: 5s }
  - { name: ftp, url: 'ftp://127.0.0.1:2121/out/', delete_after_ack: true,
      auth: { username: wire, secret_env: WIRE_PASSWORD } }
  - { name: sftp, url: 'sftp://127.0.0.1:2222/out/',
      auth: { username: wire, private_key: /k/id, known_hosts: /k/known_hosts } }
)",
                {{"WIRE_PASSWORD", "s3cret"}});
  ASSERT_TRUE(c.ok()) << c.reason();
  const auto& s = c.value().sources;
  EXPECT_EQ(transport_of(s[0]), Transport::kFeed);
  EXPECT_EQ(transport_of(s[1]), Transport::kDirectory);
  EXPECT_EQ(s[1].files, std::vector<std::string>{"*.xml"});
  EXPECT_EQ(s[1].settle, std::chrono::seconds(5));
  EXPECT_EQ(transport_of(s[2]), Transport::kRemoteFolder);
  EXPECT_TRUE(s[2].delete_after_ack);
  EXPECT_EQ(s[2].auth.secret, "s3cret");
  EXPECT_EQ(transport_of(s[3]), Transport::kRemoteFolder);
  EXPECT_EQ(s[3].settle, std::chrono::seconds(2));
}

TEST(FileSourcesConfig, MistakesNameTheLine) {
  auto c = load(R"(sources:
  - { name: both, url: 'https://a.example/', directory: /d }
  - { name: none, format: rss }
  - { name: sftp, url: 'sftp://h/out/', auth: { username: u, private_key: /k } }
  - { name: ftpfile, url: 'ftp://h/out/file.xml' }
  - { name: feed, url: 'https://a.example/', files: ['*.xml'], delete_after_ack: true }
  - { name: secret, url: 'ftp://h/out/', auth: { secret_env: NOT_SET } }
  - { name: pattern, directory: /d, files: ['sub/*.xml'] }
)");
  ASSERT_FALSE(c.ok());
  const std::string r = c.reason();
  for (const char* want : {
           "t.yaml:2: sources[]: give either a url or a directory",
           "t.yaml:3: sources[]: give either a url or a directory",
           "t.yaml:4: sources[].auth: an SFTP source needs known_hosts or host_key_sha256",
           "t.yaml:5: sources[].url: 'ftp://h/out/file.xml' must name a folder",
           "t.yaml:6: sources[]: files, done_dir and failed_dir apply to",
           "t.yaml:6: sources[].delete_after_ack: applies to FTP and SFTP sources only",
           "t.yaml:7: sources[].auth.secret_env: environment variable NOT_SET is not set",
           "t.yaml:8: sources[].files: 'sub/*.xml' must be a file name pattern",
       })
    EXPECT_NE(r.find(want), std::string::npos) << want << "\n" << r;
}

TEST(FileSourcesConfig, AgencyApis) {
  auto c = load(R"(sources:
  - name: ap
    url: 'https://api.agency.test/media/v/content/feed'
    format: ninjs
    api: { items: /data/items, next: /data/next_page, since: /data/since, max_pages: 5,
           min_gap: 250ms }
    auth: { scheme: header, header: x-api-key, secret_env: KEY }
  - { name: plain, url: 'https://api.agency.test/g2', api: {} }
)",
                {{"KEY", "k"}});
  ASSERT_TRUE(c.ok()) << c.reason();
  const auto& s = c.value().sources;
  EXPECT_EQ(transport_of(s[0]), Transport::kApi);
  EXPECT_EQ(s[0].api->items, "/data/items");
  EXPECT_EQ(s[0].api->next, "/data/next_page");
  EXPECT_EQ(s[0].api->since_param, "since");
  EXPECT_EQ(s[0].api->max_pages, 5);
  EXPECT_EQ(s[0].api->min_gap, std::chrono::milliseconds(250));
  EXPECT_EQ(s[0].auth.header, "x-api-key");
  EXPECT_EQ(transport_of(s[1]), Transport::kApi);
  EXPECT_EQ(s[1].api->next, "link");

  auto bad = load(R"(sources:
  - { name: a, url: 'ftp://h/x/', api: {} }
  - { name: b, url: 'https://h/', api: { next: data.next, items: data } }
  - { name: c, url: 'https://h/', auth: { scheme: header, secret_env: KEY } }
)",
                  {{"KEY", "k"}});
  ASSERT_FALSE(bad.ok());
  for (const char* want : {"t.yaml:2: sources[].api: the url of an API must be http",
                           "t.yaml:3: sources[].api.next: 'data.next' is neither link nor",
                           "t.yaml:3: sources[].api.items: 'data' is not a JSON pointer",
                           "t.yaml:4: sources[].auth.header: required with scheme: header"})
    EXPECT_NE(bad.reason().find(want), std::string::npos) << want << "\n" << bad.reason();
}

TEST(FileSourcesConfig, PathsAreRelativeToTheConfigAndSecretsComeFromFiles) {
  const fs::path dir = fs::temp_directory_path() / ("nw-cfg-files-" + std::to_string(getpid()));
  fs::create_directories(dir / "keys");
  std::ofstream(dir / "keys" / "ftp.pass") << "pa55word\n";
  std::ofstream(dir / "c.yaml") << R"(sources:
  - { name: drop, directory: spool/wire }
  - { name: ftp, url: 'ftp://h/out/', auth: { username: u, secret_file: keys/ftp.pass } }
  - { name: gone, url: 'ftp://h/out/', auth: { username: u, secret_file: keys/missing } }
)";
  auto c = load_config_file((dir / "c.yaml").string(), {});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.reason().find("c.yaml:4: sources[].auth.secret_file: cannot read"), std::string::npos)
      << c.reason();
  EXPECT_EQ(c.reason().find("pa55word"), std::string::npos);

  std::ofstream(dir / "c.yaml", std::ios::trunc) << R"(sources:
  - { name: drop, directory: spool/wire }
  - { name: ftp, url: 'ftp://h/out/', auth: { username: u, secret_file: keys/ftp.pass } }
)";
  c = load_config_file((dir / "c.yaml").string(), {});
  ASSERT_TRUE(c.ok()) << c.reason();
  EXPECT_EQ(c.value().sources[0].directory, (dir / "spool/wire").string());
  EXPECT_EQ(c.value().sources[0].done_dir, (dir / "spool/wire/done").string());
  EXPECT_EQ(c.value().sources[0].failed_dir, (dir / "spool/wire/failed").string());
  EXPECT_EQ(c.value().sources[1].auth.secret, "pa55word");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswired
