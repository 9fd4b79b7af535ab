// Writes a synthetic RSS feed of N items to stdout (for bench/e2e_once.sh).
#include <cstdio>
#include <cstdlib>

#include "bench/feed_generator.h"

int main(int argc, char** argv) {
  const int items = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int seed = argc > 2 ? std::atoi(argv[2]) : 0;
  const std::string feed = newswired::bench::generate_rss(items, seed);
  std::fwrite(feed.data(), 1, feed.size(), stdout);
}
