#pragma once
// authwire — the definitions of <authwire/core/location.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/location.hpp>

namespace authwire {

AUTHWIRE_DECL result<boost::urls::url> resolve_location(boost::urls::url_view target, std::string_view location,
                                                        location_options const& opt) noexcept {
    try {
        if (!target.has_scheme()) return error::invalid_url;
        if (location.empty()) return error::malformed_header;
        auto ref = boost::urls::parse_uri_reference(location);
        if (!ref) return error::malformed_header;
        boost::urls::url out;
        if (boost::urls::resolve(target, *ref, out).has_error()) return error::malformed_header;
        // RFC 3986 §5.2.4: ".." above the root is dropped ("http://a/../g" is "http://a/g"); Boost.URL 1.81
        // keeps it (and its set_encoded_path("/") writes "/./"), so the URL is rebuilt from its parts.
        std::string const path(out.encoded_path());
        std::size_t cut = 0;
        while (path.compare(cut, 3, "/..") == 0 && (path.size() == cut + 3 || path[cut + 3] == '/')) cut += 3;
        if (cut != 0 && out.has_authority()) {
            std::string s(out.scheme());
            s += "://";
            s += out.encoded_authority();
            s += path.size() == cut ? std::string("/") : path.substr(cut);
            if (out.has_query()) s.append("?").append(out.encoded_query());
            if (out.has_fragment()) s.append("#").append(out.encoded_fragment());
            auto rebuilt = boost::urls::parse_uri(s);
            if (!rebuilt) return error::malformed_header;
            out = boost::urls::url(*rebuilt);
        }
        // RFC 9110 §10.2.2: no fragment of its own — the target's (Boost.URL keeps the base's only sometimes).
        if (!ref->has_fragment()) {
            if (target.has_fragment())
                out.set_encoded_fragment(target.encoded_fragment());
            else
                out.remove_fragment();
        }
        if (opt.http_only) {
            auto const scheme = out.scheme_id();
            if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) return error::insecure_url;
            auto const p = out.encoded_path();
            // RFC 3986 §3.3: after an authority the path is empty or starts with "/" (see boostorg/url#755).
            if (!out.has_authority() || out.encoded_host().empty() || (!p.empty() && p.front() != '/'))
                return error::insecure_url;
        }
        return out;
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

}  // namespace authwire
