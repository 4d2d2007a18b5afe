// JOSE JWS hot path: what a resource server pays per request to verify an access token.
//   cmake --preset release && cmake --build --preset release --target bench_jose_jws
//   build/release/bench/bench_jose_jws
#include <authwire/jose.hpp>

#include <benchmark/benchmark.h>

#include "floor.hpp"
#include "ratio_reporter.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <chrono>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::jose;

// ~220 bytes of claims, the size of the access tokens in authwire's scope (same as bench/core.cpp).
constexpr char claims[] =
    R"({"iss":"https://auth.example.com","sub":"user-1234567890","aud":"https://mcp.example.com/mcp",)"
    R"("exp":1767225600,"iat":1767222000,"jti":"b7Yc2m1fT0qHqgJ1o8n3Kw","client_id":"mcp-client-42",)"
    R"("scope":"mcp","api_key":"rp_live_3f9a8c1d2e7b4a60"})";

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));

jwk make_key(jws_algorithm alg) {
    if (family_of(alg) == jws_family::hmac)
        return jwk::from_octets(secret(std::string(32, '\x42')), std::string("k1")).value();
    authwire::detail::evp_pkey_ptr p(alg == jws_algorithm::ES256
                                         ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                         : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
    return jwk::from_evp_pkey(p.get(), std::string("k1")).value();
}

struct fixture {
    explicit fixture(jws_algorithm alg) : key(make_key(alg)) {
        auto binding = jws_key::make(key, alg).value();
        boost::json::object h;
        h["typ"] = "at+jwt";
        token = jws_signer::make(binding).value().sign(claims, h).value();
        jws_key_set set;
        (void)set.add(binding);
        verifier.emplace(jws_verifier::make(std::move(set), {alg}).value());
        policy.issuer = "https://auth.example.com";
        policy.audiences = {"https://mcp.example.com/mcp"};
        policy.type = "at+jwt";
    }
    jwk key;
    std::string token;
    std::optional<jws_verifier> verifier;
    jwt_validation policy;
};

void verify_claims(benchmark::State& state, jws_algorithm alg) {
    fixture f(alg);
    (void)verify_jwt(f.token, *f.verifier, f.policy, now);  // steady state
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = verify_jwt(f.token, *f.verifier, f.policy, now);
        if (!r) state.SkipWithError("verification failed");
        benchmark::DoNotOptimize(r);
    }
    state.counters["token_bytes"] = static_cast<double>(f.token.size());
}

void hs256_verify_and_claims(benchmark::State& s) { verify_claims(s, jws_algorithm::HS256); }

// verify_jwt with a jwt_scratch (the allocation-free overload), the result read through `read`.
template <class Read>
void verify_claims_scratch(benchmark::State& state, Read read) {
    fixture f(jws_algorithm::HS256);
    jwt_scratch scratch;
    (void)verify_jwt(f.token, *f.verifier, f.policy, now, scratch);  // steady state
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = verify_jwt(f.token, *f.verifier, f.policy, now, scratch);
        if (!r) state.SkipWithError("verification failed");
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(read(scratch).claims.exp);
    }
}
void hs256_verify_and_claims_scratch(benchmark::State& s) {
    verify_claims_scratch(s, [](jwt_scratch const& sc) -> auto const& { return sc.verified(); });
}
BENCHMARK(hs256_verify_and_claims_scratch);
// The same, reading only the registered claims: the custom claims are never built as JSON.
void hs256_verify_and_claims_scratch_registered(benchmark::State& s) {
    verify_claims_scratch(s, [](jwt_scratch const& sc) -> auto const& { return sc.verified_registered(); });
}
BENCHMARK(hs256_verify_and_claims_scratch_registered);
void es256_verify_and_claims(benchmark::State& s) { verify_claims(s, jws_algorithm::ES256); }
void rs256_verify_and_claims(benchmark::State& s) { verify_claims(s, jws_algorithm::RS256); }
BENCHMARK(hs256_verify_and_claims);
BENCHMARK(es256_verify_and_claims);
BENCHMARK(rs256_verify_and_claims);

void hs256_verify_signature_only(benchmark::State& state) {
    fixture f(jws_algorithm::HS256);
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = f.verifier->verify(f.token);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(hs256_verify_signature_only);

void hs256_mint(benchmark::State& state) {
    auto signer = jws_signer::make(jws_key::make(make_key(jws_algorithm::HS256), jws_algorithm::HS256).value()).value();
    boost::json::object h;
    h["typ"] = "at+jwt";
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto t = signer.sign(claims, h);
        benchmark::DoNotOptimize(t);
    }
}
BENCHMARK(hs256_mint);

// The design choice for prepared HMAC state, measured on a token-sized input (331 B):
// (a) duplicate a keyed template context per call (what authwire does: verify stays const/thread-safe),
// (b) re-initialise one context with a NULL key (needs a context per thread), (c) a fresh context per call.
struct hmac_fixture {
    hmac_fixture() : input(331, 'x') {
        mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        ctx.reset(EVP_MAC_CTX_new(mac.get()));
        params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0);
        params[1] = OSSL_PARAM_construct_end();
        EVP_MAC_init(ctx.get(), key, sizeof key, params);
    }
    unsigned char key[32] = {1};
    std::string input;
    OSSL_PARAM params[2];
    authwire::detail::evp_mac_ptr mac;
    authwire::detail::evp_mac_ctx_ptr ctx;
};

void hmac_sha256_dup_template(benchmark::State& state) {
    hmac_fixture f;
    unsigned char out[64];
    for (auto _ : state) {
        authwire::detail::evp_mac_ctx_ptr c(EVP_MAC_CTX_dup(f.ctx.get()));
        std::size_t len = 0;
        EVP_MAC_update(c.get(), reinterpret_cast<unsigned char const*>(f.input.data()), f.input.size());
        EVP_MAC_final(c.get(), out, &len, sizeof out);
        benchmark::DoNotOptimize(out);
    }
}
BENCHMARK(hmac_sha256_dup_template);

void hmac_sha256_reinit_null_key(benchmark::State& state) {
    hmac_fixture f;
    unsigned char out[64];
    for (auto _ : state) {
        std::size_t len = 0;
        EVP_MAC_init(f.ctx.get(), nullptr, 0, nullptr);
        EVP_MAC_update(f.ctx.get(), reinterpret_cast<unsigned char const*>(f.input.data()), f.input.size());
        EVP_MAC_final(f.ctx.get(), out, &len, sizeof out);
        benchmark::DoNotOptimize(out);
    }
}
BENCHMARK(hmac_sha256_reinit_null_key);

void hmac_sha256_fresh_context(benchmark::State& state) {
    hmac_fixture f;
    unsigned char out[64];
    for (auto _ : state) {
        authwire::detail::evp_mac_ctx_ptr c(EVP_MAC_CTX_new(f.mac.get()));
        std::size_t len = 0;
        EVP_MAC_init(c.get(), f.key, sizeof f.key, f.params);
        EVP_MAC_update(c.get(), reinterpret_cast<unsigned char const*>(f.input.data()), f.input.size());
        EVP_MAC_final(c.get(), out, &len, sizeof out);
        benchmark::DoNotOptimize(out);
    }
}
BENCHMARK(hmac_sha256_fresh_context);

// The floor (see floor.hpp): memchr split, table base64url, the re-initialised HMAC context, memmem claims.
void floor_hs256_verify_and_claims(benchmark::State& state) {
    fixture f(jws_algorithm::HS256);
    bench_floor::raw_floor fl(std::string(32, '\x42'), std::string(32, '\x17'), "https://auth.example.com",
                              "https://mcp.example.com/mcp");
    if (!fl.verify_hs256(f.token, 1767222100)) state.SkipWithError("floor rejected the token");
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        bool ok = fl.verify_hs256(f.token, 1767222100);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(floor_hs256_verify_and_claims);

} // namespace

int main(int argc, char** argv) {
    return bench_support::run_with_ratios(argc, argv,
                                          {{"hs256_verify_and_claims", "floor_hs256_verify_and_claims"},
                                           {"hs256_verify_and_claims_scratch", "floor_hs256_verify_and_claims"},
                                           {"hs256_verify_and_claims_scratch_registered",
                                            "floor_hs256_verify_and_claims"},
                                           {"hs256_verify_signature_only", "floor_hs256_verify_and_claims"}});
}
