// Property: a JWE decrypter never accepts a token that was not encrypted to one of its keys, and never accepts a
// truncated tag or an unauthenticated part. The input is a compact JWE, decrypted by two decrypters holding the
// published keys of RFC 7520 §5 (RSA-OAEP, PBES2-HS512+A256KW with p2c at most 8192, ECDH-ES+A128KW on P-384,
// ECDH-ES on P-256, dir, A256GCMKW, A128KW) and of RFC 7516 Appendix A (RSA-OAEP, RSA1_5 explicitly enabled,
// A128KW), every "enc" allowed. Whatever they accept is checked without authwire:
//  - five segments, each strict base64url; the header a JSON object without duplicate members, no "zip", "crit"
//    only with names the decrypter understands (none here);
//  - "alg" and "enc" name the binding the independent kid rule selects (exactly that kid among the bindings for
//    the alg, or the only one when the token has no kid); "jwk", "jku", "x5u", "x5c" never select a key;
//  - the encrypted key is empty for "dir" and "ECDH-ES"; the IV has the enc's length (12 octets for GCM, 16 for
//    CBC), and the tag its full length (16 for GCM; 16/24/32 for A128/192/256CBC-HS*, RFC 7518 §5.2.2.1) — a
//    truncated tag never passes;
//  - the plaintext is one the RFC examples encrypted (a forgery would decrypt to something else).
// An input that starts with '{' is instead a header and a plaintext: the first line is the protected header's
// JSON text, byte for byte, the rest the plaintext; the target encrypts them itself with the RFC 7520 §5.6 "dir"
// key and A128GCM (AES-GCM from OpenSSL directly, the header's base64url as AAD). Then, besides the checks
// above, decryption must give back exactly that plaintext, and a header that is plainly acceptable ("alg":"dir",
// "enc":"A128GCM", the right kid or none, only typ/cty/unregistered members besides) must be accepted.
#include <authwire/jose/jwe.hpp>

#include "jose_support.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace authwire;

inline constexpr std::string_view rfc7520_5_2_rsa =
    R"({"kty":"RSA","kid":"samwise.gamgee@hobbiton.example","use":"enc","n":"wbdxI55VaanZXPY29Lg5hdmv2XhvqAhoxUkanfzf)"
    R"(2-5zVUxa6prHRrI4pP1AhoqJRlZfYtWWd5mmHRG2pAHIlh0ySJ9wi0BioZBl1XP2e-C-FyXJGcTy0HdKQWlrfhTm42EW7Vv04r4gfao6uxjLGw)"
    R"(fpGrZLarohiWCPnkNrg71S2CuNZSQBIPGjXfkmIy2tl_VWgGnL22GplyXj5YlBLdxXp3XeStsqo571utNfoUTU8E4qdzJ3U1DItoVkPGsMwlmm)"
    R"(nJiwA7sXRItBCivR4M5qnZtdw-7v4WuR4779ubDuJ5nalMv2S66-RPcnFAzWSKxtBDnFJJDGIUe7Tzizjg1nms0Xq_yPub_UOlWn0ec85FCft1)"
    R"(hACpWG8schrOBeNqHBODFskYpUc2LC5JA2TaPF2dA67dg1TTsC_FupfQ2kNGcE1LgprxKHcVWYQb86B-HozjHZcqtauBzFNV5tbTuB-TpkcvJf)"
    R"(NcFLlH3b8mb-H_ox35FjqBSAjLKyoeqfKTpVjvXhd09knwgJf6VKq6UC418_TOljMVfFTWXUxlnfhOOnzW6HSSzD1c9WrCuVzsUMv54szidQ9w)"
    R"(f1cYWf3g5qFDxDQKis99gcDaiCAwM3yEBIzuNeeCa5dartHDb1xEB_HcHSeYbghbMjGfasvKn0aZRsnTyC0xhWBlsolZE","e":"AQAB","alg)"
    R"(":"RSA-OAEP","d":"n7fzJc3_WG59VEOBTkayzuSMM780OJQuZjN_KbH8lOZG25ZoA7T4Bxcc0xQn5oZE5uSCIwg91oCt0JvxPcpmqzaJZg1n)"
    R"(irjcWZ-oBtVk7gCAWq-B3qhfF3izlbkosrzjHajIcY33HBhsy4_WerrXg4MDNE4HYojy68TcxT2LYQRxUOCf5TtJXvM8olexlSGtVnQnDRutxE)"
    R"(UCwiewfmmrfveEogLx9EA-KMgAjTiISXxqIXQhWUQX1G7v_mV_Hr2YuImYcNcHkRvp9E7ook0876DhkO8v4UOZLwA1OlUX98mkoqwc58A_Y2lB)"
    R"(YbVx1_s5lpPsEqbbH-nqIjh1fL0gdNfihLxnclWtW7pCztLnImZAyeCWAG7ZIfv-Rn9fLIv9jZ6r7r-MSH9sqbuziHN2grGjD_jfRluMHa0l84)"
    R"(fFKl6bcqN1JWxPVhzNZo01yDF-1LiQnqUYSepPf6X3a2SOdkqBRiquE6EvLuSYIDpJq3jDIsgoL8Mo1LoomgiJxUwL_GWEOGu28gplyzm-9Q0U)"
    R"(0nyhEf1uhSR8aJAQWAiFImWH5W_IQT9I7-yrindr_2fWQ_i1UgMsGzA7aOGzZfPljRy6z-tY_KuBG00-28S_aWvjyUc-Alp8AUyKjBZ-7CWH32)"
    R"(fGWK48j1t-zomrwjL_mnhsPbGs0c9WsWgRzI-K8gE","p":"7_2v3OQZzlPFcHyYfLABQ3XP85Es4hCdwCkbDeltaUXgVy9l9etKghvM4hRkOv)"
    R"(bb01kYVuLFmxIkCDtpi-zLCYAdXKrAK3PtSbtzld_XZ9nlsYa_QZWpXB_IrtFjVfdKUdMz94pHUhFGFj7nr6NNxfpiHSHWFE1zD_AC3mY46J96)"
    R"(1Y2LRnreVwAGNw53p07Db8yD_92pDa97vqcZOdgtybH9q6uma-RFNhO1AoiJhYZj69hjmMRXx-x56HO9cnXNbmzNSCFCKnQmn4GQLmRj9sfbZR)"
    R"(qL94bbtE4_e0Zrpo8RNo8vxRLqQNwIy85fc6BRgBJomt8QdQvIgPgWCv5HoQ","q":"zqOHk1P6WN_rHuM7ZF1cXH0x6RuOHq67WuHiSknqQee)"
    R"(fGBA9PWs6ZyKQCO-O6mKXtcgE8_Q_hA2kMRcKOcvHil1hqMCNSXlflM7WPRPZu2qCDcqssd_uMbP-DqYthH_EzwL9KnYoH7JQFxxmcv5An8oXU)"
    R"(tTwk4knKjkIYGRuUwfQTus0w1NfjFAyxOOiAQ37ussIcE6C6ZSsM3n41UlbJ7TCqewzVJaPJN5cxjySPZPD3Vp01a9YgAD6a3IIaKJdIxJS1Im)"
    R"(nfPevSJQBE79-EXe2kSwVgOzvt-gsmM29QQ8veHy4uAqca5dZzMs7hkkHtw1z0jHV90epQJJlXXnH8Q","dp":"19oDkBh1AXelMIxQFm2zZTq)"
    R"(UhAzCIr4xNIGEPNoDt1jK83_FJA-xnx5kA7-1erdHdms_Ef67HsONNv5A60JaR7w8LHnDiBGnjdaUmmuO8XAxQJ_ia5mxjxNjS6E2yD44USo2J)"
    R"(mHvzeeNczq25elqbTPLhUpGo1IZuG72FZQ5gTjXoTXC2-xtCDEUZfaUNh4IeAipfLugbpe0JAFlFfrTDAMUFpC3iXjxqzbEanflwPvj6V9iDSg)"
    R"(jj8SozSM0dLtxvu0LIeIQAeEgT_yXcrKGmpKdSO08kLBx8VUjkbv_3Pn20Gyu2YEuwpFlM_H1NikuxJNKFGmnAq9LcnwwT0jvoQ","dq":"S6p)"
    R"(59KrlmzGzaQYQM3o0XfHCGvfqHLYjCO557HYQf72O9kLMCfd_1VBEqeD-1jjwELKDjck8kOBl5UvohK1oDfSP1DleAy-cnmL29DqWmhgwM1ip0)"
    R"(CCNmkmsmDSlqkUXDi6sAaZuntyukyflI-qSQ3C_BafPyFaKrt1fgdyEwYa08pESKwwWisy7KnmoUvaJ3SaHmohFS78TJ25cfc10wZ9hQNOrICh)"
    R"(ZlkiOdFCtxDqdmCqNacnhgE3bZQjGp3n83ODSz9zwJcSUvODlXBPc2AycH6Ci5yjbxt4Ppox_5pjm6xnQkiPgj01GpsUssMmBN7iHVsrE7N2iz)"
    R"(nBNCeOUIQ","qi":"FZhClBMywVVjnuUud-05qd5CYU0dK79akAgy9oX6RX6I3IIIPckCciRrokxglZn-omAY5CnCe4KdrnjFOT5YUZE7G_Pg4)"
    R"(4XgCXaarLQf4hl80oPEf6-jJ5Iy6wPRx7G2e8qLxnh9cOdf-kRqgOS3F48Ucvw3ma5V6KGMwQqWFeV31XtZ8l5cVI-I3NzBS7qltpUVgz2Ju02)"
    R"(1eyc7IlqgzR98qKONl27DuEES0aK0WE97jnsyO27Yp88Wa2RiBrEocM89QZI1seJiGDizHRUP4UZxw9zsXww46wy0P6f9grnYp7t8LkyDDk8eo)"
    R"(I4KX6SNMNVcyVS9IWjlq8EzqZEKIA"})";
inline constexpr std::string_view rfc7520_5_4_ec_p384 =
    R"({"kty":"EC","kid":"peregrin.took@tuckborough.example","use":"enc","crv":"P-384","x":"YU4rRUzdmVqmRtWOs2OpDE_T5)"
    R"(fsNIodcG8G5FWPrTPMyxpzsSOGaQLpe2FpxBmu2","y":"A8-yxCHxkfBz3hKZfI1jUYMjUhsEveZ9THuwFjH2sCNdtksRJU7D5-SkgaFL1ETP)"
    R"(","d":"iTx2pk7wW-GqJkHcEkFQb2EFyYcO7RugmaW3mRrQVAOUiPommT0IdnYK2xDlZh-j"})";
inline constexpr std::string_view rfc7520_5_5_ec_p256 =
    R"({"kty":"EC","kid":"meriadoc.brandybuck@buckland.example","use":"enc","crv":"P-256","x":"Ze2loSV3wrroKUN_4zhwGh)"
    R"(Cqo3Xhu1td4QjeQ5wIVR0","y":"HlLtdXARY_f55A3fnzQbPcm6hgr34Mp8p-nuzQCE0Zw","d":"r_kHyZ-a06rmxM3yESK84r1otSg-aQcV)"
    R"(StkRhA-iCM8"})";
inline constexpr std::string_view rfc7520_5_6_dir =
    R"({"kty":"oct","kid":"77c7e2b8-6e13-45cf-8672-617b5b45243a","use":"enc","k":"XctOhJAkA-pD9Lh7ZgW)"
    R"(_2A"})";
inline constexpr std::string_view rfc7520_5_7_a256gcmkw =
    R"({"kty":"oct","kid":"18ec08e1-bfa9-4d95-b205-2b4dd1d4321d","use":"enc","alg":"A256GCMKW","k":"qC57l_uxcm7Nm3K-c)"
    R"(t4GFjx8tM1U8CZ0NLBvdQstiS8"})";
inline constexpr std::string_view rfc7520_5_8_a128kw =
    R"({"kty":"oct","kid":"81b20965-8332-43d9-a468-82160ad91ac8","use":"enc","alg":"A128KW","k":"GZy6sIZ6wl9NJOKB-jnm)"
    R"(VQ"})";
inline constexpr std::string_view rfc7516_a1_rsa =
    R"({"kty":"RSA","n":"oahUIoWw0K0usKNuOR6H4wkf4oBUXHTxRvgb48E-BVvxkeDNjbC4he8rUWcJoZmds2h7M70imEVhRU5djINXtqllXI4D)"
    R"(FqcI1DgjT9LewND8MW2Krf3Spsk_ZkoFnilakGygTwpZ3uesH-PFABNIUYpOiN15dsQRkgr0vEhxN92i2asbOenSZeyaxziK72UwxrrKoExv6k)"
    R"(c5twXTq4h-QChLOln0_mtUZwfsRaMStPs6mS6XrgxnxbWhojf663tuEQueGC-FCMfra36C9knDFGzKsNa7LZK2djYgyD3JR_MB_4NUJW_TqOQt)"
    R"(wHYbxevoJArm-L5StowjzGy-_bq6Gw","e":"AQAB","d":"kLdtIj6GbDks_ApCSTYQtelcNttlKiOyPzMrXHeI-yk1F7-kpDxY4-WY5NWV5K)"
    R"(ntaEeXS1j82E375xxhWMHXyvjYecPT9fpwR_M9gV8n9Hrh2anTpTD93Dt62ypW3yDsJzBnTnrYu1iwWRgBKrEYY46qAZIrA2xAwnm2X7uGR1hg)"
    R"(hkqDp0Vqj3kbSCz1XyfCs6_LehBwtxHIyh8Ripy40p24moOAbgxVw3rxT_vlt3UVe4WO3JkJOzlpUf-KTVI2Ptgm-dARxTEtE-id-4OJr0h-K-)"
    R"(VFs3VSndVTIznSxfyrj8ILL6MG_Uv8YAu7VILSB3lOW085-4qE3DzgrTjgyQ","p":"1r52Xk46c-LsfB5P442p7atdPUrxQSy4mti_tZI3Mgf)"
    R"(2EuFVbUoDBvaRQ-SWxkbkmoEzL7JXroSBjSrK3YIQgYdMgyAEPTPjXv_hI2_1eTSPVZfzL0lffNn03IXqWF5MDFuoUYE0hzb2vhrlN_rKrbfDI)"
    R"(wUbTrjjgieRbwC6Cl0","q":"wLb35x7hmQWZsWJmB_vle87ihgZ19S8lBEROLIsZG4ayZVe9Hi9gDVCOBmUDdaDYVTSNx_8Fyw1YYa9XGrGnD)"
    R"(ew00J28cRUoeBB_jKI1oma0Orv1T9aXIWxKwd4gvxFImOWr3QRL9KEBRzk2RatUBnmDZJTIAfwTs0g68UZHvtc","dp":"ZK-YwE7diUh0qR1t)"
    R"(R7w8WHtolDx3MZ_OTowiFvgfeQ3SiresXjm9gZ5KLhMXvo-uz-KUJWDxS5pFQ_M0evdo1dKiRTjVw_x4NyqyXPM5nULPkcpU827rnpZzAJKpdh)"
    R"(WAgqrXGKAECQH0Xt4taznjnd_zVpAmZZq60WPMBMfKcuE","dq":"Dq0gfgJ1DdFGXiLvQEZnuKEN0UUmsJBxkjydc3j4ZYdBiMRAy86x0vHCj)"
    R"(ywcMlYYg4yoC4YZa9hNVcsjqA3FeiL19rk8g6Qn29Tt0cj8qqyFpz9vNDBUfCAiJVeESOjJDZPYHdHY8v1b-o-Z2X5tvLx-TCekf7oxyeKDUqK)"
    R"(Wjis","qi":"VIMpMYbPf47dT1w_zDUXfPimsSegnMOA1zTaX7aGk_8urY6R8-ZW1FxU7AlWAyLWybqq6t16VFd7hQd0y6flUK4SlOydB61gwa)"
    R"(nOsXGOAOv82cHq0E3eL4HrtZkUuKvnPrMnsUUFlfUdybVzxyjz9JF_XyaY14ardLSjf4L_FNY"})";
inline constexpr std::string_view rfc7516_a2_rsa =
    R"({"kty":"RSA","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSB)"
    R"(igeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UX)"
    R"(ERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMk)"
    R"(Epk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB","d":"VFCWOqXr8nvZNyaaJLXdnNPXZKRaWCjkU5Q2egQQpTBMwhprMzWzpR8Sxq1OPT)"
    R"(hh_J6MUD8Z35wky9b8eEO0pwNS8xlh1lOFRRBoNqDIKVOku0aZb-rynq8cxjDTLZQ6Fz7jSjR1Klop-YKaUHc9GsEofQqYruPhzSA-QgajZGPb)"
    R"(E_0ZaVDJHfyd7UUBUKunFMScbflYAAOYJqVIVwaYR5zWEEceUjNnTNo_CVSj-VvXLO5VZfCUAVLgW4dpf1SrtZjSt34YLsRarSb127reG_DUwg)"
    R"(9Ch-KyvjT1SkHgUWRVGcyly7uvVGRSDwsXypdrNinPA4jlhoNdizK2zF2CWQ","p":"9gY2w6I6S6L0juEKsbeDAwpd9WMfgqFoeA9vEyEUuk4)"
    R"(kLwBKcoe1x4HG68ik918hdDSE9vDQSccA3xXHOAFOPJ8R9EeIAbTi1VwBYnbTp87X-xcPWlEPkrdoUKW60tgs1aNd_Nnc9LEVVPMS390zbFxt8)"
    R"(TN_biaBgelNgbC95sM","q":"uKlCKvKv_ZJMVcdIs5vVSU_6cPtYI1ljWytExV_skstvRSNi9r66jdd9-yBhVfuG4shsp2j7rGnIio901RBeH)"
    R"(o6TPKWVVykPu1iYhQXw1jIABfw-MVsN-3bQ76WLdt2SDxsHs7q7zPyUyHXmps7ycZ5c72wGkUwNOjYelmkiNS0","dp":"w0kZbV63cVRvVX6y)"
    R"(k3C8cMxo2qCM4Y8nsq1lmMSYhG4EcL6FWbX5h9yuvngs4iLEFk6eALoUS4vIWEwcL4txw9LsWH_zKI-hwoReoP77cOdSL4AVcraHawlkpyd2TW)"
    R"(jE5evgbhWtOxnZee3cXJBkAi64Ik6jZxbvk-RR3pEhnCs","dq":"o_8V14SezckO6CNLKs_btPdFiO9_kC1DsuUTd2LAfIIVeMZ7jn1Gus_Ff)"
    R"(7B7IVx3p5KuBGOVF8L-qifLb6nQnLysgHDh132NDioZkhH7mI7hPG-PYE_odApKdnqECHWw0J-F0JWnUd6D2B_1TvF9mXA2Qx-iGYn8OVV1Bsm)"
    R"(p6qU","qi":"eNho5yRBEBxhGBtQRww9QirZsB66TrfFReG_CcteI1aCneT0ELGhYlRlCtUkTRclIfuEPmNsNDPbLoLqqCVznFbvdB7x-Tl-m0)"
    R"(l_eFTj2KiqwGqE9PZB9nNTwMVvH3VRRSLWACvPnSiwP8N5Usy-WRXS-V7TbpxIhvepTfE0NNo"})";
inline constexpr std::string_view rfc7516_a3_a128kw = R"({"kty":"oct","k":"GawgguFyGrWKav7AX4VKUg"})";

// RFC 7520 §5.3: the PBES2 password.
inline constexpr std::string_view rfc7520_5_3_password =
    "entrap_o\xe2\x80\x93peter_long\xe2\x80\x93"
    "credit_tun";

// The plaintexts the RFC examples encrypt.
inline constexpr std::string_view known_plaintexts[] = {
    "You can trust us to stick with you through thick and thin\xe2\x80\x93to the bitter end. And you can trust us to "
    "keep any secret of yours\xe2\x80\x93"
    "closer than you keep it yourself. But you cannot trust us to let you face "
    "trouble alone, and go off without a word. We are your friends, Frodo.",
    R"({"keys":[{"kty":"oct","kid":"77c7e2b8-6e13-45cf-8672-617b5b45243a","use":"enc","alg":"A128GCM","k":"XctOhJAkA-pD9Lh7ZgW_2A"},)"
    R"({"kty":"oct","kid":"81b20965-8332-43d9-a468-82160ad91ac8","use":"enc","alg":"A128KW","k":"GZy6sIZ6wl9NJOKB-jnmVQ"},)"
    R"({"kty":"oct","kid":"18ec08e1-bfa9-4d95-b205-2b4dd1d4321d","use":"enc","alg":"A256GCMKW","k":"qC57l_uxcm7Nm3K-ct4GFjx8tM1U8CZ0NLBvdQstiS8"}]})",
    "The true sign of intelligence is not knowledge but imagination.",
    "Live long and prosper.",
};

struct binding {
    jose::jwe_algorithm alg;
    std::optional<std::string> kid;
};

struct decrypter {
    std::vector<binding> bindings;
    std::optional<jose::jwe_decrypter> d;
};

struct world {
    decrypter rfc7520, rfc7516;
    std::string dir_key;  // RFC 7520 §5.6, for the '{' mode

    world() {
        auto add = [](decrypter& into, jose::jwe_key_set& set, jose::jwk const& k, jose::jwe_algorithm a) {
            FUZZ_CHECK(set.add(jose::jwe_key::make(k, a).value()).has_value());
            into.bindings.push_back({a, k.kid() ? std::optional<std::string>(std::string(*k.kid())) : std::nullopt});
        };
        auto const all_enc = {jose::jwe_encryption::A128CBC_HS256, jose::jwe_encryption::A192CBC_HS384,
                              jose::jwe_encryption::A256CBC_HS512, jose::jwe_encryption::A128GCM,
                              jose::jwe_encryption::A192GCM,       jose::jwe_encryption::A256GCM};
        {
            jose::jwe_key_set set;
            add(rfc7520, set, jose::jwk::parse(rfc7520_5_2_rsa).value(), jose::jwe_algorithm::RSA_OAEP);
            add(rfc7520, set, jose::jwk::from_octets(secret(std::string(rfc7520_5_3_password))).value(),
                jose::jwe_algorithm::PBES2_HS512_A256KW);
            add(rfc7520, set, jose::jwk::parse(rfc7520_5_4_ec_p384).value(), jose::jwe_algorithm::ECDH_ES_A128KW);
            add(rfc7520, set, jose::jwk::parse(rfc7520_5_5_ec_p256).value(), jose::jwe_algorithm::ECDH_ES);
            auto dir = jose::jwk::parse(rfc7520_5_6_dir).value();
            dir_key = std::string(dir.symmetric_key()->reveal());
            add(rfc7520, set, dir, jose::jwe_algorithm::dir);
            add(rfc7520, set, jose::jwk::parse(rfc7520_5_7_a256gcmkw).value(), jose::jwe_algorithm::A256GCMKW);
            add(rfc7520, set, jose::jwk::parse(rfc7520_5_8_a128kw).value(), jose::jwe_algorithm::A128KW);
            jose::jwe_decrypt_options opt;
            opt.allow_pbes2 = true;
            opt.pbes2_max_iterations = 8192;  // RFC 7520 §5.3's count; more is refused before any work
            rfc7520.d = jose::jwe_decrypter::make(std::move(set), all_enc, opt).value();
        }
        {
            jose::jwe_key_set set;
            add(rfc7516, set, jose::jwk::parse(rfc7516_a1_rsa).value(), jose::jwe_algorithm::RSA_OAEP);
            add(rfc7516, set, jose::jwk::parse(rfc7516_a2_rsa).value(), jose::jwe_algorithm::RSA1_5);
            add(rfc7516, set, jose::jwk::parse(rfc7516_a3_a128kw).value(), jose::jwe_algorithm::A128KW);
            jose::jwe_decrypt_options opt;
            opt.allow_rsa1_5 = true;
            rfc7516.d = jose::jwe_decrypter::make(std::move(set), all_enc, opt).value();
        }
    }
};

world const& the_world() {
    static world const w;
    return w;
}

std::size_t iv_size(std::string_view enc) {
    return enc.ends_with("GCM") ? 12 : 16;
}
std::size_t tag_size(std::string_view enc) {
    if (enc.ends_with("GCM")) return 16;
    if (enc == "A128CBC-HS256") return 16;
    if (enc == "A192CBC-HS384") return 24;
    return 32;
}

// Everything a token a decrypter accepted must be, checked without authwire.
void check_accepted(decrypter const& dec, std::string_view token, jose::jwe_decrypted const& out,
                    std::optional<std::string_view> expected_plaintext) {
    std::array<std::string_view, 5> seg{};
    std::size_t n = 0;
    for (std::size_t start = 0;;) {
        auto const dot = token.find('.', start);
        FUZZ_CHECK(n < seg.size());
        seg[n++] = token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    FUZZ_CHECK(n == 5);
    std::array<std::string, 5> raw;
    for (std::size_t i = 0; i < 5; ++i) {
        auto d = fuzz::strict_base64url_decode(seg[i]);
        FUZZ_CHECK(d.has_value());
        raw[i] = std::move(*d);
    }
    FUZZ_CHECK(!fuzz::json_has_duplicate_member(raw[0]));
    boost::json::error_code ec;
    auto header = boost::json::parse(raw[0], ec);
    FUZZ_CHECK(!ec && header.is_object());
    auto const& h = header.get_object();
    FUZZ_CHECK(!h.contains("zip") && !h.contains("crit"));
    auto const* alg = h.if_contains("alg");
    auto const* enc = h.if_contains("enc");
    FUZZ_CHECK(alg && alg->is_string() && enc && enc->is_string());
    FUZZ_CHECK(std::string_view(alg->get_string()) == jose::to_string(out.header.alg()));
    FUZZ_CHECK(std::string_view(enc->get_string()) == jose::to_string(out.header.enc()));
    // The independent kid rule.
    std::vector<binding const*> candidates;
    for (auto const& b : dec.bindings)
        if (jose::to_string(b.alg) == std::string_view(alg->get_string())) candidates.push_back(&b);
    if (auto const* kid = h.if_contains("kid")) {
        FUZZ_CHECK(kid->is_string());
        bool found = false;
        for (auto const* b : candidates) found = found || (b->kid && *b->kid == std::string_view(kid->get_string()));
        FUZZ_CHECK(found);
    } else {
        FUZZ_CHECK(candidates.size() == 1);
    }
    if (out.header.alg() == jose::jwe_algorithm::dir || out.header.alg() == jose::jwe_algorithm::ECDH_ES)
        FUZZ_CHECK(raw[1].empty());
    else
        FUZZ_CHECK(!raw[1].empty());
    FUZZ_CHECK(raw[2].size() == iv_size(enc->get_string()));
    FUZZ_CHECK(raw[4].size() == tag_size(enc->get_string()));
    if (expected_plaintext) {
        FUZZ_CHECK(out.plaintext == *expected_plaintext);
    } else {
        bool known = false;
        for (auto p : known_plaintexts) known = known || out.plaintext == p;
        FUZZ_CHECK(known);
    }
}

// "{header}\nplaintext" encrypted with the RFC 7520 §5.6 key ("dir", A128GCM), the IV fixed.
std::string encrypt_dir(world const& w, std::string_view header, std::string_view plaintext) {
    std::string const protected_b64 = base64url_encode(header);
    unsigned char const iv[12] = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4};
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    std::string ct(plaintext.size(), '\0');
    unsigned char tag[16];
    int len = 0;
    FUZZ_CHECK(EVP_EncryptInit_ex2(ctx.get(), EVP_aes_128_gcm(),
                                   reinterpret_cast<unsigned char const*>(w.dir_key.data()), iv, nullptr) == 1);
    FUZZ_CHECK(EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<unsigned char const*>(protected_b64.data()),
                                 static_cast<int>(protected_b64.size())) == 1);
    if (!plaintext.empty())
        FUZZ_CHECK(EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()), &len,
                                     reinterpret_cast<unsigned char const*>(plaintext.data()),
                                     static_cast<int>(plaintext.size())) == 1);
    FUZZ_CHECK(EVP_EncryptFinal_ex(ctx.get(), nullptr, &len) == 1);
    FUZZ_CHECK(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, tag) == 1);
    return protected_b64 + ".." + base64url_encode(std::string_view(reinterpret_cast<char const*>(iv), 12)) + "." +
           base64url_encode(ct) + "." + base64url_encode(std::string_view(reinterpret_cast<char const*>(tag), 16));
}

// Is this protected header plainly acceptable for the §5.6 key: "alg":"dir", "enc":"A128GCM", the key's kid or
// none, typ/cty strings, and otherwise only names no JOSE specification registers?
bool plainly_acceptable(std::string_view header_text) {
    if (fuzz::json_has_duplicate_member(header_text)) return false;
    boost::json::error_code ec;
    auto v = boost::json::parse(header_text, ec);
    if (ec || !v.is_object()) return false;
    // authwire's bounds: 256 KiB and depth 32 for the header; keep well inside them.
    if (header_text.size() > 4096 || header_text.find_first_of("[{", 1) != std::string_view::npos) return false;
    auto const& h = v.get_object();
    for (auto const& m : h) {
        auto const k = std::string_view(m.key());
        if (k == "alg") {
            if (m.value() != "dir") return false;
        } else if (k == "enc") {
            if (m.value() != "A128GCM") return false;
        } else if (k == "kid") {
            if (m.value() != "77c7e2b8-6e13-45cf-8672-617b5b45243a") return false;
        } else if (k == "typ" || k == "cty") {
            if (!m.value().is_string()) return false;
        } else if (jose::detail::is_registered_jwe_header(k) || k == "b64")
            return false;
    }
    return h.contains("alg") && h.contains("enc");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const& w = the_world();
    auto token = fuzz::text_of(data, size);
    std::string built;
    std::optional<std::string_view> expected_plaintext;
    bool must_accept = false;
    if (token.starts_with('{')) {
        auto const nl = token.find('\n');
        auto const header = token.substr(0, nl);
        expected_plaintext = nl == std::string_view::npos ? std::string_view{} : token.substr(nl + 1);
        built = encrypt_dir(w, header, *expected_plaintext);
        must_accept = plainly_acceptable(header) && built.size() <= limits::max_compact_token_size;
        token = built;
    }
    for (auto const* dec : {&w.rfc7520, &w.rfc7516}) {
        auto r = dec->d->decrypt(token);
        fuzz::trace("decrypt: %s", r ? "accepted" : r.error().message().c_str());
        if (r) check_accepted(*dec, token, *r, expected_plaintext);
        if (dec == &w.rfc7520 && must_accept) FUZZ_CHECK(r.has_value());
    }
    return 0;
}
