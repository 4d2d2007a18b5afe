#pragma once
// authwire — the definitions of <authwire/jose/jwk.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/jwk.hpp>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL error clear_openssl_errors(error e) noexcept {
    ERR_clear_error();
    return e;
}

AUTHWIRE_DECL result<std::optional<std::string>> read_b64_member(boost::json::object const& o, std::string_view name) {
    auto s = json_string_member(o, name);
    if (!s) return s.error();
    if (!*s) return std::optional<std::string>{};
    auto bytes = base64url_decode(**s);
    if (!bytes) return error::malformed_key;
    return std::optional<std::string>{std::move(*bytes)};
}

AUTHWIRE_DECL result<std::optional<std::string>> read_string_member(boost::json::object const& o,
                                                                    std::string_view name) {
    auto s = json_string_member(o, name);
    if (!s) return s.error();
    if (!*s) return std::optional<std::string>{};
    return std::optional<std::string>{std::string(**s)};
}

AUTHWIRE_DECL bool is_minimal_uint(std::string_view bytes) noexcept {
    if (bytes.empty()) return false;
    return bytes.size() == 1 || bytes.front() != '\0';
}

AUTHWIRE_DECL bignum_ptr to_bignum(std::span<unsigned char const> bytes) noexcept {
    return bignum_ptr(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

AUTHWIRE_DECL std::optional<std::string> bn_param(EVP_PKEY const* pkey, char const* name, std::size_t pad) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1 || raw == nullptr) {
        ERR_clear_error();
        return std::nullopt;
    }
    bignum_ptr bn(raw);
    auto const len = static_cast<std::size_t>(BN_num_bytes(bn.get()));
    if (pad != 0 && len > pad) return std::nullopt;
    std::string out(pad != 0 ? pad : (len == 0 ? 1 : len), '\0');
    if (pad != 0) {
        if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(pad)) < 0)
            return std::nullopt;
    } else if (len != 0) {
        BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(out.data()));
    }
    return out;
}

AUTHWIRE_DECL result<void> check_rsa_public(EVP_PKEY const* pkey) noexcept {
    BIGNUM* raw_n = nullptr;
    BIGNUM* raw_e = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &raw_n) != 1 ||
        EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &raw_e) != 1) {
        BN_free(raw_n);
        return clear_openssl_errors(error::malformed_key);
    }
    bignum_ptr const n(raw_n);
    bignum_ptr const e(raw_e);
    if (!BN_is_odd(e.get()) || BN_num_bits(e.get()) <= 16 || BN_num_bits(e.get()) > 256) return error::malformed_key;
    if (!BN_is_odd(n.get()) || BN_cmp(e.get(), n.get()) >= 0) return error::malformed_key;
    bn_ctx_ptr ctx(BN_CTX_new());
    bignum_ptr product(BN_new());
    bignum_ptr gcd(BN_new());
    if (!ctx || !product || !gcd || BN_one(product.get()) != 1) return clear_openssl_errors(error::crypto_failure);
    for (BN_ULONG candidate = 3; candidate < 1000; candidate += 2) {
        bool prime = true;
        for (BN_ULONG d = 3; d * d <= candidate; d += 2) prime = prime && candidate % d != 0;
        if (prime && BN_mul_word(product.get(), candidate) != 1) return clear_openssl_errors(error::crypto_failure);
    }
    if (BN_gcd(gcd.get(), n.get(), product.get(), ctx.get()) != 1) return clear_openssl_errors(error::crypto_failure);
    if (!BN_is_one(gcd.get())) return error::malformed_key;
    // n neither prime nor a prime power, tested with the fixed base 2: by Fermat, 2^n = 2 (mod p) for every prime
    // p with p^k = n, so gcd(2^n - 2 mod n, n) is then at least p. For n = p·q from two distinct random primes
    // the gcd is 1 unless the order of 2 mod p divides gcd(p-1, q-1), which a generated key never meets.
    bignum_ptr two(BN_new());
    bignum_ptr fermat(BN_new());
    if (!two || !fermat || BN_set_word(two.get(), 2) != 1 ||
        BN_mod_exp(fermat.get(), two.get(), n.get(), n.get(), ctx.get()) != 1 ||
        BN_mod_sub(fermat.get(), fermat.get(), two.get(), n.get(), ctx.get()) != 1 ||
        BN_gcd(gcd.get(), fermat.get(), n.get(), ctx.get()) != 1)
        return clear_openssl_errors(error::crypto_failure);
    if (!BN_is_one(gcd.get())) return error::malformed_key;
    return {};
}

AUTHWIRE_DECL result<void> check_evp_pkey(EVP_PKEY* pkey, bool has_private) noexcept {
    evp_pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!ctx) return clear_openssl_errors(error::crypto_failure);
    if (EVP_PKEY_is_a(pkey, "RSA") == 1 || EVP_PKEY_is_a(pkey, "RSA-PSS") == 1) {
        if (auto r = check_rsa_public(pkey); !r) return r;
    } else if (EVP_PKEY_public_check(ctx.get()) != 1) {
        return clear_openssl_errors(error::malformed_key);
    }
    if (has_private && EVP_PKEY_pairwise_check(ctx.get()) != 1) return clear_openssl_errors(error::malformed_key);
    return {};
}

AUTHWIRE_DECL result<evp_pkey_ptr> build_from_params(char const* type, OSSL_PARAM_BLD* bld, bool has_private) {
    ossl_param_ptr params(OSSL_PARAM_BLD_to_param(bld));
    if (!params) return clear_openssl_errors(error::crypto_failure);
    evp_pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return clear_openssl_errors(error::crypto_failure);
    EVP_PKEY* raw = nullptr;
    int const selection = has_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1 || raw == nullptr)
        return clear_openssl_errors(error::malformed_key);
    return evp_pkey_ptr(raw);
}

AUTHWIRE_DECL bool push_bn(OSSL_PARAM_BLD* bld, char const* name, std::span<unsigned char const> bytes,
                           std::vector<bignum_ptr>& keep) {
    auto bn = to_bignum(bytes);
    if (!bn) return false;
    if (OSSL_PARAM_BLD_push_BN(bld, name, bn.get()) != 1) return false;
    keep.push_back(std::move(bn));  // the builder refers to the BIGNUM until OSSL_PARAM_BLD_to_param
    return true;
}

AUTHWIRE_DECL result<void> build_rsa(jwk_data& k) {
    auto const n_bits = k.n.size() * 8;
    if (n_bits > max_rsa_bits + 8 || k.e.size() > 8) return error::input_too_large;
    ossl_param_bld_ptr bld(OSSL_PARAM_BLD_new());
    if (!bld) return error::crypto_failure;
    std::vector<bignum_ptr> keep;
    bool ok = push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_N, as_bytes(k.n), keep) &&
              push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_E, as_bytes(k.e), keep);
    if (k.has_private) {
        ok = ok && push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_D, k.d.reveal_bytes(), keep);
        if (!k.p.empty()) {
            ok = ok && push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, k.p.reveal_bytes(), keep) &&
                 push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, k.q.reveal_bytes(), keep) &&
                 push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, k.dp.reveal_bytes(), keep) &&
                 push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, k.dq.reveal_bytes(), keep) &&
                 push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, k.qi.reveal_bytes(), keep);
        }
    }
    if (!ok) return clear_openssl_errors(error::crypto_failure);
    auto pkey = build_from_params("RSA", bld.get(), k.has_private);
    if (!pkey) return pkey.error();
    k.bits = static_cast<std::size_t>(EVP_PKEY_get_bits(pkey->get()));
    if (k.bits < min_rsa_bits) return error::weak_key;
    if (k.bits > max_rsa_bits) return error::input_too_large;
    if (has_roca_fingerprint(k.n)) return error::weak_key;  // CVE-2017-15361: factorable whatever its size
    // Without the CRT parameters OpenSSL cannot run its pairwise check; d is then only used as given.
    if (auto r = check_evp_pkey(pkey->get(), k.has_private && !k.p.empty()); !r) return r.error();
    k.pkey = std::move(*pkey);
    return {};
}

AUTHWIRE_DECL result<void> build_ec(jwk_data& k) {
    auto const& ci = info_of(*k.crv);
    std::string point;
    point.reserve(1 + 2 * ci.size);
    point.push_back('\x04');  // SEC 1 §2.3.3 uncompressed point
    point.append(k.x).append(k.y);
    ossl_param_bld_ptr bld(OSSL_PARAM_BLD_new());
    if (!bld) return error::crypto_failure;
    std::vector<bignum_ptr> keep;
    bool ok = OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, ci.ec_group, 0) == 1 &&
              OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) == 1;
    if (k.has_private) ok = ok && push_bn(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, k.d.reveal_bytes(), keep);
    if (!ok) return clear_openssl_errors(error::crypto_failure);
    auto pkey = build_from_params("EC", bld.get(), k.has_private);
    if (!pkey) return pkey.error();
    if (auto r = check_evp_pkey(pkey->get(), k.has_private); !r) return r.error();
    k.bits = static_cast<std::size_t>(EVP_PKEY_get_bits(pkey->get()));
    k.pkey = std::move(*pkey);
    return {};
}

AUTHWIRE_DECL result<void> build_okp(jwk_data& k) {
    auto const& ci = info_of(*k.crv);
    EVP_PKEY* raw = nullptr;
    if (k.has_private) {
        auto const d = k.d.reveal_bytes();
        raw = EVP_PKEY_new_raw_private_key_ex(nullptr, ci.okp_type, nullptr, d.data(), d.size());
    } else {
        auto const x = as_bytes(k.x);
        raw = EVP_PKEY_new_raw_public_key_ex(nullptr, ci.okp_type, nullptr, x.data(), x.size());
    }
    if (raw == nullptr) return clear_openssl_errors(error::malformed_key);
    evp_pkey_ptr pkey(raw);
    if (k.has_private) {  // the public key derived from d must be the x we were given
        unsigned char pub[32];
        std::size_t len = sizeof pub;
        if (EVP_PKEY_get_raw_public_key(pkey.get(), pub, &len) != 1 || len != 32)
            return clear_openssl_errors(error::crypto_failure);
        if (!constant_time_equal(std::span<unsigned char const>(pub, len), as_bytes(k.x))) return error::malformed_key;
    }
    k.bits = 256;
    k.pkey = std::move(pkey);
    return {};
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<jwk> jwk::parse(std::string_view json, json_limits const& lim) {
    auto o = parse_json_object(json, lim);
    if (!o) return o.error();
    return from_json(*o);
}

AUTHWIRE_DECL result<jwk> jwk::from_json(boost::json::object const& o) {
    try {
        return from_json_impl(o);
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<jwk> jwk::from_octets(secret key, std::optional<std::string> kid) {
    if (key.empty()) return error::invalid_argument;
    auto d = std::make_shared<detail::jwk_data>();
    d->kty = key_type::oct;
    d->k = std::move(key);
    d->has_private = true;
    d->bits = d->k.size() * 8;
    d->kid = std::move(kid);
    return jwk(std::move(d));
}

AUTHWIRE_DECL result<jwk> jwk::generate_octets(std::size_t size, std::optional<std::string> kid, random_source rng) {
    if (size < 16 || size > 1024) return error::invalid_argument;
    std::string bytes(size, '\0');
    if (auto r = rng.fill(std::span(reinterpret_cast<unsigned char*>(bytes.data()), size)); !r) {
        OPENSSL_cleanse(bytes.data(), bytes.size());
        return r.error();
    }
    return from_octets(secret(std::move(bytes)), std::move(kid));
}

AUTHWIRE_DECL result<jwk> jwk::from_evp_pkey(EVP_PKEY* pkey, std::optional<std::string> kid) {
    if (pkey == nullptr) return error::invalid_argument;
    try {
        return from_evp_pkey_impl(pkey, std::move(kid));
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL result<jwk> jwk::from_pem(std::string_view pem, std::optional<std::string> kid) {
    constexpr std::size_t max_pem = 64 * 1024;
    if (pem.size() > max_pem) return error::input_too_large;
    auto start = pem.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return error::malformed_key;
    auto const body = pem.substr(start);
    bool const is_private = body.starts_with("-----BEGIN PRIVATE KEY-----");
    bool const is_public = body.starts_with("-----BEGIN PUBLIC KEY-----");
    if (!is_private && !is_public) return error::malformed_key;
    detail::bio_ptr bio(BIO_new_mem_buf(body.data(), static_cast<int>(body.size())));
    if (!bio) return detail::clear_openssl_errors(error::crypto_failure);
    // Never prompt for a passphrase: an encrypted key simply does not load.
    auto no_password = [](char*, int, int, void*) -> int { return 0; };
    EVP_PKEY* raw = is_private ? PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, no_password, nullptr, nullptr, nullptr)
                               : PEM_read_bio_PUBKEY_ex(bio.get(), nullptr, no_password, nullptr, nullptr, nullptr);
    if (raw == nullptr) return detail::clear_openssl_errors(error::malformed_key);
    detail::evp_pkey_ptr pkey(raw);
    return from_evp_pkey(pkey.get(), std::move(kid));
}

AUTHWIRE_DECL result<std::string> jwk::to_public_pem() const {
    return write_pem(false);
}

AUTHWIRE_DECL result<std::string> jwk::to_private_pem() const {
    return write_pem(true);
}

AUTHWIRE_DECL std::optional<curve> jwk::crv() const noexcept {
    return d_->crv;
}

AUTHWIRE_DECL std::optional<std::string_view> jwk::kid() const noexcept {
    if (d_->kid) return std::string_view(*d_->kid);
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<std::string_view> jwk::use() const noexcept {
    if (d_->use) return std::string_view(*d_->use);
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<std::string_view> jwk::alg() const noexcept {
    if (d_->alg) return std::string_view(*d_->alg);
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<std::span<std::string const>> jwk::key_ops() const noexcept {
    if (d_->key_ops) return std::span<std::string const>(*d_->key_ops);
    return std::nullopt;
}

AUTHWIRE_DECL secret const* jwk::symmetric_key() const noexcept {
    return d_->kty == key_type::oct ? &d_->k : nullptr;
}

AUTHWIRE_DECL jwk jwk::with_kid(std::string kid) const {
    auto d = copy_metadata();
    d->kid = std::move(kid);
    return jwk(std::move(d));
}

AUTHWIRE_DECL jwk jwk::with_use(std::string use) const {
    auto d = copy_metadata();
    d->use = std::move(use);
    return jwk(std::move(d));
}

AUTHWIRE_DECL jwk jwk::with_alg(std::string alg) const {
    auto d = copy_metadata();
    d->alg = std::move(alg);
    return jwk(std::move(d));
}

AUTHWIRE_DECL result<jwk> jwk::to_public() const {
    if (d_->kty == key_type::oct) return error::key_unusable;
    if (!d_->has_private) return *this;
    auto d = std::make_shared<detail::jwk_data>();
    d->kty = d_->kty;
    d->crv = d_->crv;
    d->kid = d_->kid;
    d->use = d_->use;
    d->alg = d_->alg;
    d->key_ops = d_->key_ops;
    d->n = d_->n;
    d->e = d_->e;
    d->x = d_->x;
    d->y = d_->y;
    d->bits = d_->bits;
    d->has_private = false;
    auto built = d->kty == key_type::RSA  ? detail::build_rsa(*d)
                 : d->kty == key_type::EC ? detail::build_ec(*d)
                                          : detail::build_okp(*d);
    if (!built) return built.error();
    return jwk(std::move(d));
}

AUTHWIRE_DECL result<boost::json::object> jwk::to_json(jwk_members which) const {
    bool const with_private = which == jwk_members::include_private;
    if (d_->kty == key_type::oct && !with_private) return error::key_unusable;
    boost::json::object o;
    o["kty"] = to_string(d_->kty);
    if (d_->kid) o["kid"] = *d_->kid;
    if (d_->use) o["use"] = *d_->use;
    if (d_->alg) o["alg"] = *d_->alg;
    if (d_->key_ops) {
        boost::json::array ops;
        for (auto const& op : *d_->key_ops) ops.emplace_back(op);
        o["key_ops"] = std::move(ops);
    }
    auto put = [&o](char const* name, std::span<unsigned char const> bytes) { o[name] = base64url_encode(bytes); };
    switch (d_->kty) {
        case key_type::oct:
            put("k", d_->k.reveal_bytes());
            break;
        case key_type::RSA:
            put("n", detail::as_bytes(d_->n));
            put("e", detail::as_bytes(d_->e));
            if (with_private && d_->has_private) {
                put("d", d_->d.reveal_bytes());
                if (!d_->p.empty()) {
                    put("p", d_->p.reveal_bytes());
                    put("q", d_->q.reveal_bytes());
                    put("dp", d_->dp.reveal_bytes());
                    put("dq", d_->dq.reveal_bytes());
                    put("qi", d_->qi.reveal_bytes());
                }
            }
            break;
        case key_type::EC:
        case key_type::OKP:
            o["crv"] = to_string(*d_->crv);
            put("x", detail::as_bytes(d_->x));
            if (d_->kty == key_type::EC) put("y", detail::as_bytes(d_->y));
            if (with_private && d_->has_private) put("d", d_->d.reveal_bytes());
            break;
    }
    return o;
}

AUTHWIRE_DECL result<std::string> jwk::serialize(jwk_members which) const {
    auto o = to_json(which);
    if (!o) return o.error();
    return boost::json::serialize(*o);
}

AUTHWIRE_DECL result<std::string> jwk::thumbprint() const {
    std::string in;
    auto b64 = [](std::span<unsigned char const> b) { return base64url_encode(b); };
    switch (d_->kty) {
        case key_type::oct:
            in = R"({"k":")" + b64(d_->k.reveal_bytes()) + R"(","kty":"oct"})";
            break;
        case key_type::RSA:
            in = R"({"e":")" + b64(detail::as_bytes(d_->e)) + R"(","kty":"RSA","n":")" + b64(detail::as_bytes(d_->n)) +
                 R"("})";
            break;
        case key_type::EC:
            in = R"({"crv":")" + std::string(to_string(*d_->crv)) + R"(","kty":"EC","x":")" +
                 b64(detail::as_bytes(d_->x)) + R"(","y":")" + b64(detail::as_bytes(d_->y)) + R"("})";
            break;
        case key_type::OKP:
            in = R"({"crv":")" + std::string(to_string(*d_->crv)) + R"(","kty":"OKP","x":")" +
                 b64(detail::as_bytes(d_->x)) + R"("})";
            break;
    }
    auto digest = detail::sha256(detail::as_bytes(in));
    OPENSSL_cleanse(in.data(), in.size());
    if (!digest) return digest.error();
    return base64url_encode(*digest);
}

AUTHWIRE_DECL std::shared_ptr<detail::jwk_data> jwk::copy_metadata() const {
    // The key material is shared (EVP_PKEY reference-counted); only metadata differs.
    auto d = std::make_shared<detail::jwk_data>();
    d->kty = d_->kty;
    d->crv = d_->crv;
    d->kid = d_->kid;
    d->use = d_->use;
    d->alg = d_->alg;
    d->key_ops = d_->key_ops;
    d->n = d_->n;
    d->e = d_->e;
    d->x = d_->x;
    d->y = d_->y;
    d->k = d_->k;
    d->d = d_->d;
    d->p = d_->p;
    d->q = d_->q;
    d->dp = d_->dp;
    d->dq = d_->dq;
    d->qi = d_->qi;
    d->has_private = d_->has_private;
    d->bits = d_->bits;
    if (d_->pkey) {
        EVP_PKEY_up_ref(d_->pkey.get());
        d->pkey.reset(d_->pkey.get());
    }
    return d;
}

AUTHWIRE_DECL result<std::string> jwk::write_pem(bool with_private) const {
    if (d_->kty == key_type::oct || !d_->pkey) return error::key_unusable;
    if (with_private && !d_->has_private) return error::key_unusable;
    detail::bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio) return detail::clear_openssl_errors(error::crypto_failure);
    int const ok = with_private
                       ? PEM_write_bio_PKCS8PrivateKey(bio.get(), d_->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr)
                       : PEM_write_bio_PUBKEY(bio.get(), d_->pkey.get());
    if (ok != 1) return detail::clear_openssl_errors(error::crypto_failure);
    char* data = nullptr;
    long const len = BIO_get_mem_data(bio.get(), &data);
    if (len <= 0 || data == nullptr) return error::crypto_failure;
    std::string out(data, static_cast<std::size_t>(len));
    OPENSSL_cleanse(data, static_cast<std::size_t>(len));
    return out;
}

AUTHWIRE_DECL result<jwk> jwk::from_json_impl(boost::json::object const& o) {
    auto d = std::make_shared<detail::jwk_data>();
    auto kty = json_string_member(o, "kty");
    if (!kty) return kty.error();
    if (!*kty) return error::missing_member;
    if (**kty == "oct")
        d->kty = key_type::oct;
    else if (**kty == "RSA")
        d->kty = key_type::RSA;
    else if (**kty == "EC")
        d->kty = key_type::EC;
    else if (**kty == "OKP")
        d->kty = key_type::OKP;
    else
        return error::unsupported_algorithm;

    // Metadata: RFC 7517 §4.2–4.5.
    for (auto [name, slot] : {std::pair{"kid", &d->kid}, std::pair{"use", &d->use}, std::pair{"alg", &d->alg}}) {
        auto v = detail::read_string_member(o, name);
        if (!v) return v.error();
        *slot = std::move(*v);
    }
    if (auto const* ops = o.if_contains("key_ops")) {
        auto const* arr = ops->if_array();
        if (arr == nullptr) return error::wrong_member_type;
        std::vector<std::string> list;
        for (auto const& op : *arr) {
            auto const* s = op.if_string();
            if (s == nullptr) return error::wrong_member_type;
            if (std::find(list.begin(), list.end(), std::string_view(*s)) != list.end())
                return error::duplicate_member;  // RFC 7517 §4.3: no duplicate key operation values
            list.emplace_back(*s);
        }
        d->key_ops = std::move(list);
    }

    auto required = [&o](std::string_view name) -> result<std::string> {
        auto v = detail::read_b64_member(o, name);
        if (!v) return v.error();
        if (!*v) return error::missing_member;
        return std::move(**v);
    };
    auto optional_secret = [&o](std::string_view name, secret& out) -> result<bool> {
        auto v = detail::read_b64_member(o, name);
        if (!v) return {boost::system::in_place_error, v.error()};
        if (!*v) return false;
        out = secret(std::move(**v));
        return true;
    };

    switch (d->kty) {
        case key_type::oct: {
            auto k = required("k");
            if (!k) return k.error();
            if (k->empty()) return error::malformed_key;
            d->k = secret(std::move(*k));
            d->has_private = true;
            d->bits = d->k.size() * 8;
            break;
        }
        case key_type::RSA: {
            if (o.contains("oth")) return error::unsupported_algorithm;  // multi-prime RSA (RFC 7518 §6.3.2.7)
            auto n = required("n");
            if (!n) return n.error();
            auto e = required("e");
            if (!e) return e.error();
            if (!detail::is_minimal_uint(*n) || !detail::is_minimal_uint(*e)) return error::malformed_key;
            d->n = std::move(*n);
            d->e = std::move(*e);
            auto has_d = optional_secret("d", d->d);
            if (!has_d) return has_d.error();
            d->has_private = *has_d;
            int crt = 0;
            for (auto [name, slot] : {std::pair{"p", &d->p}, std::pair{"q", &d->q}, std::pair{"dp", &d->dp},
                                      std::pair{"dq", &d->dq}, std::pair{"qi", &d->qi}}) {
                auto has = optional_secret(name, *slot);
                if (!has) return has.error();
                if (*has) {
                    ++crt;
                    if (!detail::is_minimal_uint(slot->reveal())) return error::malformed_key;
                }
            }
            // RFC 7518 §6.3.2: the CRT parameters come all together, and only with "d".
            if ((crt != 0 && crt != 5) || (crt != 0 && !d->has_private)) return error::malformed_key;
            if (d->has_private && !detail::is_minimal_uint(d->d.reveal())) return error::malformed_key;
            if (auto r = detail::build_rsa(*d); !r) return r.error();
            break;
        }
        case key_type::EC:
        case key_type::OKP: {
            auto crv = json_string_member(o, "crv");
            if (!crv) return crv.error();
            if (!*crv) return error::missing_member;
            for (auto const& ci : detail::curve_table)
                if (ci.name == **crv && ((ci.ec_group != nullptr) == (d->kty == key_type::EC))) d->crv = ci.crv;
            if (!d->crv) return error::unsupported_algorithm;
            auto const size = detail::info_of(*d->crv).size;
            auto x = required("x");
            if (!x) return x.error();
            if (x->size() != size) return error::malformed_key;  // RFC 7518 §6.2.1.2, RFC 8037 §2
            d->x = std::move(*x);
            if (d->kty == key_type::EC) {
                auto y = required("y");
                if (!y) return y.error();
                if (y->size() != size) return error::malformed_key;  // RFC 7518 §6.2.1.3
                d->y = std::move(*y);
            } else if (o.contains("y")) {
                return error::malformed_key;
            }
            auto has_d = optional_secret("d", d->d);
            if (!has_d) return has_d.error();
            d->has_private = *has_d;
            if (d->has_private && d->d.size() != size) return error::malformed_key;  // RFC 7518 §6.2.2.1
            auto r = d->kty == key_type::EC ? detail::build_ec(*d) : detail::build_okp(*d);
            if (!r) return r.error();
            break;
        }
    }
    return jwk(std::move(d));
}

AUTHWIRE_DECL result<jwk> jwk::from_evp_pkey_impl(EVP_PKEY* pkey, std::optional<std::string> kid) {
    auto d = std::make_shared<detail::jwk_data>();
    d->kid = std::move(kid);
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        d->kty = key_type::RSA;
        auto n = detail::bn_param(pkey, OSSL_PKEY_PARAM_RSA_N);
        auto e = detail::bn_param(pkey, OSSL_PKEY_PARAM_RSA_E);
        if (!n || !e) return error::malformed_key;
        d->n = std::move(*n);
        d->e = std::move(*e);
        if (auto priv = detail::bn_param(pkey, OSSL_PKEY_PARAM_RSA_D)) {
            d->has_private = true;
            d->d = secret(std::move(*priv));
            std::pair<char const*, secret*> const crt[] = {{OSSL_PKEY_PARAM_RSA_FACTOR1, &d->p},
                                                           {OSSL_PKEY_PARAM_RSA_FACTOR2, &d->q},
                                                           {OSSL_PKEY_PARAM_RSA_EXPONENT1, &d->dp},
                                                           {OSSL_PKEY_PARAM_RSA_EXPONENT2, &d->dq},
                                                           {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, &d->qi}};
            int found = 0;
            for (auto const& [name, slot] : crt) {
                if (auto v = detail::bn_param(pkey, name)) {
                    *slot = secret(std::move(*v));
                    ++found;
                }
            }
            if (found != 0 && found != 5) return error::unsupported_algorithm;  // multi-prime or partial
        }
        d->bits = static_cast<std::size_t>(EVP_PKEY_get_bits(pkey));
        if (d->bits < detail::min_rsa_bits) return error::weak_key;
        if (d->bits > detail::max_rsa_bits) return error::input_too_large;
        if (detail::has_roca_fingerprint(d->n)) return error::weak_key;  // CVE-2017-15361
    } else if (EVP_PKEY_is_a(pkey, "EC")) {
        d->kty = key_type::EC;
        char group[64] = {};
        std::size_t glen = 0;
        if (EVP_PKEY_get_group_name(pkey, group, sizeof group, &glen) != 1)
            return detail::clear_openssl_errors(error::malformed_key);
        for (auto const& ci : detail::curve_table)
            if (ci.ec_group != nullptr && std::string_view(group, glen) == ci.ec_group) d->crv = ci.crv;
        if (!d->crv) return error::unsupported_algorithm;
        auto const size = detail::info_of(*d->crv).size;
        auto x = detail::bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, size);
        auto y = detail::bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, size);
        if (!x || !y) return error::malformed_key;
        d->x = std::move(*x);
        d->y = std::move(*y);
        if (auto priv = detail::bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, size)) {
            d->has_private = true;
            d->d = secret(std::move(*priv));
        }
        d->bits = static_cast<std::size_t>(EVP_PKEY_get_bits(pkey));
    } else if (EVP_PKEY_is_a(pkey, "ED25519") || EVP_PKEY_is_a(pkey, "X25519")) {
        d->kty = key_type::OKP;
        d->crv = EVP_PKEY_is_a(pkey, "ED25519") ? curve::Ed25519 : curve::X25519;
        unsigned char buf[32];
        std::size_t len = sizeof buf;
        if (EVP_PKEY_get_raw_public_key(pkey, buf, &len) != 1 || len != 32)
            return detail::clear_openssl_errors(error::malformed_key);
        d->x.assign(reinterpret_cast<char const*>(buf), len);
        len = sizeof buf;
        if (EVP_PKEY_get_raw_private_key(pkey, buf, &len) == 1 && len == 32) {
            d->has_private = true;
            d->d = secret(std::string_view(reinterpret_cast<char const*>(buf), len));
            OPENSSL_cleanse(buf, sizeof buf);
        }
        ERR_clear_error();
        d->bits = 256;
    } else {
        return error::unsupported_algorithm;
    }
    if (auto r = detail::check_evp_pkey(pkey, d->has_private && !(d->kty == key_type::RSA && d->p.empty())); !r)
        return r.error();
    EVP_PKEY_up_ref(pkey);
    d->pkey.reset(pkey);
    return jwk(std::move(d));
}

}  // namespace authwire::jose
