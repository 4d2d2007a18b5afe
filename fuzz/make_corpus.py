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


TARGETS = {"jws": jws, "jwe": jwe, "nested": nested, "jwt_claims": jwt_claims, "jwk": jwk, "jwk_set": jwk_set}

if __name__ == "__main__":
    import sys
    for name in sys.argv[1:] or TARGETS:
        TARGETS[name]()
        print("wrote fuzz/corpus/" + name)
