// SPDX-License-Identifier: Apache-2.0
#include "base/crypto.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace kasane {
namespace {

class CryptoTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(InitializeCrypto().has_value()); }
};

TEST_F(CryptoTest, PasswordHashIsArgon2idAndVerifies) {
    const auto hash = HashPassword("correct horse battery");
    ASSERT_TRUE(hash.has_value());
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
    EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
    EXPECT_FALSE(VerifyPassword("not a hash", "anything"));
}

// A field of /proc/self/status in KiB (VmHWM, VmRSS).
long StatusKib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
}

// Sign-ins on several server threads at once must not each hold Argon2id's 64 MiB at the same time: the server's
// peak memory would grow with its threads (docs/performance.md, "The server's memory at 1,000,000 persons").
TEST_F(CryptoTest, ConcurrentPasswordChecksHoldOneHashingAreaAtATime) {
    const auto hash = HashPassword("correct horse battery");
    ASSERT_TRUE(hash.has_value());
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0 and later).
    std::ofstream("/proc/self/clear_refs") << "5";
    const long before = StatusKib("VmRSS");
    ASSERT_GT(before, 0);
    constexpr int kThreads = 4;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&] {
            start.arrive_and_wait();
            EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
        });
    }
    for (auto& thread : threads) thread.join();
    const long growth_mib = (StatusKib("VmHWM") - before) / 1024;
    // One computation is 64 MiB; four at once would be 256.
    EXPECT_LT(growth_mib, 100) << "peak grew by " << growth_mib << " MiB";
}

TEST_F(CryptoTest, TokensAreRandomAndUrlSafe) {
    const std::string a = RandomToken(32);
    const std::string b = RandomToken(32);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), 43u);
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
}

TEST_F(CryptoTest, Sha256MatchesKnownVector) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(CryptoTest, KeyedHashDependsOnKeyAndData) {
    EXPECT_EQ(KeyedHashHex("k", "d"), KeyedHashHex("k", "d"));
    EXPECT_NE(KeyedHashHex("k", "d"), KeyedHashHex("k2", "d"));
    EXPECT_NE(KeyedHashHex("k", "d"), KeyedHashHex("k", "d2"));
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

// RFC 8032, section 7.1, TEST 1 (the empty message). libsodium's secret key is the seed followed by the public key.
constexpr std::string_view kRfcSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view kRfcPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view kRfcSignature =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465"
    "5141438e7a100b";

TEST_F(CryptoTest, Ed25519MatchesTheRfc8032Vector) {
    const std::string secret_key = std::string(kRfcSeed) + std::string(kRfcPublicKey);
    const auto public_key = PublicKeyOfSecretKey(secret_key);
    ASSERT_TRUE(public_key.has_value());
    EXPECT_EQ(*public_key, kRfcPublicKey);
    const auto signature = SignDetached(secret_key, "");
    ASSERT_TRUE(signature.has_value());
    EXPECT_EQ(*signature, kRfcSignature);
    EXPECT_TRUE(VerifyDetached(kRfcPublicKey, "", kRfcSignature));
}

TEST_F(CryptoTest, Ed25519RefusesAnotherMessageKeyOrSignature) {
    const SigningKeyPair pair = GenerateSigningKeyPair();
    EXPECT_EQ(pair.public_key_hex.size(), 64u);
    EXPECT_EQ(pair.secret_key_hex.size(), 128u);
    EXPECT_EQ(PublicKeyOfSecretKey(pair.secret_key_hex).value_or(""), pair.public_key_hex);
    const auto signature = SignDetached(pair.secret_key_hex, "head 42 abcd");
    ASSERT_TRUE(signature.has_value());
    EXPECT_TRUE(VerifyDetached(pair.public_key_hex, "head 42 abcd", *signature));
    EXPECT_FALSE(VerifyDetached(pair.public_key_hex, "head 41 abcd", *signature));
    const SigningKeyPair other = GenerateSigningKeyPair();
    EXPECT_FALSE(VerifyDetached(other.public_key_hex, "head 42 abcd", *signature));
    std::string flipped = *signature;
    flipped[10] = flipped[10] == '0' ? '1' : '0';
    EXPECT_FALSE(VerifyDetached(pair.public_key_hex, "head 42 abcd", flipped));
    EXPECT_FALSE(VerifyDetached("not hex", "head 42 abcd", *signature));
    EXPECT_FALSE(VerifyDetached(pair.public_key_hex, "head 42 abcd", signature->substr(2)));
    EXPECT_FALSE(SignDetached("abcd", "x").has_value());
    EXPECT_FALSE(PublicKeyOfSecretKey(std::string(128, 'z')).has_value());
}

}  // namespace
}  // namespace kasane
