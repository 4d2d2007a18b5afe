// A libFuzzer-compatible driver for builds without libFuzzer: runs every file of the given corpus
// directories, then deterministic mutations of them (bit flips, truncations, splices, byte insertions),
// so the fuzz targets' properties are checked on every test run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);

namespace {

std::uint64_t next(std::uint64_t& s) {  // xorshift64*: reproducible across runs and machines
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
}

void run(std::string const& input) {
    LLVMFuzzerTestOneInput(reinterpret_cast<std::uint8_t const*>(input.data()), input.size());
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> corpus;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path const p(argv[i]);
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(p)) {
            for (auto const& e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else {
            files.push_back(p);
        }
        for (auto const& f : files) {
            std::ifstream in(f, std::ios::binary);
            corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "no corpus given\n");
        return 1;
    }
    for (auto const& c : corpus) run(c);

    std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
    constexpr int mutations = 20000;
    for (int i = 0; i < mutations; ++i) {
        std::string m = corpus[next(seed) % corpus.size()];
        switch (next(seed) % 5) {
        case 0:  // flip a bit
            if (!m.empty()) m[next(seed) % m.size()] ^= static_cast<char>(1u << (next(seed) % 8));
            break;
        case 1:  // truncate
            if (!m.empty()) m.resize(next(seed) % m.size());
            break;
        case 2:  // insert an arbitrary byte
            m.insert(m.begin() + static_cast<std::ptrdiff_t>(next(seed) % (m.size() + 1)), static_cast<char>(next(seed)));
            break;
        case 3: {  // splice with another entry
            auto const& o = corpus[next(seed) % corpus.size()];
            m = m.substr(0, m.empty() ? 0 : next(seed) % m.size()) + o.substr(o.empty() ? 0 : next(seed) % o.size());
            break;
        }
        default:  // overwrite a byte with a structural character
            if (!m.empty()) m[next(seed) % m.size()] = "{}[]\",:=&%+/_-.\\\0"[next(seed) % 17];
            break;
        }
        run(m);
    }
    std::printf("%zu corpus inputs and %d mutations: ok\n", corpus.size(), mutations);
    return 0;
}
