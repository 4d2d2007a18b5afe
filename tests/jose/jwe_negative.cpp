#include <authwire/jose/jwe.hpp>

#include "jose/jwe_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <openssl/err.h>
#include <openssl/rsa.h>

#include <string>
#include <vector>

namespace jose_jwe_negative_test {

using namespace authwire;
using namespace authwire::jose;
using jwe_test::b64u;
using jwe_test::bytes;

bytes const shared_key(32, 0x4b);

jwe_key dir_key(bytes const& k = shared_key, std::string kid = "k1") {
    return jwe_key::make(jwk::from_octets(secret(jwe_test::str(k)), std::move(kid)).value(), jwe_algorithm::dir).value();
}

jwe_decrypter decrypter_for(jwe_key const& key, std::initializer_list<jwe_encryption> encs = {jwe_encryption::A256GCM},
                            jwe_decrypt_options options = {}) {
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(key));
    return jwe_decrypter::make(std::move(keys), encs, std::move(options)).value();
}

// A correctly encrypted A256GCM token with any protected header text, encrypted key segment and CEK: lets a
// test reach exactly the check it is about, with everything else valid.
std::string forge(std::string const& header_json, bytes const& cek = shared_key, std::string const& encrypted_key = "",
                  std::string_view plaintext = "secret content") {
    auto const header = base64url_encode(header_json);
    auto const cipher = jose::detail::content_cipher::make(*jose::detail::find_content_encryption("A256GCM")).value();
    bytes iv(12);
    BOOST_REQUIRE(random_bytes(iv));
    bytes ct(plaintext.size()), tag(16);
    BOOST_REQUIRE(cipher.encrypt(cek, iv, jwe_test::view(header), jwe_test::view(plaintext), ct, tag));
    return header + "." + encrypted_key + "." + base64url_encode(iv) + "." + base64url_encode(ct) + "." +
           base64url_encode(tag);
}

std::vector<std::string> segments(std::string const& compact) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto const dot = compact.find('.', start);
        out.push_back(compact.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

std::string join(std::vector<std::string> const& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "." : "") + s[i];
    return out;
}

error_code error_of(result<jwe_decrypted> const& r) {
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "decryption unexpectedly succeeded");
    return r.error();
}

// Replace one base64url character with another one (both valid), keeping the length.
char other_char(char c) { return c == 'A' ? 'B' : 'A'; }

authwire::detail::evp_pkey_ptr generate(char const* type, char const* curve = nullptr) {
    if (std::string_view(type) == "RSA") return authwire::detail::evp_pkey_ptr(EVP_RSA_gen(2048));
    return authwire::detail::evp_pkey_ptr(curve != nullptr ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve)
                                                           : EVP_PKEY_Q_keygen(nullptr, nullptr, type));
}

jwe_key asymmetric(char const* type, char const* curve, jwe_algorithm alg, std::string kid = "a1") {
    auto p = generate(type, curve);
    return jwe_key::make(jwk::from_evp_pkey(p.get(), std::move(kid)).value(), alg).value();
}

BOOST_AUTO_TEST_SUITE(jose_jwe_negative)

BOOST_AUTO_TEST_CASE(the_forged_baseline_decrypts) {
    auto const d = decrypter_for(dir_key());
    auto r = d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","kid":"k1"})"));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->plaintext == "secret content");
}

BOOST_AUTO_TEST_CASE(shape_errors) {
    auto const d = decrypter_for(dir_key());
    auto const good = forge(R"({"alg":"dir","enc":"A256GCM"})");
    auto const parts = segments(good);
    // A JWS handed to the decrypter is a typed error of its own.
    BOOST_TEST((error_of(d.decrypt(parts[0] + "." + parts[3] + "." + parts[4])) == error::wrong_token_type));
    BOOST_TEST((error_of(d.decrypt("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")) == error::wrong_token_type));
    for (auto const* bad : {"", ".", "....", "a.b.c.d", "a.b.c.d.e.f", "......", "{\"protected\":\"x\"}"})
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST((error_of(d.decrypt(bad)) == error::malformed_token)); }
    BOOST_TEST((error_of(d.decrypt(good + ".")) == error::malformed_token));
    BOOST_TEST((error_of(d.decrypt("." + parts[1] + "." + parts[2] + "." + parts[3] + "." + parts[4])) ==
                error::malformed_token));  // empty header
    BOOST_TEST((error_of(d.decrypt(join({parts[0], parts[1], "", parts[3], parts[4]}))) == error::malformed_token));
    BOOST_TEST((error_of(d.decrypt(join({parts[0], parts[1], parts[2], parts[3], ""}))) == error::malformed_token));
}

BOOST_AUTO_TEST_CASE(the_size_limit_is_checked_before_anything_is_decoded) {
    jwe_decrypt_options options;
    options.max_token_size = 200;
    auto const d = decrypter_for(dir_key(), {jwe_encryption::A256GCM}, options);
    BOOST_TEST((error_of(d.decrypt(std::string(201, '!'))) == error::input_too_large));  // not even looked at
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM"})", shared_key, "", std::string(300, 'x')))) ==
                error::input_too_large));
    // The default limit is 16 KiB.
    auto const d2 = decrypter_for(dir_key());
    BOOST_TEST((error_of(d2.decrypt(std::string(limits::max_compact_token_size + 1, 'a'))) == error::input_too_large));
    auto const big = forge(R"({"alg":"dir","enc":"A256GCM"})", shared_key, "", std::string(12'500, 'x'));
    BOOST_TEST(big.size() > limits::max_compact_token_size);
    BOOST_TEST((error_of(d2.decrypt(big)) == error::input_too_large));
    BOOST_TEST(d2.decrypt(forge(R"({"alg":"dir","enc":"A256GCM"})", shared_key, "", std::string(11'000, 'x')))
                   .has_value());
}

BOOST_AUTO_TEST_CASE(alg_none_in_any_case_is_refused) {
    auto const d = decrypter_for(dir_key());
    for (auto const* none : {"none", "None", "NONE", "nOnE"}) {
        BOOST_TEST_CONTEXT(none) {
            auto const h = std::string(R"({"alg":")") + none + R"(","enc":"A256GCM"})";
            BOOST_TEST((error_of(d.decrypt(forge(h))) == error::algorithm_not_allowed));
            auto const e = std::string(R"({"alg":"dir","enc":")") + none + R"("})";
            BOOST_TEST((error_of(d.decrypt(forge(e))) == error::algorithm_not_allowed));
        }
    }
}

BOOST_AUTO_TEST_CASE(header_members_are_checked_strictly) {
    auto const d = decrypter_for(dir_key());
    struct {
        char const* header;
        error expected;
    } const cases[] = {
        {R"({"alg":"dir","alg":"dir","enc":"A256GCM"})", error::duplicate_member},
        {R"({"alg":"dir","enc":"A256GCM","enc":"A128GCM"})", error::duplicate_member},
        {R"({"alg":"dir","enc":"A256GCM","kid":"k1","kid":"k2"})", error::duplicate_member},
        {R"({"alg":"dir","enc":"A256GCM","epk":{"x":"1","x":"2"}})", error::duplicate_member},
        {R"({"enc":"A256GCM"})", error::missing_member},
        {R"({"alg":"dir"})", error::missing_member},
        {R"({"alg":1,"enc":"A256GCM"})", error::wrong_member_type},
        {R"({"alg":"dir","enc":["A256GCM"]})", error::wrong_member_type},
        {R"({"alg":"dir","enc":"A256GCM","kid":7})", error::wrong_member_type},
        {R"({"alg":"dir","enc":"A256GCM","cty":null})", error::wrong_member_type},
        {R"({"alg":"dir","enc":"A256GCM","typ":{}})", error::wrong_member_type},
        {R"({"alg":"Dir","enc":"A256GCM"})", error::unsupported_algorithm},  // exact, case-sensitive
        {R"({"alg":"dir","enc":"A256gcm"})", error::unsupported_algorithm},
        {R"({"alg":"HS256","enc":"A256GCM"})", error::unsupported_algorithm},  // a JWS alg
        {R"({"alg":"dir","enc":"A256GCM","zip":"DEF"})", error::unsupported_algorithm},
        {R"({"alg":"dir","enc":"A256GCM","crit":["exp"],"exp":1})", error::unsupported_critical},
        {R"({"alg":"dir","enc":"A256GCM","crit":[]})", error::malformed_token},
        {R"({"alg":"dir","enc":"A256GCM","crit":["kid"],"kid":"k1"})", error::malformed_token},
        {R"({"alg":"dir","enc":"A256GCM","crit":["absent"]})", error::malformed_token},
        {R"({"alg":"dir","enc":"A256GCM","crit":"exp","exp":1})", error::wrong_member_type},
        {R"({"alg":"dir","enc":"A256GCM","crit":[1]})", error::wrong_member_type},
        {R"(["alg","dir"])", error::wrong_member_type},
        {R"({"alg":"dir","enc":"A256GCM")", error::malformed_json},
        {R"({"alg":"dir","enc":"A256GCM",})", error::malformed_json},
        {R"({"alg":"dir","enc":"A256GCM"} {})", error::malformed_json},
        {"{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"x\":\"\xff\"}", error::malformed_json},  // not UTF-8
        {R"({"alg":"dir","enc":"A256GCM","n":1e999})", error::malformed_json},
        {R"({"alg":"dir","enc":"A256GCM","deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
         error::nesting_too_deep},
    };
    for (auto const& c : cases) {
        BOOST_TEST_CONTEXT(c.header) { BOOST_TEST((error_of(d.decrypt(forge(c.header))) == c.expected)); }
    }
}

BOOST_AUTO_TEST_CASE(an_understood_critical_extension_is_accepted) {
    jwe_decrypt_options options;
    options.understood_critical = {"exp"};
    auto const d = decrypter_for(dir_key(), {jwe_encryption::A256GCM}, options);
    auto r = d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","crit":["exp"],"exp":1700000000})"));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->header.members().at("exp").as_int64() == 1700000000);
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","crit":["exp","nbf"],"exp":1,"nbf":1})"))) ==
                error::unsupported_critical));
}

BOOST_AUTO_TEST_CASE(bad_base64url_in_every_segment) {
    auto const d = decrypter_for(jwe_key::make(jwk::from_octets(secret(std::string(16, 'w')), "w").value(),
                                               jwe_algorithm::A128KW).value());
    auto const good = jwe_encrypt("content", d.keys()[0], jwe_encryption::A256GCM).value();
    BOOST_REQUIRE(d.decrypt(good));
    auto const parts = segments(good);
    for (std::size_t i = 0; i < 5; ++i) {
        for (auto const& junk : {std::string("+"), std::string("/"), std::string("="), std::string(" "),
                                 std::string("\n"), std::string("%")}) {
            auto p = parts;
            p[i].insert(p[i].size() / 2, junk);
            BOOST_TEST_CONTEXT("segment " << i << " with '" << junk << "'") {
                auto const e = error_of(d.decrypt(join(p)));
                BOOST_TEST(((e == error::malformed_base64) || (e == error::malformed_token)));
            }
        }
        // Padding is not base64url.
        auto p = parts;
        p[i] += "==";
        BOOST_TEST_CONTEXT("segment " << i << " padded") {
            auto const e = error_of(d.decrypt(join(p)));
            BOOST_TEST(((e == error::malformed_base64) || (e == error::malformed_token)));
        }
    }
    // A length of 4n+1 characters cannot be base64url at all; non-canonical trailing bits are refused.
    auto p = parts;
    while (p[3].size() % 4 != 1) p[3] += "A";
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::malformed_base64));
    p = parts;  // the tag: 16 octets are 22 characters, the last one carries 4 zero bits
    p[4].back() = p[4].back() == 'B' ? 'C' : 'B';
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::malformed_base64));
    p = parts;
    p[0] = base64url_encode(R"({"alg":"A128KW","enc":"A256GCM"})");
    while (p[0].size() % 4 != 1) p[0] += "A";
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::malformed_base64));
}

BOOST_AUTO_TEST_CASE(iv_and_tag_of_the_wrong_length) {
    auto const d = decrypter_for(dir_key(), {jwe_encryption::A256GCM, jwe_encryption::A256CBC_HS512},
                                 {});
    auto const parts = segments(forge(R"({"alg":"dir","enc":"A256GCM"})"));
    auto const iv = b64u(parts[2]);
    auto const tag = b64u(parts[4]);
    auto with = [&](std::size_t i, bytes const& b) {
        auto p = parts;
        p[i] = base64url_encode(b);
        return join(p);
    };
    BOOST_TEST((error_of(d.decrypt(with(2, bytes(iv.begin(), iv.end() - 1)))) == error::malformed_token));
    BOOST_TEST((error_of(d.decrypt(with(2, bytes(16, 1)))) == error::malformed_token));  // a CBC-sized IV
    BOOST_TEST((error_of(d.decrypt(with(4, bytes(tag.begin(), tag.end() - 1)))) == error::malformed_token));  // truncated
    BOOST_TEST((error_of(d.decrypt(with(4, bytes(8, 1)))) == error::malformed_token));
    auto longer = tag;
    longer.push_back(0);
    BOOST_TEST((error_of(d.decrypt(with(4, longer))) == error::malformed_token));
}

BOOST_AUTO_TEST_CASE(tampering_anywhere_is_decryption_failed) {
    for (auto enc : {jwe_encryption::A256GCM, jwe_encryption::A128CBC_HS256}) {
        auto const key = jwe_key::make(jwk::from_octets(secret(std::string(16, 'q')), "q").value(),
                                       jwe_algorithm::A128KW).value();
        auto const d = decrypter_for(key, {enc});
        auto const token = jwe_encrypt("the plaintext of a tampering test", key, enc).value();
        BOOST_REQUIRE(d.decrypt(token));
        auto const parts = segments(token);
        // Flip one bit of one decoded byte in the encrypted key, IV, ciphertext and tag.
        for (std::size_t i : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4}}) {
            auto raw = b64u(parts[i]);
            for (std::size_t at : {std::size_t{0}, raw.size() / 2, raw.size() - 1}) {
                auto bad = raw;
                bad[at] ^= 0x01;
                auto p = parts;
                p[i] = base64url_encode(bad);
                BOOST_TEST_CONTEXT("segment " << i << " byte " << at) {
                    BOOST_TEST((error_of(d.decrypt(join(p))) == error::decryption_failed));
                }
            }
        }
        // The header is the AAD: the same members, serialized differently, are not the same message.
        auto p = parts;
        p[0] = base64url_encode(std::string(R"({"alg":"A128KW", "enc":")") + std::string(to_string(enc)) + R"(","kid":"q"})");
        BOOST_TEST((error_of(d.decrypt(join(p))) == error::decryption_failed));
        // Truncated ciphertext.
        p = parts;
        auto ct = b64u(parts[3]);
        ct.resize(ct.size() - 1);
        p[3] = base64url_encode(ct);
        BOOST_TEST((error_of(d.decrypt(join(p))) == error::decryption_failed));
        // Swapped ciphertext and IV segments of two tokens.
        auto const other = segments(jwe_encrypt("the plaintext of a tampering test", key, enc).value());
        p = parts;
        p[3] = other[3];
        BOOST_TEST((error_of(d.decrypt(join(p))) == error::decryption_failed));
    }
}

BOOST_AUTO_TEST_CASE(every_character_substitution_fails) {
    // Replacing any one character of a token never yields a decryption (nor a crash).
    auto const key = dir_key();
    auto const d = decrypter_for(key);
    auto const token = jwe_encrypt("x", key, jwe_encryption::A256GCM).value();
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '.') continue;
        auto bad = token;
        bad[i] = other_char(bad[i]);
        BOOST_TEST_CONTEXT("position " << i) { BOOST_TEST(!d.decrypt(bad).has_value()); }
        bad = token;
        bad.erase(i, 1);
        BOOST_TEST_CONTEXT("deleted " << i) { BOOST_TEST(!d.decrypt(bad).has_value()); }
    }
}

BOOST_AUTO_TEST_CASE(a_wrong_key_is_decryption_failed_for_every_kind) {
    struct kind {
        char const* name;
        jwe_key right, wrong;  // same kid and algorithm, different key material
    };
    auto oct = [](char fill, std::size_t n, jwe_algorithm alg) {
        return jwe_key::make(jwk::from_octets(secret(std::string(n, fill)), "same").value(), alg).value();
    };
    std::vector<kind> kinds = {
        {"dir", oct('a', 32, jwe_algorithm::dir), oct('b', 32, jwe_algorithm::dir)},
        {"A256KW", oct('a', 32, jwe_algorithm::A256KW), oct('b', 32, jwe_algorithm::A256KW)},
        {"A128GCMKW", oct('a', 16, jwe_algorithm::A128GCMKW), oct('b', 16, jwe_algorithm::A128GCMKW)},
        {"RSA-OAEP-256", asymmetric("RSA", nullptr, jwe_algorithm::RSA_OAEP_256, "same"),
         asymmetric("RSA", nullptr, jwe_algorithm::RSA_OAEP_256, "same")},
        {"ECDH-ES", asymmetric("EC", "P-256", jwe_algorithm::ECDH_ES, "same"),
         asymmetric("EC", "P-256", jwe_algorithm::ECDH_ES, "same")},
        {"ECDH-ES+A256KW", asymmetric("X25519", nullptr, jwe_algorithm::ECDH_ES_A256KW, "same"),
         asymmetric("X25519", nullptr, jwe_algorithm::ECDH_ES_A256KW, "same")},
    };
    for (auto const& k : kinds) {
        BOOST_TEST_CONTEXT(k.name) {
            auto const token = jwe_encrypt("for the right key only", k.right, jwe_encryption::A256GCM).value();
            BOOST_TEST(decrypter_for(k.right).decrypt(token).has_value());
            BOOST_TEST((error_of(decrypter_for(k.wrong).decrypt(token)) == error::decryption_failed));
        }
    }
}

BOOST_AUTO_TEST_CASE(rsa_failures_are_indistinguishable) {
    // RFC 7516 §11.5: whatever is wrong with the encrypted key, the error is the same as for a bad tag.
    auto const key = asymmetric("RSA", nullptr, jwe_algorithm::RSA_OAEP);
    auto const d = decrypter_for(key);
    auto const parts = segments(jwe_encrypt("x", key, jwe_encryption::A256GCM).value());
    auto const ek = b64u(parts[1]);
    std::vector<bytes> bad_keys = {bytes(ek.begin(), ek.end() - 1), bytes(ek.size(), 0), bytes(ek.size(), 0xff),
                                   bytes(1, 1), bytes(ek.size() + 1, 1)};
    auto flipped = ek;
    flipped[10] ^= 0x80;
    bad_keys.push_back(flipped);
    for (auto const& b : bad_keys) {
        auto p = parts;
        p[1] = base64url_encode(b);
        BOOST_TEST((error_of(d.decrypt(join(p))) == error::decryption_failed));
        BOOST_TEST(ERR_peek_error() == 0ul);  // nothing left behind on OpenSSL's error queue either
    }
    auto p = parts;
    auto tag = b64u(p[4]);
    tag[0] ^= 1;
    p[4] = base64url_encode(tag);
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::decryption_failed));
}

BOOST_AUTO_TEST_CASE(the_token_selects_only_among_allowed_bindings) {
    auto const k1 = dir_key(shared_key, "k1");
    auto const k2 = dir_key(bytes(32, 0x22), "k2");
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(k1));
    BOOST_REQUIRE(keys.add(k2));
    auto const d = jwe_decrypter::make(keys, {jwe_encryption::A256GCM}).value();
    BOOST_TEST(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","kid":"k1"})")).has_value());
    BOOST_TEST(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","kid":"k2"})", bytes(32, 0x22))).has_value());
    // An unknown kid, or no kid when two keys could match: never tried one after another.
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","kid":"k3"})"))) == error::unknown_key));
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM"})"))) == error::unknown_key));
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","kid":"K1"})"))) == error::unknown_key));
    // An alg no binding has: not allowed, even with a matching kid.
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"A256KW","enc":"A256GCM","kid":"k1"})", shared_key, "AAAA"))) ==
                error::algorithm_not_allowed));
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"k1"})", shared_key, "AAAA"))) ==
                error::algorithm_not_allowed));
    // An enc not on the list.
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A128GCM","kid":"k1"})"))) ==
                error::algorithm_not_allowed));
    // The kid of the wrong key: the configured key for "k2" is used, and fails.
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM","kid":"k2"})"))) ==
                error::decryption_failed));
}

BOOST_AUTO_TEST_CASE(a_dir_key_only_serves_encs_of_its_size) {
    // A 32-octet "dir" key is A256GCM's or A128CBC-HS256's CEK, never A128GCM's or A256CBC-HS512's.
    auto const key = dir_key();
    auto const d = decrypter_for(key, {jwe_encryption::A256GCM, jwe_encryption::A128GCM,
                                       jwe_encryption::A128CBC_HS256, jwe_encryption::A256CBC_HS512});
    BOOST_TEST(d.decrypt(jwe_encrypt("a", key, jwe_encryption::A128CBC_HS256).value()).has_value());
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A128GCM"})"))) == error::algorithm_not_allowed));
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256CBC-HS512"})"))) == error::algorithm_not_allowed));
    // A decrypter whose "dir" key fits none of its encs cannot be made.
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(key));
    BOOST_TEST((jwe_decrypter::make(keys, {jwe_encryption::A128GCM}).error() == error::key_unusable));
}

BOOST_AUTO_TEST_CASE(the_encrypted_key_segment_must_fit_the_alg) {
    auto const d = decrypter_for(dir_key());
    // "dir" has an empty encrypted key (RFC 7516 §5.2 step 10 / RFC 7518 §4.5).
    BOOST_TEST((error_of(d.decrypt(forge(R"({"alg":"dir","enc":"A256GCM"})", shared_key, "AAAA"))) ==
                error::malformed_token));
    auto const kw = jwe_key::make(jwk::from_octets(secret(std::string(16, 'w'))).value(), jwe_algorithm::A128KW).value();
    auto const dkw = decrypter_for(kw);
    BOOST_TEST((error_of(dkw.decrypt(forge(R"({"alg":"A128KW","enc":"A256GCM"})"))) == error::malformed_token));
    // A wrapped key of the wrong size for the enc.
    BOOST_TEST((error_of(dkw.decrypt(forge(R"({"alg":"A128KW","enc":"A256GCM"})", shared_key,
                                           base64url_encode(bytes(32, 1))))) == error::decryption_failed));
    // Larger than any RSA modulus: refused before decoding into the fixed buffer.
    jwe_decrypt_options big;
    big.max_token_size = 100'000;
    auto const dbig = decrypter_for(kw, {jwe_encryption::A256GCM}, big);
    BOOST_TEST((error_of(dbig.decrypt(forge(R"({"alg":"A128KW","enc":"A256GCM"})", shared_key,
                                            base64url_encode(bytes(4096, 1))))) == error::malformed_token));
}

BOOST_AUTO_TEST_CASE(aes_gcm_key_wrap_header_parameters) {
    auto const key = jwe_key::make(jwk::from_octets(secret(std::string(16, 'g'))).value(), jwe_algorithm::A128GCMKW).value();
    auto const d = decrypter_for(key);
    auto const token = jwe_encrypt("g", key, jwe_encryption::A256GCM).value();
    BOOST_REQUIRE(d.decrypt(token));
    auto const parts = segments(token);
    auto header = boost::json::parse(jwe_test::str(b64u(parts[0]))).as_object();
    auto with_header = [&](boost::json::object const& h) {
        auto p = parts;
        p[0] = base64url_encode(boost::json::serialize(h));
        return join(p);
    };
    auto h = header;
    h.erase("iv");
    BOOST_TEST((error_of(d.decrypt(with_header(h))) == error::missing_member));
    h = header;
    h.erase("tag");
    BOOST_TEST((error_of(d.decrypt(with_header(h))) == error::missing_member));
    h = header;
    h["iv"] = base64url_encode(bytes(16, 0));
    BOOST_TEST((error_of(d.decrypt(with_header(h))) == error::malformed_token));
    h = header;
    h["tag"] = base64url_encode(bytes(12, 0));
    BOOST_TEST((error_of(d.decrypt(with_header(h))) == error::malformed_token));
    h = header;
    h["tag"] = 5;
    BOOST_TEST((error_of(d.decrypt(with_header(h))) == error::wrong_member_type));
    h = header;
    h["iv"] = "not*base64url!!!";  // the right length (16 characters, 12 octets), the wrong alphabet
    BOOST_TEST((error_of(d.decrypt(with_header(h))) == error::malformed_base64));
}

BOOST_AUTO_TEST_CASE(ecdh_es_epk_is_validated) {
    auto const key = asymmetric("EC", "P-256", jwe_algorithm::ECDH_ES, "ec");
    auto const d = decrypter_for(key);
    auto const token = jwe_encrypt("e", key, jwe_encryption::A256GCM).value();
    BOOST_REQUIRE(d.decrypt(token));
    auto const parts = segments(token);
    auto const header = boost::json::parse(jwe_test::str(b64u(parts[0]))).as_object();
    auto const epk = header.at("epk").as_object();
    auto with_epk = [&](boost::json::value const& e) {
        auto h = header;
        h["epk"] = e;
        auto p = parts;
        p[0] = base64url_encode(boost::json::serialize(h));
        return join(p);
    };
    // Not on the curve: the y coordinate of another point.
    auto off = epk;
    auto y = b64u(std::string(epk.at("y").as_string()));
    y.back() ^= 0x01;
    off["y"] = base64url_encode(y);
    BOOST_TEST((error_of(d.decrypt(with_epk(off))) == error::malformed_key));
    // A valid point, on another curve.
    auto p384 = generate("EC", "P-384");
    auto const other_curve = jwk::from_evp_pkey(p384.get()).value().to_json().value();
    BOOST_TEST((error_of(d.decrypt(with_epk(other_curve))) == error::malformed_key));
    auto x25519 = generate("X25519");
    BOOST_TEST((error_of(d.decrypt(with_epk(jwk::from_evp_pkey(x25519.get()).value().to_json().value()))) ==
                error::malformed_key));
    // An "epk" with its private part.
    auto eph = generate("EC", "P-256");
    auto const with_d = jwk::from_evp_pkey(eph.get()).value().to_json(jwk_members::include_private).value();
    BOOST_TEST(with_d.contains("d"));
    BOOST_TEST((error_of(d.decrypt(with_epk(with_d))) == error::malformed_key));
    // Not a key at all.
    BOOST_TEST((error_of(d.decrypt(with_epk(boost::json::object{{"kty", "EC"}}))) == error::malformed_key));
    BOOST_TEST((error_of(d.decrypt(with_epk(boost::json::object{{"kty", "oct"}, {"k", "AAAA"}}))) ==
                error::malformed_key));
    BOOST_TEST((error_of(d.decrypt(with_epk("a string"))) == error::wrong_member_type));
    auto h = header;
    h.erase("epk");
    auto p = parts;
    p[0] = base64url_encode(boost::json::serialize(h));
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::missing_member));
    // apu/apv must be base64url strings.
    h = header;
    h["apu"] = 1;
    p[0] = base64url_encode(boost::json::serialize(h));
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::wrong_member_type));
    h = header;
    h["apv"] = "***";
    p[0] = base64url_encode(boost::json::serialize(h));
    BOOST_TEST((error_of(d.decrypt(join(p))) == error::malformed_base64));
}

BOOST_AUTO_TEST_CASE(x25519_epk_of_small_order_is_refused) {
    auto const key = asymmetric("X25519", nullptr, jwe_algorithm::ECDH_ES, "x");
    auto const d = decrypter_for(key);
    auto const parts = segments(jwe_encrypt("e", key, jwe_encryption::A256GCM).value());
    auto header = boost::json::parse(jwe_test::str(b64u(parts[0]))).as_object();
    header["epk"] = boost::json::object{{"kty", "OKP"}, {"crv", "X25519"}, {"x", base64url_encode(bytes(32, 0))}};
    auto p = parts;
    p[0] = base64url_encode(boost::json::serialize(header));
    auto const e = error_of(d.decrypt(join(p)));
    BOOST_TEST(((e == error::decryption_failed) || (e == error::malformed_key)));
}

BOOST_AUTO_TEST_CASE(embedded_keys_in_the_header_are_never_used) {
    // RFC 8725 §3.10 spirit: a "jwk" (or "jku", "x5u", "x5c") in the header does not choose the key.
    auto const attacker = bytes(32, 0x66);
    auto const d = decrypter_for(dir_key());
    auto const h = std::string(R"({"alg":"dir","enc":"A256GCM","jwk":{"kty":"oct","k":")") +
                   base64url_encode(attacker) + R"("},"jku":"https://attacker.example/jwks","x5u":"https://x"})";
    BOOST_TEST((error_of(d.decrypt(forge(h, attacker))) == error::decryption_failed));
    auto r = d.decrypt(forge(h));  // the same header, encrypted with the configured key: fine, header kept
    BOOST_REQUIRE(r);
    BOOST_TEST(r->header.members().contains("jwk"));
}

BOOST_AUTO_TEST_CASE(pbes2_header_parameters_and_caps) {
    auto const pw = jwe_key::make(jwk::from_octets(secret("correct horse battery staple")).value(),
                                  jwe_algorithm::PBES2_HS256_A128KW).value();
    jwe_decrypt_options options;
    options.allow_pbes2 = true;
    options.pbes2_max_iterations = 5000;
    auto const d = decrypter_for(pw, {jwe_encryption::A256GCM}, options);
    jwe_encrypt_options eo;
    eo.allow_pbes2 = true;
    eo.pbes2_iterations = 2000;
    auto const token = jwe_encrypt("p", pw, jwe_encryption::A256GCM, {}, eo).value();
    BOOST_REQUIRE(d.decrypt(token));
    auto const parts = segments(token);
    auto const header = boost::json::parse(jwe_test::str(b64u(parts[0]))).as_object();
    auto with = [&](char const* name, boost::json::value v) {
        auto h = header;
        if (v.is_null()) h.erase(name);
        else h[name] = std::move(v);
        auto p = parts;
        p[0] = base64url_encode(boost::json::serialize(h));
        return join(p);
    };
    BOOST_TEST((error_of(d.decrypt(with("p2c", 5001))) == error::algorithm_not_allowed));
    BOOST_TEST((error_of(d.decrypt(with("p2c", std::uint64_t{1} << 62))) == error::algorithm_not_allowed));
    BOOST_TEST((error_of(d.decrypt(with("p2c", 0))) == error::malformed_token));
    BOOST_TEST((error_of(d.decrypt(with("p2c", -5))) == error::malformed_token));
    BOOST_TEST((error_of(d.decrypt(with("p2c", 2000.5))) == error::wrong_member_type));
    BOOST_TEST((error_of(d.decrypt(with("p2c", "2000"))) == error::wrong_member_type));
    BOOST_TEST((error_of(d.decrypt(with("p2c", nullptr))) == error::missing_member));
    BOOST_TEST((error_of(d.decrypt(with("p2s", boost::json::string(base64url_encode(bytes(7, 1)))))) == error::malformed_token));
    BOOST_TEST((error_of(d.decrypt(with("p2s", nullptr))) == error::missing_member));
    BOOST_TEST((error_of(d.decrypt(with("p2s", boost::json::string(base64url_encode(bytes(16, 1)))))) == error::decryption_failed));
}

BOOST_AUTO_TEST_CASE(decrypters_refuse_unusable_configurations) {
    jwe_key_set empty;
    BOOST_TEST((jwe_decrypter::make(empty, {jwe_encryption::A256GCM}).error() == error::missing_argument));
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(dir_key()));
    BOOST_TEST((jwe_decrypter::make(keys, std::span<jwe_encryption const>{}).error() == error::missing_argument));
    // Public keys cannot decrypt.
    auto const rsa = asymmetric("RSA", nullptr, jwe_algorithm::RSA_OAEP);
    jwe_key_set pub;
    BOOST_REQUIRE(pub.add(jwe_key::make(rsa.key().to_public().value(), jwe_algorithm::RSA_OAEP).value()));
    BOOST_TEST((jwe_decrypter::make(pub, {jwe_encryption::A256GCM}).error() == error::key_unusable));
    auto const ec = asymmetric("EC", "P-384", jwe_algorithm::ECDH_ES_A192KW);
    jwe_key_set ecpub;
    BOOST_REQUIRE(ecpub.add(jwe_key::make(ec.key().to_public().value(), jwe_algorithm::ECDH_ES_A192KW).value()));
    BOOST_TEST((jwe_decrypter::make(ecpub, {jwe_encryption::A256GCM}).error() == error::key_unusable));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_negative_test
