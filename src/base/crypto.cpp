#include "base/crypto.hpp"

#include <sodium.h>

#include <vector>

namespace kasane {

namespace {

std::string ToHex(const unsigned char* data, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

}  // namespace

Status InitializeCrypto() {
    if (sodium_init() < 0) return Fail(Error::Internal("libsodium を初期化できません"));
    return {};
}

std::string RandomToken(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    const std::size_t encoded_size = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    std::string encoded(encoded_size, '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), raw.data(), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
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
    if (crypto_pwhash_str(hashed, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return Fail(Error::Internal("パスワードをハッシュ化できません（メモリ不足）"));
    }
    return std::string(hashed);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
    const std::string terminated(stored_hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace kasane
