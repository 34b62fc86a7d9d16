// SPDX-License-Identifier: Apache-2.0
#include "http/connection_limits.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace kasane::http {
namespace {

using Keys = std::vector<ConnectionLimiter::ConnectionKey>;

TEST(ConnectionLimiterTest, RefusesBeyondTheConcurrentCapWhenNoneIsIdle) {
    ConnectionLimiter limiter({.max_per_address = 3, .max_idle_per_address = 3});
    for (ConnectionLimiter::ConnectionKey key = 1; key <= 3; ++key) {
        const auto admission = limiter.Open(key, "192.0.2.1");
        ASSERT_TRUE(admission.accepted);
        EXPECT_TRUE(admission.evict.empty());
        limiter.MarkBusy(key);
    }
    const auto fourth = limiter.Open(4, "192.0.2.1");
    EXPECT_FALSE(fourth.accepted);
    EXPECT_TRUE(fourth.evict.empty());
    EXPECT_EQ(limiter.OpenCount("192.0.2.1"), 3);
    // Another address is not affected.
    EXPECT_TRUE(limiter.Open(5, "192.0.2.2").accepted);
    // One closes: the address may open one again.
    limiter.Close(2);
    EXPECT_TRUE(limiter.Open(6, "192.0.2.1").accepted);
}

TEST(ConnectionLimiterTest, ANewConnectionBeyondTheCapTakesThePlaceOfTheOldestIdleOne) {
    ConnectionLimiter limiter({.max_per_address = 3, .max_idle_per_address = 3});
    ASSERT_TRUE(limiter.Open(1, "a").accepted);
    ASSERT_TRUE(limiter.Open(2, "a").accepted);
    ASSERT_TRUE(limiter.Open(3, "a").accepted);
    limiter.MarkBusy(1);
    limiter.MarkBusy(2);
    limiter.MarkBusy(3);
    EXPECT_TRUE(limiter.MarkIdle(2).empty());
    EXPECT_TRUE(limiter.MarkIdle(1).empty());
    const auto admission = limiter.Open(4, "a");
    EXPECT_TRUE(admission.accepted);
    EXPECT_EQ(admission.evict, Keys{2});  // idle the longest
    EXPECT_EQ(limiter.OpenCount("a"), 3);
    limiter.Close(2);  // the server closes the evicted one: already uncounted
    EXPECT_EQ(limiter.OpenCount("a"), 3);
}

TEST(ConnectionLimiterTest, BeyondTheIdleCapTheOldestIdleConnectionsAreEvicted) {
    ConnectionLimiter limiter({.max_per_address = 100, .max_idle_per_address = 2});
    EXPECT_TRUE(limiter.Open(1, "a").evict.empty());
    EXPECT_TRUE(limiter.Open(2, "a").evict.empty());
    EXPECT_EQ(limiter.Open(3, "a").evict, Keys{1});  // a new connection counts as idle
    EXPECT_EQ(limiter.IdleCount("a"), 2);
    limiter.MarkBusy(2);
    limiter.MarkBusy(3);
    EXPECT_TRUE(limiter.Open(4, "a").evict.empty());
    EXPECT_TRUE(limiter.MarkIdle(2).empty());
    EXPECT_EQ(limiter.MarkIdle(3), Keys{4});
    EXPECT_EQ(limiter.IdleCount("a"), 2);
    EXPECT_EQ(limiter.OpenCount("a"), 2);
    // An evicted connection that still reports in is not counted again.
    EXPECT_TRUE(limiter.MarkIdle(4).empty());
    limiter.MarkBusy(4);
    EXPECT_EQ(limiter.OpenCount("a"), 2);
}

TEST(ConnectionLimiterTest, ManyIdleConnectionsFromOneAddressKeepAtMostTheCap) {
    ConnectionLimiter limiter({.max_per_address = 64, .max_idle_per_address = 16});
    std::size_t evicted = 0;
    for (ConnectionLimiter::ConnectionKey key = 1; key <= 1100; ++key) {
        const auto admission = limiter.Open(key, "203.0.113.9");
        ASSERT_TRUE(admission.accepted) << key;
        evicted += admission.evict.size();
    }
    EXPECT_EQ(limiter.OpenCount("203.0.113.9"), 16);
    EXPECT_EQ(evicted, 1100u - 16u);
    EXPECT_TRUE(limiter.Open(5000, "203.0.113.10").accepted);
}

TEST(ConnectionLimiterTest, AnAddressIsForgottenWhenItsLastConnectionCloses) {
    ConnectionLimiter limiter({.max_per_address = 1, .max_idle_per_address = 1});
    ASSERT_TRUE(limiter.Open(1, "a").accepted);
    limiter.MarkBusy(1);
    EXPECT_TRUE(limiter.Open(2, "b").accepted);
    EXPECT_FALSE(limiter.Open(3, "a").accepted);
    limiter.Close(1);
    limiter.Close(2);
    limiter.Close(3);  // refused: unknown, ignored
    EXPECT_EQ(limiter.AddressCount(), 0u);
    EXPECT_EQ(limiter.OpenCount("a"), 0);
}

TEST(ConnectionLimiterTest, CapOfOneEvictsTheIdleConnectionForTheNewOne) {
    ConnectionLimiter limiter({.max_per_address = 1, .max_idle_per_address = 1});
    ASSERT_TRUE(limiter.Open(1, "a").accepted);
    const auto second = limiter.Open(2, "a");
    EXPECT_TRUE(second.accepted);
    EXPECT_EQ(second.evict, Keys{1});
    EXPECT_EQ(limiter.OpenCount("a"), 1);
}

TEST(ConnectionLimiterTest, CountsStayConsistentUnderConcurrentUse) {
    ConnectionLimiter limiter({.max_per_address = 8, .max_idle_per_address = 4});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&limiter, t] {
            for (ConnectionLimiter::ConnectionKey i = 0; i < 2000; ++i) {
                const ConnectionLimiter::ConnectionKey key =
                    static_cast<ConnectionLimiter::ConnectionKey>(t) * 100000 + i;
                const auto admission = limiter.Open(key, "a");
                if (!admission.accepted) continue;
                limiter.MarkBusy(key);
                (void)limiter.MarkIdle(key);
                limiter.Close(key);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(limiter.OpenCount("a"), 0);
    EXPECT_EQ(limiter.AddressCount(), 0u);
}

}  // namespace
}  // namespace kasane::http
