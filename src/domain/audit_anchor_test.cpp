// SPDX-License-Identifier: Apache-2.0
#include "domain/audit_anchor.hpp"

#include <gtest/gtest.h>

#include "base/crypto.hpp"

namespace kasane::domain {
namespace {

AuditAnchor Sample() {
    AuditAnchor anchor;
    anchor.at = ParseIso8601("2025-04-01T15:00:00.000Z").value();
    anchor.heads = {{.municipality_code = "313726", .sequence = 42, .hash = std::string(64, 'a')},
                    {.municipality_code = "319996", .sequence = 0, .hash = ""}};
    return anchor;
}

TEST(AuditAnchorTest, TheFileRoundTripsAndItsSignatureVerifies) {
    ASSERT_TRUE(InitializeCrypto().has_value());
    const SigningKeyPair keys = GenerateSigningKeyPair();
    AuditAnchor anchor = Sample();
    anchor.public_key = keys.public_key_hex;
    anchor.signature = SignDetached(keys.secret_key_hex, SignedAnchorText(anchor)).value();
    const auto read = AuditAnchorFromJson(AuditAnchorToJson(anchor));
    ASSERT_TRUE(read.has_value()) << read.error().message;
    EXPECT_EQ(SignedAnchorText(*read), SignedAnchorText(anchor));
    EXPECT_EQ(read->signature, anchor.signature);
    EXPECT_TRUE(VerifyDetached(keys.public_key_hex, SignedAnchorText(*read), read->signature));
}

TEST(AuditAnchorTest, EveryHeadFieldIsSigned) {
    const std::string original = SignedAnchorText(Sample());
    AuditAnchor changed = Sample();
    changed.heads[0].sequence = 41;
    EXPECT_NE(SignedAnchorText(changed), original);
    changed = Sample();
    changed.heads[0].hash[0] = 'b';
    EXPECT_NE(SignedAnchorText(changed), original);
    changed = Sample();
    changed.heads[1].municipality_code = "313734";
    EXPECT_NE(SignedAnchorText(changed), original);
    changed = Sample();
    changed.heads.pop_back();
    EXPECT_NE(SignedAnchorText(changed), original);
    changed = Sample();
    changed.at = ParseIso8601("2025-04-02T15:00:00.000Z").value();
    EXPECT_NE(SignedAnchorText(changed), original);
}

TEST(AuditAnchorTest, AFileThatIsNotAnAnchorIsRefusedNamingTheField) {
    EXPECT_EQ(AuditAnchorFromJson("[]").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(AuditAnchorFromJson(R"({"format": "other"})").error().field, "format");
    AuditAnchor anchor = Sample();
    anchor.public_key = std::string(64, '0');
    anchor.signature = std::string(128, '0');
    std::string text = AuditAnchorToJson(anchor);
    EXPECT_TRUE(AuditAnchorFromJson(text).has_value());
    const std::string bad_signature = std::string(text).replace(text.find(std::string(128, '0')), 2, "zz");
    EXPECT_EQ(AuditAnchorFromJson(bad_signature).error().field, "signature");
    const std::string bad_hash = std::string(text).replace(text.find(std::string(64, 'a')), 1, "X");
    EXPECT_EQ(AuditAnchorFromJson(bad_hash).error().field, "heads");
}

}  // namespace
}  // namespace kasane::domain
