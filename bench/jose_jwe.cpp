// JOSE JWE hot path: what a resource server pays per request to decrypt an access token (and the issuer to
// encrypt one): "dir" + A256GCM around a ~300-byte payload (the size of an HS256-signed access token).
//   cmake --preset release && cmake --build --preset release --target bench_jose_jwe
//   build/release/bench/bench_jose_jwe
#include <authwire/jose.hpp>

#include <benchmark/benchmark.h>

#include <openssl/evp.h>

#include <optional>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::jose;

// ~300 bytes: the shape of the inner JWS of a nested access token (header.claims.signature).
std::string const payload =
    "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiYXQrand0In0.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJz"
    "dWIiOiJ1c2VyLTEyMzQ1Njc4OTAiLCJhdWQiOiJodHRwczovL21jcC5leGFtcGxlLmNvbS9tY3AiLCJleHAiOjE3NjcyMjU2MDAsImlh"
    "dCI6MTc2NzIyMjAwMCwianRpIjoiYjdZYzJtMWZUMHFIcWdKMW84bjNLdyJ9.c2lnbmF0dXJlLW9mLXRoaXJ0eS10d28tYnl0ZXM";

jwk make_key(jwe_algorithm alg) {
    switch (alg) {
    case jwe_algorithm::dir:
    case jwe_algorithm::A256KW: return jwk::from_octets(secret(std::string(32, '\x42')), std::string("k1")).value();
    case jwe_algorithm::ECDH_ES: {
        authwire::detail::evp_pkey_ptr p(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        return jwk::from_evp_pkey(p.get(), std::string("k1")).value();
    }
    default: {
        authwire::detail::evp_pkey_ptr p(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
        return jwk::from_evp_pkey(p.get(), std::string("k1")).value();
    }
    }
}

struct fixture {
    explicit fixture(jwe_algorithm alg) : binding(jwe_key::make(make_key(alg), alg).value()) {
        jwe_header_params h;
        h.cty = "JWT";
        encrypter.emplace(jwe_encrypter::make(binding, jwe_encryption::A256GCM, h).value());
        token = encrypter->encrypt(payload).value();
        jwe_key_set set;
        (void)set.add(binding);
        decrypter.emplace(jwe_decrypter::make(std::move(set), {jwe_encryption::A256GCM}).value());
    }
    jwe_key binding;
    std::optional<jwe_encrypter> encrypter;
    std::optional<jwe_decrypter> decrypter;
    std::string token;
};

// The resource server's path: size check, split, header decode + parse, policy and key selection, IV/tag
// decode, ciphertext decode in place, AES-GCM decrypt into the reused buffer.
void decrypt_into(benchmark::State& state, jwe_algorithm alg) {
    fixture f(alg);
    std::string plaintext;
    for (auto _ : state) {
        auto h = f.decrypter->decrypt_into(f.token, plaintext);
        if (!h) state.SkipWithError("decryption failed");
        benchmark::DoNotOptimize(h);
        benchmark::DoNotOptimize(plaintext.data());
    }
    state.counters["token_bytes"] = static_cast<double>(f.token.size());
}
BENCHMARK_CAPTURE(decrypt_into, dir_A256GCM, jwe_algorithm::dir);
BENCHMARK_CAPTURE(decrypt_into, A256KW_A256GCM, jwe_algorithm::A256KW);
BENCHMARK_CAPTURE(decrypt_into, ECDH_ES_P256_A256GCM, jwe_algorithm::ECDH_ES);
BENCHMARK_CAPTURE(decrypt_into, RSA_OAEP_256_A256GCM, jwe_algorithm::RSA_OAEP_256);

// The same with a fresh result (header + plaintext string) per call.
void decrypt(benchmark::State& state) {
    fixture f(jwe_algorithm::dir);
    for (auto _ : state) {
        auto r = f.decrypter->decrypt(f.token);
        if (!r) state.SkipWithError("decryption failed");
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(decrypt)->Name("decrypt/dir_A256GCM");

// The issuer's path: random IV, prepared header, AES-GCM with the prepared key, base64url serialization.
void encrypt(benchmark::State& state, jwe_algorithm alg) {
    fixture f(alg);
    for (auto _ : state) {
        auto t = f.encrypter->encrypt(payload);
        if (!t) state.SkipWithError("encryption failed");
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK_CAPTURE(encrypt, dir_A256GCM, jwe_algorithm::dir);
BENCHMARK_CAPTURE(encrypt, A256KW_A256GCM, jwe_algorithm::A256KW);

// AES-256-GCM over the payload alone: a prepared key (key schedule kept, IV re-initialised) against a fresh
// context per call — the reason "dir" keys are prepared.
void gcm_only(benchmark::State& state, bool prepared) {
    auto const& p = *jose::detail::find_content_encryption("A256GCM");
    std::string const key(32, '\x42');
    auto const cipher = jose::detail::content_cipher::make(p).value();
    auto const ready = jose::detail::prepared_content_key::make(p, jose::detail::as_bytes(key)).value();
    unsigned char iv[12] = {1, 2, 3};
    std::string const aad(120, 'h');
    std::string out(payload.size(), '\0');
    unsigned char tag[16];
    auto const in = jose::detail::as_bytes(payload);
    auto const o = std::span<unsigned char>(reinterpret_cast<unsigned char*>(out.data()), out.size());
    for (auto _ : state) {
        auto n = prepared ? ready.encrypt(iv, jose::detail::as_bytes(aad), in, o, tag)
                          : cipher.encrypt(jose::detail::as_bytes(key), iv, jose::detail::as_bytes(aad), in, o, tag);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(tag);
    }
}
BENCHMARK_CAPTURE(gcm_only, prepared_key, true);
BENCHMARK_CAPTURE(gcm_only, fresh_context, false);

} // namespace

BENCHMARK_MAIN();
