// Resource-server hot path: one Bearer request validated end to end — header extraction, the nested access
// token read through jwt_access_token_format, audience, revocation lookup and scope.
//   cmake --preset release && cmake --build --preset release --target bench_server_bearer
//   build/release/bench/bench_server_bearer
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <benchmark/benchmark.h>

#include "floor.hpp"
#include "ratio_reporter.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::server;

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));

struct fixture {
    fixture() {
        jose::jws_key_ring s;
        jose::jwe_key_ring e;
        (void)s.rotate_to(jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                                              jose::jws_algorithm::HS256)
                              .value());
        (void)e.rotate_to(jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, '\x17')), std::string("e1")).value(),
                                              jose::jwe_algorithm::dir)
                              .value());
        jwt_access_token_options o;
        o.issuer = "https://auth.example.com";
        format.emplace(jwt_access_token_format::make(s, e, o).value());
        // The bench/jose_jws.cpp claims: ~220 bytes with client_id, scope and an API key.
        access_token_grant g;
        g.subject = "user-1234567890";
        g.client_id = "mcp-client-42";
        g.scope = "mcp";
        g.audience = {"https://mcp.example.com/mcp"};
        g.family_id = "b7Yc2m1fT0qHqgJ1o8n3Kw";
        g.claims["api_key"] = "rp_live_3f9a8c1d2e7b4a60";
        auto issued = format->issue(g, now).value();
        request.method = "POST";
        request.url = boost::urls::url("https://mcp.example.com/mcp");
        request.headers.append("Content-Type", "application/json");
        token = std::string(issued.access_token.reveal());
        request.headers.append("Authorization", "Bearer " + token);
        // A revocation list that is not empty, so that the lookup is a real one.
        for (int i = 0; i < 1000; ++i) (void)revocations.revoke_jti("jti-" + std::to_string(i), now + std::chrono::hours(1));
        validator.emplace(*format, revocations,
                          bearer_validator_config{"https://mcp.example.com/mcp",
                                                  "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"});
    }
    std::optional<jwt_access_token_format> format;
    memory_revocation_store revocations;
    http_request request;
    std::string token;
    std::optional<bearer_validator<jwt_access_token_format, memory_revocation_store>> validator;
};

void bearer_validate(benchmark::State& state) {
    fixture f;
    (void)f.validator->validate(f.request, now, "mcp");  // steady state
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = f.validator->validate(f.request, now, "mcp");
        if (!r) state.SkipWithError("validation failed");
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bearer_validate);

// The same with a bearer_scratch<access_token_scratch> (the allocation-free overload), the identity read
// through `read`.
using scratch_type = bearer_scratch<access_token_scratch>;
template <class Read>
void validate_scratch(benchmark::State& state, Read read) {
    fixture f;
    scratch_type scratch;
    (void)f.validator->validate(f.request, now, "mcp", scratch);  // steady state
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        auto r = f.validator->validate(f.request, now, "mcp", scratch);
        if (!r) state.SkipWithError("validation failed");
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(read(scratch).expires_at);
    }
}
void bearer_validate_scratch(benchmark::State& s) {
    validate_scratch(s, [](scratch_type const& sc) -> auto const& { return sc.identity(); });
}
BENCHMARK(bearer_validate_scratch);
// The same, reading the identity without its custom claims: they are never built as JSON.
void bearer_validate_scratch_without_claims(benchmark::State& s) {
    validate_scratch(s, [](scratch_type const& sc) -> auto const& { return sc.identity_without_claims(); });
}
BENCHMARK(bearer_validate_scratch_without_claims);

void bearer_no_token(benchmark::State& state) {
    fixture f;
    http_request bare;
    for (auto _ : state) {
        auto r = f.validator->validate(bare, now, "mcp");
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(bearer_no_token);

// The nested floor (see floor.hpp) on the same token: the issue's yardstick for bearer validation.
void floor_nested_validate(benchmark::State& state) {
    fixture f;
    bench_floor::raw_floor fl(std::string(32, '\x42'), std::string(32, '\x17'), "https://auth.example.com",
                              "https://mcp.example.com/mcp");
    std::string buffer;
    if (!fl.validate_nested(f.token, buffer, 1767222100)) state.SkipWithError("floor rejected the token");
    bench_support::alloc_scope allocs(state);
    for (auto _ : state) {
        bool ok = fl.validate_nested(f.token, buffer, 1767222100);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(floor_nested_validate);

} // namespace

int main(int argc, char** argv) {
    return bench_support::run_with_ratios(argc, argv, {{"bearer_validate", "floor_nested_validate"},
                                                       {"bearer_validate_scratch", "floor_nested_validate"},
                                                       {"bearer_validate_scratch_without_claims", "floor_nested_validate"}});
}
