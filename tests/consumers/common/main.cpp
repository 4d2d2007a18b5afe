// A consumer's first program: a PKCE pair, a state, and the error category — through whatever include path
// the consumer project set up.
#include <authwire/authwire.hpp>

#include <iostream>
#include <string>
#include <string_view>

int main() {
    auto pkce = authwire::oauth::make_pkce();
    auto state = authwire::oauth::make_state();
    if (!pkce || !state) return 1;
    authwire::error_code ec = authwire::error::malformed_json;
    if (ec.message() != "malformed JSON" || ec != authwire::condition::malformed_input) return 2;
    if (!authwire::oauth::verify_code_verifier(pkce->code_verifier.reveal(), pkce->code_challenge,
                                               authwire::oauth::code_challenge_method::S256))
        return 3;
    // The version macros agree with each other and with what the package manager said (CMake's package version
    // or pkg-config's --modversion, passed in by the consumer project).
    std::string const composed = std::to_string(AUTHWIRE_VERSION_MAJOR) + "." + std::to_string(AUTHWIRE_VERSION_MINOR) +
                                 "." + std::to_string(AUTHWIRE_VERSION_PATCH);
    if (composed != AUTHWIRE_VERSION_STRING || std::string_view(authwire::version_string) != composed) return 4;
#ifdef AUTHWIRE_EXPECTED_VERSION
    if (composed != AUTHWIRE_EXPECTED_VERSION) {
        std::cerr << "headers say " << composed << ", the package " << AUTHWIRE_EXPECTED_VERSION << '\n';
        return 5;
    }
#endif
    std::cout << "authwire " << authwire::version_string << ": code_challenge=" << pkce->code_challenge
              << " state=" << *state << " verifier=" << pkce->code_verifier << '\n';
    return 0;
}
