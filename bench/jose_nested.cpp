// JOSE nested-JWT hot path: what a resource server pays per request to validate a JWE(dir, A256GCM) ∘ HS256
// access token, and what the authorization server pays to mint one.
//   cmake --preset release && cmake --build --preset release --target bench_jose_nested
//   build/release/bench/bench_jose_nested
#include <authwire/jose/nested.hpp>

#include <benchmark/benchmark.h>

#include "floor.hpp"
#include "ratio_reporter.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::jose;

// ~220 bytes of claims, the size of the access tokens in authwire's scope (same as bench/jose_jws.cpp).
constexpr char claims_json[] =
    R"({"iss":"https://auth.example.com","sub":"user-1234567890","aud":"https://mcp.example.com/mcp",)"
    R"("exp":1767225600,"iat":1767222000,"jti":"b7Yc2m1fT0qHqgJ1o8n3Kw","client_id":"mcp-client-42",)"
    R"("scope":"mcp","api_key":"rp_live_3f9a8c1d2e7b4a60"})";

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));

struct fixture {
    fixture() {
        auto sig = jws_key::make(jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                                 jws_algorithm::HS256)
                       .value();
        auto enc = jwe_key::make(jwk::from_octets(secret(std::string(32, '\x17')), std::string("e1")).value(),
                                 jwe_algorithm::dir)
                       .value();
        signer.emplace(jws_signer::make(sig).value());
        encrypter.emplace(make_nested_encrypter(enc, jwe_encryption::A256GCM).value());
        jws_key_set ss;
        (void)ss.add(sig);
        verifier.emplace(jws_verifier::make(std::move(ss), {jws_algorithm::HS256}).value());
        jwe_key_set es;
        (void)es.add(enc);
        decrypter.emplace(jwe_decrypter::make(std::move(es), {jwe_encryption::A256GCM}).value());
        claims = jwt_claims::parse(claims_json).value();
        token = mint_nested(claims, *signer, *encrypter, "at+jwt").value();
        policy.issuer = "https://auth.example.com";
        policy.audiences = {"https://mcp.example.com/mcp"};
        policy.type = "at+jwt";
    }
    std::optional<jws_signer> signer;
    std::optional<jwe_encrypter> encrypter;
    std::optional<jws_verifier> verifier;
    std::optional<jwe_decrypter> decrypter;
    jwt_claims claims;
    std::string token;
    jwt_validation policy;
};

// decrypt + cty + inner HS256 verify + typ + claims parse + iss/aud/exp/iat, with a reused buffer.
void nested_validate(benchmark::State& state) {
    fixture f;
    std::string buffer;
    (void)validate_nested(f.token, *f.decrypter, *f.verifier, f.policy, now, buffer);  // steady state
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = validate_nested(f.token, *f.decrypter, *f.verifier, f.policy, now, buffer);
        if (!r) state.SkipWithError("validation failed");
        benchmark::DoNotOptimize(r);
    }
    state.counters["token_bytes"] = static_cast<double>(f.token.size());
}
BENCHMARK(nested_validate);

// The same with a nested_jwt_scratch (the allocation-free overload), the result read through `read`.
template <class Read>
void validate_scratch(benchmark::State& state, Read read) {
    fixture f;
    nested_jwt_scratch scratch;
    (void)validate_nested(f.token, *f.decrypter, *f.verifier, f.policy, now, scratch);  // steady state
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = validate_nested(f.token, *f.decrypter, *f.verifier, f.policy, now, scratch);
        if (!r) state.SkipWithError("validation failed");
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(read(scratch).claims.exp);
    }
}
void nested_validate_scratch(benchmark::State& s) {
    validate_scratch(s, [](nested_jwt_scratch const& sc) -> auto const& { return sc.verified(); });
}
BENCHMARK(nested_validate_scratch);
// The same, reading only the registered claims: the custom claims are never built as JSON.
void nested_validate_scratch_registered(benchmark::State& s) {
    validate_scratch(s, [](nested_jwt_scratch const& sc) -> auto const& { return sc.verified_registered(); });
}
BENCHMARK(nested_validate_scratch_registered);
// The same, building no JSON at all (outer.members() included).
void nested_validate_scratch_parameters(benchmark::State& s) {
    validate_scratch(s, [](nested_jwt_scratch const& sc) -> auto const& { return sc.verified_parameters(); });
}
BENCHMARK(nested_validate_scratch_parameters);

// claims serialize + HS256 sign + dir/A256GCM encrypt (fresh IV from OpenSSL's CSPRNG).
void nested_mint(benchmark::State& state) {
    fixture f;
    (void)mint_nested(f.claims, *f.signer, *f.encrypter, "at+jwt");
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto t = mint_nested(f.claims, *f.signer, *f.encrypter, "at+jwt");
        if (!t) state.SkipWithError("mint failed");
        benchmark::DoNotOptimize(t);
    }
    state.counters["token_bytes"] = static_cast<double>(f.token.size());
}
BENCHMARK(nested_mint);

// The floor of both (see floor.hpp): raw OpenSSL with prepared contexts, table base64url, memchr split, no JSON.
bench_floor::raw_floor make_floor() {
    return bench_floor::raw_floor(std::string(32, '\x42'), std::string(32, '\x17'), "https://auth.example.com",
                                  "https://mcp.example.com/mcp");
}

void floor_nested_validate(benchmark::State& state) {
    fixture f;
    auto fl = make_floor();
    std::string buffer;
    if (!fl.validate_nested(f.token, buffer, 1767222100)) state.SkipWithError("floor rejected the token");
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        bool ok = fl.validate_nested(f.token, buffer, 1767222100);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(floor_nested_validate);

void floor_nested_mint(benchmark::State& state) {
    auto fl = make_floor();
    std::string buffer;
    auto const t = fl.mint_nested("user-1234567890", "https://mcp.example.com/mcp", 1767225600, 1767222000,
                                  "b7Yc2m1fT0qHqgJ1o8n3Kw", "mcp-client-42", "mcp", "rp_live_3f9a8c1d2e7b4a60");
    if (!fl.validate_nested(t, buffer, 1767222100)) state.SkipWithError("floor's own token does not validate");
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto tok = fl.mint_nested("user-1234567890", "https://mcp.example.com/mcp", 1767225600, 1767222000,
                                  "b7Yc2m1fT0qHqgJ1o8n3Kw", "mcp-client-42", "mcp", "rp_live_3f9a8c1d2e7b4a60");
        benchmark::DoNotOptimize(tok);
    }
}
BENCHMARK(floor_nested_mint);

} // namespace

int main(int argc, char** argv) {
    return bench_support::run_with_ratios(argc, argv,
                                          {{"nested_validate", "floor_nested_validate"},
                                           {"nested_validate_scratch", "floor_nested_validate"},
                                           {"nested_validate_scratch_registered", "floor_nested_validate"},
                                           {"nested_validate_scratch_parameters", "floor_nested_validate"},
                                           {"nested_mint", "floor_nested_mint"}});
}
