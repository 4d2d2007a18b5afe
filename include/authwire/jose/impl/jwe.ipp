#pragma once
// authwire — the definitions of <authwire/jose/jwe.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/jwe.hpp>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<std::string_view> required_string(boost::json::object const& o, std::string_view name) {
    auto s = json_string_member(o, name);
    if (!s) return s.error();
    if (!*s) return error::missing_member;
    return **s;
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL std::optional<std::string_view> jwe_header::kid() const noexcept {
    return read_member(0, "kid");
}

AUTHWIRE_DECL std::optional<std::string_view> jwe_header::typ() const noexcept {
    return read_member(1, "typ");
}

AUTHWIRE_DECL std::optional<std::string_view> jwe_header::cty() const noexcept {
    return read_member(2, "cty");
}

AUTHWIRE_DECL result<jwe_header> jwe_header::parse(std::string_view json,
                                                   std::span<std::string const> understood_critical,
                                                   json_limits const& lim) {
    auto parsed = detail::parse_header_object(json, lim, {});
    if (!parsed) return parsed.error();
    return from_object(std::move(*parsed), understood_critical);
}

AUTHWIRE_DECL result<jwe_header> jwe_header::from_object(boost::json::object members,
                                                         std::span<std::string const> understood_critical) {
    jwe_header h;
    if (auto r = check_into(h, members, understood_critical); !r) return r.error();
    return h;
}

AUTHWIRE_DECL result<void> jwe_header::check_into(jwe_header& h, boost::json::object& members,
                                                  std::span<std::string const> understood_critical) {
    // One pass finds the members checked here (the checks keep their order).
    static constexpr std::string_view names[] = {"alg", "enc", "kid", "typ", "cty", "zip", "crit"};
    boost::json::value const* found[std::size(names)];
    detail::find_members(members, names, found);
    auto algorithms = algorithms_of(found[0], found[1]);
    if (!algorithms) return algorithms.error();
    for (std::size_t i = 2; i < 5; ++i)
        if (auto s = detail::string_member(found[i]); !s) return s.error();
    if (found[5] != nullptr) return error::unsupported_algorithm;  // RFC 7516 §4.1.3 "zip": not implemented
    if (auto const* crit = found[6]) {
        auto const* list = crit->if_array();
        if (list == nullptr) return error::wrong_member_type;
        if (list->empty()) return error::malformed_token;
        for (auto const& v : *list) {
            auto const* name = v.if_string();
            if (name == nullptr) return error::wrong_member_type;
            if (detail::is_registered_jwe_header(*name) || !members.contains(*name)) return error::malformed_token;
            bool understood = false;
            for (auto const& u : understood_critical) understood = understood || u == std::string_view(*name);
            if (!understood) return error::unsupported_critical;
        }
    }
    h.alg_ = algorithms->first;
    h.enc_ = algorithms->second;
    h.members_ = std::move(members);
    return {};
}

AUTHWIRE_DECL result<void> jwe_header::check_scanned(jwe_header& h, detail::deferred_object& d) {
    static constexpr std::string_view names[] = {"alg", "enc", "kid", "typ", "cty"};
    detail::scan_member const* found[std::size(names)];
    detail::find_members(d.scan, names, found);
    auto algorithms = algorithms_of(found[0], found[1]);
    if (!algorithms) return algorithms.error();
    unsigned char read = 8;
    for (unsigned i = 0; i < 3; ++i) {
        auto v = detail::string_member(found[2 + i]);
        if (!v) return v.error();
        if (*v) {
            h.strings_[i].assign(**v);
            read = static_cast<unsigned char>(read | (1u << i));
        }
    }
    h.alg_ = algorithms->first;
    h.enc_ = algorithms->second;
    h.read_ = read;
    d.defer_all();
    return {};
}

AUTHWIRE_DECL std::optional<std::string_view> jwe_header::string_member(std::string_view name) const noexcept {
    auto const* v = members_.if_contains(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string_view(v->get_string());
}

AUTHWIRE_DECL std::optional<std::string_view> jwe_header::read_member(unsigned i,
                                                                      std::string_view name) const noexcept {
    if ((read_ & 8u) == 0) return string_member(name);
    if ((read_ & (1u << i)) == 0) return std::nullopt;
    return std::string_view(strings_[i]);
}

AUTHWIRE_DECL result<jwe_encrypter> jwe_encrypter::make(jwe_key key, jwe_encryption enc, jwe_header_params header,
                                                        jwe_encrypt_options options) {
    jwe_encrypter e(std::move(key), enc, std::move(header), std::move(options));
    if (auto r = e.prepare(); !r) return r.error();
    return e;
}

AUTHWIRE_DECL result<std::string> jwe_encrypter::encrypt(std::string_view plaintext, random_source rng) const {
    return encrypt(detail::as_bytes(plaintext), rng);
}

AUTHWIRE_DECL result<std::string> jwe_encrypt(std::string_view plaintext, jwe_key const& key, jwe_encryption enc,
                                              jwe_header_params const& header, jwe_encrypt_options const& options,
                                              random_source rng) {
    auto e = jwe_encrypter::make(key, enc, header, options);
    if (!e) return e.error();
    return e->encrypt(plaintext, rng);
}

AUTHWIRE_DECL result<jwe_decrypter> jwe_decrypter::make(jwe_key_set keys,
                                                        std::initializer_list<jwe_encryption> encryptions,
                                                        jwe_decrypt_options options) {
    return make(std::move(keys), std::span<jwe_encryption const>(encryptions.begin(), encryptions.size()),
                std::move(options));
}

AUTHWIRE_DECL result<jwe_decrypted> jwe_decrypter::decrypt(std::string_view compact, random_source rng) const {
    jwe_decrypted out;
    auto h = decrypt_into(compact, out.plaintext, rng);
    if (!h) return h.error();
    out.header = std::move(*h);
    return out;
}

AUTHWIRE_DECL result<jwe_decrypted> jwe_decrypt(std::string_view compact, jwe_key const& key,
                                                std::initializer_list<jwe_encryption> encryptions,
                                                jwe_decrypt_options options, random_source rng) {
    jwe_key_set keys;
    if (auto r = keys.add(key); !r) return r.error();
    auto d = jwe_decrypter::make(std::move(keys), encryptions, std::move(options));
    if (!d) return d.error();
    return d->decrypt(compact, rng);
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL bytes_view octets_of(jwk const& key) noexcept {
    auto const* s = key.symmetric_key();
    return s != nullptr ? s->reveal_bytes() : bytes_view{};
}

AUTHWIRE_DECL result<std::string> optional_b64_member(boost::json::object const& o, std::string_view name) {
    auto s = json_string_member(o, name);
    if (!s) return s.error();
    if (!*s) return std::string{};
    return base64url_decode(**s);
}

AUTHWIRE_DECL result<jwk> epk_for(boost::json::object const& header, jwk const& own) {
    auto const* v = header.if_contains("epk");
    if (v == nullptr) return error::missing_member;
    auto const* o = v->if_object();
    if (o == nullptr) return error::wrong_member_type;
    auto epk = jwk::from_json(*o);
    if (!epk) return error::malformed_key;
    if (epk->has_private()) return error::malformed_key;  // an ephemeral *public* key only
    if (epk->kty() != own.kty() || epk->crv() != own.crv()) return error::malformed_key;
    return epk;
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<void> jwe_encrypter::prepare() {
    auto const& km = detail::key_management_of(key_.algorithm());
    auto const& ce = detail::content_encryption_of(enc_);
    if (detail::is_rsa1_5(key_.algorithm()) && !options_.allow_rsa1_5) return error::algorithm_not_allowed;
    if (detail::is_pbes2(key_.algorithm())) {
        if (!options_.allow_pbes2) return error::algorithm_not_allowed;
        if (options_.pbes2_iterations < 1000 || options_.pbes2_iterations > 0x7fffffff ||
            options_.pbes2_salt_size < detail::pbes2_minimum_salt || options_.pbes2_salt_size > 1024)
            return error::invalid_argument;
    }
    for (auto const& m : header_.extra)
        if (detail::is_registered_jwe_header(m.key())) return error::invalid_argument;
    if ((!header_.apu.empty() || !header_.apv.empty()) && km.mode != detail::key_management_mode::ecdh_es_direct &&
        km.mode != detail::key_management_mode::ecdh_es_key_wrap)
        return error::invalid_argument;
    if (options_.ephemeral_key) {
        auto const& eph = *options_.ephemeral_key;
        if (km.mode != detail::key_management_mode::ecdh_es_direct &&
            km.mode != detail::key_management_mode::ecdh_es_key_wrap)
            return error::invalid_argument;
        if (!eph.has_private() || eph.kty() != key_.key().kty() || eph.crv() != key_.key().crv())
            return error::key_unusable;
    }

    if (km.mode == detail::key_management_mode::direct_encryption) {
        if (detail::octets_of(key_.key()).size() != ce.key_size) return error::key_unusable;
        auto k = detail::prepared_content_key::make(ce, detail::octets_of(key_.key()));
        if (!k) return k.error();
        dir_key_.emplace(std::move(*k));
    } else {
        auto c = detail::content_cipher::make(ce);
        if (!c) return c.error();
        cipher_.emplace(std::move(*c));
    }
    if (km.mode == detail::key_management_mode::ecdh_es_direct ||
        km.mode == detail::key_management_mode::ecdh_es_key_wrap) {
        if (auto curve = detail::ecdh_curve_of(key_.key().evp_pkey()); !curve) return curve.error();
    }
    if (km.mode == detail::key_management_mode::rsa) {
        if (auto ctx = detail::rsa_key_encryption_context(key_.key().evp_pkey(), km.rsa, &EVP_PKEY_encrypt_init); !ctx)
            return ctx.error();
    }
    // Without per-message parameters the protected header is the same for every message: encode it once.
    if (km.mode == detail::key_management_mode::direct_encryption ||
        km.mode == detail::key_management_mode::aes_key_wrap || km.mode == detail::key_management_mode::rsa) {
        auto h = header_b64({});
        if (!h) return h.error();
        static_header_ = std::move(*h);
    }
    return {};
}

AUTHWIRE_DECL result<std::string> jwe_encrypter::header_b64(boost::json::object per_message) const {
    try {
        boost::json::object h;
        h["alg"] = to_string(key_.algorithm());
        if (header_.kid)
            h["kid"] = *header_.kid;
        else if (auto k = key_.kid())
            h["kid"] = *k;
        for (auto& m : per_message) h[m.key()] = std::move(m.value());
        if (header_.typ) h["typ"] = *header_.typ;
        if (header_.cty) h["cty"] = *header_.cty;
        for (auto const& m : header_.extra) h[m.key()] = m.value();
        h["enc"] = to_string(enc_);
        return base64url_encode(boost::json::serialize(h));
    } catch (std::exception const&) {
        return error::invalid_argument;
    }
}

AUTHWIRE_DECL result<std::string> jwe_encrypter::encrypt(std::span<unsigned char const> plaintext,
                                                         random_source rng) const {
    using detail::key_management_mode;
    auto const& km = detail::key_management_of(key_.algorithm());
    auto const& ce = detail::content_encryption_of(enc_);
    if (!detail::fits_int(plaintext.size())) return error::input_too_large;

    detail::cek_buffer cek;
    std::vector<unsigned char> encrypted_key;
    boost::json::object per_message;

    // Step 2-6 of RFC 7516 §5.1: the CEK and the JWE Encrypted Key.
    auto random_cek = [&]() -> result<void> {
        (void)cek.resize(ce.key_size);
        return rng.fill(cek.span());
    };
    auto wrap_with = [&](detail::bytes_view kek) -> result<void> {
        encrypted_key.resize(cek.size() + 8);
        auto n = detail::aes_key_wrap(kek, cek.view(), encrypted_key);
        if (!n) return n.error();
        return {};
    };
    // ECDH-ES: the ephemeral key, its public JWK for "epk", and the agreed key.
    auto agree = [&](std::string_view algorithm_id, detail::bytes_span out) -> result<void> {
        detail::evp_pkey_ptr fresh;
        EVP_PKEY* eph = nullptr;
        if (options_.ephemeral_key) {
            eph = options_.ephemeral_key->evp_pkey();
        } else {
            auto g = detail::ecdh_generate_ephemeral(key_.key().evp_pkey());
            if (!g) return g.error();
            fresh = std::move(*g);
            eph = fresh.get();
        }
        auto epk = jwk::from_evp_pkey(eph);
        if (!epk) return epk.error();
        auto epk_json = epk->to_json(jwk_members::public_only);
        if (!epk_json) return epk_json.error();
        per_message["epk"] = std::move(*epk_json);
        if (!header_.apu.empty()) per_message["apu"] = base64url_encode(header_.apu);
        if (!header_.apv.empty()) per_message["apv"] = base64url_encode(header_.apv);
        return detail::ecdh_es_derive(eph, key_.key().evp_pkey(), algorithm_id, detail::as_bytes(header_.apu),
                                      detail::as_bytes(header_.apv), out);
    };

    switch (km.mode) {
        case key_management_mode::direct_encryption:
            break;
        case key_management_mode::aes_key_wrap: {
            if (auto r = random_cek(); !r) return r.error();
            if (auto r = wrap_with(detail::octets_of(key_.key())); !r) return r.error();
            break;
        }
        case key_management_mode::aes_gcm_key_wrap: {
            if (auto r = random_cek(); !r) return r.error();
            std::array<unsigned char, 12> kw_iv{};
            std::array<unsigned char, 16> kw_tag{};
            if (auto r = rng.fill(kw_iv); !r) return r.error();
            encrypted_key.resize(cek.size());
            if (auto n =
                    detail::aes_gcm_key_wrap(detail::octets_of(key_.key()), kw_iv, cek.view(), encrypted_key, kw_tag);
                !n)
                return n.error();
            per_message["tag"] = base64url_encode(kw_tag);
            per_message["iv"] = base64url_encode(kw_iv);
            break;
        }
        case key_management_mode::rsa: {
            if (auto r = random_cek(); !r) return r.error();
            auto ek = detail::rsa_encrypt_key(key_.key().evp_pkey(), km.rsa, cek.view());
            if (!ek) return ek.error();
            encrypted_key = std::move(*ek);
            break;
        }
        case key_management_mode::ecdh_es_direct: {
            (void)cek.resize(ce.key_size);
            if (auto r = agree(to_string(enc_), cek.span()); !r) return r.error();
            break;
        }
        case key_management_mode::ecdh_es_key_wrap: {
            if (auto r = random_cek(); !r) return r.error();
            detail::cek_buffer kek;
            (void)kek.resize(km.kek_size);
            if (auto r = agree(to_string(key_.algorithm()), kek.span()); !r) return r.error();
            if (auto r = wrap_with(kek.view()); !r) return r.error();
            break;
        }
        case key_management_mode::pbes2: {
            if (auto r = random_cek(); !r) return r.error();
            std::vector<unsigned char> salt(options_.pbes2_salt_size);
            if (auto r = rng.fill(salt); !r) return r.error();
            detail::cek_buffer kek;
            (void)kek.resize(km.kek_size);
            if (auto r = detail::pbes2_derive_key(to_string(key_.algorithm()), km.pbes2_digest,
                                                  detail::octets_of(key_.key()), salt, options_.pbes2_iterations,
                                                  kek.span());
                !r)
                return r.error();
            if (auto r = wrap_with(kek.view()); !r) return r.error();
            per_message["p2s"] = base64url_encode(salt);
            per_message["p2c"] = options_.pbes2_iterations;
            break;
        }
    }

    // Steps 9-19: the IV, the protected header (the AAD), content encryption and the serialization.
    std::array<unsigned char, 16> iv{};
    auto const iv_bytes = std::span<unsigned char>(iv.data(), ce.iv_size);
    if (auto r = rng.fill(iv_bytes); !r) return r.error();
    std::string per_message_header;
    std::string_view header = static_header_;  // the prepared header, not copied
    if (static_header_.empty()) {
        auto h = header_b64(std::move(per_message));
        if (!h) return h.error();
        per_message_header = std::move(*h);
        header = per_message_header;
    }
    // The ciphertext of a token-sized plaintext stays on the stack; larger ones go to the heap.
    std::array<unsigned char, 1024> small_ciphertext;
    std::vector<unsigned char> large_ciphertext;
    auto const ciphertext_size = detail::ciphertext_size(ce, plaintext.size());
    std::span<unsigned char> ciphertext(small_ciphertext.data(), std::min(ciphertext_size, small_ciphertext.size()));
    if (ciphertext_size > small_ciphertext.size()) {
        large_ciphertext.resize(ciphertext_size);
        ciphertext = large_ciphertext;
    }
    std::array<unsigned char, 32> tag{};
    auto const tag_bytes = std::span<unsigned char>(tag.data(), ce.tag_size);
    auto const aad = detail::as_bytes(header);
    auto n = dir_key_ ? dir_key_->encrypt(iv_bytes, aad, plaintext, ciphertext, tag_bytes)
                      : cipher_->encrypt(cek.view(), iv_bytes, aad, plaintext, ciphertext, tag_bytes);
    if (!n) return n.error();

    std::string out;
    out.reserve(header.size() + 4 + base64url_encoded_size(encrypted_key.size()) +
                base64url_encoded_size(iv_bytes.size()) + base64url_encoded_size(*n) +
                base64url_encoded_size(tag_bytes.size()));
    out += header;
    out += '.';
    base64url_encode_into(out, encrypted_key);
    out += '.';
    base64url_encode_into(out, iv_bytes);
    out += '.';
    base64url_encode_into(out, std::span<unsigned char const>(ciphertext.data(), *n));
    out += '.';
    base64url_encode_into(out, tag_bytes);
    return out;
}

AUTHWIRE_DECL result<jwe_decrypter> jwe_decrypter::make(jwe_key_set keys, std::span<jwe_encryption const> encryptions,
                                                        jwe_decrypt_options options) {
    using detail::key_management_mode;
    if (keys.empty() || encryptions.empty()) return error::missing_argument;
    if (options.pbes2_max_iterations < 1) return error::invalid_argument;
    jwe_decrypter d(std::move(keys), std::move(options));
    for (auto enc : encryptions) {
        auto& slot = d.ciphers_[detail::index_of(enc)];
        if (slot) continue;
        auto c = detail::content_cipher::make(detail::content_encryption_of(enc));
        if (!c) return c.error();
        slot.emplace(std::move(*c));
    }
    d.prepared_.resize(d.keys_.size());
    for (std::size_t i = 0; i < d.keys_.size(); ++i) {
        auto const& b = d.keys_[i];
        auto const& km = detail::key_management_of(b.algorithm());
        if (detail::is_rsa1_5(b.algorithm()) && !d.options_.allow_rsa1_5) return error::algorithm_not_allowed;
        if (detail::is_pbes2(b.algorithm()) && !d.options_.allow_pbes2) return error::algorithm_not_allowed;
        switch (km.mode) {
            case key_management_mode::direct_encryption: {
                bool any = false;
                for (auto enc : detail::all_jwe_encryptions) {
                    auto const& ce = detail::content_encryption_of(enc);
                    if (!d.ciphers_[detail::index_of(enc)] || detail::octets_of(b.key()).size() != ce.key_size)
                        continue;
                    auto k = detail::prepared_content_key::make(ce, detail::octets_of(b.key()));
                    if (!k) return k.error();
                    d.prepared_[i].dir[detail::index_of(enc)].emplace(std::move(*k));
                    any = true;
                }
                if (!any) return error::key_unusable;
                break;
            }
            case key_management_mode::rsa:
                if (!b.key().has_private()) return error::key_unusable;
                if (auto ctx = detail::rsa_key_encryption_context(b.key().evp_pkey(), km.rsa, &EVP_PKEY_decrypt_init);
                    !ctx)
                    return ctx.error();
                break;
            case key_management_mode::ecdh_es_direct:
            case key_management_mode::ecdh_es_key_wrap:
                if (!b.key().has_private()) return error::key_unusable;
                if (auto curve = detail::ecdh_curve_of(b.key().evp_pkey()); !curve) return curve.error();
                break;
            case key_management_mode::aes_key_wrap:
            case key_management_mode::aes_gcm_key_wrap:
            case key_management_mode::pbes2:
                break;
        }
    }
    return d;
}

AUTHWIRE_DECL result<void> jwe_decrypter::recover_cek(jwe_key const& key, jwe_header const& header,
                                                      detail::jwe_compact_segments const& seg,
                                                      detail::content_encryption_params const& enc,
                                                      detail::cek_buffer& cek, random_source rng) const {
    using detail::key_management_mode;
    auto const& km = detail::key_management_of(key.algorithm());
    auto const& members = header.members();

    // The JWE Encrypted Key: empty for direct modes (RFC 7518 §4.5, §4.6), otherwise at most an RSA modulus.
    bool const direct =
        km.mode == key_management_mode::direct_encryption || km.mode == key_management_mode::ecdh_es_direct;
    if (direct != seg.encrypted_key.empty()) return error::malformed_token;
    // "dir": the prepared key is used directly (as in the switch below), before the 2 KiB buffer is set up.
    if (km.mode == key_management_mode::direct_encryption) return {};
    constexpr std::size_t max_encrypted_key = 2048;  // RSA-16384
    detail::wiped_buffer<max_encrypted_key> encrypted_key;
    if (!direct) {
        if (seg.encrypted_key.size() % 4 == 1) return error::malformed_base64;
        auto const size = base64url_decoded_size(seg.encrypted_key.size());
        if (size > max_encrypted_key) return error::malformed_token;
        (void)encrypted_key.resize(size);
        if (auto r = base64url_decode_into(seg.encrypted_key, encrypted_key.span()); !r) return r.error();
    }
    // AES key unwrap of the encrypted key into the CEK: any failure, or a CEK of the wrong size for "enc",
    // is decryption_failed.
    auto unwrap_with = [&](detail::bytes_view kek) -> result<void> {
        if (encrypted_key.size() != enc.key_size + 8) return error::decryption_failed;
        (void)cek.resize(enc.key_size);
        auto n = detail::aes_key_unwrap(kek, encrypted_key.view(), cek.span());
        if (!n) return n.error();
        return {};
    };

    switch (km.mode) {
        case key_management_mode::direct_encryption:
            return {};  // the prepared key is used directly
        case key_management_mode::aes_key_wrap:
            return unwrap_with(detail::octets_of(key.key()));
        case key_management_mode::aes_gcm_key_wrap: {
            // RFC 7518 §4.7.1: "iv" (96 bits) and "tag" (128 bits) header parameters.
            std::array<unsigned char, 12> kw_iv{};
            std::array<unsigned char, 16> kw_tag{};
            for (auto [name, out] : {std::pair<char const*, std::span<unsigned char>>{"iv", kw_iv},
                                     std::pair<char const*, std::span<unsigned char>>{"tag", kw_tag}}) {
                auto s = detail::required_string(members, name);
                if (!s) return s.error();
                if (auto r = detail::decode_exact(*s, out.size(), out); !r) return r.error();
            }
            if (encrypted_key.size() != enc.key_size) return error::decryption_failed;
            (void)cek.resize(enc.key_size);
            auto n = detail::aes_gcm_key_unwrap(detail::octets_of(key.key()), kw_iv, kw_tag, encrypted_key.view(),
                                                cek.span());
            if (!n) return n.error();
            return {};
        }
        case key_management_mode::rsa:
            return detail::rsa_decrypt_key(key.key().evp_pkey(), km.rsa, encrypted_key.view(), enc.key_size, cek, rng);
        case key_management_mode::ecdh_es_direct:
        case key_management_mode::ecdh_es_key_wrap: {
            auto epk = detail::epk_for(members, key.key());
            if (!epk) return epk.error();
            auto apu = detail::optional_b64_member(members, "apu");
            if (!apu) return apu.error();
            auto apv = detail::optional_b64_member(members, "apv");
            if (!apv) return apv.error();
            if (km.mode == key_management_mode::ecdh_es_direct) {
                (void)cek.resize(enc.key_size);
                auto r = detail::ecdh_es_derive(key.key().evp_pkey(), epk->evp_pkey(), to_string(header.enc()),
                                                detail::as_bytes(*apu), detail::as_bytes(*apv), cek.span(), true);
                if (!r) return r.error() == error::malformed_key ? error::malformed_key : error::decryption_failed;
                return {};
            }
            detail::cek_buffer kek;
            (void)kek.resize(km.kek_size);
            auto r = detail::ecdh_es_derive(key.key().evp_pkey(), epk->evp_pkey(), to_string(key.algorithm()),
                                            detail::as_bytes(*apu), detail::as_bytes(*apv), kek.span(), true);
            if (!r) return r.error() == error::malformed_key ? error::malformed_key : error::decryption_failed;
            return unwrap_with(kek.view());
        }
        case key_management_mode::pbes2: {
            // RFC 7518 §4.8.1: "p2s" (at least 8 octets) and "p2c" (a positive integer, capped by policy).
            auto p2s_text = detail::required_string(members, "p2s");
            if (!p2s_text) return p2s_text.error();
            auto p2s = base64url_decode(*p2s_text);
            if (!p2s) return p2s.error();
            if (p2s->size() < detail::pbes2_minimum_salt || p2s->size() > 1024) return error::malformed_token;
            auto const* p2c = members.if_contains("p2c");
            if (p2c == nullptr) return error::missing_member;
            std::uint64_t iterations = 0;
            if (auto const* i = p2c->if_int64()) {
                if (*i < 1) return error::malformed_token;
                iterations = static_cast<std::uint64_t>(*i);
            } else if (auto const* u = p2c->if_uint64()) {
                iterations = *u;
            } else {
                return error::wrong_member_type;
            }
            if (iterations > options_.pbes2_max_iterations) return error::algorithm_not_allowed;
            detail::cek_buffer kek;
            (void)kek.resize(km.kek_size);
            if (auto r =
                    detail::pbes2_derive_key(to_string(key.algorithm()), km.pbes2_digest, detail::octets_of(key.key()),
                                             detail::as_bytes(*p2s), iterations, kek.span());
                !r)
                return r.error();
            return unwrap_with(kek.view());
        }
    }
    return error::unsupported_algorithm;
}

AUTHWIRE_DECL result<jwe_header> jwe_decrypter::decrypt_into(std::string_view compact, std::string& plaintext,
                                                             random_source rng) const {
    jwe_header header;
    if (auto r = decrypt_into_header(compact, plaintext, rng, header, {}, nullptr); !r) return r.error();
    return header;
}

AUTHWIRE_DECL result<void> jwe_decrypter::decrypt_into_header(std::string_view compact, std::string& plaintext,
                                                              random_source rng, jwe_header& out,
                                                              boost::json::storage_ptr const& sp,
                                                              detail::deferred_object* deferred) const {
    plaintext.clear();
    auto fail = [&plaintext](error_code ec) -> result<void> {
        if (!plaintext.empty()) OPENSSL_cleanse(plaintext.data(), plaintext.size());
        plaintext.clear();
        return ec;
    };

    // RFC 7516 §5.2 steps 1–5: the shape, then the protected header (decoded into the output buffer, which is
    // reused for the ciphertext afterwards).
    auto seg = detail::split_compact_jwe(compact, options_.max_token_size);
    if (!seg) return seg.error();
    if (seg->protected_header.size() % 4 == 1) return error::malformed_base64;
    // With `deferred`, the header is decoded there and, when the scanner reads it and it has no "zip" or "crit",
    // checked from the scan with its members left unbuilt (jwe_header::check_scanned); otherwise as below.
    auto& header_text = deferred != nullptr ? deferred->text : plaintext;
    if (deferred != nullptr) deferred->clear();
    header_text.resize(base64url_decoded_size(seg->protected_header.size()));
    if (auto r = base64url_decode_into(seg->protected_header,
                                       {reinterpret_cast<unsigned char*>(header_text.data()), header_text.size()});
        !r)
        return fail(r.error());
    bool checked = false;
    if (deferred != nullptr && header_text.size() <= options_.header_limits.max_size) {
        auto& d = *deferred;
        if (detail::scan_json_object(d.text, options_.header_limits, d.scan) == detail::scan_status::ok &&
            d.find_in_scan("zip") == d.scan.size && d.find_in_scan("crit") == d.scan.size) {
            if (auto r = jwe_header::check_scanned(out, d); !r) return fail(r.error());
            // Only "dir" leaves them unbuilt: the key agreement and wrapping algorithms read their parameters
            // ("epk", "apu", "apv", "iv", "tag", "p2s", "p2c") from members().
            if (out.alg() != jwe_algorithm::dir) d.build_into(out.members_);
            checked = true;
        }
    }
    if (!checked) {
        auto parsed = detail::parse_header_object(header_text, options_.header_limits, sp);
        if (deferred != nullptr) deferred->clear();
        if (!parsed) return fail(parsed.error());
        if (auto r = jwe_header::check_into(out, *parsed, options_.understood_critical); !r) return fail(r.error());
    }
    auto* const header = &out;

    // Policy: only allowed algorithms select a key (RFC 8725 §3.1–3.2).
    auto const alg = header->alg();
    if (detail::is_rsa1_5(alg) && !options_.allow_rsa1_5) return fail(error::algorithm_not_allowed);
    if (detail::is_pbes2(alg) && !options_.allow_pbes2) return fail(error::algorithm_not_allowed);
    auto const& cipher = ciphers_[detail::index_of(header->enc())];
    if (!cipher) return fail(error::algorithm_not_allowed);
    bool alg_configured = false;
    for (auto const& b : keys_) alg_configured = alg_configured || b.algorithm() == alg;
    if (!alg_configured) return fail(error::algorithm_not_allowed);
    auto index = keys_.find(alg, header->kid());
    if (!index) return fail(index.error());
    auto const& key = keys_[*index];
    auto const& enc = cipher->params();
    auto const* dir_key =
        key.algorithm() == jwe_algorithm::dir ? &prepared_[*index].dir[detail::index_of(header->enc())] : nullptr;
    if (dir_key != nullptr && !*dir_key) return fail(error::algorithm_not_allowed);  // "dir" key of another size

    // Steps 6–9: the IV and tag (exact sizes for "enc"), the CEK.
    std::array<unsigned char, 16> iv{};
    std::array<unsigned char, 32> tag{};
    auto const iv_bytes = std::span<unsigned char>(iv.data(), enc.iv_size);
    auto const tag_bytes = std::span<unsigned char>(tag.data(), enc.tag_size);
    if (auto r = detail::decode_exact(seg->iv, enc.iv_size, iv_bytes); !r) return fail(r.error());
    if (auto r = detail::decode_exact(seg->tag, enc.tag_size, tag_bytes); !r) return fail(r.error());
    if (seg->ciphertext.size() % 4 == 1) return fail(error::malformed_base64);
    detail::cek_buffer cek;
    if (auto r = recover_cek(key, *header, *seg, enc, cek, rng); !r) return fail(r.error());

    // Steps 14–16: decode the ciphertext in place and decrypt it there, authenticated with the AAD.
    plaintext.resize(base64url_decoded_size(seg->ciphertext.size()));
    auto const buffer = std::span<unsigned char>(reinterpret_cast<unsigned char*>(plaintext.data()), plaintext.size());
    if (auto r = base64url_decode_into(seg->ciphertext, buffer); !r) return fail(r.error());
    auto const aad = detail::as_bytes(seg->protected_header);
    auto n = dir_key != nullptr ? (*dir_key)->decrypt(iv_bytes, aad, buffer, tag_bytes, buffer)
                                : cipher->decrypt(cek.view(), iv_bytes, aad, buffer, tag_bytes, buffer);
    if (!n) return fail(n.error());
    plaintext.resize(*n);
    return {};
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL void jwe_header_access::reset(jwe_header& h, boost::json::storage_ptr const& sp) noexcept {
    // An object holding no memory and on `sp` already (not built since the last call) is left as it is.
    if (h.members_.capacity() != 0 || h.members_.storage().get() != sp.get()) h.members_ = boost::json::object(sp);
    h.read_ = 0;
    for (auto& s : h.strings_) s.clear();
}

AUTHWIRE_DECL result<void> jwe_decrypter_access::decrypt_into(jwe_decrypter const& d, std::string_view compact,
                                                              std::string& plaintext, random_source rng,
                                                              jwe_header& header, boost::json::storage_ptr const& sp,
                                                              deferred_object* deferred) {
    return d.decrypt_into_header(compact, plaintext, rng, header, sp, deferred);
}

}  // namespace authwire::jose::detail
