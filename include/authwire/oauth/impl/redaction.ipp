#pragma once
// authwire — the definitions of <authwire/oauth/redaction.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/redaction.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL std::vector<secret> request_secrets(http_request const& req) {
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

AUTHWIRE_DECL void redact_secrets(std::string& text, std::span<secret const> secrets) {
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

AUTHWIRE_DECL failure redact_request_secrets(failure f, http_request const& sent) noexcept {
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

}  // namespace authwire::oauth
