// Core primitives on the token-validation hot path: base64url decode, strict JSON parse, constant-time compare.
#include <authwire/core.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <string>

namespace {

// ~220 bytes of claims, the size of the access tokens in authwire's scope.
constexpr char claims[] =
    R"({"iss":"https://auth.example.com","sub":"user-1234567890","aud":"https://mcp.example.com/mcp",)"
    R"("exp":1767225600,"iat":1767222000,"jti":"b7Yc2m1fT0qHqgJ1o8n3Kw","client_id":"mcp-client-42",)"
    R"("scope":"mcp","api_key":"rp_live_3f9a8c1d2e7b4a60"})";

void base64url_decode_600(benchmark::State& state) {
    std::string bytes(600, 'x');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 31);
    auto const encoded = authwire::base64url_encode(bytes);
    std::array<unsigned char, 600> out{};
    for (auto _ : state) {
        auto n = authwire::base64url_decode_into(encoded, out);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(encoded.size()));
}
BENCHMARK(base64url_decode_600);

void parse_json_claims(benchmark::State& state) {
    for (auto _ : state) {
        auto v = authwire::parse_json(claims);
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(parse_json_claims);

void constant_time_equal_43(benchmark::State& state) {
    std::string const a(43, 'a');
    std::string b = a;
    for (auto _ : state) {
        bool const eq = authwire::constant_time_equal(a, b);
        benchmark::DoNotOptimize(eq);
    }
}
BENCHMARK(constant_time_equal_43);

} // namespace

BENCHMARK_MAIN();
