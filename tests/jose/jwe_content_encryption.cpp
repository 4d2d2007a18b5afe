#include <authwire/jose/detail/content_encryption.hpp>

#include "jose/jwe_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace jose_jwe_content_encryption_test {

using namespace authwire;
using namespace authwire::jose::detail;
using jwe_test::bytes;
using jwe_test::hex;

// RFC 7518 Appendix B: the inputs shared by B.1–B.3.
bytes const appendix_b_plaintext = hex(
    "41206369706865722073797374656d206d757374206e6f7420626520726571756972656420746f206265207365637265742c20"
    "616e64206974206d7573742062652061626c6520746f2066616c6c20696e746f207468652068616e6473206f662074686520"
    "656e656d7920776974686f757420696e636f6e76656e69656e6365");
bytes const appendix_b_iv = hex("1af38c2dc2b96ffdd86694092341bc04");
bytes const appendix_b_aad = hex("546865207365636f6e64207072696e6369706c65206f662041756775737465204b6572636b686f666673");

struct appendix_b_case {
    char const* enc;
    std::size_t key_octets;  // K = 00 01 02 … (key_octets - 1)
    char const* e;
    char const* t;
};

appendix_b_case const appendix_b[] = {
    {"A128CBC-HS256", 32,
     "c80edfa32ddf39d5ef00c0b468834279a2e46a1b8049f792f76bfe54b903a9c9a94ac9b47ad2655c5f10f9aef71427e2fc6f9b3f"
     "399a221489f16362c703233609d45ac69864e3321cf82935ac4096c86e133314c54019e8ca7980dfa4b9cf1b384c486f3a54c5"
     "1078158ee5d79de59fbd34d848b3d69550a67646344427ade54b8851ffb598f7f80074b9473c82e2db",
     "652c3fa36b0a7c5b3219fab3a30bc1c4"},
    {"A192CBC-HS384", 48,
     "ea65da6b59e61edb419be62d19712ae5d303eeb50052d0dfd6697f77224c8edb000d279bdc14c1072654bd30944230c657bed4ca"
     "0c9f4a8466f22b226d1746214bf8cfc2400add9f5126e479663fc90b3bed787a2f0ffcbf3904be2a641d5c2105bfe591bae23b"
     "1d7449e532eef60a9ac8bb6c6b01d35d49787bcd57ef484927f280adc91ac0c4e79c7b11efc60054e3",
     "8490ac0e58949bfe51875d733f93ac2075168039ccc733d7"},
    {"A256CBC-HS512", 64,
     "4affaaadb78c31c5da4b1b590d10ffbd3dd8d5d302423526912da037ecbcc7bd822c301dd67c373bccb584ad3e9279c2e6d12a13"
     "74b77f077553df829410446b36ebd97066296ae6427ea75c2e0846a11a09ccf5370dc80bfecbad28c73f09b3a3b75e662a2594"
     "410ae496b2e2e6609e31e6e02cc837f053d21f37ff4f51950bbe2638d09dd7a4930930806d0703b1f6",
     "4dd3b4c088a7f45c216839645b2012bf2e6269a8c56a816dbc1b267761955bc5"},
};

bytes counting_key(std::size_t n) {
    bytes k(n);
    for (std::size_t i = 0; i < n; ++i) k[i] = static_cast<unsigned char>(i);
    return k;
}

content_cipher cipher_for(char const* enc) {
    auto const* p = find_content_encryption(enc);
    BOOST_REQUIRE(p != nullptr);
    auto c = content_cipher::make(*p);
    BOOST_REQUIRE(c);
    return std::move(*c);
}

// RFC 7516 Appendix A.1 (RSA-OAEP + A256GCM): the content encryption step, A.1.2–A.1.6.
bytes const a1_cek = {177, 161, 244, 128, 84,  143, 225, 115, 63,  180, 3,  255, 107, 154, 212, 246,
                      138, 7,   110, 91,  112, 46,  34,  105, 47,  130, 203, 46, 122, 234, 64,  252};
bytes const a1_iv = {227, 197, 117, 252, 2, 219, 233, 68, 180, 225, 77, 219};
std::string const a1_protected = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ";
std::string const a1_plaintext = "The true sign of intelligence is not knowledge but imagination.";
std::string const a1_ciphertext = "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A";
std::string const a1_tag = "XFBoMYUZodetZdvTiFvSkQ";

// RFC 7516 Appendix A.3 (A128KW + A128CBC-HS256): the content encryption step, A.3.2–A.3.6.
bytes const a3_cek = {4,   211, 31,  197, 84,  157, 252, 254, 11,  100, 157, 250, 63, 170, 106, 206,
                      107, 124, 212, 45,  111, 107, 9,   219, 200, 177, 0,   240, 143, 156, 44, 207};
bytes const a3_iv = {3, 22, 60, 12, 43, 67, 104, 105, 108, 108, 105, 99, 111, 116, 104, 101};
std::string const a3_protected = "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0";

BOOST_AUTO_TEST_SUITE(jose_jwe_content_encryption)

BOOST_AUTO_TEST_CASE(the_table_has_the_registered_sizes) {
    // RFC 7518 §5.1–5.3: key, IV and tag sizes of every enc value.
    struct row {
        char const* name;
        std::size_t key, iv, tag;
    } const rows[] = {{"A128CBC-HS256", 32, 16, 16}, {"A192CBC-HS384", 48, 16, 24}, {"A256CBC-HS512", 64, 16, 32},
                      {"A128GCM", 16, 12, 16},       {"A192GCM", 24, 12, 16},       {"A256GCM", 32, 12, 16}};
    for (auto const& r : rows) {
        auto const* p = find_content_encryption(r.name);
        BOOST_REQUIRE(p != nullptr);
        BOOST_TEST(p->key_size == r.key);
        BOOST_TEST(p->iv_size == r.iv);
        BOOST_TEST(p->tag_size == r.tag);
    }
    BOOST_TEST(find_content_encryption("a256gcm") == nullptr);  // exact, case-sensitive
    BOOST_TEST(find_content_encryption("A256GCM ") == nullptr);
    BOOST_TEST(find_content_encryption("") == nullptr);
    BOOST_TEST(find_content_encryption("A128CBC-H256") == nullptr);
    BOOST_TEST(ciphertext_size(*find_content_encryption("A128CBC-HS256"), 0) == 16u);
    BOOST_TEST(ciphertext_size(*find_content_encryption("A128CBC-HS256"), 16) == 32u);
    BOOST_TEST(ciphertext_size(*find_content_encryption("A128GCM"), 17) == 17u);
}

BOOST_AUTO_TEST_CASE(rfc7518_appendix_b_vectors) {
    for (auto const& v : appendix_b) {
        BOOST_TEST_CONTEXT(v.enc) {
            auto const c = cipher_for(v.enc);
            auto const key = counting_key(v.key_octets);
            auto const expected_e = hex(v.e);
            auto const expected_t = hex(v.t);

            bytes out(ciphertext_size(c.params(), appendix_b_plaintext.size()));
            bytes tag(c.params().tag_size);
            auto n = c.encrypt(key, appendix_b_iv, appendix_b_aad, appendix_b_plaintext, out, tag);
            BOOST_REQUIRE(n);
            out.resize(*n);
            BOOST_TEST(out == expected_e);
            BOOST_TEST(tag == expected_t);

            bytes plain(expected_e.size());
            auto m = c.decrypt(key, appendix_b_iv, appendix_b_aad, expected_e, expected_t, plain);
            BOOST_REQUIRE(m);
            plain.resize(*m);
            BOOST_TEST(plain == appendix_b_plaintext);
        }
    }
}

BOOST_AUTO_TEST_CASE(cbc_hmac_refuses_every_change_before_decrypting) {
    for (auto const& v : appendix_b) {
        BOOST_TEST_CONTEXT(v.enc) {
            auto const c = cipher_for(v.enc);
            auto const key = counting_key(v.key_octets);
            auto const e = hex(v.e);
            auto const t = hex(v.t);
            bytes plain(e.size(), 0xAA);
            auto decrypt = [&](bytes const& k, bytes const& iv, bytes const& aad, bytes const& ct, bytes const& tag) {
                plain.assign(ct.size() + 16, 0xAA);
                return c.decrypt(k, iv, aad, ct, tag, plain);
            };
            for (std::size_t i : {std::size_t{0}, e.size() / 2, e.size() - 1}) {
                auto bad = e;
                bad[i] ^= 0x01;
                auto r = decrypt(key, appendix_b_iv, appendix_b_aad, bad, t);
                BOOST_TEST((r.error() == error::decryption_failed));
                // Nothing was decrypted: the output buffer is untouched.
                BOOST_TEST(std::all_of(plain.begin(), plain.end(), [](unsigned char b) { return b == 0xAA; }));
            }
            auto bad_tag = t;
            bad_tag.back() ^= 0x80;
            BOOST_TEST((decrypt(key, appendix_b_iv, appendix_b_aad, e, bad_tag).error() == error::decryption_failed));
            auto short_tag = t;
            short_tag.pop_back();
            BOOST_TEST((decrypt(key, appendix_b_iv, appendix_b_aad, e, short_tag).error() == error::decryption_failed));
            auto long_tag = t;
            long_tag.push_back(0);
            BOOST_TEST((decrypt(key, appendix_b_iv, appendix_b_aad, e, long_tag).error() == error::decryption_failed));
            auto bad_iv = appendix_b_iv;
            bad_iv[3] ^= 0x10;
            BOOST_TEST((decrypt(key, bad_iv, appendix_b_aad, e, t).error() == error::decryption_failed));
            auto short_iv = appendix_b_iv;
            short_iv.pop_back();
            BOOST_TEST((decrypt(key, short_iv, appendix_b_aad, e, t).error() == error::decryption_failed));
            auto bad_aad = appendix_b_aad;
            bad_aad[0] ^= 0x20;
            BOOST_TEST((decrypt(key, appendix_b_iv, bad_aad, e, t).error() == error::decryption_failed));
            // The AAD length is authenticated too: moving a byte from the AAD is not the same message.
            BOOST_TEST((decrypt(key, appendix_b_iv, bytes(appendix_b_aad.begin(), appendix_b_aad.end() - 1), e, t)
                            .error() == error::decryption_failed));
            auto other_key = key;
            other_key[0] ^= 0x01;  // the MAC key half
            BOOST_TEST((decrypt(other_key, appendix_b_iv, appendix_b_aad, e, t).error() == error::decryption_failed));
            // Truncated ciphertext (not whole blocks) and empty ciphertext.
            BOOST_TEST((decrypt(key, appendix_b_iv, appendix_b_aad, bytes(e.begin(), e.end() - 1), t).error() ==
                        error::decryption_failed));
            BOOST_TEST((decrypt(key, appendix_b_iv, appendix_b_aad, bytes{}, t).error() == error::decryption_failed));
            // A key of the wrong size is the caller's mistake.
            BOOST_TEST((decrypt(bytes(key.begin(), key.end() - 1), appendix_b_iv, appendix_b_aad, e, t).error() ==
                        error::invalid_argument));
        }
    }
}

BOOST_AUTO_TEST_CASE(cbc_hmac_bad_padding_with_a_valid_mac_is_the_same_failure) {
    // Whoever holds the MAC key can authenticate a ciphertext whose padding is wrong; that padding error must be
    // the same decryption_failed as every other failure (and the output buffer must be wiped).
    auto const c = cipher_for("A128CBC-HS256");
    auto const key = counting_key(32);
    bytes const iv(16, 7);
    bytes block(16, 0x41);
    block[15] = 0x00;  // 0x00 is never a valid PKCS #7 padding byte
    bytes garbage(16);
    {
        evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
        int len = 0;
        BOOST_REQUIRE(EVP_EncryptInit_ex2(ctx.get(), EVP_aes_128_cbc(), key.data() + 16, iv.data(), nullptr) == 1);
        BOOST_REQUIRE(EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1);
        BOOST_REQUIRE(EVP_EncryptUpdate(ctx.get(), garbage.data(), &len, block.data(), 16) == 1);
        BOOST_REQUIRE(len == 16);
    }
    std::array<unsigned char, 64> m{};
    evp_mac_ptr mac{EVP_MAC_fetch(nullptr, "HMAC", nullptr)};
    BOOST_REQUIRE(cbc_hmac_compute_mac(mac.get(), "SHA256", bytes_view(key).first(16), {}, iv, garbage, m));
    bytes const tag(m.begin(), m.begin() + 16);
    bytes out(32, 0xAA);
    BOOST_TEST((c.decrypt(key, iv, {}, garbage, tag, out).error() == error::decryption_failed));
    BOOST_TEST(std::all_of(out.begin(), out.begin() + 16, [](unsigned char b) { return b == 0; }));
    // The same block with valid padding decrypts: the MAC was right, only the padding was not.
    block[15] = 0x01;
    {
        evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
        int len = 0;
        BOOST_REQUIRE(EVP_EncryptInit_ex2(ctx.get(), EVP_aes_128_cbc(), key.data() + 16, iv.data(), nullptr) == 1);
        BOOST_REQUIRE(EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1);
        BOOST_REQUIRE(EVP_EncryptUpdate(ctx.get(), garbage.data(), &len, block.data(), 16) == 1);
    }
    BOOST_REQUIRE(cbc_hmac_compute_mac(mac.get(), "SHA256", bytes_view(key).first(16), {}, iv, garbage, m));
    auto n = c.decrypt(key, iv, {}, garbage, bytes(m.begin(), m.begin() + 16), out);
    BOOST_REQUIRE(n);
    BOOST_TEST(*n == 15u);
}

BOOST_AUTO_TEST_CASE(rfc7516_a1_content_encryption_aes_256_gcm) {
    auto const c = cipher_for("A256GCM");
    auto const aad = jwe_test::of(a1_protected);
    auto const plaintext = jwe_test::of(a1_plaintext);
    bytes out(plaintext.size());
    bytes tag(16);
    auto n = c.encrypt(a1_cek, a1_iv, aad, plaintext, out, tag);
    BOOST_REQUIRE(n);
    BOOST_TEST(base64url_encode(out) == a1_ciphertext);
    BOOST_TEST(base64url_encode(tag) == a1_tag);

    bytes plain(out.size());
    auto m = c.decrypt(a1_cek, a1_iv, aad, jwe_test::b64u(a1_ciphertext), jwe_test::b64u(a1_tag), plain);
    BOOST_REQUIRE(m);
    BOOST_TEST(jwe_test::str(plain) == a1_plaintext);
}

BOOST_AUTO_TEST_CASE(rfc7516_a3_content_encryption_aes_128_cbc_hmac_sha_256) {
    auto const c = cipher_for("A128CBC-HS256");
    auto const plaintext = jwe_test::of("Live long and prosper.");
    bytes out(ciphertext_size(c.params(), plaintext.size()));
    bytes tag(16);
    auto n = c.encrypt(a3_cek, a3_iv, jwe_test::of(a3_protected), plaintext, out, tag);
    BOOST_REQUIRE(n);
    BOOST_TEST(*n == 32u);
    BOOST_TEST(base64url_encode(out) == "KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY");
    BOOST_TEST(base64url_encode(tag) == "U0m_YmjN04DJvceFICbCVQ");
}

BOOST_AUTO_TEST_CASE(gcm_refuses_every_change_and_releases_no_plaintext) {
    auto const c = cipher_for("A256GCM");
    auto const aad = jwe_test::of(a1_protected);
    auto const ct = jwe_test::b64u(a1_ciphertext);
    auto const tag = jwe_test::b64u(a1_tag);
    bytes plain;
    auto decrypt = [&](bytes const& k, bytes const& iv, bytes const& a, bytes const& x, bytes const& t) {
        plain.assign(x.size(), 0);
        return c.decrypt(k, iv, a, x, t, plain);
    };
    BOOST_TEST(decrypt(a1_cek, a1_iv, aad, ct, tag).has_value());
    for (std::size_t i : {std::size_t{0}, ct.size() - 1}) {
        auto bad = ct;
        bad[i] ^= 0x01;
        BOOST_TEST((decrypt(a1_cek, a1_iv, aad, bad, tag).error() == error::decryption_failed));
        BOOST_TEST(std::all_of(plain.begin(), plain.end(), [](unsigned char b) { return b == 0; }));
    }
    auto bad_tag = tag;
    bad_tag[15] ^= 0x01;
    BOOST_TEST((decrypt(a1_cek, a1_iv, aad, ct, bad_tag).error() == error::decryption_failed));
    BOOST_TEST((decrypt(a1_cek, a1_iv, aad, ct, bytes(tag.begin(), tag.end() - 1)).error() ==
                error::decryption_failed));
    BOOST_TEST((decrypt(a1_cek, a1_iv, aad, ct, bytes{}).error() == error::decryption_failed));
    auto bad_iv = a1_iv;
    bad_iv[0] ^= 0x01;
    BOOST_TEST((decrypt(a1_cek, bad_iv, aad, ct, tag).error() == error::decryption_failed));
    BOOST_TEST((decrypt(a1_cek, bytes(16, 0), aad, ct, tag).error() == error::decryption_failed));
    auto bad_aad = aad;
    bad_aad.back() ^= 0x01;
    BOOST_TEST((decrypt(a1_cek, a1_iv, bad_aad, ct, tag).error() == error::decryption_failed));
    auto bad_key = a1_cek;
    bad_key[31] ^= 0x01;
    BOOST_TEST((decrypt(bad_key, a1_iv, aad, ct, tag).error() == error::decryption_failed));
    BOOST_TEST((decrypt(bytes(16, 1), a1_iv, aad, ct, tag).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(every_enc_round_trips_every_length) {
    for (auto const& p : content_encryption_table) {
        BOOST_TEST_CONTEXT(p.name) {
            auto const c = cipher_for(std::string(p.name).c_str());
            bytes const key(p.key_size, 0x42);
            bytes const iv(p.iv_size, 0x24);
            for (std::size_t len : {0u, 1u, 15u, 16u, 17u, 300u}) {
                bytes pt(len);
                for (std::size_t i = 0; i < len; ++i) pt[i] = static_cast<unsigned char>(i * 7);
                bytes ct(ciphertext_size(p, len));
                bytes tag(p.tag_size);
                auto n = c.encrypt(key, iv, jwe_test::of("aad"), pt, ct, tag);
                BOOST_REQUIRE(n);
                BOOST_TEST(*n == ct.size());
                bytes back(ct.size());
                auto m = c.decrypt(key, iv, jwe_test::of("aad"), ct, tag, back);
                BOOST_REQUIRE(m);
                back.resize(*m);
                BOOST_TEST(back == pt);
            }
            // Wrong sizes for encryption are the caller's mistakes.
            bytes ct(32), tag(p.tag_size);
            BOOST_TEST((c.encrypt(bytes(p.key_size + 1), iv, {}, {}, ct, tag).error() == error::invalid_argument));
            BOOST_TEST((c.encrypt(key, bytes(p.iv_size - 1), {}, {}, ct, tag).error() == error::invalid_argument));
            bytes small(0);
            BOOST_TEST((c.encrypt(key, iv, {}, bytes(17), small, tag).error() == error::invalid_argument));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_prepared_key_matches_the_one_shot_cipher) {
    for (auto const* name : {"A256GCM", "A128GCM", "A128CBC-HS256"}) {
        BOOST_TEST_CONTEXT(name) {
            auto const& p = *find_content_encryption(name);
            bytes const key(p.key_size, 0x11);
            auto prepared = prepared_content_key::make(p, key);
            BOOST_REQUIRE(prepared);
            auto const c = cipher_for(name);
            bytes const pt = jwe_test::of("a message of some length, repeated. a message of some length.");
            for (int round = 0; round < 3; ++round) {
                bytes const iv(p.iv_size, static_cast<unsigned char>(round));
                bytes ct1(ciphertext_size(p, pt.size())), tag1(p.tag_size);
                bytes ct2(ct1.size()), tag2(p.tag_size);
                BOOST_REQUIRE(prepared->encrypt(iv, jwe_test::of("h"), pt, ct1, tag1));
                BOOST_REQUIRE(c.encrypt(key, iv, jwe_test::of("h"), pt, ct2, tag2));
                BOOST_TEST(ct1 == ct2);
                BOOST_TEST(tag1 == tag2);
                bytes back(ct1.size());
                auto n = prepared->decrypt(iv, jwe_test::of("h"), ct1, tag1, back);
                BOOST_REQUIRE(n);
                back.resize(*n);
                BOOST_TEST(back == pt);
                // A failure leaves the prepared context usable for the next call.
                auto bad = tag1;
                bad[0] ^= 1;
                bytes scratch(ct1.size());
                BOOST_TEST((prepared->decrypt(iv, jwe_test::of("h"), ct1, bad, scratch).error() ==
                            error::decryption_failed));
            }
        }
    }
    auto const& p = *find_content_encryption("A256GCM");
    BOOST_TEST((prepared_content_key::make(p, bytes(16)).error() == error::key_unusable));
}

BOOST_AUTO_TEST_CASE(a_prepared_key_is_safe_to_share_between_threads) {
    auto const& p = *find_content_encryption("A256GCM");
    auto prepared = prepared_content_key::make(p, bytes(32, 9));
    BOOST_REQUIRE(prepared);
    bytes const pt = jwe_test::of("shared by four threads");
    bytes const iv(12, 3);
    bytes ct(pt.size()), tag(16);
    BOOST_REQUIRE(prepared->encrypt(iv, {}, pt, ct, tag));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 500; ++i) {
                bytes back(ct.size());
                auto n = prepared->decrypt(iv, {}, ct, tag, back);
                if (!n || back != pt) ++failures;
            }
        });
    for (auto& th : threads) th.join();
    BOOST_TEST(failures.load() == 0);
}

BOOST_AUTO_TEST_CASE(wiped_buffer_holds_at_most_its_capacity) {
    cek_buffer b;
    BOOST_TEST(b.empty());
    BOOST_TEST(b.assign(bytes(64, 1)));
    BOOST_TEST(b.size() == 64u);
    BOOST_TEST(!b.assign(bytes(65, 1)));
    BOOST_TEST(b.empty());
    BOOST_TEST(!b.resize(65));
    cek_buffer copy(bytes_view(bytes{1, 2, 3}));
    cek_buffer other = copy;
    BOOST_TEST(other.size() == 3u);
    BOOST_TEST(other.view()[2] == 3);
}

// clear() wipes every byte that may have been written: past the current size after a shrink, and the whole
// buffer once data() was handed out (callers may write past size() through it).
BOOST_AUTO_TEST_CASE(wiped_buffer_clear_wipes_what_was_written) {
    cek_buffer b;
    BOOST_REQUIRE(b.resize(40));
    for (auto& x : b.span()) x = 0xaa;
    BOOST_REQUIRE(b.resize(4));
    b.clear();
    BOOST_TEST(b.empty());
    BOOST_REQUIRE(b.resize(40));
    for (auto x : b.view()) BOOST_TEST(x == 0);
    b.data()[cek_buffer::capacity - 1] = 0x55;  // past size(), through data()
    b.clear();
    BOOST_REQUIRE(b.resize(cek_buffer::capacity));
    for (auto x : b.view()) BOOST_TEST(x == 0);
    BOOST_REQUIRE(b.assign(bytes(8, 7)));
    BOOST_REQUIRE(b.assign(bytes(2, 9)));
    b.clear();
    BOOST_REQUIRE(b.resize(8));
    for (auto x : b.view()) BOOST_TEST(x == 0);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_content_encryption_test
