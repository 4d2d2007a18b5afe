#pragma once
// A Google Benchmark main that, after the usual console output, prints each authwire case as a ratio to its
// raw-OpenSSL floor measured in the same process: "ratio <case> / <floor> = x.xx". With --benchmark_repetitions
// the medians are compared; otherwise the single runs. Also the heap allocations per call that the benchmarks
// record as counters "allocs" (C++ operator new) and "ossl_allocs" (OpenSSL's mallocs).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"

namespace bench_support {

// Records the allocations of one benchmark's timed loop as per-iteration counters.
class alloc_scope {
public:
    explicit alloc_scope(benchmark::State& state) : state_(state), start_(alloc_counter::snapshot()) {}
    alloc_scope(alloc_scope const&) = delete;
    alloc_scope& operator=(alloc_scope const&) = delete;
    ~alloc_scope() {
        auto const end = alloc_counter::snapshot();
        auto const n = static_cast<double>(std::max<benchmark::IterationCount>(state_.iterations(), 1));
        state_.counters["allocs"] = static_cast<double>(end.cxx - start_.cxx) / n;
        if (alloc_counter::openssl_hooked)
            state_.counters["ossl_allocs"] = static_cast<double>(end.openssl - start_.openssl) / n;
    }

private:
    benchmark::State& state_;
    alloc_counter::counts start_;
};

class ratio_reporter : public benchmark::ConsoleReporter {
public:
    explicit ratio_reporter(std::vector<std::pair<std::string, std::string>> pairs) : pairs_(std::move(pairs)) {}

    void ReportRuns(std::vector<Run> const& runs) override {
        for (auto const& r : runs) {
            auto key = r.run_name.function_name;
            if (!r.run_name.args.empty()) key += "/" + r.run_name.args;
            if (r.run_type == Run::RT_Aggregate) {
                if (r.aggregate_name == "median") medians_[key] = r.GetAdjustedCPUTime();
            } else if (!r.error_occurred) {
                samples_[key].push_back(r.GetAdjustedCPUTime());
            }
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\nratios to the raw-OpenSSL floor (CPU time, %s):\n",
                    medians_.empty() ? "single runs" : "medians of the repetitions");
        for (auto const& [name, floor] : pairs_) {
            auto const a = value(name);
            auto const b = value(floor);
            if (a <= 0 || b <= 0) continue;
            std::printf("  ratio %-34s / %-26s = %.2f  (%.0f ns / %.0f ns)\n", name.c_str(), floor.c_str(), a / b, a,
                        b);
        }
        std::fflush(stdout);
    }

private:
    [[nodiscard]] double value(std::string const& key) const {
        if (auto it = medians_.find(key); it != medians_.end()) return it->second;
        auto it = samples_.find(key);
        if (it == samples_.end() || it->second.empty()) return 0;
        auto v = it->second;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    }

    std::vector<std::pair<std::string, std::string>> pairs_;
    std::map<std::string, double> medians_;
    std::map<std::string, std::vector<double>> samples_;
};

// The body of main(): run every registered benchmark, then print the ratios of `pairs` (case, floor).
inline int run_with_ratios(int argc, char** argv, std::vector<std::pair<std::string, std::string>> pairs) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    ratio_reporter reporter(std::move(pairs));
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

} // namespace bench_support
