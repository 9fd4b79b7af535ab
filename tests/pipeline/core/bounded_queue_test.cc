#include "pipeline/core/bounded_queue.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(BoundedQueue, KeepsOrderAndDrainsAfterClose) {
  BoundedQueue<int> q(4);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(q.push(i));
  q.close();
  EXPECT_FALSE(q.push(99));
  EXPECT_EQ(*q.pop(), 0);
  EXPECT_EQ(*q.pop(), 1);
  EXPECT_EQ(*q.pop(), 2);
  EXPECT_FALSE(q.pop().has_value());
}

TEST(BoundedQueue, FullQueueBlocksProducerUntilConsumerTakes) {
  BoundedQueue<int> q(2);
  q.push(1);
  q.push(2);
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    q.push(3);
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(pushed.load()) << "push must wait while the queue is full";
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(*q.pop(), 1);
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(*q.pop(), 2);
  EXPECT_EQ(*q.pop(), 3);
}

TEST(BoundedQueue, CloseWakesBlockedConsumer) {
  BoundedQueue<int> q(1);
  std::thread consumer([&] { EXPECT_FALSE(q.pop().has_value()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  q.close();
  consumer.join();
}

TEST(BoundedQueue, NothingLostUnderConcurrency) {
  BoundedQueue<int> q(8);
  constexpr int kN = 20000;
  long sum = 0;
  std::thread consumer([&] {
    while (auto v = q.pop()) sum += *v;
  });
  for (int i = 1; i <= kN; ++i) q.push(i);
  q.close();
  consumer.join();
  EXPECT_EQ(sum, static_cast<long>(kN) * (kN + 1) / 2);
}

TEST(BoundedQueue, PopSomeTakesWhatQueuedUpInOrderAndFreesRoomForEveryone) {
  BoundedQueue<int> q(4);
  for (int i = 1; i <= 4; ++i) q.push(i);
  std::atomic<int> pushed{0};
  std::thread a([&] { q.push(5), ++pushed; });
  std::thread b([&] { q.push(6), ++pushed; });
  std::vector<int> got;
  ASSERT_TRUE(q.pop_some(got, 3));
  EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
  a.join();  // both blocked producers got room at once
  b.join();
  EXPECT_EQ(pushed, 2);
  q.close();
  while (q.pop_some(got, 10)) {
  }
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[3], 4);
  EXPECT_FALSE(q.pop_some(got, 1)) << "closed and drained";
}

}  // namespace
}  // namespace newswired
