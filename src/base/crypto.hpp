// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace kasane {

// Call once before any other function here (libsodium's sodium_init). Safe to call more than once.
Status InitializeCrypto();

// `bytes` random bytes from the OS, raw.
std::string RandomBytes(std::size_t bytes);
// `bytes` random bytes from the OS, as unpadded base64url text.
std::string RandomToken(std::size_t bytes = 32);
// Lower-case hex SHA-256; used to store session and API tokens so that a database leak does not leak them.
std::string Sha256Hex(std::string_view data);
// Keyed BLAKE2b, hex; used to derive a CSRF token from a session token.
std::string KeyedHashHex(std::string_view key, std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Argon2id (libsodium crypto_pwhash_str, interactive limits). The result embeds salt and parameters.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

// Ed25519 signatures (libsodium crypto_sign_detached), for anchoring the audit chain. Keys and signatures travel
// as lower-case hex: a public key is 64 hex digits, a secret key 128 (libsodium's secret key holds its public key),
// a signature 128.
struct SigningKeyPair {
    std::string public_key_hex;
    std::string secret_key_hex;
};
SigningKeyPair GenerateSigningKeyPair();
// kInvalidArgument (field "key") when the text is not a secret key.
Result<std::string> PublicKeyOfSecretKey(std::string_view secret_key_hex);
Result<std::string> SignDetached(std::string_view secret_key_hex, std::string_view message);
// False for a malformed key or signature as for a wrong one.
bool VerifyDetached(std::string_view public_key_hex, std::string_view message, std::string_view signature_hex);

// A secret kept at rest (a TOTP secret). With a key (any length; hashed down to 32 bytes), sealed by
// XSalsa20-Poly1305 (crypto_secretbox) under a random nonce: "sb1:" + base64(nonce || box). Without a key the
// deployment has chosen not to encrypt: "raw:" + base64(secret), which at least never reads as the secret in a
// log or a dump.
std::string SealSecret(std::string_view key, std::string_view secret);
// The secret of SealSecret. kInternal when the box does not open (wrong key, altered text) or a sealed value meets
// an empty key.
Result<std::string> OpenSecret(std::string_view key, std::string_view sealed);

}  // namespace kasane
