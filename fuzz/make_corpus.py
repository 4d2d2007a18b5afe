#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets added for issue 12 (fuzz/corpus/<name>/), deterministically.

The seeds are real inputs: the RFC examples (RFC 7520 cookbook and RFC 7516 vectors read from tests/jose/vectors/,
RFC 6749/7009/7591/7662/8414/8628/9126/9728 examples), the requests and responses of authwire's own tests and of
the demo server, and the attacks docs/SECURITY.md lists, built from those (alg none, alg confusion, psychic
signatures, embedded keys, crit/b64, duplicate members, p2c, zip, truncated tags, redirect-URI bypasses …).
Server requests use placeholders ({code0}, {rt0}, {at0} …) that the targets replace with the codes and tokens
their deterministic world issued. Python standard library only; run from anywhere: fuzz/make_corpus.py
"""
import base64
import hashlib
import hmac
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "tests", "jose", "vectors")


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def vector(path):
    with open(os.path.join(VECTORS, path), encoding="utf-8") as f:
        return json.load(f)


class Corpus:
    def __init__(self, name):
        self.dir = os.path.join(HERE, "corpus", name)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)

    def add(self, name, content):
        if isinstance(content, str):
            content = content.encode()
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(content)


def hs256(key, signing_input):
    return b64u(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())


def jws_hs256(key, header, payload, raw_header=None):
    h = raw_header if raw_header is not None else json.dumps(header, separators=(",", ":"))
    si = b64u(h) + "." + b64u(payload)
    return si + "." + hs256(key, si)


# ---- JOSE ---------------------------------------------------------------------------------------------------

RFC7520_HMAC = unb64u("hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg")
RFC7520_HMAC_KID = "018c0ae5-4d9b-471b-bfd6-eef314bc7037"
BILBO = "bilbo.baggins@hobbiton.example"
FRODO = vector("rfc7520-cookbook/jws/4_4.hmac-sha2_integrity_protection.json")["input"]["payload"]
# P-521 group order: r = s = n is as invalid as r = s = 0 (CVE-2022-21449 "psychic signatures").
P521_N = int("01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409", 16)


def jws():
    c = Corpus("jws")
    for name in ["4_1.rsa_v15_signature", "4_2.rsa-pss_signature", "4_3.ecdsa_signature",
                 "4_4.hmac-sha2_integrity_protection"]:
        c.add("rfc7520_" + name.split(".")[0], vector("rfc7520-cookbook/jws/" + name + ".json")["output"]["compact"])
    flat = vector("rfc7520-cookbook/jws/4_6.protecting_specific_header_fields.json")["output"]["json_flat"]
    c.add("rfc7520_4_6_compact", flat["protected"] + "." + flat["payload"] + "." + flat["signature"])
    c.add("rfc8037_a4_eddsa", vector("rfc7520-cookbook/curve25519/jws.json")["output"]["compact"])
    es512 = vector("rfc7520-cookbook/jws/4_3.ecdsa_signature.json")["output"]["compact"]
    h, p, _ = es512.split(".")
    c.add("attack_psychic_zero", h + "." + p + "." + b64u(bytes(132)))
    n = P521_N.to_bytes(66, "big")
    c.add("attack_psychic_order", h + "." + p + "." + b64u(n + n))
    c.add("attack_alg_none", b64u('{"alg":"none"}') + "." + b64u(FRODO) + ".")
    c.add("attack_alg_none_upper", b64u('{"alg":"NONE","kid":"%s"}' % RFC7520_HMAC_KID) + "." + b64u(FRODO) + ".AA")
    # Alg confusion: HS256 keyed with the RSA public key's text, aimed at the RSA key by kid.
    rsa_n = "n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw"
    c.add("attack_alg_confusion_kid", jws_hs256(rsa_n.encode(), {"alg": "HS256", "kid": BILBO}, FRODO))
    c.add("attack_alg_confusion_n", jws_hs256(unb64u(rsa_n), {"alg": "HS256"}, FRODO))
    attacker = b"attacker-chosen-secret-32-bytes!"
    c.add("attack_embedded_jwk", jws_hs256(attacker, {"alg": "HS256", "jwk": {"kty": "oct", "k": b64u(attacker)}}, FRODO))
    c.add("attack_jku", b64u('{"alg":"RS256","jku":"https://attacker.example/jwks.json","kid":"attacker"}') + "." +
          b64u(FRODO) + "." + b64u(bytes(256)))
    c.add("attack_x5u_x5c", jws_hs256(attacker, {"alg": "HS256", "x5u": "https://attacker.example/cert.pem",
                                                 "x5c": ["MIIBszCCAVmgAwIBAgIUQ"]}, FRODO))
    c.add("crit_understood", jws_hs256(RFC7520_HMAC, {"alg": "HS256", "kid": RFC7520_HMAC_KID, "crit": ["exp-crit"],
                                                      "exp-crit": 1}, FRODO))
    c.add("crit_unknown", jws_hs256(RFC7520_HMAC, {"alg": "HS256", "crit": ["urn:example"], "urn:example": 1}, FRODO))
    c.add("crit_b64_false", jws_hs256(RFC7520_HMAC, {"alg": "HS256", "b64": False, "crit": ["b64"]}, FRODO))
    c.add("duplicate_alg", jws_hs256(RFC7520_HMAC, None, FRODO, raw_header='{"alg":"HS256","alg":"none"}'))
    c.add("wrong_kid", jws_hs256(RFC7520_HMAC, {"alg": "HS256", "kid": "someone-else"}, FRODO))
    c.add("jwe_shaped", vector("rfc7516/appendix_a.json")["A.3"]["compact"])
    c.add("too_large", jws_hs256(RFC7520_HMAC, {"alg": "HS256"}, "x" * 13000))
    c.add("deep_header", jws_hs256(RFC7520_HMAC, None, FRODO, raw_header='{"alg":"HS256","x":' + "[" * 12 + "]" * 12 + "}"))
    # Signed-header mode ('{' first): the target signs these itself with the HMAC key.
    c.add("signed_header_plain", '{"alg":"HS256","kid":"%s","typ":"JWT"}\n{"sub":"frodo"}' % RFC7520_HMAC_KID)
    c.add("signed_header_confusion", '{"alg":"RS256","kid":"%s"}\n%s' % (BILBO, FRODO))
    c.add("signed_header_crit", '{"alg":"HS256","crit":["exp-crit","b64"],"exp-crit":true,"b64":true}\npayload')
    c.add("signed_header_dup", '{"alg":"HS256","kid":"%s","kid":"%s"}\n' % (RFC7520_HMAC_KID, BILBO))
    c.add("signed_header_jwk", '{"alg":"HS256","jwk":{"kty":"oct","k":"%s"},"jku":"https://a.example/k"}\nx' % b64u(attacker))


def jwe_header_swap(token, header):
    """The token with another protected header (so with a tag that no longer authenticates it)."""
    parts = token.split(".")
    parts[0] = b64u(json.dumps(header, separators=(",", ":")))
    return ".".join(parts)


def jwe():
    c = Corpus("jwe")
    cookbook = {}
    for name in ["5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2", "5_2.key_encryption_using_rsa-oaep_with_aes-gcm",
                 "5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2",
                 "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
                 "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2", "5_6.direct_encryption_using_aes-gcm",
                 "5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2", "5_8.key_wrap_using_aes-keywrap_with_aes-gcm",
                 "5_9.compressed_content"]:
        short = name.split(".")[0]
        cookbook[short] = vector("rfc7520-cookbook/jwe/" + name + ".json")["output"]["compact"]
        c.add("rfc7520_" + short, cookbook[short])
    a = vector("rfc7516/appendix_a.json")
    for k in ["A.1", "A.2", "A.3"]:
        c.add("rfc7516_" + k.replace(".", "_"), a[k]["compact"])
    d = cookbook["5_6"].split(".")
    dir_header = json.loads(unb64u(d[0]))
    c.add("attack_tag_truncated_gcm", ".".join(d[:4] + [b64u(unb64u(d[4])[:8])]))
    k7 = cookbook["5_7"].split(".")
    c.add("attack_tag_truncated_cbc", ".".join(k7[:4] + [b64u(unb64u(k7[4])[:8])]))
    c.add("attack_dir_with_encrypted_key", ".".join([d[0], b64u(bytes(16))] + d[2:]))
    c.add("attack_alg_none", jwe_header_swap(cookbook["5_6"], {"alg": "none", "enc": "A128GCM"}))
    c.add("attack_embedded_jwk", jwe_header_swap(cookbook["5_6"], dict(dir_header, jwk={"kty": "oct", "k": b64u(bytes(16))})))
    c.add("crit_unknown", jwe_header_swap(cookbook["5_6"], dict(dir_header, crit=["urn:x"], **{"urn:x": 1})))
    c.add("duplicate_alg", ".".join([b64u('{"alg":"dir","alg":"A128KW","enc":"A128GCM"}')] + d[1:]))
    c.add("enc_unknown", jwe_header_swap(cookbook["5_6"], dict(dir_header, enc="A128CTR")))
    c.add("zip_raw", jwe_header_swap(cookbook["5_6"], dict(dir_header, zip="DEF")))
    p3 = cookbook["5_3"].split(".")
    pbes2 = json.loads(unb64u(p3[0]))
    for name, p2c in [("attack_p2c_huge", 2 ** 31), ("attack_p2c_over_limit", 8193), ("p2c_zero", 0), ("p2c_negative", -1),
                      ("p2c_string", "8192")]:
        c.add(name, jwe_header_swap(cookbook["5_3"], dict(pbes2, p2c=p2c)))
    c.add("p2s_short", jwe_header_swap(cookbook["5_3"], dict(pbes2, p2s=b64u(b"1234"))))
    e5 = cookbook["5_5"].split(".")
    ecdh = json.loads(unb64u(e5[0]))
    bad = dict(ecdh)
    bad["epk"] = dict(ecdh["epk"], y=b64u(bytes(31) + b"\x01"))  # not on P-256: the invalid-curve attack
    c.add("attack_invalid_curve_point", jwe_header_swap(cookbook["5_5"], bad))
    other = dict(ecdh)
    other["epk"] = {"kty": "EC", "crv": "P-384", "x": ecdh["epk"]["x"], "y": ecdh["epk"]["y"]}
    c.add("attack_epk_other_curve", jwe_header_swap(cookbook["5_5"], other))
    c.add("jws_shaped", vector("rfc7520-cookbook/jws/4_4.hmac-sha2_integrity_protection.json")["output"]["compact"])
    c.add("too_large", cookbook["5_6"].replace(d[3], d[3] * 50))
    # Header-and-plaintext mode ('{' first): the target encrypts these itself with the 5.6 key.
    kid = "77c7e2b8-6e13-45cf-8672-617b5b45243a"
    c.add("built_plain", '{"alg":"dir","kid":"%s","enc":"A128GCM"}\nhello' % kid)
    c.add("built_no_kid_typ", '{"alg":"dir","enc":"A128GCM","typ":"JWT","cty":"JWT","x-ext":[1,2]}\n{"sub":"x"}')
    c.add("built_crit", '{"alg":"dir","enc":"A128GCM","crit":["x-ext"],"x-ext":1}\n')
    c.add("built_zip", '{"alg":"dir","enc":"A128GCM","zip":"DEF"}\nzipped?')
    c.add("built_wrong_alg", '{"alg":"A128KW","kid":"%s","enc":"A128GCM"}\nx' % kid)
    c.add("built_wrong_enc", '{"alg":"dir","enc":"A256GCM"}\nx')
    c.add("built_dup", '{"alg":"dir","enc":"A128GCM","enc":"A128GCM"}\nx')
    c.add("built_epk_on_dir", '{"alg":"dir","enc":"A128GCM","epk":{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}}\nx')


NESTED = vector("authwire/nested_dir_a256gcm_hs256.json")
NESTED_SIG = unb64u(NESTED["signing_key"]["k"])
NESTED_ENC = unb64u(NESTED["encryption_key"]["k"])


def nested():
    c = Corpus("nested")
    c.add("authwire_vector", NESTED["token"])
    c.add("authwire_vector_inner_jws", NESTED["inner_jws"])  # a JWS where a JWE is expected
    inner = NESTED["inner_jws"]
    claims = json.loads(NESTED["claims"])
    head = {"alg": "HS256", "kid": NESTED["signing_key"]["kid"], "typ": "JWT"}
    c.add("encrypt_vector_inner", "#" + inner)
    c.add("encrypt_alg_none", "#" + b64u('{"alg":"none","typ":"JWT"}') + "." + b64u(NESTED["claims"]) + ".")
    c.add("encrypt_signed_with_jwe_key", "#" + jws_hs256(NESTED_ENC, head, NESTED["claims"]))
    c.add("encrypt_inner_jwe", "#" + NESTED["token"])
    c.add("encrypt_typ_at_jwt", "#" + jws_hs256(NESTED_SIG, dict(head, typ="at+jwt"), NESTED["claims"]))
    c.add("encrypt_no_typ", "#" + jws_hs256(NESTED_SIG, {"alg": "HS256"}, NESTED["claims"]))
    c.add("encrypt_other_kid", "#" + jws_hs256(NESTED_SIG, dict(head, kid="authwire-sig-old"), NESTED["claims"]))
    c.add("encrypt_dup_claims", "#" + jws_hs256(NESTED_SIG, head, '{"sub":"a","exp":1767225600,"exp":1,"aud":"https://mcp.example.com/mcp"}'))
    c.add("claims_vector", NESTED["claims"])
    now = NESTED["valid_at"]
    variants = {
        "claims_expired": dict(claims, exp=now - 31),
        "claims_expired_within_leeway": dict(claims, exp=now - 29),
        "claims_nbf_future": dict(claims, nbf=now + 31),
        "claims_iat_future": dict(claims, iat=now + 3600),
        "claims_aud_array": dict(claims, aud=["https://other.example", "https://mcp.example.com/mcp"]),
        "claims_aud_wrong": dict(claims, aud="https://mcp.example.com/mcp/"),
        "claims_aud_empty_array": dict(claims, aud=[]),
        "claims_exp_double": dict(claims, exp=now + 0.5),
        "claims_exp_huge": dict(claims, exp=1e300),
        "claims_exp_string": dict(claims, exp=str(now + 60)),
        "claims_iss_number": dict(claims, iss=7),
    }
    for name, value in variants.items():
        c.add(name, json.dumps(value, separators=(",", ":")))
    c.add("claims_no_exp", json.dumps({k: v for k, v in claims.items() if k != "exp"}))
    c.add("claims_not_object", "[1,2,3]")


def jwt_claims():
    c = Corpus("jwt_claims")
    c.add("rfc7519_3_1", '{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}')
    c.add("rfc9068_2_2", json.dumps({"iss": "https://authorization-server.example.com/", "sub": "5ba552d67",
                                     "aud": "https://rs.example.com/", "exp": 1639528912, "iat": 1618354090,
                                     "jti": "dbe39bf3a3ba4238a513f51d6e1691c4", "client_id": "s6BhdRkqt3",
                                     "scope": "openid profile reademail"}))
    c.add("authwire_nested", NESTED["claims"])
    c.add("oidc_id_token", json.dumps({"iss": "https://server.example.com", "sub": "24400320", "aud": "s6BhdRkqt3",
                                       "nonce": "n-0S6_WzA2Mj", "exp": 1311281970, "iat": 1311280970, "auth_time": 1311280969,
                                       "acr": "urn:mace:incommon:iap:silver"}))
    now = 1767222000
    c.add("policy_b_valid", json.dumps({"iss": "https://as.example", "iat": now - 10, "exp": now + 3600, "jti": "j1",
                                        "client_id": "app", "aud": ["https://mcp.example.com/mcp"]}))
    c.add("policy_b_too_old", json.dumps({"iss": "https://as.example", "iat": now - 301, "exp": now + 3600, "jti": "j1",
                                          "client_id": "app", "aud": "x"}))
    c.add("aud_array_mixed", '{"aud":["https://mcp.example.com/mcp",1],"exp":%d}' % (now + 60))
    c.add("aud_empty_array", '{"aud":[],"exp":%d}' % (now + 60))
    c.add("no_aud", '{"sub":"x","exp":%d,"nbf":%d}' % (now + 60, now + 29))
    c.add("exp_boundary", '{"aud":"https://mcp.example.com/mcp","exp":%d}' % (now - 30))
    c.add("exp_fraction", '{"aud":"https://mcp.example.com/mcp","exp":%d.999,"iat":1.5e9}' % (now - 30))
    c.add("exp_negative", '{"exp":-1}')
    c.add("exp_year_10000", '{"exp":253402300800}')
    c.add("exp_uint64", '{"exp":18446744073709551615}')
    c.add("exp_exponent", '{"exp":1.767222e9,"nbf":1E10}')
    c.add("registered_wrong_types", '{"iss":1,"sub":null,"jti":[],"aud":{}}')
    c.add("duplicate_exp", '{"exp":1,"exp":%d}' % (now + 60))
    c.add("custom_claims", '{"api_key":"rp_live_x","nested":{"a":[1,2.5,"\\u00e9",null,true]},"n":1e308}')
    c.add("not_object", '"claims"')


def cpp_constant(path, name):
    """A raw-string constant of a test source (the RFC 7517 examples live in tests/jose/jwk.cpp)."""
    with open(os.path.join(HERE, "..", path), encoding="utf-8") as f:
        text = f.read()
    start = text.index("constexpr char %s[] = R\"(" % name) + len("constexpr char %s[] = R\"(" % name)
    return text[start:text.index(')";', start)]


def jwk_seeds():
    """Every JWK the RFC examples and the JOSE tests use."""
    keys = {}
    for name in ["3_1.ec_public_key", "3_2.ec_private_key", "3_3.rsa_public_key", "3_4.rsa_private_key",
                 "3_5.symmetric_key_mac_computation", "3_6.symmetric_key_encryption"]:
        keys["rfc7520_" + name.split(".")[0]] = vector("rfc7520-cookbook/jwk/" + name + ".json")
    for name in ["5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2", "5_2.key_encryption_using_rsa-oaep_with_aes-gcm",
                 "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
                 "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2"]:
        keys["rfc7520_" + name.split(".")[0] + "_key"] = vector("rfc7520-cookbook/jwe/" + name + ".json")["input"]["key"]
    keys["rfc7516_a1_rsa"] = vector("rfc7516/appendix_a.json")["A.1"]["key"]
    keys["rfc8037_x25519"] = vector("rfc7520-cookbook/curve25519/ecdh-es.json")["input"]["key"]
    keys["rfc8037_a1_ed25519"] = json.loads(cpp_constant("tests/jose/jwk.cpp", "rfc8037_a1"))
    keys["rfc7517_a2_ec"] = json.loads(cpp_constant("tests/jose/jwk.cpp", "rfc7517_a2_ec"))
    for i, k in enumerate(json.loads(cpp_constant("tests/jose/jwk.cpp", "rfc7517_a1"))["keys"]):
        keys["rfc7517_a1_%d" % i] = k
    for i, k in enumerate(json.loads(cpp_constant("tests/jose/jwk.cpp", "rfc7517_a3"))["keys"]):
        keys["rfc7517_a3_%d" % i] = k
    return keys


def jwk():
    c = Corpus("jwk")
    # A mutated RSA modulus with factors OpenSSL's randomized public-key check finds only sometimes (found by the
    # campaign; docs/SECURITY.md): the target must tolerate exactly that.
    c.add("rsa_modulus_refused_at_random", '{"kty": "RSA", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM77LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h1QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vQMhF6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29"}')
    keys = jwk_seeds()
    for name, k in keys.items():
        c.add(name, json.dumps(k))
    ec = keys["rfc7517_a2_ec"]
    y = unb64u(ec["y"])
    c.add("attack_off_curve", json.dumps(dict(ec, y=b64u(y[:-1] + bytes([y[-1] ^ 1])))))
    c.add("attack_zero_point", json.dumps({"kty": "EC", "crv": "P-256", "x": b64u(bytes(32)), "y": b64u(bytes(32))}))
    c.add("attack_d_mismatch", json.dumps(dict(ec, d="970MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE")))
    c.add("attack_crv_swap", json.dumps(dict(ec, crv="P-384")))
    rsa = keys["rfc7520_3_4"]
    c.add("rsa_private_without_crt", json.dumps({k: v for k, v in rsa.items() if k not in ("p", "q", "dp", "dq", "qi")}))
    c.add("attack_rsa_d_mismatch", json.dumps(dict(rsa, d=b64u(bytes([1]) + unb64u(rsa["d"])[1:]))))
    c.add("attack_rsa_1024", json.dumps({"kty": "RSA", "n": b64u(unb64u(rsa["n"])[:128]), "e": "AQAB"}))
    c.add("rsa_leading_zero", json.dumps({"kty": "RSA", "n": b64u(b"\0" + unb64u(rsa["n"])), "e": "AQAB"}))
    c.add("oct_empty", '{"kty":"oct","k":""}')
    c.add("oct_padding", '{"kty":"oct","k":"AAA="}')
    c.add("kty_unknown", '{"kty":"Ed448","x":"AA"}')
    c.add("okp_wrong_curve", '{"kty":"OKP","crv":"P-256","x":"AAAA"}')
    c.add("duplicate_k", '{"kty":"oct","k":"AAAA","k":"BBBB"}')
    c.add("key_ops_repeated", '{"kty":"oct","k":"AAAA","key_ops":["sign","sign"]}')
    c.add("metadata", json.dumps(dict(keys["rfc7520_3_5"], key_ops=["sign", "verify"], x5c=["MIIB"], ext=True)))
    c.add("deep", '{"kty":"oct","k":"AAAA","x":' + "[" * 40 + "]" * 40 + "}")


def jwk_set():
    c = Corpus("jwk_set")
    keys = jwk_seeds()
    c.add("rfc7517_a1", cpp_constant("tests/jose/jwk.cpp", "rfc7517_a1"))
    c.add("rfc7517_a3", cpp_constant("tests/jose/jwk.cpp", "rfc7517_a3"))
    c.add("rfc7520_public", json.dumps({"keys": [keys["rfc7520_3_1"], keys["rfc7520_3_3"]]}))
    # Every key, but only one RSA private key: OpenSSL's RSA checks dominate the cost of each run.
    c.add("all_keys", json.dumps({"keys": [k for n, k in keys.items()
                                           if k["kty"] != "RSA" or "d" not in k or n == "rfc7520_3_4"]}))
    c.add("skipped_kty", json.dumps({"keys": [{"kty": "Ed448", "x": "AA"}, keys["rfc7520_3_1"],
                                              {"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"}]}))
    c.add("malformed_member", json.dumps({"keys": [keys["rfc7520_3_1"], {"kty": "oct", "k": ""}]}))
    # Multi-prime RSA (RFC 7518 §6.3.2.7 "oth") is skipped whatever "oth" holds: the smoke run found that one.
    c.add("skipped_multi_prime", json.dumps({"keys": [dict(keys["rfc7520_3_3"], oth="RS256"), keys["rfc7520_3_1"]]}))
    c.add("same_kid_twice", json.dumps({"keys": [keys["rfc7520_3_1"], keys["rfc7520_3_3"], dict(keys["rfc7520_3_5"], kid=BILBO)]}))
    c.add("keys_missing", '{"kes":[]}')
    c.add("keys_not_array", '{"keys":{}}')
    c.add("entry_not_object", '{"keys":[1]}')
    c.add("empty", '{"keys":[]}')
    c.add("extra_members", '{"keys":[],"x":1}')
    c.add("http_200", "HTTP/1.1 200 OK\nContent-Type: application/jwk-set+json\n\n" + json.dumps({"keys": [keys["rfc7520_3_1"]]}))
    c.add("http_200_text", "HTTP/1.1 200 OK\nContent-Type: text/plain\n\n{\"keys\":[]}")
    c.add("http_404", "HTTP/1.1 404 Not Found\nContent-Type: text/html\n\n<h1>no</h1>")
    c.add("http_500_error", "HTTP/1.1 500 Internal Server Error\nContent-Type: application/json\n\n{\"error\":\"server_error\"}")


# ---- client: responses from a peer --------------------------------------------------------------------------

def response(status, body, content_type="application/json", headers=()):
    reasons = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}
    lines = ["HTTP/1.1 %d %s" % (status, reasons.get(status, "Whatever"))]
    if content_type is not None:
        lines.append("Content-Type: " + content_type)
    lines += list(headers)
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False, indent=1)
    return "\n".join(lines) + "\n\n" + body


def error_response():
    c = Corpus("error_response")
    c.add("rfc6749_5_2", response(400, {"error": "invalid_request"}, "application/json;charset=UTF-8",
                                  ["Cache-Control: no-store", "Pragma: no-cache"]))
    c.add("full", response(400, {"error": "invalid_grant", "error_description": "The code has expired \u00e9",
                                 "error_uri": "https://as.example/errors#invalid_grant"}))
    c.add("invalid_client_401", response(401, {"error": "invalid_client"}, headers=['WWW-Authenticate: Basic realm="as"']))
    c.add("rfc7009_unsupported_token_type", response(400, {"error": "unsupported_token_type"}))
    c.add("rfc7009_503", response(503, {"error": "temporarily_unavailable"}, headers=["Retry-After: 60"]))
    c.add("revocation_200_empty", response(200, "", None))
    c.add("revocation_200_garbage", response(200, "<html>ok</html>", "text/html"))
    c.add("no_content_type", response(400, '{"error":"server_error"}', None))
    c.add("unregistered", response(400, {"error": "vendor_specific_error", "error_description": 7}))
    c.add("not_nqschar", response(400, '{"error":"bad\\"quote"}'))
    c.add("error_not_string", response(400, '{"error":["invalid_request"]}'))
    c.add("duplicate_error", response(400, '{"error":"invalid_scope","error":"access_denied"}'))
    c.add("html_502", response(502, "<h1>Bad Gateway</h1>", "text/html"))
    c.add("json_suffix", response(429, {"error": "slow_down"}, "application/problem+json"))
    c.add("empty", response(400, "", "application/json"))


def introspection_response():
    c = Corpus("introspection_response")
    rfc = {"active": True, "client_id": "l238j323ds-23ij4", "username": "jdoe", "scope": "read write dolphin",
           "sub": "Z5O3upPC88QrAjx00dis", "aud": "https://protected.example.net/resource",
           "iss": "https://server.example.com/", "exp": 1419356238, "iat": 1419350238, "extension_field": "twenty-seven"}
    c.add("rfc7662_2_2", response(200, rfc))
    c.add("rfc7662_inactive", response(200, {"active": False}))
    c.add("authwire_endpoint", response(200, {"active": True, "token_type": "Bearer", "scope": "mcp", "client_id": "app",
                                              "sub": "alice", "aud": ["https://mcp.example/mcp", "https://other.example/api"],
                                              "iss": "https://as.example", "exp": 1767225600, "iat": 1767222000,
                                              "nbf": 1767222000, "jti": "j-1"}))
    c.add("active_string", response(200, '{"active":"true"}'))
    c.add("aud_empty_array", response(200, {"active": True, "aud": [], "exp": 70}))  # found by the campaign
    c.add("active_missing", response(200, {"scope": "read"}))
    c.add("scope_invalid", response(200, {"active": True, "scope": "read  write\""}))
    c.add("exp_negative", response(200, {"active": True, "exp": -5}))
    c.add("aud_mixed", response(200, {"active": True, "aud": ["a", 1]}))
    c.add("unauthorized", response(401, {"error": "invalid_client"}))
    c.add("text_plain", response(200, '{"active":true}', "text/plain"))
    c.add("extensions", response(200, {"active": True, "cnf": {"x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"},
                                       "n": 1.0000000000000002, "deep": [[[{"a": None}]]]}))


def registration_response():
    c = Corpus("registration_response")
    rfc = {"client_id": "s6BhdRkqt3", "client_secret": "cf136dc3c1fc93f31185e5885805d", "client_id_issued_at": 2893256800,
           "client_secret_expires_at": 2893276800,
           "redirect_uris": ["https://client.example.org/callback", "https://client.example.org/callback2"],
           "grant_types": ["authorization_code", "refresh_token"], "client_name": "My Example Client",
           "client_name#ja-Jpan-JP": "\u30af\u30e9\u30a4\u30a2\u30f3\u30c8\u540d",
           "token_endpoint_auth_method": "client_secret_basic", "logo_uri": "https://client.example.org/logo.png",
           "jwks_uri": "https://client.example.org/my_public_keys.jwks", "example_extension_parameter": "example_value"}
    c.add("rfc7591_3_2_1", response(201, rfc))
    c.add("rfc7591_3_2_2_invalid_redirect_uri", response(400, {"error": "invalid_redirect_uri", "error_description":
                                                                "The redirection URI http://sketchy.example.com is not allowed by this server."}))
    c.add("rfc7591_3_2_2_invalid_metadata", response(400, {"error": "invalid_client_metadata", "error_description":
                                                           "The grant type 'authorization_code' must be registered along with the response type 'code' but found only 'implicit' instead."}))
    c.add("mcp_conformance_quirks", response(201, {"client_id": "abc", "client_secret": "s3cr3t",
                                                   "redirect_uris": ["http://localhost:3000/callback"]}))
    c.add("public_native", response(201, {"client_id": "pub-1", "token_endpoint_auth_method": "none", "application_type": "native",
                                          "redirect_uris": ["http://127.0.0.1/callback"], "grant_types": ["authorization_code"],
                                          "response_types": ["code"], "scope": "mcp offline_access", "client_id_issued_at": 1767222000}))
    c.add("rfc7592_management", response(201, {"client_id": "m-1", "registration_access_token": "reg-23410913-abewfq.123483",
                                               "registration_client_uri": "https://server.example.com/register/m-1"}))
    c.add("secret_never_expires", response(201, {"client_id": "c", "client_secret": "x", "client_secret_expires_at": 0}))
    c.add("secret_empty", response(201, {"client_id": "c", "client_secret": ""}))
    c.add("jwks_and_jwks_uri", response(201, {"client_id": "c", "jwks": {"keys": []}, "jwks_uri": "https://c.example/jwks"}))
    c.add("client_id_missing", response(201, {"client_secret": "x"}))
    c.add("wrong_types", response(201, {"client_id": "c", "redirect_uris": "https://c.example/cb", "client_id_issued_at": "now"}))
    c.add("status_200", response(200, {"client_id": "c"}))


def discovery_metadata():
    c = Corpus("discovery_metadata")
    rfc8414 = {"issuer": "https://server.example.com", "authorization_endpoint": "https://server.example.com/authorize",
               "token_endpoint": "https://server.example.com/token",
               "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
               "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
               "userinfo_endpoint": "https://server.example.com/userinfo", "jwks_uri": "https://server.example.com/jwks.json",
               "registration_endpoint": "https://server.example.com/register",
               "scopes_supported": ["openid", "profile", "email", "address", "phone", "offline_access"],
               "response_types_supported": ["code", "code token"],
               "service_documentation": "http://server.example.com/service_documentation.html",
               "ui_locales_supported": ["en-US", "en-GB", "en-CA", "fr-FR", "fr-CA"]}
    c.add("rfc8414_3_2", response(200, rfc8414, headers=["X-Fuzz-Expected: https://server.example.com"]))
    demo = {"issuer": "http://127.0.0.1:8080", "authorization_endpoint": "http://127.0.0.1:8080/authorize",
            "token_endpoint": "http://127.0.0.1:8080/token", "registration_endpoint": "http://127.0.0.1:8080/register",
            "revocation_endpoint": "http://127.0.0.1:8080/revoke", "introspection_endpoint": "http://127.0.0.1:8080/introspect",
            "scopes_supported": ["mcp:tools", "jobs:read"], "response_types_supported": ["code"],
            "response_modes_supported": ["query"], "grant_types_supported": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"], "authorization_response_iss_parameter_supported": True,
            "client_id_metadata_document_supported": False}
    c.add("demo_server", response(200, demo, headers=["X-Fuzz-Expected: http://127.0.0.1:8080", "X-Fuzz-Options: loopback"]))
    c.add("demo_server_no_loopback", response(200, demo, headers=["X-Fuzz-Expected: http://127.0.0.1:8080"]))
    c.add("issuer_mismatch", response(200, dict(rfc8414, issuer="https://server.example.com/"),
                                      headers=["X-Fuzz-Expected: https://server.example.com"]))
    c.add("issuer_query", response(200, dict(rfc8414, issuer="https://as.example?x=1"), headers=["X-Fuzz-Expected: https://as.example?x=1"]))
    c.add("issuer_userinfo", response(200, dict(rfc8414, issuer="https://user@as.example"), headers=["X-Fuzz-Expected: https://user@as.example"]))
    c.add("endpoint_http", response(200, dict(rfc8414, issuer="https://as.example", token_endpoint="http://as.example/token")))
    c.add("endpoint_dotted_quad_host", response(200, dict(rfc8414, issuer="https://as.example", token_endpoint="http://127.0.0.1.nip.io/token"),
                                                headers=["X-Fuzz-Options: loopback"]))
    c.add("response_types_missing", response(200, {"issuer": "https://as.example"}))
    c.add("bool_as_string", response(200, {"issuer": "https://as.example", "response_types_supported": ["code"],
                                           "require_pushed_authorization_requests": "true"}))
    c.add("not_found", response(404, "<h1>404</h1>", "text/html"))
    rfc9728 = {"resource": "https://resource.example.com", "authorization_servers": ["https://as1.example.com", "https://as2.example.net"],
               "bearer_methods_supported": ["header", "body"], "scopes_supported": ["profile", "email", "phone"],
               "resource_documentation": "https://resource.example.com/resource_documentation.html"}
    res = ["X-Fuzz-Document: resource"]
    c.add("rfc9728_3_2", response(200, rfc9728, headers=res + ["X-Fuzz-Expected: https://resource.example.com"]))
    mcp = {"resource": "https://mcp.example/mcp", "authorization_servers": ["https://as.example"], "scopes_supported": ["mcp"],
           "bearer_methods_supported": ["header"], "resource_name": "Jobs MCP"}
    c.add("mcp_exact", response(200, mcp, headers=res))
    c.add("mcp_root_prefix", response(200, dict(mcp, resource="https://mcp.example"), headers=res + ["X-Fuzz-Options: prefix"]))
    c.add("attack_other_origin", response(200, dict(mcp, resource="https://evil.example/mcp"), headers=res + ["X-Fuzz-Options: prefix"]))
    c.add("attack_suffix_host", response(200, dict(mcp, resource="https://mcp.example.evil/mcp"), headers=res + ["X-Fuzz-Options: prefix"]))
    c.add("attack_userinfo", response(200, dict(mcp, resource="https://mcp.example@evil.example/mcp"), headers=res + ["X-Fuzz-Options: prefix"]))
    c.add("attack_partial_segment", response(200, dict(mcp, resource="https://mcp.example/mc"), headers=res + ["X-Fuzz-Options: prefix"]))
    c.add("resource_http", response(200, dict(mcp, resource="http://mcp.example/mcp"), headers=res + ["X-Fuzz-Expected: http://mcp.example/mcp"]))
    c.add("as_insecure", response(200, dict(mcp, authorization_servers=["http://as.example"]), headers=res))
    c.add("loopback_resource", response(200, {"resource": "http://127.0.0.1:8080/mcp", "authorization_servers": ["http://127.0.0.1:8080"]},
                                        headers=res + ["X-Fuzz-Expected: http://127.0.0.1:8080/mcp", "X-Fuzz-Options: loopback prefix"]))


def device_response():
    c = Corpus("device_response")
    rfc = {"device_code": "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS", "user_code": "WDJB-MJHT",
           "verification_uri": "https://example.com/device", "verification_uri_complete": "https://example.com/device?user_code=WDJB-MJHT",
           "expires_in": 1800, "interval": 5}
    c.add("rfc8628_3_2", response(200, rfc))
    c.add("no_interval", response(200, {k: v for k, v in rfc.items() if k != "interval"}))
    c.add("interval_huge", response(200, dict(rfc, interval=86400)))
    c.add("interval_zero", response(200, dict(rfc, interval=0)))
    c.add("expires_in_max", response(200, dict(rfc, expires_in=9223372036854775807)))
    c.add("uri_not_http", response(200, dict(rfc, verification_uri="javascript:alert(1)")))
    c.add("uri_fragment", response(200, dict(rfc, verification_uri_complete="https://example.com/device#x")))
    c.add("device_code_empty", response(200, dict(rfc, device_code="")))
    c.add("error", response(400, {"error": "invalid_client"}))
    poll = ["X-Fuzz-Poll: 5"]
    for e in ["authorization_pending", "slow_down", "expired_token", "access_denied", "invalid_grant"]:
        c.add("poll_" + e, response(400, {"error": e}, headers=poll))
    c.add("poll_slow_down_interval_10", response(400, {"error": "slow_down"}, headers=["X-Fuzz-Poll: 10"]))
    c.add("poll_granted", response(200, {"access_token": "2YotnFZFEjr1zCsicMWpAA", "token_type": "Bearer", "expires_in": 3600,
                                         "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"}, headers=poll))
    c.add("poll_granted_error_200", response(200, {"error": "authorization_pending"}, headers=poll))


def par_response():
    c = Corpus("par_response")
    c.add("rfc9126_2_2", response(201, {"request_uri": "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c",
                                        "expires_in": 60}, headers=["Cache-Control: no-cache, no-store"]))
    c.add("attack_injection", response(201, {"request_uri": "x&client_id=evil&redirect_uri=https://evil.example#frag",
                                             "expires_in": 60}))
    c.add("request_uri_unicode", response(201, {"request_uri": "urn:x:\u00e9 %2B+", "expires_in": 1}))
    c.add("rfc9126_2_3", response(400, {"error": "invalid_request", "error_description": "The redirect_uri is not valid for the given client"}))
    c.add("expires_in_zero", response(201, {"request_uri": "urn:x", "expires_in": 0}))
    c.add("expires_in_string", response(201, {"request_uri": "urn:x", "expires_in": "60"}))
    c.add("expires_in_double", response(201, {"request_uri": "urn:x", "expires_in": 60.0}))
    c.add("status_200", response(200, {"request_uri": "urn:x", "expires_in": 60}))
    c.add("request_uri_missing", response(201, {"expires_in": 60}))
    c.add("rate_limited", response(429, "", None, ["Retry-After: 5"]))


# ---- server: requests from a peer ---------------------------------------------------------------------------
# Placeholders ({code0} …) are expanded by fuzz/server_support.hpp's world: code0 (public-app, S256, redirect
# http://127.0.0.1:53682/callback, sent in the request), code1 (app, S256, redirect_uri not in the request),
# code2 (app, issued without PKCE); verifier0/1; rt0 (public-app), rt1 (app); at0 (public-app), at1 (app),
# at2 (cc-app, client_credentials).

from urllib.parse import quote, urlencode


def basic(client_id, secret):
    return "Basic " + base64.b64encode((quote(client_id, safe="") + ":" + quote(secret, safe="")).encode()).decode()


def request(method, target, headers=(), body=""):
    return "\n".join(["%s %s HTTP/1.1" % (method, target)] + list(headers)) + "\n\n" + body


FORM = "Content-Type: application/x-www-form-urlencoded"
APP = basic("app", "app-secret")
CC = basic("cc-app", "cc-secret")
RS = basic("resource-server", "rs-secret")
POST_SECRET = "post secret+&=%"


def form_body(pairs):
    return urlencode(pairs).replace("%7B", "{").replace("%7D", "}")


def token_request():
    c = Corpus("token_request")
    post = lambda name, pairs, headers=(FORM,): c.add(name, request("POST", "/token", headers, form_body(pairs)))
    post("code_public", [("grant_type", "authorization_code"), ("code", "{code0}"),
                         ("redirect_uri", "http://127.0.0.1:53682/callback"), ("code_verifier", "{verifier0}"), ("client_id", "public-app")])
    post("code_basic_no_redirect", [("grant_type", "authorization_code"), ("code", "{code1}"), ("code_verifier", "{verifier1}"),
                                    ("resource", "https://mcp.example/mcp")], (FORM, "Authorization: " + APP))
    post("code_downgrade_no_challenge", [("grant_type", "authorization_code"), ("code", "{code2}"), ("code_verifier", "{verifier1}"),
                                         ("redirect_uri", "https://app.example/callback")], (FORM, "Authorization: " + APP))
    post("code_wrong_verifier", [("grant_type", "authorization_code"), ("code", "{code0}"), ("code_verifier", "{verifier1}"),
                                 ("redirect_uri", "http://127.0.0.1:53682/callback"), ("client_id", "public-app")])
    post("code_no_verifier", [("grant_type", "authorization_code"), ("code", "{code0}"),
                              ("redirect_uri", "http://127.0.0.1:53682/callback"), ("client_id", "public-app")])
    post("code_wrong_redirect", [("grant_type", "authorization_code"), ("code", "{code0}"), ("code_verifier", "{verifier0}"),
                                 ("redirect_uri", "http://127.0.0.1:1/callback"), ("client_id", "public-app")])
    post("code_other_client", [("grant_type", "authorization_code"), ("code", "{code1}"), ("code_verifier", "{verifier1}"),
                               ("client_id", "public-app")])
    post("code_resource_not_granted", [("grant_type", "authorization_code"), ("code", "{code0}"), ("code_verifier", "{verifier0}"),
                                       ("redirect_uri", "http://127.0.0.1:53682/callback"), ("client_id", "public-app"),
                                       ("resource", "https://other.example/api")])
    post("refresh_public", [("grant_type", "refresh_token"), ("refresh_token", "{rt0}"), ("client_id", "public-app")])
    post("refresh_basic_narrow", [("grant_type", "refresh_token"), ("refresh_token", "{rt1}"), ("scope", "mcp"),
                                  ("resource", "https://other.example/api")], (FORM, "Authorization: " + APP))
    post("refresh_widen", [("grant_type", "refresh_token"), ("refresh_token", "{rt0}"), ("scope", "mcp admin"), ("client_id", "public-app")])
    post("refresh_other_client", [("grant_type", "refresh_token"), ("refresh_token", "{rt1}"), ("client_id", "public-app")])
    post("client_credentials_basic", [("grant_type", "client_credentials"), ("scope", "admin")], (FORM, "Authorization: " + CC))
    post("client_credentials_post", [("grant_type", "client_credentials"), ("client_id", "post-app"), ("client_secret", POST_SECRET)])
    post("client_credentials_public", [("grant_type", "client_credentials"), ("client_id", "public-app")])
    post("client_credentials_wrong_secret", [("grant_type", "client_credentials")], (FORM, "Authorization: " + basic("cc-app", "cc-secreT")))
    c.add("rfc6749_4_1_3", request("POST", "/token", ["Host: server.example.com", "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW",
                                                      "Content-Type: application/x-www-form-urlencoded"],
                                   "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=https%3A%2F%2Fclient%2Eexample%2Ecom%2Fcb"))
    c.add("rfc6749_6", request("POST", "/token", ["Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW", FORM],
                               "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA"))
    c.add("get", request("GET", "/token?grant_type=client_credentials", ["Authorization: " + CC]))
    c.add("json_body", request("POST", "/token", ["Content-Type: application/json", "Authorization: " + CC], '{"grant_type":"client_credentials"}'))
    c.add("content_type_params", request("POST", "/token", ["Content-Type: Application/X-WWW-Form-URLEncoded ; charset=UTF-8", "Authorization: " + CC],
                                         "grant_type=client_credentials"))
    post("malformed_form", [], (FORM, "Authorization: " + CC))
    c.add("malformed_escape", request("POST", "/token", [FORM, "Authorization: " + CC], "grant_type=client%ZZcredentials"))
    post("repeated_grant_type", [("grant_type", "client_credentials"), ("grant_type", "authorization_code")], (FORM, "Authorization: " + CC))
    post("two_authorization_headers", [("grant_type", "client_credentials")], (FORM, "Authorization: " + CC, "Authorization: " + APP))
    post("basic_and_post", [("grant_type", "client_credentials"), ("client_secret", "cc-secret")], (FORM, "Authorization: " + CC))
    post("client_id_mismatch", [("grant_type", "client_credentials"), ("client_id", "app")], (FORM, "Authorization: " + CC))
    post("client_assertion", [("grant_type", "client_credentials"), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                              ("client_assertion", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJjYy1hcHAifQ.c2ln")])
    post("unsupported_grant", [("grant_type", "password"), ("username", "johndoe"), ("password", "A3ddj3w"), ("client_id", "public-app")])
    post("device_code_grant", [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", "x"), ("client_id", "public-app")])
    post("no_grant_type", [("client_id", "public-app")])
    post("no_client", [("grant_type", "client_credentials")])
    post("bearer_scheme", [("grant_type", "client_credentials")], (FORM, "Authorization: Bearer {at2}"))
    post("unknown_scope", [("grant_type", "client_credentials"), ("scope", "mcp root")], (FORM, "Authorization: " + CC))
    post("unknown_resource", [("grant_type", "client_credentials"), ("resource", "https://evil.example/")], (FORM, "Authorization: " + CC))


CHALLENGE0 = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # RFC 7636 App. B: S256 of {verifier0}


def authorization_request():
    c = Corpus("authorization_request")
    get = lambda name, pairs: c.add(name, request("GET", "/authorize?" + urlencode(pairs)))
    pkce = [("code_challenge", CHALLENGE0), ("code_challenge_method", "S256")]
    public = [("response_type", "code"), ("client_id", "public-app")]
    c.add("rfc6749_4_1_1", request("GET", "/authorize?response_type=code&client_id=s6BhdRkqt3&state=xyz"
                                          "&redirect_uri=https%3A%2F%2Fclient%2Eexample%2Ecom%2Fcb", ["Host: server.example.com"]))
    get("public_loopback_port", public + [("redirect_uri", "http://127.0.0.1:53682/callback")] + pkce +
        [("state", "af0ifjsldkj"), ("scope", "mcp"), ("resource", "https://mcp.example/mcp")])
    get("app_default_redirect", [("response_type", "code"), ("client_id", "app"), ("scope", "mcp admin")] + pkce +
        [("resource", "https://mcp.example/mcp"), ("resource", "https://other.example/api"), ("nonce", "n-0S6_WzA2Mj")])
    get("post_app_redirect_query", [("response_type", "code"), ("client_id", "post-app"), ("redirect_uri", "https://post.example/cb?x=1")] +
        pkce + [("state", "s p&c=e")])
    get("native_ipv6_port", [("response_type", "code"), ("client_id", "native-app"), ("redirect_uri", "http://[::1]:1/cb")] + pkce)
    get("localhost_other_port", public + [("redirect_uri", "http://localhost:8081/cb")] + pkce)
    get("localhost_exact", public + [("redirect_uri", "http://localhost:8080/cb")] + pkce + [("response_mode", "query")])
    for name, uri in [("evil", "https://evil.example/"), ("dot_segment", "https://app.example/callback/../evil"),
                      ("extra_query", "https://app.example/callback?x"), ("fragment", "https://app.example/callback#frag"),
                      ("userinfo", "https://app.example@evil.example/callback"), ("suffix_host", "https://app.example.evil.example/callback"),
                      ("dotted_quad_host", "http://127.0.0.1.nip.io/callback"), ("scheme_case", "HTTP://127.0.0.1:1/callback"),
                      ("numeric_host", "http://127.1:5/callback"), ("ipv6_long", "http://[0:0:0:0:0:0:0:1]:53682/cb"),
                      ("encoded_slash", "https://app.example/callback%2F..%2Fevil"), ("backslash", "https://app.example\\@evil.example/callback"),
                      ("port_zero_lead", "http://127.0.0.1:053682/callback"), ("trailing_slash", "https://app.example/callback/")]:
        get("redirect_" + name, [("response_type", "code"), ("client_id", "app" if "127" not in uri and "::" not in uri else "public-app"),
                                 ("redirect_uri", uri)] + pkce + [("state", "xyz")])
    get("pkce_missing", public + [("redirect_uri", "http://127.0.0.1/callback"), ("state", "1")])
    get("pkce_plain", public + [("redirect_uri", "http://127.0.0.1/callback"), ("code_challenge", CHALLENGE0),
                                ("code_challenge_method", "plain")])
    get("pkce_method_missing", public + [("redirect_uri", "http://127.0.0.1/callback"), ("code_challenge", CHALLENGE0)])
    get("pkce_short", public + [("redirect_uri", "http://127.0.0.1/callback"), ("code_challenge", CHALLENGE0[:42]),
                                ("code_challenge_method", "S256")])
    get("response_type_token", [("response_type", "token"), ("client_id", "public-app"), ("redirect_uri", "http://127.0.0.1/callback")] + pkce)
    get("response_type_missing", [("client_id", "public-app"), ("redirect_uri", "http://127.0.0.1/callback"), ("state", "x")] + pkce)
    get("response_mode_fragment", public + [("redirect_uri", "http://127.0.0.1/callback"), ("response_mode", "fragment")] + pkce)
    get("scope_repeated", public + [("redirect_uri", "http://127.0.0.1/callback"), ("scope", "mcp"), ("scope", "admin")] + pkce)
    get("scope_unknown", public + [("redirect_uri", "http://127.0.0.1/callback"), ("scope", "mcp root")] + pkce)
    get("scope_outside_client", [("response_type", "code"), ("client_id", "native-app"), ("scope", "admin")] + pkce)
    get("resource_unknown", public + [("redirect_uri", "http://127.0.0.1/callback"), ("resource", "https://evil.example/")] + pkce)
    get("state_crlf", public + [("redirect_uri", "http://127.0.0.1/callback"), ("state", "x\r\nLocation: https://evil.example")])
    get("state_html", [("response_type", "token"), ("client_id", "public-app"), ("redirect_uri", "http://127.0.0.1/callback"),
                       ("state", "<script>alert(1)</script>")])
    get("client_id_html", [("response_type", "code"), ("client_id", "<script>alert(1)</script>")] + pkce)
    get("client_id_repeated", [("response_type", "code"), ("client_id", "app"), ("client_id", "public-app")] + pkce)
    get("client_id_missing", [("response_type", "code")] + pkce)
    get("redirect_repeated", public + [("redirect_uri", "http://127.0.0.1/callback"), ("redirect_uri", "https://evil.example/")] + pkce)
    get("cc_client", [("response_type", "code"), ("client_id", "cc-app")] + pkce)
    get("two_registered_none_sent", public + pkce)
    c.add("post_form", request("POST", "/authorize", [FORM], urlencode(public + [("redirect_uri", "http://127.0.0.1:9/callback")] + pkce)))
    c.add("post_json", request("POST", "/authorize", ["Content-Type: application/json"], '{"client_id":"public-app"}'))
    c.add("put", request("PUT", "/authorize?" + urlencode(public + pkce)))
    c.add("malformed_query", request("GET", "/authorize?client_id=%zz&response_type=code"))


def client_authentication():
    c = Corpus("client_authentication")
    body = "grant_type=client_credentials"
    auth = lambda name, headers, b=body: c.add(name, request("POST", "/token", [FORM] + headers, b))
    auth("basic_app", ["Authorization: " + APP])
    auth("basic_lowercase_spaces", ["Authorization: basic   " + APP[6:]])
    auth("basic_no_padding", ["Authorization: " + APP.rstrip("=")])
    auth("basic_wrong_secret", ["Authorization: " + basic("app", "app-secreT")])
    auth("basic_unknown_client", ["Authorization: " + basic("nobody", "app-secret")])
    auth("basic_for_post_client", ["Authorization: " + basic("post-app", POST_SECRET)])
    auth("basic_for_public_client", ["Authorization: " + basic("public-app", "")])
    auth("basic_raw_secret_not_encoded", ["Authorization: Basic " + base64.b64encode(b"post-app:" + POST_SECRET.encode()).decode()])
    auth("rfc6749_2_3_1", ["Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"])
    auth("basic_no_colon", ["Authorization: Basic YXBw"])
    auth("basic_empty_id", ["Authorization: Basic OmFwcC1zZWNyZXQ="])
    auth("basic_not_base64", ["Authorization: Basic !!!!"])
    auth("basic_and_body_secret", ["Authorization: " + APP], body + "&client_secret=app-secret")
    auth("basic_and_other_client_id", ["Authorization: " + APP], body + "&client_id=public-app")
    auth("basic_and_same_client_id", ["Authorization: " + APP], body + "&client_id=app")
    auth("two_authorization", ["Authorization: " + APP, "Authorization: " + CC])
    auth("bearer_scheme", ["Authorization: Bearer x"])
    auth("post_canonical", [], body + "&" + urlencode([("client_id", "post-app"), ("client_secret", POST_SECRET)]))
    auth("post_wrong_secret", [], body + "&client_id=post-app&client_secret=post+secret")
    auth("post_for_basic_client", [], body + "&client_id=app&client_secret=app-secret")
    auth("public_client_id", [], body + "&client_id=public-app")
    auth("confidential_without_secret", [], body + "&client_id=app")
    auth("client_id_repeated", [], body + "&client_id=public-app&client_id=native-app")
    auth("client_assertion", [], body + "&client_id=app&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=x.y.z")
    auth("assertion_type_alone", [], body + "&client_assertion_type&client_id=public-app")  # found by the smoke run
    auth("nothing", [])
    auth("methods_basic_only_public", ["X-Fuzz-Methods: basic"], body + "&client_id=public-app")
    auth("methods_none_only_basic", ["X-Fuzz-Methods: none", "Authorization: " + APP])


def bearer():
    c = Corpus("bearer")
    rpc = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'
    call = lambda name, headers, target="/mcp", method="POST", b=rpc: c.add(
        name, request(method, target, ["Content-Type: application/json"] + headers, b))
    call("at0", ["Authorization: Bearer {at0}"])
    call("at1_admin", ["Authorization: Bearer {at1}", "X-Fuzz-Scope: admin mcp"])
    call("at2_wrong_audience", ["Authorization: Bearer {at2}"])
    call("at0_insufficient_scope", ["Authorization: Bearer {at0}", "X-Fuzz-Scope: admin"])
    call("at0_family_revoked", ["Authorization: Bearer {at0}", "X-Fuzz-Revoke: family"])
    call("at0_jti_revoked", ["Authorization: Bearer {at0}", "X-Fuzz-Revoke: jti"])
    call("no_token", [])
    call("lowercase_spaces", ["Authorization: bearer   {at0}  "])
    call("tab", ["Authorization: Bearer\t{at0}"])
    call("scheme_only", ["Authorization: Bearer"])
    call("two_tokens", ["Authorization: Bearer {at0} {at1}"])
    call("basic_scheme", ["Authorization: " + APP])
    call("dpop_scheme", ["Authorization: DPoP {at0}", "DPoP: eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.sig"])
    call("two_headers", ["Authorization: Bearer {at0}", "Authorization: Bearer {at1}"])
    call("bad_characters", ["Authorization: Bearer abc,def"])
    call("padding", ["Authorization: Bearer abc=="])
    call("tampered", ["Authorization: Bearer {at0}A"])
    call("query_token", [], "/mcp?access_token={at0}", "GET", "")
    c.add("body_token", request("POST", "/mcp", [FORM], "access_token={at0}"))
    call("no_scope_required", ["Authorization: Bearer {at2}", "X-Fuzz-Scope: "])


def access_token():
    c = Corpus("access_token")
    for n in ["at0", "at1", "at2", "opaque0"]:
        c.add(n, "{%s}" % n)
    c.add("at0_appended", "{at0}A")
    c.add("opaque_shaped", "A" * 43)
    c.add("nested_vector_other_keys", NESTED["token"])
    sig = b"s" * 32
    now = 1767222000
    claims = {"iss": "https://as.example", "sub": "mallory", "aud": ["https://mcp.example/mcp"], "iat": now, "exp": now + 3600,
              "jti": "forged", "client_id": "app", "scope": "mcp admin"}
    head = {"alg": "HS256", "kid": "s1", "typ": "at+jwt"}
    c.add("encrypt_signed_properly", "#" + jws_hs256(sig, head, json.dumps(claims)))
    c.add("encrypt_signed_with_jwe_key", "#" + jws_hs256(b"e" * 32, head, json.dumps(claims)))
    c.add("encrypt_alg_none", "#" + b64u(json.dumps({"alg": "none", "typ": "at+jwt"})) + "." + b64u(json.dumps(claims)) + ".")
    c.add("encrypt_typ_jwt", "#" + jws_hs256(sig, dict(head, typ="JWT"), json.dumps(claims)))
    c.add("encrypt_expired", "#" + jws_hs256(sig, head, json.dumps(dict(claims, exp=now))))
    c.add("encrypt_wrong_issuer", "#" + jws_hs256(sig, head, json.dumps(dict(claims, iss="https://evil.example"))))
    c.add("encrypt_no_client_id", "#" + jws_hs256(sig, head, json.dumps({k: v for k, v in claims.items() if k != "client_id"})))
    c.add("encrypt_client_id_number", "#" + jws_hs256(sig, head, json.dumps(dict(claims, client_id=7))))
    c.add("encrypt_iat_future", "#" + jws_hs256(sig, head, json.dumps(dict(claims, iat=now + 1))))


def introspection():
    c = Corpus("introspection")
    post = lambda name, headers, pairs: c.add(name, request("POST", "/introspect", [FORM] + headers, form_body(pairs)))
    post("rs_at0", ["Authorization: " + RS], [("token", "{at0}")])
    post("rs_rt1_hint", ["Authorization: " + RS], [("token", "{rt1}"), ("token_type_hint", "refresh_token")])
    post("app_own_rt1", ["Authorization: " + APP], [("token", "{rt1}")])
    post("app_other_at0", ["Authorization: " + APP], [("token", "{at0}")])
    post("public_not_allowed", [], [("token", "{at0}"), ("client_id", "public-app")])
    post("public_allowed", ["X-Fuzz-Public: 1"], [("token", "{at0}"), ("client_id", "public-app")])
    post("revoked_family_at0", ["Authorization: " + RS, "X-Fuzz-Revoke: family"], [("token", "{at0}")])
    post("revoked_family_rt0", ["Authorization: " + RS, "X-Fuzz-Revoke: family"], [("token", "{rt0}")])
    post("cc_at2", ["Authorization: " + CC], [("token", "{at2}"), ("token_type_hint", "access_token")])
    post("unknown", ["Authorization: " + RS], [("token", "mF_9.B5f-4.1JqM")])
    post("token_missing", ["Authorization: " + RS], [("token_type_hint", "access_token")])
    post("token_repeated", ["Authorization: " + RS], [("token", "{at0}"), ("token", "{at1}")])
    c.add("rfc7662_2_1", request("POST", "/introspect", ["Host: server.example.com", "Accept: application/json", FORM,
                                                         "Authorization: Bearer 23410913-abewfq.123483"], "token=2YotnFZFEjr1zCsicMWpAA"))
    c.add("get", request("GET", "/introspect?token={at0}", ["Authorization: " + RS]))
    c.add("json_body", request("POST", "/introspect", ["Content-Type: application/json", "Authorization: " + RS], '{"token":"x"}'))


def revocation():
    c = Corpus("revocation")
    post = lambda name, headers, pairs: c.add(name, request("POST", "/revoke", [FORM] + headers, form_body(pairs)))
    post("public_at0", [], [("token", "{at0}"), ("token_type_hint", "access_token"), ("client_id", "public-app")])
    post("public_rt0", [], [("token", "{rt0}"), ("token_type_hint", "refresh_token"), ("client_id", "public-app")])
    post("app_rt1_wrong_hint", ["Authorization: " + APP], [("token", "{rt1}"), ("token_type_hint", "access_token")])
    post("app_foreign_rt0", ["Authorization: " + APP], [("token", "{rt0}")])
    post("app_foreign_at0", ["Authorization: " + APP], [("token", "{at0}")])
    post("cc_at2", ["Authorization: " + CC], [("token", "{at2}")])
    post("unknown", [], [("token", "45ghiukldjahdnhzdauz"), ("client_id", "public-app")])
    c.add("rfc7009_2_1", request("POST", "/revoke", ["Host: server.example.com", FORM, "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"],
                                 "token=45ghiukldjahdnhzdauz&token_type_hint=refresh_token"))
    post("token_repeated", [], [("token", "{at0}"), ("token", "{rt0}"), ("client_id", "public-app")])
    post("token_empty", [], [("token", ""), ("client_id", "public-app")])
    post("hint_unknown", [], [("token", "{rt0}"), ("token_type_hint", "id_token"), ("client_id", "public-app")])
    post("no_client", [], [("token", "{at0}")])
    c.add("get", request("GET", "/revoke?token={at0}&client_id=public-app"))


def registration():
    c = Corpus("registration")
    reg = lambda name, body, headers=("Content-Type: application/json",): c.add(
        name, request("POST", "/register", list(headers), body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)))
    reg("rfc7591_3_1", {"redirect_uris": ["https://client.example.org/callback", "https://client.example.org/callback2"],
                        "client_name": "My Example Client", "client_name#ja-Jpan-JP": "\u30af\u30e9\u30a4\u30a2\u30f3\u30c8\u540d",
                        "token_endpoint_auth_method": "client_secret_basic", "logo_uri": "https://client.example.org/logo.png",
                        "jwks_uri": "https://client.example.org/my_public_keys.jwks", "example_extension_parameter": "example_value"})
    reg("mcp_native_public", {"redirect_uris": ["http://127.0.0.1:53682/callback"], "token_endpoint_auth_method": "none",
                              "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
                              "client_name": "Claude Code", "application_type": "native", "scope": "mcp"})
    reg("client_credentials_post", {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_post", "scope": "admin"})
    reg("public_client_credentials", {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "none"})
    reg("redirect_insecure", {"redirect_uris": ["http://evil.example/cb"]})
    reg("redirect_fragment", {"redirect_uris": ["https://c.example/cb#x"]})
    reg("redirect_userinfo", {"redirect_uris": ["https://c.example@evil.example/cb"]})
    reg("redirect_missing", {"client_name": "x"})
    reg("response_type_token", {"redirect_uris": ["https://c.example/cb"], "response_types": ["token"]})
    reg("grant_implicit", {"redirect_uris": ["https://c.example/cb"], "grant_types": ["implicit"]})
    reg("refresh_without_code", {"grant_types": ["refresh_token", "client_credentials"]})
    reg("private_key_jwt", {"redirect_uris": ["https://c.example/cb"], "token_endpoint_auth_method": "private_key_jwt"})
    reg("scope_unsupported", {"redirect_uris": ["https://c.example/cb"], "scope": "mcp root"})
    reg("jwks_and_uri", {"redirect_uris": ["https://c.example/cb"], "jwks": {"keys": []}, "jwks_uri": "https://c.example/k"})
    reg("software_statement", {"redirect_uris": ["https://c.example/cb"], "software_statement": "eyJhbGciOiJSUzI1NiJ9.eyJzb2Z0d2FyZV9pZCI6IjQifQ.c2ln"})
    reg("duplicate_member", '{"redirect_uris":["https://c.example/cb"],"redirect_uris":["https://evil.example/"]}')
    reg("not_object", '["https://c.example/cb"]')
    reg("wrong_types", {"redirect_uris": "https://c.example/cb", "grant_types": [1]})
    reg("too_many_contacts", {"redirect_uris": ["https://c.example/cb"], "contacts": ["a%d@example.com" % i for i in range(17)]})
    reg("name_crlf", {"redirect_uris": ["https://c.example/cb"], "client_name": "x\r\nSet-Cookie: a=b", "client_uri": "https://c.example/<script>"})
    reg("text_plain", {"redirect_uris": ["https://c.example/cb"]}, ("Content-Type: text/plain",))
    reg("json_charset", {"redirect_uris": ["https://c.example/cb"]}, ("Content-Type: Application/JSON; charset=utf-8",))
    reg("empty", "")
    c.add("get", request("GET", "/register"))


def redirect_uri():
    c = Corpus("redirect_uri")
    lines = {
        "loopback_port_variant": ["http://127.0.0.1:53682/callback", "http://127.0.0.1/callback"],
        "ipv6_port_variant": ["http://[::1]:1/cb", "http://[::1]/cb"],
        "localhost_other_port": ["http://localhost:1/cb", "http://localhost:8080/cb"],
        "exact": ["https://app.example/cb", "https://other.example/cb", "https://app.example/cb"],
        "trailing_slash": ["https://app.example/cb/", "https://app.example/cb"],
        "host_case": ["https://APP.example/cb", "https://app.example/cb"],
        "scheme_case": ["HTTPS://app.example/cb", "https://app.example/cb"],
        "default_port": ["https://app.example:443/cb", "https://app.example/cb"],
        "dot_segment": ["https://app.example/a/../cb", "https://app.example/a/../cb"],
        "encoded_dot_segment": ["https://app.example/%2e%2E/cb", "https://app.example/cb"],
        "encoded_slash": ["https://app.example/cb%2F..%2Fx", "https://app.example/cb"],
        "encoded_backslash": ["https://app.example/cb%5c", "https://app.example/cb"],
        "userinfo": ["https://app.example@evil.example/cb", "https://app.example@evil.example/cb"],
        "empty_userinfo": ["https://@app.example/cb", "https://app.example/cb"],
        "ipv6_not_canonical": ["http://[0:0:0:0:0:0:0:1]/cb", "http://[::1]/cb"],
        "dotted_quad_host": ["http://127.0.0.1.nip.io/cb", "http://127.0.0.1/cb"],
        "numeric_hosts": ["http://127.1/cb", "http://2130706433/cb", "http://0x7f.1/cb"],
        "https_dotted_quad_name": ["https://1.2.3.4.example.com/cb", "https://1.2.3.4.example.com/cb"],
        "query_exact": ["https://app.example/cb?x=1", "https://app.example/cb?x=1"],
        "query_differs": ["https://app.example/cb?x=2", "https://app.example/cb?x=1"],
        "loopback_query_variant": ["http://127.0.0.1:5/cb?a=b", "http://127.0.0.1/cb?a=b"],
        "port_leading_zero": ["http://127.0.0.1:053682/cb", "http://127.0.0.1/cb"],
        "port_empty": ["http://127.0.0.1:/cb", "http://127.0.0.1/cb"],
        "port_too_big": ["http://127.0.0.1:65536/cb", "http://127.0.0.1/cb"],
        "registered_invalid": ["http://evil.example/cb", "http://evil.example/cb"],
        "javascript": ["javascript:alert(1)", "javascript:alert(1)"],
        "backslash": ["https://app.example\\@evil.example/cb", "https://app.example/cb"],
        "fragment": ["https://app.example/cb#x", "https://app.example/cb#x"],
        "space": ["https://app.example/c b", "https://app.example/c b"],
        "single_registered": [""],
    }
    for name, l in lines.items():
        c.add(name, "\n".join(l))
    c.add("private_use", "#private\ncom.example.app:/oauth2redirect\ncom.example.app:/oauth2redirect")
    c.add("private_use_authority", "#private\ncom.example.app://host/cb\ncom.example.app://host/cb")
    c.add("private_use_no_dot", "#private\nmyapp:/cb\nmyapp:/cb")
    c.add("private_use_not_allowed", "com.example.app:/cb\ncom.example.app:/cb")
    c.add("localhost_refused", "#nolocalhost\nhttp://localhost/cb\nhttp://localhost/cb")
    c.add("too_long", "https://app.example/" + "a" * 2100 + "\nhttps://app.example/")


TARGETS = {"jws": jws, "jwe": jwe, "nested": nested, "jwt_claims": jwt_claims, "jwk": jwk, "jwk_set": jwk_set,
           "error_response": error_response, "introspection_response": introspection_response,
           "registration_response": registration_response, "discovery_metadata": discovery_metadata,
           "device_response": device_response, "par_response": par_response, "token_request": token_request,
           "authorization_request": authorization_request, "client_authentication": client_authentication,
           "bearer": bearer, "access_token": access_token, "introspection": introspection, "revocation": revocation,
           "registration": registration, "redirect_uri": redirect_uri}

if __name__ == "__main__":
    import sys
    for name in sys.argv[1:] or TARGETS:
        TARGETS[name]()
        print("wrote fuzz/corpus/" + name)
