#pragma once
// authwire examples — the command-line parsing the demo programs share: `--flag`, `--option value` or
// `--option=value`, options that may be repeated, and positional arguments. Unknown options, missing values and
// a single-valued option given twice are errors, not surprises.

#include <charconv>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::examples {

class command_line {
public:
    /// `flags` take no value, `options` take exactly one, `repeatable` options one each time they are given.
    command_line(std::set<std::string> flags, std::set<std::string> options, std::set<std::string> repeatable = {})
        : flags_(std::move(flags)), options_(std::move(options)), repeatable_(std::move(repeatable)) {}

    /// Parse argv[1..argc); false (with error()) on an unknown option, a missing value or a single-valued option
    /// given twice.
    bool parse(int argc, char const* const* argv) {
        for (int i = 1; i < argc; ++i) {
            std::string_view arg = argv[i];
            if (!arg.starts_with("--") || arg == "--") {
                positional_.emplace_back(arg);
                continue;
            }
            std::string name(arg);
            std::optional<std::string> value;
            if (auto const eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
            }
            if (flags_.contains(name)) {
                if (value) return fail(name + " takes no value");
                set_flags_.insert(name);
            } else if (options_.contains(name) || repeatable_.contains(name)) {
                if (!value) {
                    if (i + 1 >= argc) return fail(name + " needs a value");
                    value = argv[++i];
                }
                if (repeatable_.contains(name))
                    repeated_[name].push_back(*value);
                else if (!values_.emplace(name, *value).second)
                    return fail(name + " given more than once");
            } else {
                return fail("unknown option " + name);
            }
        }
        return true;
    }

    [[nodiscard]] bool flag(std::string const& name) const { return set_flags_.contains(name); }

    [[nodiscard]] std::optional<std::string> option(std::string const& name) const {
        auto const it = values_.find(name);
        if (it == values_.end()) return std::nullopt;
        return it->second;
    }

    /// Every value of a repeatable option, in the order given (empty when absent).
    [[nodiscard]] std::vector<std::string> values(std::string const& name) const {
        auto const it = repeated_.find(name);
        return it == repeated_.end() ? std::vector<std::string>{} : it->second;
    }

    /// An option's value as a TCP port (0–65535); nullopt when absent, error() set when invalid.
    [[nodiscard]] std::optional<unsigned short> port(std::string const& name) {
        auto const v = option(name);
        if (!v) return std::nullopt;
        unsigned value = 0;
        auto const [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
        if (ec != std::errc{} || end != v->data() + v->size() || value > 65535) {
            error_ = name + " must be a port number (0-65535)";
            return std::nullopt;
        }
        return static_cast<unsigned short>(value);
    }

    /// An option's value as a whole number in [min, max]; nullopt when absent, error() set when invalid.
    [[nodiscard]] std::optional<std::size_t> number(std::string const& name, std::size_t min, std::size_t max) {
        auto const v = option(name);
        if (!v) return std::nullopt;
        std::size_t value = 0;
        auto const [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
        if (ec != std::errc{} || end != v->data() + v->size() || value < min || value > max) {
            error_ = name + " must be a number from " + std::to_string(min) + " to " + std::to_string(max);
            return std::nullopt;
        }
        return value;
    }

    [[nodiscard]] std::vector<std::string> const& positional() const { return positional_; }
    [[nodiscard]] std::string const& error() const { return error_; }

private:
    bool fail(std::string message) {
        error_ = std::move(message);
        return false;
    }

    std::set<std::string> flags_;
    std::set<std::string> options_;
    std::set<std::string> repeatable_;
    std::set<std::string> set_flags_;
    std::map<std::string, std::string> values_;
    std::map<std::string, std::vector<std::string>> repeated_;
    std::vector<std::string> positional_;
    std::string error_;
};

} // namespace authwire::examples
