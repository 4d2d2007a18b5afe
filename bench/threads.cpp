// Thread scaling of the resource server's hot path: 1 and 2 threads sharing ONE prepared decrypter/verifier
// (validate_nested) or ONE bearer_validator (with its revocation store), beside a raw-OpenSSL floor whose threads
// each own their contexts (a prepared AES-256-GCM context re-initialised with the IV only, a keyed HMAC context
// re-initialised with a NULL key) — the scaling nothing shared can reach. Throughput is items per second of wall
// time over all threads; at the end the program prints, per workload, the 2-thread throughput as a multiple of the
// 1-thread one (ideal: 2.0 on two idle cores; the issue's target: ≥ 1.8).
//   cmake --preset release && cmake --build --preset release --target bench_threads
//   build/release/bench/bench_threads --benchmark_min_time=2 --benchmark_repetitions=3
// Needs as many idle cores as the largest thread count: on a shared machine, look at `uptime` first.
#include <authwire/jose/nested.hpp>
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <benchmark/benchmark.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace authwire;

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));

// ~220 bytes of claims, as in bench/jose_nested.cpp.
constexpr char claims_json[] =
    R"({"iss":"https://auth.example.com","sub":"user-1234567890","aud":"https://mcp.example.com/mcp",)"
    R"("exp":1767225600,"iat":1767222000,"jti":"b7Yc2m1fT0qHqgJ1o8n3Kw","client_id":"mcp-client-42",)"
    R"("scope":"mcp","api_key":"rp_live_3f9a8c1d2e7b4a60"})";

jose::jws_key hs256_key() {
    return jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                               jose::jws_algorithm::HS256)
        .value();
}
jose::jwe_key dir_key() {
    return jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, '\x17')), std::string("e1")).value(),
                               jose::jwe_algorithm::dir)
        .value();
}

// One decrypter and one verifier for every thread (what a server holds).
struct nested_fixture {
    nested_fixture() {
        auto sig = hs256_key();
        auto enc = dir_key();
        auto signer = jose::jws_signer::make(sig).value();
        auto encrypter = jose::make_nested_encrypter(enc, jose::jwe_encryption::A256GCM).value();
        jose::jws_key_set ss;
        (void)ss.add(sig);
        verifier.emplace(jose::jws_verifier::make(std::move(ss), {jose::jws_algorithm::HS256}).value());
        jose::jwe_key_set es;
        (void)es.add(enc);
        decrypter.emplace(jose::jwe_decrypter::make(std::move(es), {jose::jwe_encryption::A256GCM}).value());
        token = jose::mint_nested(jose::jwt_claims::parse(claims_json).value(), signer, encrypter, "at+jwt").value();
        policy.issuer = "https://auth.example.com";
        policy.audiences = {"https://mcp.example.com/mcp"};
        policy.type = "at+jwt";
    }
    std::optional<jose::jws_verifier> verifier;
    std::optional<jose::jwe_decrypter> decrypter;
    std::string token;
    jose::jwt_validation policy;
};

nested_fixture& nested() {
    static nested_fixture f;
    return f;
}

// One bearer_validator (format, key rings, revocation store with 1000 entries) for every thread.
struct bearer_fixture {
    bearer_fixture() {
        jose::jws_key_ring s;
        jose::jwe_key_ring e;
        (void)s.rotate_to(hs256_key());
        (void)e.rotate_to(dir_key());
        server::jwt_access_token_options o;
        o.issuer = "https://auth.example.com";
        format.emplace(server::jwt_access_token_format::make(s, e, o).value());
        server::access_token_grant g;
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
        request.headers.append("Authorization", "Bearer " + std::string(issued.access_token.reveal()));
        for (int i = 0; i < 1000; ++i)
            (void)revocations.revoke_jti("jti-" + std::to_string(i), now + std::chrono::hours(1));
        validator.emplace(*format, revocations,
                          server::bearer_validator_config{
                              "https://mcp.example.com/mcp",
                              "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"});
    }
    std::optional<server::jwt_access_token_format> format;
    server::memory_revocation_store revocations;
    http_request request;
    std::optional<server::bearer_validator<server::jwt_access_token_format, server::memory_revocation_store>> validator;
};

bearer_fixture& bearer() {
    static bearer_fixture f;
    return f;
}

void shared_validate_nested(benchmark::State& state) {
    auto& f = nested();
    std::string buffer;  // per thread, as a server thread would keep one
    for (auto _ : state) {
        auto r = jose::validate_nested(f.token, *f.decrypter, *f.verifier, f.policy, now, buffer);
        if (!r) state.SkipWithError("validation failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(shared_validate_nested)->Threads(1)->Threads(2)->UseRealTime();

void shared_bearer_validate(benchmark::State& state) {
    auto& f = bearer();
    for (auto _ : state) {
        auto r = f.validator->validate(f.request, now, "mcp");
        if (!r) state.SkipWithError("validation failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(shared_bearer_validate)->Threads(1)->Threads(2)->UseRealTime();

// The floor: the crypto of a nested validation (AES-256-GCM decrypt of the ~420-byte inner JWS with a ~70-byte AAD,
// then HMAC-SHA256 over its ~330-byte signing input) on contexts each thread owns, prepared once.
struct floor_state {
    floor_state() {
        cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
        gcm = EVP_CIPHER_CTX_new();
        std::array<unsigned char, 32> key{};
        key.fill(0x17);
        (void)EVP_EncryptInit_ex2(gcm, cipher, key.data(), nullptr, nullptr);
        plaintext.assign(420, 'x');
        aad.assign(70, 'h');
        iv.fill(3);
        ciphertext.resize(plaintext.size());
        int n = 0;
        (void)EVP_EncryptInit_ex2(gcm, nullptr, nullptr, iv.data(), nullptr);
        (void)EVP_EncryptUpdate(gcm, nullptr, &n, reinterpret_cast<unsigned char const*>(aad.data()),
                                static_cast<int>(aad.size()));
        (void)EVP_EncryptUpdate(gcm, ciphertext.data(), &n, reinterpret_cast<unsigned char const*>(plaintext.data()),
                                static_cast<int>(plaintext.size()));
        (void)EVP_EncryptFinal_ex(gcm, tag.data(), &n);
        (void)EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_AEAD_GET_TAG, 16, tag.data());
        mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        hmac = EVP_MAC_CTX_new(mac);
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
                               OSSL_PARAM_construct_end()};
        std::array<unsigned char, 32> hkey{};
        hkey.fill(0x42);
        (void)EVP_MAC_init(hmac, hkey.data(), hkey.size(), params);
        out.resize(plaintext.size());
    }
    ~floor_state() {
        EVP_MAC_CTX_free(hmac);
        EVP_MAC_free(mac);
        EVP_CIPHER_CTX_free(gcm);
        EVP_CIPHER_free(cipher);
    }
    floor_state(floor_state const&) = delete;
    floor_state& operator=(floor_state const&) = delete;

    bool run() {
        int n = 0;
        int last = 0;
        if (EVP_DecryptInit_ex2(gcm, nullptr, nullptr, iv.data(), nullptr) != 1 ||
            EVP_CIPHER_CTX_ctrl(gcm, EVP_CTRL_AEAD_SET_TAG, 16, tag.data()) != 1 ||
            EVP_DecryptUpdate(gcm, nullptr, &n, reinterpret_cast<unsigned char const*>(aad.data()),
                              static_cast<int>(aad.size())) != 1 ||
            EVP_DecryptUpdate(gcm, out.data(), &n, ciphertext.data(), static_cast<int>(ciphertext.size())) != 1 ||
            EVP_DecryptFinal_ex(gcm, out.data() + n, &last) != 1)
            return false;
        std::array<unsigned char, 64> m{};
        std::size_t len = 0;
        return EVP_MAC_init(hmac, nullptr, 0, nullptr) == 1 && EVP_MAC_update(hmac, out.data(), 330) == 1 &&
               EVP_MAC_final(hmac, m.data(), &len, m.size()) == 1;
    }

    EVP_CIPHER* cipher = nullptr;
    EVP_CIPHER_CTX* gcm = nullptr;
    EVP_MAC* mac = nullptr;
    EVP_MAC_CTX* hmac = nullptr;
    std::string plaintext, aad;
    std::array<unsigned char, 12> iv{};
    std::array<unsigned char, 16> tag{};
    std::vector<unsigned char> ciphertext, out;
};

void floor_per_thread_openssl(benchmark::State& state) {
    floor_state s;  // this thread's own
    for (auto _ : state) {
        if (!s.run()) state.SkipWithError("OpenSSL failed");
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(floor_per_thread_openssl)->Threads(1)->Threads(2)->UseRealTime();

// Prints the console report, then each workload's 2-thread throughput over its 1-thread throughput (medians
// when repetitions are asked for, else the single runs).
class scaling_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(std::vector<Run> const& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (auto const& r : runs) {
            if (r.error_occurred) continue;
            bool const aggregate = r.run_type == Run::RT_Aggregate;
            if (aggregate && r.aggregate_name != "median") continue;
            auto const it = r.counters.find("items_per_second");
            if (it == r.counters.end()) continue;
            auto& slot = rates_[r.run_name.function_name][r.threads];
            if (aggregate || !slot.second) slot = {it->second.value, aggregate};
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\n2-thread throughput / 1-thread throughput (items per second of wall time):\n");
        for (auto const& [name, by_threads] : rates_) {
            auto const one = by_threads.find(1);
            auto const two = by_threads.find(2);
            if (one == by_threads.end() || two == by_threads.end() || one->second.first <= 0) continue;
            std::printf("  %-28s %8.0f/s -> %8.0f/s  x%.2f\n", name.c_str(), one->second.first, two->second.first,
                        two->second.first / one->second.first);
        }
    }

private:
    std::map<std::string, std::map<std::int64_t, std::pair<double, bool>>> rates_;  // rate, from a median
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    (void)nested();  // build the shared fixtures before any timing starts
    (void)bearer();
    scaling_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
