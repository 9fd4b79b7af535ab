// FTP and SFTP folders against real servers on loopback (tests/harness/ftp.sh and sftp.sh,
// started by CTest's "services" fixture): listing, downloading and deleting, which files are
// taken and when, what settlements do, and the errors a wrong login or host key gives.
// Files are put on the servers by writing into their folders on disk.

#include "daemon/fetch/remote_folder.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utime.h>

#include "daemon/fetch/remote_folder_source.h"
#include "tests/daemon/fetch/recorder.h"
#include "tests/support/silent_server.h"

namespace newswired {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

enum class Protocol { kFtp, kSftp };

std::string trimmed_file(const fs::path& path) {
  std::ifstream in(path);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

void set_mtime(const fs::path& path, std::time_t t) {
  const utimbuf times{t, t};
  ASSERT_EQ(utime(path.c_str(), &times), 0) << path;
}

bool all_names(const std::string&) { return true; }

// One of the harness's servers, as its start script described it.
struct Server {
  std::string unavailable;  // why the tests cannot use it: they skip
  std::string base_url;     // ends in '/'
  fs::path root;            // the folder on disk that base_url names
  std::string host_port;
  SourceAuth auth;
  int uid = -1;  // who the server acts as on disk, when that is not us
  int gid = -1;
};

Server server_for(Protocol p) {
  Server s;
  const char* it_dir = std::getenv("NW_IT_DIR");
  if (!it_dir) {
    s.unavailable = "NW_IT_DIR not set: run through ctest, whose fixture starts the servers";
    return s;
  }
  const fs::path dir = fs::path(it_dir) / (p == Protocol::kFtp ? "ftp" : "sftp");
  if (fs::exists(dir / "unavailable")) {
    s.unavailable = trimmed_file(dir / "unavailable");
    return s;
  }
  s.base_url = trimmed_file(dir / "base_url");
  s.root = dir / "root";
  s.host_port = "127.0.0.1:" + trimmed_file(dir / "port");
  s.auth.username = trimmed_file(dir / "user");
  if (p == Protocol::kFtp) {
    s.auth.secret = trimmed_file(dir / "password");
    s.uid = std::atoi(trimmed_file(dir / "uid").c_str());
    s.gid = std::atoi(trimmed_file(dir / "gid").c_str());
  } else {
    s.auth.private_key = (dir / "client_key").string();
    s.auth.known_hosts = (dir / "known_hosts").string();
  }
  return s;
}

class RemoteFolderTestBase : public ::testing::Test {
 protected:
  virtual Protocol protocol() const = 0;

  void SetUp() override {
    server_ = server_for(protocol());
    if (!server_.unavailable.empty()) {
      GTEST_SKIP() << server_.unavailable;
    }
    ASSERT_FALSE(server_.base_url.empty()) << "the services fixture did not start the server";
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    name += "-" + std::to_string(getpid());
    dir_ = server_.root / name;
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The FTP server acts as another user on disk; it must be able to delete in here.
    if (server_.uid >= 0 && getuid() == 0) {
      ASSERT_EQ(chown(dir_.c_str(), server_.uid, server_.gid), 0);
    }
    source_.name = "wire-" + name;
    source_.url = server_.base_url + name + "/";
    source_.auth = server_.auth;
    source_.settle = 300ms;
    source_.interval = 100ms;
    fetch_.timeout = 20s;
    fetch_.connect_timeout = 5s;
    fetch_.max_body_bytes = 1 << 20;
    state_dir_ = fs::temp_directory_path() / ("nw-remote-" + name);
    fs::remove_all(state_dir_);
    open_state();
  }
  void TearDown() override {
    state_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
    if (!state_dir_.empty()) fs::remove_all(state_dir_);
  }

  void open_state() {
    state_.reset();
    auto opened = StateStore::open(state_dir_.string(), {"files"});
    ASSERT_TRUE(opened.ok());
    state_ = opened.value();
  }

  std::unique_ptr<RemoteFolderSource> source() {
    return std::make_unique<RemoteFolderSource>(source_, fetch_, state_, "files", rec_.sink(),
                                                rec_.on_report(), rec_.on_file());
  }

  // As the pipeline does it: from another thread.
  static void settle(Document& doc, Settlement::Outcome outcome) {
    std::thread([&] { doc.on_settled({outcome, "test"}); }).join();
  }

  std::size_t doc_count() {
    std::lock_guard lock(rec_.mu);
    return rec_.docs.size();
  }
  std::vector<std::string> errors() {
    std::lock_guard lock(rec_.mu);
    std::vector<std::string> out;
    for (const auto& r : rec_.reports)
      if (r.result != FetchReport::Result::kOk) out.push_back(r.error);
    return out;
  }
  std::string file_url(const std::string& name) const { return source_.url + name; }

  Server server_;
  fs::path dir_;
  fs::path state_dir_;
  SourceConfig source_;
  FetchConfig fetch_;
  std::shared_ptr<StateStore> state_;
  testing::FileSourceRecorder rec_;
};

class RemoteFolderTest : public RemoteFolderTestBase,
                         public ::testing::WithParamInterface<Protocol> {
 protected:
  Protocol protocol() const override { return GetParam(); }
};

TEST_P(RemoteFolderTest, ListsFilesWithSizeAndTimeAndLeavesOutDirectories) {
  write_file(dir_ / "a.xml", "<a/>\n");
  write_file(dir_ / "with space.xml", "<b></b>\n");
  set_mtime(dir_ / "a.xml", 1700000000);
  set_mtime(dir_ / "with space.xml", 1700000042);
  fs::create_directories(dir_ / "archive");
  RemoteFolder folder(source_, fetch_);
  ASSERT_EQ(folder.config_error(), "");
  // FTP: by MLSD, and as for a server without it, by NLST, SIZE and MDTM.
  for (const bool mlsd : {true, false}) {
    if (!mlsd) {
      if (GetParam() == Protocol::kSftp) break;
      folder.without_mlsd();
    }
    const auto listing = folder.list(all_names);
    ASSERT_EQ(listing.error, "");
    EXPECT_EQ(std::set<std::string>(listing.names.begin(), listing.names.end()),
              (std::set<std::string>{"a.xml", "with space.xml", "archive"}));
    ASSERT_EQ(listing.files.size(), 2u);
    std::map<std::string, RemoteFile> by_name;
    for (const auto& f : listing.files) by_name[f.name] = f;
    EXPECT_EQ(by_name["a.xml"].size, 5);
    EXPECT_EQ(by_name["a.xml"].mtime, 1700000000);
    EXPECT_EQ(by_name["with space.xml"].size, 8);
    EXPECT_EQ(by_name["with space.xml"].mtime, 1700000042);
    EXPECT_GT(listing.bytes, 0u);

    const auto only_a = folder.list([](const std::string& n) { return n == "a.xml"; });
    ASSERT_EQ(only_a.files.size(), 1u);
    EXPECT_EQ(only_a.names.size(), 3u);  // the unwanted are still named: state is kept for them
  }
}

TEST_P(RemoteFolderTest, DownloadsAndDeletesFiles) {
  write_file(dir_ / "story one.xml", "<story>one</story>");
  RemoteFolder folder(source_, fetch_);
  const auto got = folder.download("story one.xml");
  ASSERT_EQ(got.error, "");
  EXPECT_EQ(got.body, "<story>one</story>");
  EXPECT_EQ(folder.url_of("story one.xml"), source_.url + "story%20one.xml");

  const auto missing = folder.download("nope.xml");
  EXPECT_EQ(missing.error, "not found");

  EXPECT_EQ(folder.remove("story one.xml"), "");
  EXPECT_FALSE(fs::exists(dir_ / "story one.xml"));
  EXPECT_NE(folder.remove("story one.xml"), "");  // gone: the server says no
}

TEST_P(RemoteFolderTest, DownloadStopsAtTheSizeLimit) {
  write_file(dir_ / "big.xml", std::string(5000, 'x'));
  fetch_.max_body_bytes = 1000;
  RemoteFolder folder(source_, fetch_);
  const auto got = folder.download("big.xml");
  EXPECT_TRUE(got.too_large);
  EXPECT_EQ(got.error, "larger than 1000 bytes (fetch.max_body_bytes)");
  EXPECT_EQ(got.body, "");
}

TEST_P(RemoteFolderTest, TakesAFileOnceAcrossPollsAndRestarts) {
  write_file(dir_ / "a.xml", "<a/>");
  {
    auto src = source();
    src->run(true);
    ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
    Document& doc = rec_.docs[0];
    EXPECT_EQ(doc.body, "<a/>");
    EXPECT_EQ(doc.url, file_url("a.xml"));
    EXPECT_EQ(doc.source.name, source_.name);
    EXPECT_EQ(doc.source.url, source_.url);
    EXPECT_EQ(doc.source.format, "auto");
    EXPECT_EQ(doc.fetched_at.size(), 20u);
    EXPECT_TRUE(doc.fetched_at.ends_with('Z'));
    ASSERT_TRUE(doc.on_settled);

    src->run(true);  // in flight: not again
    EXPECT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
    settle(doc, Settlement::Outcome::kDelivered);
    src->run(true);  // recorded: not again
    EXPECT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  }
  open_state();  // a restart: a new source on the reopened store
  source()->run(true);
  EXPECT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  EXPECT_TRUE(fs::exists(dir_ / "a.xml"));  // no delete_after_ack
  EXPECT_TRUE(state_->get("files", source_.name + "/a.xml").has_value());
  EXPECT_EQ(errors(), std::vector<std::string>{});
  // A listing and a download, then listings only.
  std::lock_guard lock(rec_.mu);
  EXPECT_GE(rec_.reports.size(), 5u);
}

TEST_P(RemoteFolderTest, UndeliveredComesAgainDeliveredDoesNot) {
  write_file(dir_ / "a.xml", "<a/>");
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  settle(rec_.docs[0], Settlement::Outcome::kUndelivered);
  EXPECT_FALSE(state_->get("files", source_.name + "/a.xml").has_value());
  src->run(true);
  ASSERT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
  EXPECT_EQ(rec_.docs[1].body, "<a/>");
  settle(rec_.docs[1], Settlement::Outcome::kDelivered);
  src->run(true);
  EXPECT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
  std::lock_guard lock(rec_.mu);
  ASSERT_EQ(rec_.events.size(), 2u);
  EXPECT_EQ(rec_.events[0].outcome, "undelivered");
  EXPECT_EQ(rec_.events[1].outcome, "delivered");
  EXPECT_EQ(rec_.events[1].file, "a.xml");
}

TEST_P(RemoteFolderTest, AChangedFileIsDownloadedAgain) {
  write_file(dir_ / "a.xml", "<a>1</a>");
  set_mtime(dir_ / "a.xml", 1700000000);
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  settle(rec_.docs[0], Settlement::Outcome::kDelivered);
  write_file(dir_ / "a.xml", "<a>2</a>");  // same size, later time
  set_mtime(dir_ / "a.xml", 1700000100);
  src->run(true);
  ASSERT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
  EXPECT_EQ(rec_.docs[1].body, "<a>2</a>");
}

TEST_P(RemoteFolderTest, DeleteAfterAckDeletesOnlyDeliveredFiles) {
  source_.delete_after_ack = true;
  source_.interval = std::chrono::hours(1);  // only a settlement wakes the loop
  write_file(dir_ / "good.xml", "<good/>");
  write_file(dir_ / "bad.xml", "<bad");
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
  Document& good = rec_.docs[0].url.ends_with("good.xml") ? rec_.docs[0] : rec_.docs[1];
  Document& bad = rec_.docs[0].url.ends_with("good.xml") ? rec_.docs[1] : rec_.docs[0];

  std::thread loop([&] { src->run(false); });
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(fs::exists(dir_ / "good.xml"));  // not before it is delivered
  settle(bad, Settlement::Outcome::kRejected);
  settle(good, Settlement::Outcome::kDelivered);
  const auto deadline = Clock::now() + 10s;
  while (fs::exists(dir_ / "good.xml") && Clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(fs::exists(dir_ / "good.xml"));
  src->stop();
  loop.join();
  EXPECT_TRUE(fs::exists(dir_ / "bad.xml"));  // a rejected file stays for someone to look at
  source()->run(true);
  EXPECT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());  // and is not taken again
  EXPECT_EQ(errors(), std::vector<std::string>{});
}

TEST_P(RemoteFolderTest, DeletionAfterRunReturnedAndAfterARestart) {
  source_.delete_after_ack = true;
  write_file(dir_ / "a.xml", "<a/>");
  write_file(dir_ / "b.xml", "<b/>");
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
  for (auto& d : rec_.docs) settle(d, Settlement::Outcome::kDelivered);
  // Settled after run(true) returned: delete_settled() does it.
  EXPECT_EQ(src->delete_settled(), 2u);
  EXPECT_FALSE(fs::exists(dir_ / "a.xml"));
  EXPECT_FALSE(fs::exists(dir_ / "b.xml"));

  // A deletion that never happened (a crash) is done from the record by the next poll.
  write_file(dir_ / "c.xml", "<c/>");
  src->run(true);
  ASSERT_EQ(doc_count(), 3u) << ::testing::PrintToString(errors());
  settle(rec_.docs[2], Settlement::Outcome::kDelivered);
  src.reset();  // gone before deleting
  EXPECT_TRUE(fs::exists(dir_ / "c.xml"));
  open_state();
  source()->run(true);
  EXPECT_FALSE(fs::exists(dir_ / "c.xml"));
  EXPECT_EQ(doc_count(), 3u) << ::testing::PrintToString(errors());
}

TEST_P(RemoteFolderTest, ANewVersionUnderTheSameNameIsNotDeleted) {
  source_.delete_after_ack = true;
  write_file(dir_ / "a.xml", "<a>1</a>");
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  write_file(dir_ / "a.xml", "<a>version 2</a>");  // arrives before the first is acknowledged
  settle(rec_.docs[0], Settlement::Outcome::kDelivered);
  EXPECT_EQ(src->delete_settled(), 0u);
  EXPECT_TRUE(fs::exists(dir_ / "a.xml"));
  src->run(true);
  ASSERT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
  EXPECT_EQ(rec_.docs[1].body, "<a>version 2</a>");
}

TEST_P(RemoteFolderTest, AGrowingFileIsTakenOnlyOnceItStops) {
  source_.settle = 400ms;
  const fs::path path = dir_ / "growing.xml";
  std::atomic<bool> writing{true};
  std::string written;
  std::thread writer([&] {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 20; ++i) {  // two seconds of an upload in progress
      const std::string chunk = "<p>" + std::to_string(i) + "</p>\n";
      out << chunk << std::flush;
      written += chunk;
      std::this_thread::sleep_for(100ms);
    }
    writing = false;
  });
  auto src = source();
  std::thread loop([&] { src->run(false); });
  while (writing) {
    EXPECT_EQ(doc_count(), 0u) << "taken while still being written";
    std::this_thread::sleep_for(50ms);
  }
  writer.join();
  const auto deadline = Clock::now() + 10s;
  while (doc_count() == 0 && Clock::now() < deadline) std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(500ms);
  src->stop();
  loop.join();
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  EXPECT_EQ(rec_.docs[0].body, written);
}

TEST_P(RemoteFolderTest, PatternsAndDefaultsSelectNames) {
  for (const char* name : {"a.xml", "b.json", ".hidden.xml", "c.xml.part", "d.xml.tmp", "e.xml~"})
    write_file(dir_ / name, "x");
  source()->run(true);
  std::set<std::string> taken;
  for (const auto& d : rec_.docs) taken.insert(d.url.substr(d.url.rfind('/') + 1));
  EXPECT_EQ(taken, (std::set<std::string>{"a.xml", "b.json"}));

  rec_.docs.clear();
  source_.name += "-xml";  // its own records
  source_.files = {"*.xml"};
  source()->run(true);
  taken.clear();
  for (const auto& d : rec_.docs) taken.insert(d.url.substr(d.url.rfind('/') + 1));
  EXPECT_EQ(taken, (std::set<std::string>{"a.xml"}));
}

TEST_P(RemoteFolderTest, TooLargeFilesAreRejectedOnceUnread) {
  fetch_.max_body_bytes = 100;
  write_file(dir_ / "big.xml", std::string(1000, 'x'));
  write_file(dir_ / "small.xml", "<s/>");
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  EXPECT_EQ(rec_.docs[0].body, "<s/>");
  EXPECT_EQ(errors(),
            std::vector<std::string>{"big.xml: 1000 bytes, more than fetch.max_body_bytes"});
  const auto record = state_->get("files", source_.name + "/big.xml");
  ASSERT_TRUE(record.has_value());
  EXPECT_TRUE(record->ends_with(" rejected"));
  src->run(true);
  EXPECT_EQ(errors().size(), 1u);  // not tried again
}

TEST_P(RemoteFolderTest, RecordsOfFilesGoneFromTheServerAreDropped) {
  write_file(dir_ / "a.xml", "<a/>");
  set_mtime(dir_ / "a.xml", 1700000000);
  auto src = source();
  src->run(true);
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  settle(rec_.docs[0], Settlement::Outcome::kDelivered);
  ASSERT_TRUE(state_->get("files", source_.name + "/a.xml").has_value());
  fs::remove(dir_ / "a.xml");
  src->run(true);
  EXPECT_FALSE(state_->get("files", source_.name + "/a.xml").has_value());
  // The same file delivered again later is a new delivery.
  write_file(dir_ / "a.xml", "<a/>");
  set_mtime(dir_ / "a.xml", 1700000000);
  src->run(true);
  EXPECT_EQ(doc_count(), 2u) << ::testing::PrintToString(errors());
}

TEST_P(RemoteFolderTest, StopDuringAPollReturnsPromptly) {
  for (int i = 0; i < 200; ++i) write_file(dir_ / ("f" + std::to_string(i) + ".xml"), "<f/>");
  auto src = source();
  std::thread poll([&] { src->run(true); });
  std::this_thread::sleep_for(200ms);  // in the middle of 200 sizes and times
  const auto asked = Clock::now();
  src->stop();
  poll.join();
  EXPECT_LT(Clock::now() - asked, 500ms);
  EXPECT_LT(doc_count(), 200u);
}

INSTANTIATE_TEST_SUITE_P(Servers, RemoteFolderTest,
                         ::testing::Values(Protocol::kFtp, Protocol::kSftp), [](const auto& info) {
                           return info.param == Protocol::kFtp ? "ftp" : "sftp";
                         });

class FtpFolderTest : public RemoteFolderTestBase {
 protected:
  Protocol protocol() const override { return Protocol::kFtp; }
};

TEST_F(FtpFolderTest, AWrongPasswordIsALoginRefusedThatNeverShowsThePassword) {
  source_.auth.secret = "not-the-Password-" + std::to_string(getpid());
  fetch_.connect_timeout = 30s;  // the login is part of connecting, and pure-ftpd delays refusals
  RemoteFolder folder(source_, fetch_);
  const auto listing = folder.list(all_names);
  EXPECT_EQ(listing.error, "login refused by " + source_.url + " (user 'wire')");

  // Through the source, into its report; and with the password in the URL instead.
  source_.auth.secret.clear();
  const std::string wrong = "pw-in-url-" + std::to_string(getpid());
  source_.url = "ftp://wire:" + wrong + "@" + source_.url.substr(6);
  write_file(dir_ / "a.xml", "<a/>");
  source()->run(true);
  ASSERT_EQ(errors().size(), 1u);
  EXPECT_EQ(errors()[0],
            "login refused by " + server_.base_url + dir_.filename().string() + "/ (user 'wire')");
  EXPECT_EQ(errors()[0].find(wrong), std::string::npos);
  EXPECT_EQ(doc_count(), 0u) << ::testing::PrintToString(errors());
}

TEST_F(FtpFolderTest, CredentialsInTheUrlWorkAndStayOutOfDocuments) {
  const std::string folder_url = source_.url;
  source_.url =
      "ftp://" + server_.auth.username + ":" + server_.auth.secret + "@" + source_.url.substr(6);
  source_.auth = {};
  write_file(dir_ / "a.xml", "<a/>");
  source()->run(true);
  ASSERT_EQ(doc_count(), 1u) << ::testing::PrintToString(errors());
  EXPECT_EQ(rec_.docs[0].url, folder_url + "a.xml");
  EXPECT_EQ(rec_.docs[0].source.url, folder_url);
}

TEST_F(FtpFolderTest, AMissingFolderIsSaidSo) {
  source_.url = server_.base_url + "no-such-folder-" + std::to_string(getpid()) + "/";
  RemoteFolder folder(source_, fetch_);
  EXPECT_EQ(folder.list(all_names).error,
            "no folder " + source_.url + ", or no permission to enter it");
  folder.without_mlsd();
  EXPECT_EQ(folder.list(all_names).error,
            "no folder " + source_.url + ", or no permission to enter it");
}

class SftpFolderTest : public RemoteFolderTestBase {
 protected:
  Protocol protocol() const override { return Protocol::kSftp; }
  std::string list_error() {
    RemoteFolder folder(source_, fetch_);
    if (!folder.config_error().empty()) return folder.config_error();
    return folder.list(all_names).error;
  }
  fs::path scratch(const std::string& name) const { return state_dir_.parent_path() / name; }
};

TEST_F(SftpFolderTest, APasswordIsRefusedByAKeyOnlyServerWithoutShowingIt) {
  source_.auth.private_key.clear();
  source_.auth.secret = "a-Password-" + std::to_string(getpid());
  const std::string error = list_error();
  EXPECT_EQ(error, "login refused by " + source_.url + " (user '" + server_.auth.username + "')");
  EXPECT_EQ(error.find(source_.auth.secret), std::string::npos);
}

TEST_F(SftpFolderTest, TheServerKeyMustBeKnown) {
  const std::string pid = std::to_string(getpid());
  // Not in known_hosts.
  const fs::path empty = scratch("nw-known-empty-" + pid);
  write_file(empty, "");
  source_.auth.known_hosts = empty.string();
  EXPECT_EQ(list_error(), "host key of " + server_.host_port + " not in known_hosts " +
                              empty.string() + " (the server offers an ssh-ed25519 key)");
  // Listed with another key: the client's public key stands in for an impostor's.
  const fs::path other = scratch("nw-known-other-" + pid);
  std::string client_pub = trimmed_file(server_.auth.private_key + ".pub");
  client_pub = client_pub.substr(0, client_pub.rfind(' '));
  write_file(other, "[127.0.0.1]:" + server_.host_port.substr(10) + " " + client_pub + "\n");
  source_.auth.known_hosts = other.string();
  EXPECT_EQ(list_error(), "host key of " + server_.host_port + " does not match known_hosts " +
                              other.string() +
                              " (the server offers an ssh-ed25519 key): the key changed, or "
                              "someone is in between");
  // A known_hosts file that is not there.
  source_.auth.known_hosts = scratch("nw-known-missing-" + pid).string();
  EXPECT_EQ(list_error().rfind("cannot read known_hosts " + source_.auth.known_hosts, 0), 0u)
      << list_error();
  fs::remove(empty);
  fs::remove(other);
}

TEST_F(SftpFolderTest, TheServerKeyFingerprintCanStandForKnownHosts) {
  const fs::path dir = fs::path(std::getenv("NW_IT_DIR")) / "sftp";
  source_.auth.known_hosts.clear();
  source_.auth.host_key_sha256 = "SHA256:" + trimmed_file(dir / "host_key_sha256");
  write_file(dir_ / "a.xml", "<a/>");
  EXPECT_EQ(list_error(), "");
  source_.auth.host_key_sha256 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  EXPECT_EQ(list_error(),
            "host key of " + server_.host_port + " does not match auth.host_key_sha256");
}

TEST_F(SftpFolderTest, WithNoWayToCheckTheServerKeyItRefusesToConnect) {
  source_.auth.known_hosts.clear();
  source_.auth.host_key_sha256.clear();
  RemoteFolder folder(source_, fetch_);
  EXPECT_EQ(folder.config_error(),
            "refusing to connect to " + source_.url +
                ": no auth.known_hosts or auth.host_key_sha256 to check the server's key");
  EXPECT_EQ(folder.list(all_names).error, folder.config_error());
  source()->run(true);
  EXPECT_EQ(errors(), std::vector<std::string>{folder.config_error()});
}

TEST_F(SftpFolderTest, AnUnreadablePrivateKeyIsSaidSo) {
  source_.auth.private_key = scratch("nw-no-such-key").string();
  EXPECT_EQ(list_error(),
            "cannot read private key " + source_.auth.private_key + ": No such file or directory");
}

TEST(RemoteFolderStop, StopWhileWaitingForAServerThatSaysNothingReturnsAtOnce) {
  testing::SilentServer silent;
  for (const std::string scheme : {"ftp", "sftp"}) {
    SourceConfig source;
    source.name = "silent";
    source.url = scheme + "://127.0.0.1:" + std::to_string(silent.port()) + "/out/";
    source.auth.username = "wire";
    source.auth.secret = "secret";
    source.auth.host_key_sha256 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    FetchConfig fetch;
    fetch.timeout = 60s;
    fetch.connect_timeout = 60s;
    auto opened = StateStore::open(
        (fs::temp_directory_path() / ("nw-remote-stop-" + std::to_string(getpid()))).string(),
        {"files"});
    ASSERT_TRUE(opened.ok());
    std::vector<FetchReport> reports;
    RemoteFolderSource src(
        source, fetch, opened.value(), "files", [](Document&&) {},
        [&](const FetchReport& r) { reports.push_back(r); });
    std::thread poll([&] { src.run(false); });
    std::this_thread::sleep_for(300ms);
    const auto asked = Clock::now();
    src.stop();
    poll.join();
    EXPECT_LT(Clock::now() - asked, 300ms) << scheme;
    ASSERT_EQ(reports.size(), 1u) << scheme;
    EXPECT_EQ(reports[0].error, "stopped") << scheme;
  }
  fs::remove_all(fs::temp_directory_path() / ("nw-remote-stop-" + std::to_string(getpid())));
}

}  // namespace
}  // namespace newswired
