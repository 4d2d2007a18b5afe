// A consumer's first program: a PKCE pair, a state, and the error category — through whatever include path
// the consumer project set up.
#include <authwire/authwire.hpp>

#include <iostream>

int main() {
    auto pkce = authwire::oauth::make_pkce();
    auto state = authwire::oauth::make_state();
    if (!pkce || !state) return 1;
    authwire::error_code ec = authwire::error::malformed_json;
    if (ec.message() != "malformed JSON" || ec != authwire::condition::malformed_input) return 2;
    if (!authwire::oauth::verify_code_verifier(pkce->code_verifier.reveal(), pkce->code_challenge,
                                               authwire::oauth::code_challenge_method::S256))
        return 3;
    std::cout << "authwire " << authwire::version_string << ": code_challenge=" << pkce->code_challenge
              << " state=" << *state << " verifier=" << pkce->code_verifier << '\n';
    return 0;
}
