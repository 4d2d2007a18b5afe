#pragma once
// authwire — internal: JWE content encryption on raw bytes (RFC 7518 §5): AES-GCM and AES-CBC + HMAC-SHA2.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/detail/per_thread.hpp>
#include <authwire/core/result.hpp>

#include <openssl/crypto.h>

#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace authwire::jose::detail {

using authwire::detail::as_bytes;
using authwire::detail::evp_cipher_ctx_ptr;
using authwire::detail::evp_cipher_ptr;
using authwire::detail::evp_mac_ctx_ptr;
using authwire::detail::evp_mac_ptr;
using authwire::detail::evp_md_ctx_ptr;
using authwire::detail::evp_md_ptr;
using authwire::detail::evp_pkey_ctx_ptr;
using authwire::detail::evp_pkey_ptr;

using bytes_view = std::span<unsigned char const>;
using bytes_span = std::span<unsigned char>;

/// Key material of at most `N` octets (a CEK, a KEK, a shared secret), kept inline and wiped on destruction.
/// Only the bytes that may have been written are wiped: up to the largest size ever set, or all of them once
/// data() has been handed out (a buffer of 2 KiB for an RSA-encrypted key is on the stack of every decryption,
/// most of which never touch it).
template <std::size_t N>
class wiped_buffer {
public:
    static constexpr std::size_t capacity = N;

    wiped_buffer() noexcept = default;
    explicit wiped_buffer(bytes_view source) noexcept { (void)assign(source); }
    wiped_buffer(wiped_buffer const& other) noexcept { (void)assign(other.view()); }
    wiped_buffer& operator=(wiped_buffer const& other) noexcept {
        if (this != &other) (void)assign(other.view());
        return *this;
    }
    ~wiped_buffer() { wipe(); }

    /// Copies `bytes` in; false (and empty) when they do not fit.
    bool assign(bytes_view source) noexcept {
        if (source.size() > capacity) {
            clear();
            return false;
        }
        for (std::size_t i = 0; i < source.size(); ++i) bytes_[i] = source[i];
        set_size(source.size());
        return true;
    }
    /// Sets the size (at most `capacity`) without touching the bytes: for writing into `span()`.
    bool resize(std::size_t n) noexcept {
        if (n > capacity) return false;
        set_size(n);
        return true;
    }
    void clear() noexcept {
        wipe();
        size_ = 0;
    }

    [[nodiscard]] bytes_view view() const noexcept { return {bytes_.data(), size_}; }
    [[nodiscard]] bytes_span span() noexcept { return {bytes_.data(), size_}; }
    /// The whole buffer (callers may write past size()): it is then wiped whole.
    [[nodiscard]] unsigned char* data() noexcept {
        written_ = N;
        return bytes_.data();
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

private:
    void set_size(std::size_t n) noexcept {
        size_ = n;
        if (n > written_) written_ = n;
    }
    void wipe() noexcept {
        if (written_ != 0) OPENSSL_cleanse(bytes_.data(), written_);
        written_ = 0;
    }

    std::array<unsigned char, N> bytes_{};
    std::size_t size_ = 0;
    std::size_t written_ = 0;  // bytes [0, written_) may hold key material
};

/// A Content Encryption Key or a key-encryption key: the largest is A256CBC-HS512's 64 octets.
using cek_buffer = wiped_buffer<64>;

/// The two constructions of RFC 7518 §5.1.
enum class content_cipher_mode {
    aes_gcm,            ///< RFC 7518 §5.3
    aes_cbc_hmac_sha2,  ///< RFC 7518 §5.2
};

/// Everything the sizes and primitives of one `enc` value depend on.
struct content_encryption_params {
    std::string_view name;      ///< the registered "enc" value
    content_cipher_mode mode;
    std::size_t key_size;       ///< CEK octets (for CBC-HMAC: MAC_KEY ‖ ENC_KEY)
    std::size_t iv_size;        ///< JWE Initialization Vector octets
    std::size_t tag_size;       ///< JWE Authentication Tag octets
    char const* cipher;         ///< OpenSSL cipher name
    char const* digest;         ///< OpenSSL digest name of the HMAC, or nullptr
};

/// RFC 7518 §5.1 table, restricted to what authwire implements (all of it).
inline constexpr content_encryption_params content_encryption_table[] = {
    {"A128CBC-HS256", content_cipher_mode::aes_cbc_hmac_sha2, 32, 16, 16, "AES-128-CBC", "SHA256"},
    {"A192CBC-HS384", content_cipher_mode::aes_cbc_hmac_sha2, 48, 16, 24, "AES-192-CBC", "SHA384"},
    {"A256CBC-HS512", content_cipher_mode::aes_cbc_hmac_sha2, 64, 16, 32, "AES-256-CBC", "SHA512"},
    {"A128GCM", content_cipher_mode::aes_gcm, 16, 12, 16, "AES-128-GCM", nullptr},
    {"A192GCM", content_cipher_mode::aes_gcm, 24, 12, 16, "AES-192-GCM", nullptr},
    {"A256GCM", content_cipher_mode::aes_gcm, 32, 12, 16, "AES-256-GCM", nullptr},
};

/// The parameters of the `enc` value `name` (exact, case-sensitive match), or nullptr.
[[nodiscard]] constexpr content_encryption_params const* find_content_encryption(std::string_view name) noexcept {
    for (auto const& p : content_encryption_table)
        if (p.name == name) return &p;
    return nullptr;
}

/// The JWE Ciphertext size for `plaintext_size` octets: equal for GCM, PKCS #7-padded to whole blocks for CBC.
[[nodiscard]] constexpr std::size_t ciphertext_size(content_encryption_params const& p,
                                                    std::size_t plaintext_size) noexcept {
    return p.mode == content_cipher_mode::aes_gcm ? plaintext_size : (plaintext_size / 16 + 1) * 16;
}

/// True when `n` fits the `int` lengths of OpenSSL's EVP update calls.
[[nodiscard]] constexpr bool fits_int(std::size_t n) noexcept { return n <= static_cast<std::size_t>(INT_MAX); }

// ---- AES-GCM (RFC 7518 §5.3) -------------------------------------------------------------------------------

// Encrypts with `ctx`; sets `cipher` and `key` first unless they are null/empty (a context prepared with them).
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> gcm_encrypt_with(EVP_CIPHER_CTX* ctx, EVP_CIPHER const* cipher,
                                                                 bytes_view key, bytes_view iv, bytes_view aad,
                                                                 bytes_view plaintext, bytes_span out,
                                                                 bytes_span tag) noexcept;

// Decrypts and authenticates with `ctx` (see gcm_encrypt_with). Any mismatch is error::decryption_failed, and
// `out` is wiped: GCM releases plaintext before the tag is checked, the caller must never see it then.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> gcm_decrypt_with(EVP_CIPHER_CTX* ctx, EVP_CIPHER const* cipher,
                                                                 bytes_view key, bytes_view iv, bytes_view aad,
                                                                 bytes_view ciphertext, bytes_view tag,
                                                                 bytes_span out) noexcept;

// ---- AES-CBC with HMAC-SHA2 (RFC 7518 §5.2) ------------------------------------------------------------------

// RFC 7518 §5.2.2.1 step 5: M = HMAC(MAC_KEY, A ‖ IV ‖ E ‖ AL), AL = the bit length of A as a 64-bit big-endian.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> cbc_hmac_compute_mac(EVP_MAC* mac, char const* digest,
                                                                     bytes_view mac_key, bytes_view aad, bytes_view iv,
                                                                     bytes_view ciphertext,
                                                                     std::span<unsigned char, 64> m) noexcept;

// ---- one `enc` value, with its algorithms fetched once ------------------------------------------------------

/// One content encryption algorithm with its OpenSSL implementations fetched once (RFC 7518 §5).
/// Immutable after construction; every member function is safe to call concurrently.
class content_cipher {
public:
    /// Fetches what `p` needs from the default library context.
    [[nodiscard]] static result<content_cipher> make(content_encryption_params const& p) noexcept;

    [[nodiscard]] content_encryption_params const& params() const noexcept { return *params_; }
    [[nodiscard]] EVP_CIPHER const* cipher() const noexcept { return cipher_.get(); }

    /// RFC 7518 §5.2.2.1 / §5.3: encrypt `plaintext` under `cek` and `iv` with `aad` into `out` (at least
    /// ciphertext_size() octets) and `tag` (exactly tag_size octets); returns the ciphertext length.
    [[nodiscard]] result<std::size_t> encrypt(bytes_view cek, bytes_view iv, bytes_view aad, bytes_view plaintext,
                                              bytes_span out, bytes_span tag) const noexcept;

    /// RFC 7518 §5.2.2.2 / §5.3: authenticate, then decrypt into `out` (at least ciphertext.size() octets);
    /// returns the plaintext length. Every failure of the input (tag, padding, sizes) is the one code
    /// error::decryption_failed; for CBC the MAC is compared in constant time before anything is decrypted.
    [[nodiscard]] result<std::size_t> decrypt(bytes_view cek, bytes_view iv, bytes_view aad, bytes_view ciphertext,
                                              bytes_view tag, bytes_span out) const noexcept;

private:
    content_encryption_params const* params_ = nullptr;
    evp_cipher_ptr cipher_;
    evp_mac_ptr mac_;
};

/// A content cipher bound to one fixed key (a `dir` key): for AES-GCM the key schedule is computed once per
/// context, in prepared contexts that each call only re-initialises with its IV. The contexts live in a bounded
/// lock-free pool, one per thread using the key at the same time (each thread starts at its own cache line), so
/// concurrent calls neither wait nor share a context; a call that finds none prepares one and returns it after.
class prepared_content_key {
public:
    /// Prepares `key` (exactly p.key_size octets) for `p`.
    [[nodiscard]] static result<prepared_content_key> make(content_encryption_params const& p, bytes_view key) noexcept;

    [[nodiscard]] content_encryption_params const& params() const noexcept { return state_->cipher.params(); }
    [[nodiscard]] content_cipher const& cipher() const noexcept { return state_->cipher; }
    [[nodiscard]] bytes_view key() const noexcept { return state_->key.view(); }

    /// content_cipher::encrypt with the prepared key.
    [[nodiscard]] result<std::size_t> encrypt(bytes_view iv, bytes_view aad, bytes_view plaintext, bytes_span out,
                                              bytes_span tag) const noexcept;

    /// content_cipher::decrypt with the prepared key.
    [[nodiscard]] result<std::size_t> decrypt(bytes_view iv, bytes_view aad, bytes_view ciphertext, bytes_view tag,
                                              bytes_span out) const noexcept;

private:
    struct state {
        content_cipher cipher;
        cek_buffer key;
        // AES-GCM only: contexts holding the key schedule (freed before `key` is wiped: declared after it).
        authwire::detail::context_pool<EVP_CIPHER_CTX, authwire::detail::openssl_free> contexts;

        // A context with the key schedule, or nullptr (not AES-GCM, or OpenSSL failed: the caller goes without).
        [[nodiscard]] EVP_CIPHER_CTX* fresh_context() const noexcept;

        [[nodiscard]] evp_cipher_ctx_ptr borrow() noexcept;

        // Keep the context unless OpenSSL itself failed in it (a refused tag leaves it reusable: the next call
        // re-initialises it with its IV).
        void settle(result<std::size_t> const& r, evp_cipher_ctx_ptr ctx) noexcept;
    };
    std::unique_ptr<state> state_;
};

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/content_encryption.ipp>
#endif
