// A libFuzzer-compatible driver for builds without libFuzzer: runs every file of the given corpus
// directories, then deterministic mutations of them (bit flips, truncations, splices, byte insertions, and the
// entries of a libFuzzer dictionary when one is given), so the fuzz targets' properties are checked on every
// test run. Arguments: corpus directories or files, `-dict=FILE` (libFuzzer's dictionary format) and
// `-runs=N` (the number of mutations, 20000 by default). When a property aborts, the input that did it is written
// to ./standalone-crash (and its length to stderr), so that it can be replayed with this driver or libFuzzer.
#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);

namespace {

std::uint64_t next(std::uint64_t& s) {  // xorshift64*: reproducible across runs and machines
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
}

std::string const* current = nullptr;  // the input being run, for the abort handler

extern "C" void save_input_on_abort(int) {
    // Only async-signal-safe calls here.
    if (current != nullptr) {
        int const fd = ::open("standalone-crash", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            auto const* p = current->data();
            auto left = current->size();
            while (left > 0) {
                auto const n = ::write(fd, p, left);
                if (n <= 0) break;
                p += n;
                left -= static_cast<std::size_t>(n);
            }
            ::close(fd);
        }
        static char const note[] = "standalone driver: the failing input is in ./standalone-crash\n";
        [[maybe_unused]] auto const n = ::write(2, note, sizeof note - 1);
    }
    std::signal(SIGABRT, SIG_DFL);
    std::raise(SIGABRT);
}

void run(std::string const& input) {
    current = &input;
    LLVMFuzzerTestOneInput(reinterpret_cast<std::uint8_t const*>(input.data()), input.size());
    current = nullptr;
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// libFuzzer's dictionary format: one `name="value"` (or `"value"`) per line, `#` comments, and the escapes
// \\, \" and \xNN inside the quotes.
std::vector<std::string> read_dictionary(std::string const& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "cannot read dictionary %s\n", path.c_str());
        std::exit(1);
    }
    std::string line;
    while (std::getline(in, line)) {
        auto const open = line.find('"');
        auto const close = line.rfind('"');
        if (line.empty() || line.front() == '#' || open == std::string::npos || close <= open) continue;
        std::string value;
        for (std::size_t i = open + 1; i < close; ++i) {
            if (line[i] != '\\' || i + 1 >= close) {
                value.push_back(line[i]);
            } else if (line[i + 1] == 'x' && i + 3 < close && hex(line[i + 2]) >= 0 && hex(line[i + 3]) >= 0) {
                value.push_back(static_cast<char>(hex(line[i + 2]) * 16 + hex(line[i + 3])));
                i += 3;
            } else {
                value.push_back(line[++i]);
            }
        }
        if (!value.empty()) out.push_back(std::move(value));
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGABRT, save_input_on_abort);
    std::vector<std::string> corpus;
    std::vector<std::string> dictionary;
    long mutations = 20000;
    for (int i = 1; i < argc; ++i) {
        std::string_view const arg(argv[i]);
        if (arg.starts_with("-dict=")) {
            dictionary = read_dictionary(std::string(arg.substr(6)));
            continue;
        }
        if (arg.starts_with("-runs=")) {
            mutations = std::strtol(argv[i] + 6, nullptr, 10);
            continue;
        }
        std::filesystem::path const p(argv[i]);
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(p)) {
            for (auto const& e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file()) files.push_back(e.path());
        } else if (std::filesystem::is_regular_file(p)) {
            files.push_back(p);
        } else {
            std::fprintf(stderr, "no such corpus: %s\n", argv[i]);
            return 1;
        }
        std::sort(files.begin(), files.end());  // the same order everywhere, so the mutations are the same too
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
    auto const kinds = dictionary.empty() ? 5u : 7u;
    for (long i = 0; i < mutations; ++i) {
        std::string m = corpus[next(seed) % corpus.size()];
        switch (next(seed) % kinds) {
        case 0:  // flip a bit
            if (!m.empty()) m[next(seed) % m.size()] ^= static_cast<char>(1u << (next(seed) % 8));
            break;
        case 1:  // truncate
            if (!m.empty()) m.resize(next(seed) % m.size());
            break;
        case 2:  // insert an arbitrary byte
            m.insert(m.begin() + static_cast<std::ptrdiff_t>(next(seed) % (m.size() + 1)),
                     static_cast<char>(next(seed)));
            break;
        case 3: {  // splice with another entry
            auto const& o = corpus[next(seed) % corpus.size()];
            m = m.substr(0, m.empty() ? 0 : next(seed) % m.size()) + o.substr(o.empty() ? 0 : next(seed) % o.size());
            break;
        }
        case 4:  // overwrite a byte with a structural character
            if (!m.empty()) m[next(seed) % m.size()] = "{}[]\",:=&%+/_-.\\\0"[next(seed) % 17];
            break;
        case 5:  // insert a dictionary entry
            m.insert(next(seed) % (m.size() + 1), dictionary[next(seed) % dictionary.size()]);
            break;
        default: {  // overwrite with a dictionary entry
            auto const& d = dictionary[next(seed) % dictionary.size()];
            auto const at = next(seed) % (m.size() + 1);
            m.replace(at, d.size(), d);
            break;
        }
        }
        run(m);
    }
    std::printf("%zu corpus inputs and %ld mutations: ok\n", corpus.size(), mutations);
    return 0;
}
