// authwire interop — JWE cases on the authwire side (the npm jose side is kinds/jwe.mjs).
#include "peer.hpp"

#include <authwire/jose/jwe.hpp>

#include <boost/json/serialize.hpp>

#include <openssl/evp.h>

#include <set>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::jose;

// The same text as kinds/jwe.mjs: JSON with non-ASCII characters (UTF-8).
constexpr char plaintext[] =
    "{\"sub\":\"interop\",\"api_key\":\"rp_live_3f9a\",\"note\":\"caf\xc3\xa9 \xe2\x80\x93 \xf0\x9f\x94\x91\"}";

jwe_algorithm alg_of(boost::json::object const& o) {
    auto a = parse_jwe_algorithm(o.at("alg").as_string());
    if (!a) interop::fail("unknown alg " + std::string(o.at("alg").as_string()));
    return *a;
}

jwe_encryption enc_of(boost::json::object const& o) {
    auto e = parse_jwe_encryption(o.at("enc").as_string());
    if (!e) interop::fail("unknown enc " + std::string(o.at("enc").as_string()));
    return *e;
}

std::string crv_of(boost::json::object const& o) {
    auto const* c = o.if_contains("crv");
    return c != nullptr && c->is_string() ? std::string(c->as_string()) : std::string();
}

std::string describe(boost::json::object const& o) {
    auto s = std::string(o.at("alg").as_string()) + "/" + std::string(o.at("enc").as_string());
    if (auto c = crv_of(o); !c.empty()) s += "/" + c;
    return s;
}

// A fresh recipient key for the case (private where it has one), with a kid.
jwk new_key(jwe_algorithm alg, jwe_encryption enc, std::string const& crv, std::string kid) {
    auto const& km = jose::detail::key_management_of(alg);
    using jose::detail::key_management_mode;
    switch (km.mode) {
    case key_management_mode::direct_encryption:
        return jwk::generate_octets(jose::detail::content_encryption_of(enc).key_size, std::move(kid)).value();
    case key_management_mode::aes_key_wrap:
    case key_management_mode::aes_gcm_key_wrap: return jwk::generate_octets(km.kek_size, std::move(kid)).value();
    case key_management_mode::pbes2: return jwk::generate_octets(24, std::move(kid)).value();  // a password
    default: break;
    }
    EVP_PKEY* p = nullptr;
    if (km.mode == key_management_mode::rsa) p = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
    else if (crv == "X25519") p = EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519");
    else p = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", crv.c_str());
    authwire::detail::evp_pkey_ptr owned(p);
    if (!owned) interop::fail("key generation failed for " + crv);
    return jwk::from_evp_pkey(owned.get(), std::move(kid)).value();
}

boost::json::object mint(boost::json::object const& c) {
    auto const alg = alg_of(c);
    auto const enc = enc_of(c);
    auto const crv = crv_of(c);
    auto key = new_key(alg, enc, crv, "authwire-" + describe(c));
    auto binding = jwe_key::make(key, alg);
    if (!binding) interop::fail("binding: " + binding.error().message());
    jwe_header_params header;
    header.cty = "JWT";
    jwe_encrypt_options options;
    options.allow_pbes2 = true;
    options.pbes2_iterations = 2048;
    auto token = jwe_encrypt(plaintext, *binding, enc, header, options);
    if (!token) interop::fail("encrypt: " + token.error().message());
    boost::json::object r;
    r["kind"] = "jwe";
    r["alg"] = c.at("alg");
    r["enc"] = c.at("enc");
    if (!crv.empty()) r["crv"] = crv;
    r["jwk"] = key.to_json(jwk_members::include_private).value();
    r["token"] = *token;
    r["plaintext"] = plaintext;
    return r;
}

void verify(boost::json::object const& r) {
    auto const alg = alg_of(r);
    auto const enc = enc_of(r);
    auto key = jwk::from_json(r.at("jwk").as_object());
    if (!key) interop::fail("jwk: " + key.error().message());
    auto binding = jwe_key::make(*key, alg);
    if (!binding) interop::fail("binding: " + binding.error().message());
    jwe_key_set keys;
    if (!keys.add(*binding)) interop::fail("key set");
    jwe_decrypt_options options;
    options.allow_pbes2 = true;
    auto d = jwe_decrypter::make(std::move(keys), {enc}, options);
    if (!d) interop::fail("decrypter: " + d.error().message());
    auto const token = std::string(r.at("token").as_string());
    auto got = d->decrypt(token);
    if (!got) interop::fail("decrypt: " + got.error().message());
    if (got->plaintext != std::string(r.at("plaintext").as_string())) interop::fail("plaintext differs");
    if (got->header.cty() != std::optional<std::string_view>("JWT")) interop::fail("cty differs");
    if (got->header.kid() != key->kid()) interop::fail("kid differs");
    // A tampered tag must fail, or the success above proves nothing.
    auto bad = token;
    auto& ch = bad[bad.rfind('.') + 1];
    ch = ch == 'A' ? 'B' : 'A';
    auto tampered = d->decrypt(bad);
    if (tampered || tampered.error() != error::decryption_failed) interop::fail("a tampered token decrypted");
}

void check_coverage(std::vector<boost::json::object> const& cases) {
    std::set<std::string> seen;
    for (auto const& c : cases) seen.insert(describe(c));
    for (auto const& km : jose::detail::key_management_table) {
        if (km.alg == jwe_algorithm::RSA1_5) continue;  // npm jose 6 does not implement it
        bool const ecdh = km.mode == jose::detail::key_management_mode::ecdh_es_direct ||
                          km.mode == jose::detail::key_management_mode::ecdh_es_key_wrap;
        for (auto enc : jose::detail::all_jwe_encryptions) {
            auto const base = std::string(to_string(km.alg)) + "/" + std::string(to_string(enc));
            if (!ecdh) {
                if (!seen.contains(base)) interop::fail("the interop cases miss JWE " + base);
                continue;
            }
            for (auto const* crv : {"P-256", "P-384", "P-521", "X25519"})
                if (!seen.contains(base + "/" + crv)) interop::fail("the interop cases miss JWE " + base + "/" + crv);
        }
    }
}

interop::registrar const jwe_registrar("jwe", {mint, verify, check_coverage});

} // namespace
