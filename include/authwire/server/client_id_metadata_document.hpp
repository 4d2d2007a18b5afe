#pragma once
// authwire — OAuth Client ID Metadata Documents at the authorization server
// (draft-ietf-oauth-client-id-metadata-document; MCP 2025-11-25 "Client ID Metadata Documents"): a client store
// front that knows URL client_ids. A client_id that is an https URL names a JSON document — the client's
// metadata — which the server fetches through a sans-IO step (the front returns the request, the application's
// executor sends it, the front takes the response), validates, and caches; registered clients pass through to
// the store behind. Instances of an authorization server can share fetched documents through a response_cache
// (server/response_cache.hpp; redis/response_cache.hpp puts it in Redis): one instance's fetch serves them all.
//
//     client_id_metadata_document_store<memory_client_store> clients(registered, config);
//     // before any endpoint looks the client up (authorization, token, revocation, introspection):
//     if (clients.is_metadata_document_client_id(client_id)) {
//         auto fetch = clients.fetch_request(client_id, now);           // SSRF rules, cache
//         if (!fetch) refuse (invalid_client / address_not_allowed);
//         if (*fetch) if (auto r = clients.on_response(client_id, executor(**fetch), now); !r) refuse;
//     }
//     then authorize(req, clients, config), handle_token_request(req, now, {clients, …}, …) as usual.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_id_metadata_document.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/host_class.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/detail/hash.hpp>
#include <authwire/server/detail/http_cache.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/redirect_uri_policy.hpp>
#include <authwire/server/registration_endpoint.hpp>
#include <authwire/server/response_cache.hpp>

#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace authwire::server {

/// How client ID metadata documents are fetched and kept.
struct client_id_metadata_document_options {
    /// The largest document accepted, in bytes (the draft suggests 5 KiB); a larger body is refused unread.
    std::size_t max_document_size = 5 * 1024;
    /// Bounds on how long a document is used before it is fetched again: its Cache-Control max-age within
    /// them; without one, the floor (RFC 9111 §5.2.2).
    std::chrono::seconds min_cache_age{std::chrono::minutes(5)};
    std::chrono::seconds max_cache_age{std::chrono::hours(24)};
    /// Documents kept at most; beyond, expired ones go first, then those closest to expiry.
    std::size_t max_documents = 10000;
    /// After a fetch whose answer was refused, fetch_request refuses the same client_id for this long (with
    /// the refusal's code) instead of fetching again: a client_id cannot make the server fetch a broken or
    /// hostile URL on every request. Zero: no such memory.
    std::chrono::seconds failure_retry_after{30};
    /// Server-side request forgery: documents on loopback, private-network, link-local or unclassifiable
    /// hosts (oauth::classify_host) are refused (error::address_not_allowed) — a client_id must not make the
    /// authorization server fetch from its own network. Turn this on ONLY in tests that serve documents on
    /// 127.0.0.1. Names are not resolved here: an executor must also refuse to connect to an internal address
    /// a public name resolves to, and must not follow redirects.
    bool allow_internal_hosts = false;
};

namespace detail {

// The part of client_id_metadata_document_store that depends on neither the store behind nor the shared cache:
// the options, the documents held and their lock, fetching, validating and keeping documents. Compiled once in
// the separate-compilation mode; the template adds the store and cache calls. Private base of the template: not
// part of the API.
class client_id_metadata_document_core {
protected:
    struct entry {
        std::optional<client_record> record;  // nullopt: a remembered refusal
        std::chrono::system_clock::time_point fresh_until;
        error_code failure;                   // why, for a remembered refusal
    };

    client_id_metadata_document_core(authorization_server_config const& config,
                                     client_id_metadata_document_options options)
        : config_(&config), options_(std::move(options)) {}

    [[nodiscard]] static bool is_url_client_id(std::string_view client_id) noexcept;

    // fetch_request() before the shared cache: its answer when known without it (a client_id refused, a fresh
    // copy or refusal held); otherwise nullopt, and `url` is what to fetch.
    [[nodiscard]] std::optional<result<std::optional<http_request>>> held_answer(
        std::string_view client_id, std::chrono::system_clock::time_point now, boost::urls::url& url);

    // fetch_request() after it: the GET of the document.
    [[nodiscard]] static result<std::optional<http_request>> document_request(boost::urls::url url);

    // A refusal that came from a fetched answer (not from the client_id itself).
    [[nodiscard]] static bool refused_answer(failure const& f) noexcept;

    // Until when an accepted answer received at `now` is used.
    [[nodiscard]] std::chrono::system_clock::time_point fresh_until(http_response const& resp,
                                                                    std::chrono::system_clock::time_point now) const;

    // on_response() after the shared cache: keep the document (or remember the refusal), and return it.
    [[nodiscard]] outcome<client_record> keep(std::string_view client_id, outcome<client_record> record,
                                              http_response const& resp, std::chrono::system_clock::time_point now);

    // A fresh document found in the shared cache, validated as a fetched one; false (fetch) when it is not fresh
    // or this server refuses it (its config may differ from the instance that stored it).
    [[nodiscard]] bool adopt(std::string_view client_id, stored_response hit,
                             std::chrono::system_clock::time_point now);

    // find_client() for a metadata-document client_id.
    [[nodiscard]] result<std::optional<client_record>> find_document(std::string_view client_id) const;

    [[nodiscard]] std::size_t held_count() const;

    [[nodiscard]] result<boost::urls::url> checked_url(std::string_view client_id) const;

    [[nodiscard]] static std::string cache_key(std::string_view client_id);

    [[nodiscard]] static failure document_error(error e, std::string_view why);

    [[nodiscard]] outcome<client_record> read_document(std::string_view client_id, http_response const& resp) const;

    void advance(std::chrono::system_clock::time_point now) noexcept { latest_now_ = std::max(latest_now_, now); }

    // Keep at most max_documents - 1 before an insertion: expired entries first, then the soonest to expire.
    void make_room(std::chrono::system_clock::time_point now);

    authorization_server_config const* config_;
    client_id_metadata_document_options options_;
    mutable std::mutex mutex_;
    std::chrono::system_clock::time_point latest_now_{};
    std::unordered_map<std::string, entry, detail::transparent_string_hash, std::equal_to<>> documents_;
};

}  // namespace detail

/// draft-ietf-oauth-client-id-metadata-document at the authorization server: a client_store (pass it to the
/// endpoints instead of the store it wraps) that answers for URL client_ids from documents it fetched and
/// validated, and for every other client_id from `registered`. Documents are validated against `config` —
/// the same rules as Dynamic Client Registration (validate_client_metadata: grant and response types,
/// authentication method served, scope supported, redirect URIs under the redirect-URI policy and the
/// document's application_type) — plus the draft's: `client_id` equal to the URL, no client_secret, no
/// `client_secret_*` authentication method (a document is public: it cannot hold a shared secret); the
/// method defaults to "none". A document is used until its cache lifetime ends at the latest `now` passed to
/// fetch_request/on_response; find_client() then no longer knows the client until it is fetched again.
/// Thread-safe; `registered` and `config` are referenced and must outlive it.
///
/// With a shared response_cache `C` (the constructor's `shared`), fetch_request() looks there (key "cimd:" +
/// client_id) before asking for a fetch: a fresh document another instance fetched is validated here exactly as
/// a fetched one (against this server's config) and used until the fresh_until it was stored with; on_response()
/// stores each document it accepts there and erases the shared copy when a refetch is refused. A cache that
/// fails or misses costs a fetch, never an acceptance. Remembered refusals stay per instance. Without one, the
/// documents are this object's alone, as they always were.
template <client_store S, response_cache C = memory_response_cache>
class client_id_metadata_document_store : private detail::client_id_metadata_document_core {
    using core = detail::client_id_metadata_document_core;

public:
    client_id_metadata_document_store(S& registered, authorization_server_config const& config,
                                      client_id_metadata_document_options options = {})
        : core(config, std::move(options)), registered_(&registered) {}

    /// As above, sharing fetched documents with the other instances that use `shared` (see the class comment).
    client_id_metadata_document_store(S& registered, authorization_server_config const& config,
                                      client_id_metadata_document_options options, std::shared_ptr<C> shared)
        : core(config, std::move(options)), registered_(&registered), cache_(std::move(shared)) {}

    /// Is `client_id` meant as a metadata document URL — does it start with "https://" or "http://" (any
    /// case)? Registered client ids never do; such an id is resolved here or refused, never looked up in the
    /// store behind.
    [[nodiscard]] static bool is_metadata_document_client_id(std::string_view client_id) noexcept {
        return core::is_url_client_id(client_id);
    }

    /// draft-ietf-oauth-client-id-metadata-document: the request that fetches `client_id`'s document, or
    /// nullopt when a fresh copy is cached. error::invalid_client for a client_id that cannot name a document
    /// (oauth::is_client_id_metadata_document_url: https, a host, a path, no fragment, userinfo or dot
    /// segments); error::address_not_allowed for a host the SSRF rule refuses; the code of the last refusal
    /// while failure_retry_after has not passed since it. nullopt too when the shared cache has a fresh copy that
    /// passes validation (it is then held here as if fetched).
    [[nodiscard]] result<std::optional<http_request>> fetch_request(std::string_view client_id,
                                                                    std::chrono::system_clock::time_point now) {
        boost::urls::url url;
        if (auto known = core::held_answer(client_id, now, url)) return std::move(*known);
        if (cache_ && adopt_cached(client_id, now)) return std::optional<http_request>{};
        return core::document_request(std::move(url));
    }

    /// draft-ietf-oauth-client-id-metadata-document: take the answer to fetch_request()'s request, received at
    /// `now`, and return the client it describes (also cached: find_client finds it). Refused, and any copy
    /// held forgotten: a client_id fetch_request refuses (its error); a status other than 200
    /// (error::unexpected_status: redirects are not followed); a body over max_document_size
    /// (error::input_too_large); a Content-Type other than application/json (error::unexpected_content_type);
    /// not a JSON object (the parser's error); and, as invalid_client_metadata or invalid_redirect_uri error
    /// responses with a description: a `client_id` member that is not exactly `client_id`, a client_secret, a
    /// `client_secret_*` method, and whatever validate_client_metadata refuses. A refused answer (not a refused
    /// client_id) is remembered for failure_retry_after (see fetch_request).
    [[nodiscard]] outcome<client_record> on_response(std::string_view client_id, http_response const& resp,
                                                     std::chrono::system_clock::time_point now) {
        try {
            auto record = core::read_document(client_id, resp);
            if (cache_) {  // shared: a refused refetch leaves no instance the old copy
                if (record)
                    (void)cache_->store_response(core::cache_key(client_id),
                                                 stored_response{resp.body, now, core::fresh_until(resp, now)}, now);
                else if (core::refused_answer(record.error()))
                    (void)cache_->erase_response(core::cache_key(client_id));
            }
            return core::keep(client_id, std::move(record), resp, now);
        } catch (std::exception const&) {
            return failure(error::input_too_large);  // allocation failure
        }
    }

    /// RFC 7591 §3.2.1, client_store: register a client with the store behind. A metadata-document client_id
    /// cannot be registered (error::invalid_argument).
    [[nodiscard]] result<void> register_client(client_record record) {
        if (is_metadata_document_client_id(record.client_id)) return error::invalid_argument;
        return registered_->register_client(std::move(record));
    }

    /// client_store: a metadata-document client_id's validated document while it is fresh (nullopt when it was
    /// never fetched, was refused, or its cache lifetime is over); any other client_id from the store behind.
    [[nodiscard]] result<std::optional<client_record>> find_client(std::string_view client_id) const {
        if (!is_metadata_document_client_id(client_id)) return registered_->find_client(client_id);
        return core::find_document(client_id);
    }

    /// Documents and remembered refusals held (fresh or not yet evicted).
    [[nodiscard]] std::size_t size() const { return core::held_count(); }

    [[nodiscard]] client_id_metadata_document_options const& options() const noexcept { return options_; }

private:
    // A fresh document from the shared cache, validated as a fetched one (core::adopt); false (fetch) on a miss,
    // an error, or a document this server refuses.
    [[nodiscard]] bool adopt_cached(std::string_view client_id, std::chrono::system_clock::time_point now) {
        try {
            auto found = cache_->find_response(core::cache_key(client_id), now);
            if (!found || !*found) return false;
            return core::adopt(client_id, std::move(**found), now);
        } catch (std::exception const&) {
            return false;
        }
    }

    S* registered_;
    std::shared_ptr<C> cache_;  // shared with other instances; none: the documents are this object's alone
};

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/client_id_metadata_document.ipp>
#endif
