// quickstart — the first thing an OAuth client does: make a PKCE pair and a state, and build the
// authorization URL the user's browser is sent to (RFC 6749 §4.1.1, RFC 7636 §4.3).
//
// Nothing here touches the network: authwire computes values, your HTTP stack moves them.

#include <authwire/authwire.hpp>

#include <iostream>

int main() {
    // RFC 7636 §4.1–4.2: a fresh code_verifier (kept secret, sent later with the code) and its S256 challenge.
    auto pkce = authwire::oauth::make_pkce();
    // RFC 6749 §10.12: an unguessable state, remembered in the user's session to stop CSRF on the callback.
    auto state = authwire::oauth::make_state();
    if (!pkce || !state) {
        std::cerr << "no randomness: " << (pkce ? state.error() : pkce.error()).message() << '\n';
        return 1;
    }

    // RFC 6749 §4.1.1: the authorization request; every value is checked and form-encoded into the query.
    authwire::oauth::authorization_request request;
    request.client_id = "quickstart-client";
    request.redirect_uri = "http://127.0.0.1:8765/callback";
    request.scope = {"jobs:read", "profile"};
    request.state = *state;
    request.set_pkce(*pkce);
    auto url = authwire::oauth::make_authorization_url("https://auth.example.com/authorize", request);
    if (!url) {
        std::cerr << "cannot build the authorization URL: " << url.error().message() << '\n';
        return 1;
    }

    std::cout << "1. Keep in the user's session:\n"
              << "     state         = " << *state << '\n'
              << "     code_verifier  = " << pkce->code_verifier << "   (a secret: authwire never prints it)\n"
              << "2. Send the browser to:\n"
              << "     " << url->buffer() << '\n'
              << "3. On the callback, check state, then exchange the code with the code_verifier.\n";
    return 0;
}
