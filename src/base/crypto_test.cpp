#include "base/crypto.hpp"

#include <gtest/gtest.h>

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

TEST_F(CryptoTest, TokensAreRandomAndUrlSafe) {
    const std::string a = RandomToken(32);
    const std::string b = RandomToken(32);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.size(), 43u);
    EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
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

}  // namespace
}  // namespace kasane
