// Fault suite, scenario 4: feed servers that misbehave. One daemon polls good feeds beside
// servers that answer 500, 429 with Retry-After, never answer, drip, reset the connection
// (before and in the middle of the body), redirect in a loop or to a local file, offer 2 GiB
// (with and without a Content-Length), send a gzip bomb, broken gzip or endless headers, or
// present a certificate that must not be trusted (or speak no TLS at all on https). Each
// misbehaviour must end within the fetch timeout, cost bounded memory, be reported for its own
// source (log line and newswired_fetches_total's result and code), and leave the good feeds
// alone: every one of their articles arrives, once.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/faults/fault_config.h"
#include "tests/faults/fault_report.h"
#include "tests/faults/scenario_run.h"
#include "tests/integration/environment.h"
#include "tests/support/kafka_reader.h"
#include "tests/support/process.h"

namespace newswired::testing {
namespace {

namespace fs = std::filesystem;

// A 2 GiB body and a bomb of 2 GiB of spaces are offered, the limits are 16 MiB on the wire
// and 64 MiB decoded: what the daemon may hold is a few times the latter, not the former.
constexpr long kPeakRssBoundMiB = 256;
// Two dozen bombs in flight at once: the same bound as the fault suite's others.
constexpr long kBombsPeakRssBoundMiB = 512;
// Every poll is bounded by fetch.timeout (3 s here); the whole scenario, polls, retries after
// Retry-After and the good feeds' delivery, by this.
constexpr std::chrono::seconds kScenarioLimit{90};

// openssl s_server on a loopback port, presenting `cert`: a TLS server the daemon must refuse.
class TlsServer {
 public:
  TlsServer(const fs::path& cert, const fs::path& key, const std::string& log_prefix)
      : port_(free_port()) {
    child_ =
        spawn({"openssl", "s_server", "-quiet", "-www", "-accept",
               "127.0.0.1:" + std::to_string(port_), "-cert", cert.string(), "-key", key.string()},
              log_prefix);
    for (int i = 0; i < 100 && !accepting(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~TlsServer() {
    kill(child_.pid, SIGTERM);
    wait_for(child_, std::chrono::seconds(10));
  }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/feed.xml"; }
  bool accepting() const {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }

 private:
  int port_;
  Child child_;
};

// What one misbehaving source must be reported as.
struct Misbehaviour {
  std::string source;
  std::string url;
  std::string result;  // newswired_fetches_total's labels
  std::string code;
  std::string log;  // in "[source] fetch failed: <log>"
};

class ServerFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = integration_env(::testing::UnitTest::GetInstance()->current_test_info()->name());
    it_dir_ = std::getenv("NW_IT_DIR");
    scripted_ = it_dir_ / "scripted";
    base_ = trimmed_file(scripted_ / "base_url") + "/" + env_.prefix;
    config_ = (env_.work / "newswired.yaml").string();
    metrics_port_ = free_port();
  }

  std::string topic(const std::string& role) const { return env_.prefix + "." + role; }

  // `sources`: name -> URL, each polled every 2 s: misbehaving ones are retried (with backoff)
  // while the scenario runs, a throttled good one as soon as Retry-After allows. `fetch` is the
  // fetch section.
  void write_config(const std::map<std::string, std::string>& sources, const std::string& fetch) {
    std::ostringstream listed;
    for (const auto& [name, url] : sources)
      listed << "  - { name: " << name << ", url: '" << url << "', interval: 2s }\n";
    std::ofstream(config_) << fault_config(listed.str(), env_.bootstrap, env_.prefix, metrics_port_,
                                           env_.work / "state", "fetch: " + fetch + "\n");
  }

  // Certificates the daemon must refuse: self-signed, expired and for another host name (the
  // last two from the CA it trusts, nginx's test CA).
  void make_bad_certificates(const fs::path& dir) {
    fs::create_directories(dir);
    const fs::path ca = it_dir_ / "nginx" / "tls";
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    const std::string script =
        "set -e; cd '" + dir.string() + "'\n" +                                             //
        "openssl req -x509 " + key + " -days 2 -subj /CN=127.0.0.1" +                       //
        " -addext subjectAltName=IP:127.0.0.1 -keyout self.key -out self.pem\n" +           //
        "openssl req " + key + " -subj /CN=127.0.0.1 -keyout leaf.key -out leaf.csr\n" +    //
        "printf 'subjectAltName=IP:127.0.0.1\\n' > ip.cnf\n" +                              //
        "printf 'subjectAltName=DNS:wrong.example\\n' > wrong.cnf\n" +                      //
        "openssl x509 -req -in leaf.csr -CA '" + (ca / "ca.pem").string() + "' -CAkey '" +  //
        (ca / "ca.key").string() +
        "' -set_serial 101 -days -1 -extfile ip.cnf -out expired.pem\n" +                   //
        "openssl x509 -req -in leaf.csr -CA '" + (ca / "ca.pem").string() + "' -CAkey '" +  //
        (ca / "ca.key").string() + "' -set_serial 102 -days 2 -extfile wrong.cnf -out wrong.pem\n";
    const std::string log = (dir / "openssl").string();
    ASSERT_EQ(run({"/bin/sh", "-c", script}, log), 0) << read_file(log + ".err");
  }

  // How often this test's `path` was requested from the scripted server.
  int requests(const std::string& path) const {
    std::istringstream log(read_file((scripted_ / "requests.log").string()));
    const std::string want = "/" + env_.prefix + "/" + path;
    int n = 0;
    for (std::string line; std::getline(log, line);) n += line == want;
    return n;
  }

  IntegrationEnv env_;
  fs::path it_dir_;
  fs::path scripted_;
  std::string base_;
  std::string config_;
  int metrics_port_ = 0;
};

// The scripted server's feed-N.xml: N items whose links name the path's prefix.
std::set<std::string> scripted_links(const std::string& prefix, int n) {
  std::set<std::string> links;
  for (int i = 0; i < n; ++i)
    links.insert("http://example.com/" + prefix + "/" + std::to_string(i));
  return links;
}

std::string tls_feed(int n) {
  std::string items;
  for (int i = 0; i < n; ++i)
    items += "<item><title>Over TLS, story " + std::to_string(i) +
             "</title><link>https://wire.test/tls/" + std::to_string(i) + "</link><guid>tls-" +
             std::to_string(i) + "</guid></item>";
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>tls</title>" + items +
         "</channel></rss>";
}

TEST_F(ServerFaultTest, MisbehavingServersAreBoundedReportedPerSourceAndHarmNoGoodFeed) {
  const fs::path certs = env_.work / "certs";
  make_bad_certificates(certs);
  if (HasFatalFailure()) return;
  TlsServer self_signed(certs / "self.pem", certs / "self.key", (env_.work / "tls-self").string());
  TlsServer expired(certs / "expired.pem", certs / "leaf.key", (env_.work / "tls-exp").string());
  TlsServer wrong_host(certs / "wrong.pem", certs / "leaf.key", (env_.work / "tls-host").string());
  ASSERT_TRUE(self_signed.accepting() && expired.accepting() && wrong_host.accepting());

  std::ofstream(env_.docroot / "tls-feed.xml") << tls_feed(5);
  const fs::path nginx = it_dir_ / "nginx";
  const std::string tls_url = trimmed_file(nginx / "tls_base_url") + "/" + env_.prefix;
  // The scripted server speaks plain HTTP: an https:// URL to it fails the handshake.
  const std::string plain_as_tls =
      "https://" + trimmed_file(scripted_ / "base_url").substr(7) + "/" + env_.prefix + "/x";

  // Good sources: all of their articles must arrive, once.
  const std::map<std::string, std::string> good{
      {"good-a", base_ + "/good-a/feed-20.xml"},
      {"good-b", base_ + "/good-b/feed-7.xml"},
      {"good-tls", tls_url + "/tls-feed.xml"},
      // 429 with Retry-After: 2 first, the feed once that has passed.
      {"after-429", base_ + "/retry/throttled-once"},
  };
  std::set<std::string> expected = scripted_links(env_.prefix + "-good-a", 20);
  expected.merge(scripted_links(env_.prefix + "-good-b", 7));
  expected.merge(scripted_links(env_.prefix + "-retry", 3));
  for (int i = 0; i < 5; ++i) expected.insert("https://wire.test/tls/" + std::to_string(i));

  const std::string timeout = "Timeout was reached";
  const std::vector<Misbehaviour> bad{
      {"error-500", base_ + "/status-500", "http_error", "500", "HTTP 500"},
      {"throttled", base_ + "/throttled", "http_error", "429", "HTTP 429"},
      {"silent", base_ + "/silent", "transport_error", "0", timeout},
      {"drip", base_ + "/drip", "transport_error", "200", timeout},
      {"reset", base_ + "/reset", "transport_error", "0", "Connection reset by peer"},
      {"reset-mid-body", base_ + "/reset-mid-body", "transport_error", "200",
       "Connection reset by peer"},
      {"redirect-loop", base_ + "/loop", "transport_error", "302",
       "Number of redirects hit maximum amount"},
      {"huge", base_ + "/huge", "too_large", "200", "body larger than 16777216 bytes"},
      {"huge-chunked", base_ + "/huge-chunked", "too_large", "200",
       "body larger than 16777216 bytes"},
      {"gzip-bomb", base_ + "/bomb-stream", "too_large", "200",
       "body larger than 67108864 bytes when decoded"},
      {"bad-gzip", base_ + "/bad-gzip", "transport_error", "200",
       "Error while processing content unencoding"},
      {"header-bomb", base_ + "/header-bomb", "transport_error", "200",
       "Too large response headers"},
      // A redirect must not reach a local file, whatever the server says.
      {"redirect-to-file", base_ + "/redirect-to-file", "transport_error", "302",
       "Protocol \"file\" not supported"},
      {"tls-self-signed", self_signed.url(), "transport_error", "0", "self-signed certificate"},
      {"tls-expired", expired.url(), "transport_error", "0", "certificate has expired"},
      {"tls-wrong-host", wrong_host.url(), "transport_error", "0",
       "no alternative certificate subject name matches target host name"},
      {"tls-plain-http", plain_as_tls, "transport_error", "0", "SSL"},
  };

  std::map<std::string, std::string> sources = good;
  for (const auto& b : bad) sources[b.source] = b.url;
  // The size limits are the defaults (16 MiB on the wire, 64 MiB decoded), said here since
  // the assertions name them.
  write_config(sources,
               "{ timeout: 3s, connect_timeout: 2s, max_redirects: 4, host_delay: 0s, "
               "max_body_size: 16MiB, max_decompressed_size: 64MiB, ca_file: " +
                   (nginx / "tls" / "ca.pem").string() + " }");

  auto reported = [&](const std::string& scrape, const Misbehaviour& b) {
    return metric(scrape, "newswired_fetches_total",
                  {{"source", b.source}, {"result", b.result}, {"code", b.code}}) >= 1;
  };
  auto published = [&](const std::string& scrape, const std::string& source) {
    return metric(scrape, "newswired_items_total",
                  {{"source", source}, {"stage", "publish"}, {"outcome", "ok"}});
  };
  const ScenarioRun run = run_scenario(
      NW_DAEMON, config_, (env_.work / "daemon").string(), metrics_port_,
      [&](const std::string& scrape) {
        return std::all_of(bad.begin(), bad.end(),
                           [&](const Misbehaviour& b) { return reported(scrape, b); }) &&
               published(scrape, "good-a") == 20 && published(scrape, "good-b") == 7 &&
               published(scrape, "good-tls") == 5 && published(scrape, "after-429") == 3;
      },
      kScenarioLimit);

  const FaultTally tally = tally_delivery("server-faults", expected,
                                          read_topic(env_.bootstrap, topic("articles")), "/url");
  report_fault(tally, peak_and_wall(run));

  EXPECT_TRUE(run.settled) << "not every source was reported within " << kScenarioLimit.count()
                           << " s\n"
                           << log_lines(run.log, "fetch failed");
  EXPECT_EQ(run.exit_code, 0) << log_lines(run.log, "Z error ");
  EXPECT_LT(run.peak_rss_kib / 1024, kPeakRssBoundMiB);
  EXPECT_EQ(tally.lost, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.duplicated, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.unexpected, 0u) << describe_faults(tally);

  for (const auto& b : bad) {
    SCOPED_TRACE(b.source);
    EXPECT_TRUE(reported(run.metrics, b)) << log_lines(run.metrics, "\"" + b.source + "\"");
    EXPECT_NE(run.log.find("[" + b.source + "] fetch failed: "), std::string::npos)
        << log_lines(run.log, "[" + b.source + "]");
    // The reason, on the source's own line.
    const auto at = run.log.find("[" + b.source + "] fetch failed: ");
    if (at != std::string::npos) {
      const std::string line = run.log.substr(at, run.log.find('\n', at) - at);
      EXPECT_NE(line.find(b.log), std::string::npos) << line;
    }
    // Bounded in time: every poll of it ended within the 3 s timeout (and some slack).
    const double polls =
        metric(run.metrics, "newswired_fetch_duration_seconds_count", {{"source", b.source}});
    EXPECT_GE(polls, 1);
    EXPECT_EQ(metric(run.metrics, "newswired_fetch_duration_seconds_bucket",
                     {{"source", b.source}, {"le", "5"}}),
              polls);
    EXPECT_EQ(published(run.metrics, b.source), -1) << "nothing of it is published";
  }
  for (const auto& [name, url] : good) {
    SCOPED_TRACE(name);
    const double all = metric(run.metrics, "newswired_fetches_total", {{"source", name}});
    const double ok = std::max(0.0, metric(run.metrics, "newswired_fetches_total",
                                           {{"source", name}, {"result", "ok"}})) +
                      std::max(0.0, metric(run.metrics, "newswired_fetches_total",
                                           {{"source", name}, {"result", "not_modified"}}));
    // Only the deliberately throttled one failed, once, with its 429.
    EXPECT_EQ(all - ok, name == "after-429" ? 1 : 0)
        << log_lines(run.metrics, "newswired_fetches_total{");
    EXPECT_EQ(run.log.find("[" + name + "] fetch failed: ") != std::string::npos,
              name == "after-429")
        << log_lines(run.log, "[" + name + "]");
  }

  // Retry-After is honoured: 3600 s holds the throttled source back for the whole run, 2 s
  // delays the other's second request by at least that.
  EXPECT_EQ(requests("throttled"), 1);
  std::istringstream times(
      read_file((scripted_ / (env_.prefix + "-retry.throttled-once")).string()));
  std::vector<double> at;
  for (double t; times >> t;) at.push_back(t);
  ASSERT_GE(at.size(), 2u);
  EXPECT_GE(at[1] - at[0], 2.0);
}

// Compromised hosts answering every feed of theirs with a gzip bomb at the same time: the
// per-response limit (64 MiB decoded) must not multiply into an unbounded total.
TEST_F(ServerFaultTest, ManyGzipBombsAtOnceStayWithinTheMemoryBound) {
  constexpr int kBombsPerHost = 12;  // fetch.max_per_host below: all of a host's bombs at once
  // "localhost" and "127.0.0.1" are two hosts to the fetcher.
  const std::string server = trimmed_file(scripted_ / "base_url");
  const std::string port = server.substr(server.rfind(':') + 1);
  const std::vector<std::string> hosts{"http://127.0.0.1:" + port, "http://localhost:" + port};
  std::map<std::string, std::string> sources;
  std::set<std::string> expected;
  for (std::size_t h = 0; h < hosts.size(); ++h) {
    const std::string tag = "host" + std::to_string(h);
    sources["good-" + tag] = hosts[h] + "/" + env_.prefix + "/good-" + tag + "/feed-5.xml";
    expected.merge(scripted_links(env_.prefix + "-good-" + tag, 5));
    for (int i = 0; i < kBombsPerHost; ++i) {
      const std::string name = "bomb-" + tag + "-" + std::to_string(i);
      sources[name] = hosts[h] + "/" + env_.prefix + "/" + name + "/bomb-fast";
    }
  }
  write_config(sources, "{ timeout: 20s, connect_timeout: 2s, host_delay: 0s, max_per_host: 12 }");

  auto all_reported = [&](const std::string& scrape) {
    return std::all_of(sources.begin(), sources.end(), [&](const auto& s) {
      const bool good = s.first.starts_with("good-");
      return metric(scrape, "newswired_fetches_total",
                    {{"source", s.first}, {"result", good ? "ok" : "too_large"}}) >= 1;
    });
  };
  const ScenarioRun run = run_scenario(NW_DAEMON, config_, (env_.work / "daemon").string(),
                                       metrics_port_, all_reported, kScenarioLimit);
  const FaultTally tally = tally_delivery("gzip-bombs-at-once", expected,
                                          read_topic(env_.bootstrap, topic("articles")), "/url");
  report_fault(tally, std::to_string(sources.size() - hosts.size()) + " bombs on " +
                          std::to_string(hosts.size()) + " hosts | " + peak_and_wall(run));

  EXPECT_TRUE(run.settled) << log_lines(run.log, "fetch failed");
  EXPECT_EQ(run.exit_code, 0) << log_lines(run.log, "Z error ");
  EXPECT_LT(run.peak_rss_kib / 1024, kBombsPeakRssBoundMiB)
      << "every bomb is held to 64 MiB, but all of them together are not held at all";
  EXPECT_EQ(tally.lost, 0u) << describe_faults(tally);
  EXPECT_EQ(tally.duplicated, 0u) << describe_faults(tally);
  for (const auto& [name, url] : sources) {
    if (name.starts_with("good-")) continue;
    EXPECT_NE(run.log.find("[" + name +
                           "] fetch failed: body larger than 67108864 bytes when "
                           "decoded"),
              std::string::npos)
        << log_lines(run.log, "[" + name + "]");
  }
}

}  // namespace
}  // namespace newswired::testing
