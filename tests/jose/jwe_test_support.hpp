#pragma once
// authwire tests — helpers shared by the JWE tests: hex, byte views, vector files, a fixed random source.

#include <authwire/core/base64.hpp>
#include <authwire/core/json.hpp>

#include <authwire/core/detail/openssl.hpp>

#include "test_data_dir.hpp"

#include <boost/json.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cstddef>
#include <fstream>
#include <memory>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jwe_test {

using bytes = std::vector<unsigned char>;

inline bytes hex(std::string_view h) {
    bytes out;
    auto nibble = [](char c) -> unsigned {
        if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
        if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
        if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
        throw std::invalid_argument("not hex");
    };
    std::string digits;
    for (char c : h)
        if (c != ' ' && c != '\n') digits.push_back(c);
    if (digits.size() % 2 != 0) throw std::invalid_argument("odd hex");
    for (std::size_t i = 0; i < digits.size(); i += 2)
        out.push_back(static_cast<unsigned char>(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
    return out;
}

inline bytes b64u(std::string_view s) {
    auto r = authwire::base64url_decode(s);
    if (!r) throw std::invalid_argument("bad base64url in a test vector");
    return bytes(r->begin(), r->end());
}

inline bytes of(std::string_view s) { return bytes(s.begin(), s.end()); }

inline std::string str(std::span<unsigned char const> b) { return std::string(b.begin(), b.end()); }

inline std::span<unsigned char const> view(std::string_view s) {
    return {reinterpret_cast<unsigned char const*>(s.data()), s.size()};
}

/// The text of tests/<relative>.
inline std::string read_text(std::string const& relative) {
    std::ifstream in(authwire_test::test_data_dir() + "/" + relative, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test data " + relative);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A JSON test vector file under tests/jose/vectors/.
inline boost::json::object read_vector(std::string const& name) {
    return boost::json::parse(read_text("jose/vectors/" + name)).as_object();
}

/// A random_source callable that hands out fixed bytes in order (and fails when they run out).
struct fixed_bytes {
    bytes data;
    std::size_t used = 0;
    bool operator()(std::span<unsigned char> out) {
        if (data.size() - used < out.size()) return false;
        for (auto& b : out) b = data[used++];
        return true;
    }
};

// ---- test-only key construction from JWK members (the library's own JWK parser is tested elsewhere) ----------

inline std::string member(boost::json::object const& o, char const* name) {
    return std::string(o.at(name).as_string());
}

struct bn_deleter {
    void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
using bn_ptr = std::unique_ptr<BIGNUM, bn_deleter>;

inline bn_ptr bn(std::string const& b64) {
    auto const raw = b64u(b64);
    return bn_ptr(BN_bin2bn(raw.data(), static_cast<int>(raw.size()), nullptr));
}

struct param_bld_deleter {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct params_deleter {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};

inline authwire::detail::evp_pkey_ptr fromdata(char const* type, OSSL_PARAM_BLD* bld, bool with_private) {
    std::unique_ptr<OSSL_PARAM, params_deleter> params(OSSL_PARAM_BLD_to_param(bld));
    authwire::detail::evp_pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        throw std::runtime_error("test key construction failed");
    return authwire::detail::evp_pkey_ptr(key);
}

/// An RSA key from JWK members n, e and, when present, d, p, q, dp, dq, qi.
inline authwire::detail::evp_pkey_ptr rsa_key(boost::json::object const& jwk) {
    std::unique_ptr<OSSL_PARAM_BLD, param_bld_deleter> bld(OSSL_PARAM_BLD_new());
    std::vector<bn_ptr> keep;
    auto push = [&](char const* param, char const* name) {
        keep.push_back(bn(member(jwk, name)));
        OSSL_PARAM_BLD_push_BN(bld.get(), param, keep.back().get());
    };
    push(OSSL_PKEY_PARAM_RSA_N, "n");
    push(OSSL_PKEY_PARAM_RSA_E, "e");
    bool const priv = jwk.contains("d");
    if (priv) {
        push(OSSL_PKEY_PARAM_RSA_D, "d");
        push(OSSL_PKEY_PARAM_RSA_FACTOR1, "p");
        push(OSSL_PKEY_PARAM_RSA_FACTOR2, "q");
        push(OSSL_PKEY_PARAM_RSA_EXPONENT1, "dp");
        push(OSSL_PKEY_PARAM_RSA_EXPONENT2, "dq");
        push(OSSL_PKEY_PARAM_RSA_COEFFICIENT1, "qi");
    }
    return fromdata("RSA", bld.get(), priv);
}

/// An EC (P-256/384/521) or OKP (X25519) key from JWK members crv, x, y and, when present, d.
inline authwire::detail::evp_pkey_ptr ec_key(boost::json::object const& jwk) {
    auto const crv = member(jwk, "crv");
    bool const priv = jwk.contains("d");
    std::unique_ptr<OSSL_PARAM_BLD, param_bld_deleter> bld(OSSL_PARAM_BLD_new());
    if (crv == "X25519") {
        auto const x = b64u(member(jwk, "x"));
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, x.data(), x.size());
        bytes d;
        if (priv) {
            d = b64u(member(jwk, "d"));
            OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.data(), d.size());
        }
        return fromdata("X25519", bld.get(), priv);
    }
    char const* group = crv == "P-256" ? "P-256" : crv == "P-384" ? "P-384" : "P-521";
    bytes point{0x04};
    auto const x = b64u(member(jwk, "x"));
    auto const y = b64u(member(jwk, "y"));
    point.insert(point.end(), x.begin(), x.end());
    point.insert(point.end(), y.begin(), y.end());
    OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
    OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    bn_ptr d;
    if (priv) {
        d = bn(member(jwk, "d"));
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get());
    }
    return fromdata("EC", bld.get(), priv);
}

} // namespace jwe_test
