// SPDX-License-Identifier: Apache-2.0
#include "base/crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <optional>
#include <vector>

namespace kasane {

namespace {

std::string ToHex(const unsigned char* data, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

// Exactly `size` bytes from lower- or upper-case hex, or nothing.
std::optional<std::vector<unsigned char>> FromHex(std::string_view hex, std::size_t size) {
    if (hex.size() != size * 2) return std::nullopt;
    std::vector<unsigned char> bytes(size);
    std::size_t written = 0;
    if (sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &written, nullptr) != 0 ||
        written != size) {
        return std::nullopt;
    }
    return bytes;
}

// One Argon2id computation at a time in the process. Each takes crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB),
// mapped and touched whole, so concurrent sign-ins on N server threads would need N × 64 MiB at once: the largest
// share of the server's peak memory after the reports (docs/performance.md, "The server's memory at 1,000,000
// persons"). Serialised, the peak stays at one computation; a sign-in costs about 0.1 s of one core either way, and
// a second one at the same moment waits for it instead of taking the core the other requests are served on.
std::mutex& PasswordHashing() {
    static std::mutex hashing;
    return hashing;
}

std::string ToBase64(const unsigned char* data, std::size_t size) {
    const std::size_t encoded_size = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL);
    std::string encoded(encoded_size, '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    encoded.resize(encoded.find('\0'));
    return encoded;
}

std::optional<std::vector<unsigned char>> FromBase64(std::string_view text) {
    std::vector<unsigned char> decoded(text.size());
    std::size_t decoded_size = 0;
    if (sodium_base642bin(decoded.data(), decoded.size(), text.data(), text.size(), nullptr, &decoded_size, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::nullopt;
    }
    decoded.resize(decoded_size);
    return decoded;
}

void SecretBoxKey(std::string_view key, unsigned char (&out)[crypto_secretbox_KEYBYTES]) {
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
}

constexpr std::string_view kSealedPrefix = "sb1:";
constexpr std::string_view kRawPrefix = "raw:";

}  // namespace

Status InitializeCrypto() {
    if (sodium_init() < 0) return Fail(Error::Internal("libsodium を初期化できません"));
    return {};
}

std::string RandomBytes(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return raw;
}

std::string RandomToken(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    const std::size_t encoded_size = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    std::string encoded(encoded_size, '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    encoded.resize(encoded.find('\0'));
    return encoded;
}

std::string Sha256Hex(std::string_view data) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    return ToHex(digest, sizeof digest);
}

std::string KeyedHashHex(std::string_view key, std::string_view data) {
    unsigned char digest[32];
    // BLAKE2b accepts keys of 16..64 bytes; hash longer or shorter keys down to 32 first.
    unsigned char key_bytes[32];
    crypto_generichash(key_bytes, sizeof key_bytes, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                       nullptr, 0);
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                       key_bytes, sizeof key_bytes);
    return ToHex(digest, sizeof digest);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password) {
    char hashed[crypto_pwhash_STRBYTES];
    const std::lock_guard one_at_a_time(PasswordHashing());
    if (crypto_pwhash_str(hashed, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return Fail(Error::Internal("パスワードをハッシュ化できません（メモリ不足）"));
    }
    return std::string(hashed);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
    const std::string terminated(stored_hash);
    const std::lock_guard one_at_a_time(PasswordHashing());
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

SigningKeyPair GenerateSigningKeyPair() {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(public_key, secret_key);
    SigningKeyPair pair{.public_key_hex = ToHex(public_key, sizeof public_key),
                        .secret_key_hex = ToHex(secret_key, sizeof secret_key)};
    sodium_memzero(secret_key, sizeof secret_key);
    return pair;
}

Result<std::string> PublicKeyOfSecretKey(std::string_view secret_key_hex) {
    auto secret_key = FromHex(secret_key_hex, crypto_sign_SECRETKEYBYTES);
    if (!secret_key) return Fail(Error::InvalidArgument("署名用の秘密鍵の形式が正しくありません", "key"));
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(public_key, secret_key->data());
    sodium_memzero(secret_key->data(), secret_key->size());
    return ToHex(public_key, sizeof public_key);
}

Result<std::string> SignDetached(std::string_view secret_key_hex, std::string_view message) {
    auto secret_key = FromHex(secret_key_hex, crypto_sign_SECRETKEYBYTES);
    if (!secret_key) return Fail(Error::InvalidArgument("署名用の秘密鍵の形式が正しくありません", "key"));
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         secret_key->data());
    sodium_memzero(secret_key->data(), secret_key->size());
    return ToHex(signature, sizeof signature);
}

bool VerifyDetached(std::string_view public_key_hex, std::string_view message, std::string_view signature_hex) {
    const auto public_key = FromHex(public_key_hex, crypto_sign_PUBLICKEYBYTES);
    const auto signature = FromHex(signature_hex, crypto_sign_BYTES);
    if (!public_key || !signature) return false;
    return crypto_sign_verify_detached(signature->data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), public_key->data()) == 0;
}

std::string SealSecret(std::string_view key, std::string_view secret) {
    if (key.empty()) {
        return std::string(kRawPrefix) + ToBase64(reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    }
    unsigned char key_bytes[crypto_secretbox_KEYBYTES];
    SecretBoxKey(key, key_bytes);
    std::vector<unsigned char> sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + secret.size());
    randombytes_buf(sealed.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), sealed.data(),
                          key_bytes);
    sodium_memzero(key_bytes, sizeof key_bytes);
    return std::string(kSealedPrefix) + ToBase64(sealed.data(), sealed.size());
}

Result<std::string> OpenSecret(std::string_view key, std::string_view sealed) {
    if (sealed.starts_with(kRawPrefix)) {
        auto raw = FromBase64(sealed.substr(kRawPrefix.size()));
        if (!raw) return Fail(Error::Internal("保存された秘密の形式が正しくありません"));
        return std::string(raw->begin(), raw->end());
    }
    if (!sealed.starts_with(kSealedPrefix)) return Fail(Error::Internal("保存された秘密の形式が正しくありません"));
    if (key.empty()) return Fail(Error::Internal("秘密を復号する鍵が設定されていません"));
    auto box = FromBase64(sealed.substr(kSealedPrefix.size()));
    if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        return Fail(Error::Internal("保存された秘密の形式が正しくありません"));
    }
    unsigned char key_bytes[crypto_secretbox_KEYBYTES];
    SecretBoxKey(key, key_bytes);
    std::string opened(box->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    const int result = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(opened.data()),
                                                  box->data() + crypto_secretbox_NONCEBYTES,
                                                  box->size() - crypto_secretbox_NONCEBYTES, box->data(), key_bytes);
    sodium_memzero(key_bytes, sizeof key_bytes);
    if (result != 0) return Fail(Error::Internal("保存された秘密を復号できません（鍵が違うか、改変されています）"));
    return opened;
}

}  // namespace kasane
