#pragma once
// authwire — keeping a request's secrets out of what the peer answers (RFC 6749 §10.3, §10.6; RFC 6819 §5.1.6):
// a server that echoes the refresh token, the client secret or the code into its error_description would
// otherwise have it stored in a `failure`, printed by its operator<< and thrown in protocol_exception::what().
// The client drivers pass every failure through redact_request_secrets with the request they sent; async
// callers that parse responses themselves do the same.

#include <authwire/core/base64.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/detail/endpoint.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// The request parameters whose values are credentials or grants: RFC 6749 §2.3.1, §4.1.3, §4.3.2, §6; RFC 7636
/// §4.5; RFC 7009 §2.1; RFC 7662 §2.1; RFC 7521 §4.1–4.2; RFC 8628 §3.4; RFC 8693 §2.1.
inline constexpr std::string_view secret_parameters[] = {
    "client_secret", "client_assertion", "assertion",     "code",        "code_verifier", "refresh_token",
    "token",         "device_code",      "password",      "access_token", "subject_token", "actor_token",
};

/// Shorter secrets are redacted only where they stand apart from letters and digits (see redact_secrets).
inline constexpr std::size_t min_redacted_anywhere = 8;

/// The text a redacted secret is replaced with (what `secret`'s operator<< prints).
inline constexpr std::string_view redacted_text = "[redacted]";

/// The secrets `req` carries, in every spelling a peer may echo: the values of secret_parameters in a form body
/// and in the URL query; the credentials of the Authorization header — for Basic (RFC 7617, RFC 6749 §2.3.1)
/// the encoded field and the password of its "id:password", form-encoded and decoded (the client_id is no
/// secret), for any other scheme (Bearer, DPoP) the token; each value also form-encoded. Longest first.
[[nodiscard]] inline std::vector<secret> request_secrets(http_request const& req) {
    std::vector<secret> out;
    auto add = [&out](std::string_view v) {
        if (v.empty()) return;
        out.emplace_back(v);
        auto encoded = form_encode_component(v);
        if (encoded != v) out.emplace_back(encoded);
        OPENSSL_cleanse(encoded.data(), encoded.size());
    };
    auto add_parameters = [&add](std::string_view encoded) {
        auto f =
            form::decode(encoded, std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max());
        if (!f) return;
        for (auto const& [name, value] : *f)
            if (std::find(std::begin(secret_parameters), std::end(secret_parameters), name) !=
                std::end(secret_parameters))
                add(value);
    };
    if (auto const ct = req.header("Content-Type"); ct && media_type(*ct) == detail::form_media_type)
        add_parameters(req.body);
    if (req.url.has_query()) add_parameters(req.url.encoded_query());
    if (auto const authorization = req.header("Authorization")) {
        auto v = *authorization;
        auto const sp = v.find(' ');
        auto const scheme = v.substr(0, sp);
        auto credentials = sp == std::string_view::npos ? std::string_view{} : v.substr(sp + 1);
        while (!credentials.empty() && credentials.front() == ' ') credentials.remove_prefix(1);
        add(credentials);
        if (iequals(scheme, "Basic")) {
            if (auto decoded = base64_decode(credentials)) {
                if (auto const colon = decoded->find(':'); colon != std::string::npos) {
                    auto const password = std::string_view(*decoded).substr(colon + 1);
                    add(password);
                    if (auto plain = form_decode_component(password)) {
                        add(*plain);
                        OPENSSL_cleanse(plain->data(), plain->size());
                    }
                }
                OPENSSL_cleanse(decoded->data(), decoded->size());
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](secret const& a, secret const& b) { return a.size() > b.size(); });
    return out;
}

namespace detail {

[[nodiscard]] constexpr bool is_ascii_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace detail

/// Replace, in `text`, every occurrence of each of `secrets` (longest first) with redacted_text. A secret of at
/// least min_redacted_anywhere bytes goes wherever it appears; a shorter one only where it is not glued to a
/// letter or digit (so that the refresh token "used" does not turn "reused" into "re[redacted]").
inline void redact_secrets(std::string& text, std::span<secret const> secrets) {
    for (auto const& s : secrets) {
        auto const needle = s.reveal();
        if (needle.empty()) continue;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at)) {
            bool const glued =
                needle.size() < min_redacted_anywhere &&
                ((at > 0 && detail::is_ascii_alnum(text[at - 1]) && detail::is_ascii_alnum(needle.front())) ||
                 (at + needle.size() < text.size() && detail::is_ascii_alnum(text[at + needle.size()]) &&
                  detail::is_ascii_alnum(needle.back())));
            if (glued) {
                ++at;
                continue;
            }
            text.replace(at, needle.size(), redacted_text);
            at += redacted_text.size();
        }
    }
}

/// RFC 6749 §5.2 (and every error a peer returns): `f` with each secret `sent` carried (request_secrets)
/// removed from the peer's text — error, error_description, error_uri — before anyone stores or prints it.
/// A failure without a peer response is returned as it is. Should redaction itself fail (no memory), the
/// peer's text is dropped (the code and status stay), never kept unredacted.
[[nodiscard]] inline failure redact_request_secrets(failure f, http_request const& sent) noexcept {
    if (!f.response) return f;
    try {
        auto const secrets = request_secrets(sent);
        for (auto* text : {&f.response->error, &f.response->error_description, &f.response->error_uri})
            redact_secrets(*text, secrets);
    } catch (...) {
        f.response->error.clear();  // f.code still says which error it was
        f.response->error_description.clear();
        f.response->error_uri.clear();
    }
    return f;
}

} // namespace authwire::oauth
