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
class client_id_metadata_document_store {
public:
    client_id_metadata_document_store(S& registered, authorization_server_config const& config,
                                      client_id_metadata_document_options options = {})
        : registered_(&registered), config_(&config), options_(std::move(options)) {}

    /// As above, sharing fetched documents with the other instances that use `shared` (see the class comment).
    client_id_metadata_document_store(S& registered, authorization_server_config const& config,
                                      client_id_metadata_document_options options, std::shared_ptr<C> shared)
        : registered_(&registered), config_(&config), options_(std::move(options)), cache_(std::move(shared)) {}

    /// Is `client_id` meant as a metadata document URL — does it start with "https://" or "http://" (any
    /// case)? Registered client ids never do; such an id is resolved here or refused, never looked up in the
    /// store behind.
    [[nodiscard]] static bool is_metadata_document_client_id(std::string_view client_id) noexcept {
        auto starts = [client_id](std::string_view p) {
            return client_id.size() >= p.size() && iequals(client_id.substr(0, p.size()), p);
        };
        return starts("https://") || starts("http://");
    }

    /// draft-ietf-oauth-client-id-metadata-document: the request that fetches `client_id`'s document, or
    /// nullopt when a fresh copy is cached. error::invalid_client for a client_id that cannot name a document
    /// (oauth::is_client_id_metadata_document_url: https, a host, a path, no fragment, userinfo or dot
    /// segments); error::address_not_allowed for a host the SSRF rule refuses; the code of the last refusal
    /// while failure_retry_after has not passed since it. nullopt too when the shared cache has a fresh copy that
    /// passes validation (it is then held here as if fetched).
    [[nodiscard]] result<std::optional<http_request>> fetch_request(std::string_view client_id,
                                                                    std::chrono::system_clock::time_point now) {
        auto url = checked_url(client_id);
        if (!url) return url.error();
        {
            std::lock_guard lock(mutex_);
            advance(now);
            auto it = documents_.find(client_id);
            if (it != documents_.end() && it->second.fresh_until > now) {
                if (!it->second.record) return it->second.failure;
                return std::optional<http_request>{};
            }
        }
        if (cache_ && adopt_cached(client_id, now)) return std::optional<http_request>{};
        return std::optional<http_request>{oauth::detail::json_get(std::move(*url))};
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
            auto record = read_document(client_id, resp);
            if (cache_) {  // shared: a refused refetch leaves no instance the old copy
                if (record) {
                    auto const until =
                        now + detail::cache_lifetime(resp, options_.min_cache_age, options_.max_cache_age);
                    (void)cache_->store_response(cache_key(client_id), stored_response{resp.body, now, until}, now);
                } else if (record.error().code != error::invalid_client &&
                           record.error().code != error::address_not_allowed) {
                    (void)cache_->erase_response(cache_key(client_id));
                }
            }
            std::lock_guard lock(mutex_);
            advance(now);
            if (!record) {
                if (auto it = documents_.find(client_id); it != documents_.end()) documents_.erase(it);
                bool const fetched = record.error().code != error::invalid_client &&
                                     record.error().code != error::address_not_allowed;
                if (fetched && options_.failure_retry_after > std::chrono::seconds::zero()) {
                    make_room(now);
                    documents_.insert_or_assign(std::string(client_id),
                                                entry{std::nullopt, now + options_.failure_retry_after,
                                                      record.error().code});
                }
                return record.error();
            }
            make_room(now);
            auto const fresh_until = now + detail::cache_lifetime(resp, options_.min_cache_age, options_.max_cache_age);
            documents_.insert_or_assign(std::string(client_id), entry{*record, fresh_until, {}});
            return std::move(*record);
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
        std::lock_guard lock(mutex_);
        auto it = documents_.find(client_id);
        if (it == documents_.end() || !it->second.record || !(it->second.fresh_until > latest_now_))
            return std::optional<client_record>{};
        return it->second.record;
    }

    /// Documents and remembered refusals held (fresh or not yet evicted).
    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return documents_.size();
    }

    [[nodiscard]] client_id_metadata_document_options const& options() const noexcept { return options_; }

private:
    struct entry {
        std::optional<client_record> record;  // nullopt: a remembered refusal
        std::chrono::system_clock::time_point fresh_until;
        error_code failure;                   // why, for a remembered refusal
    };

    [[nodiscard]] result<boost::urls::url> checked_url(std::string_view client_id) const {
        if (!oauth::is_client_id_metadata_document_url(client_id)) return error::invalid_client;
        auto u = boost::urls::parse_absolute_uri(client_id);
        if (!u) return error::invalid_client;
        if (!options_.allow_internal_hosts && oauth::classify_host(*u) != oauth::host_class::public_host)
            return error::address_not_allowed;
        return boost::urls::url(*u);
    }

    [[nodiscard]] static std::string cache_key(std::string_view client_id) {
        return "cimd:" + std::string(client_id);
    }

    // A fresh document from the shared cache, validated as a fetched one; false (fetch) on a miss, an error, or
    // a document this server refuses (its config may differ from the instance that stored it).
    [[nodiscard]] bool adopt_cached(std::string_view client_id, std::chrono::system_clock::time_point now) {
        try {
            auto found = cache_->find_response(cache_key(client_id), now);
            if (!found || !*found || !((*found)->fresh_until > now)) return false;
            http_response resp;
            resp.status = 200;
            resp.headers.set("Content-Type", "application/json");
            resp.body = std::move((*found)->body);
            auto record = read_document(client_id, resp);
            if (!record) return false;
            std::lock_guard lock(mutex_);
            make_room(now);
            documents_.insert_or_assign(std::string(client_id), entry{std::move(*record), (*found)->fresh_until, {}});
            return true;
        } catch (std::exception const&) {
            return false;
        }
    }

    [[nodiscard]] static failure document_error(error e, std::string_view why) {
        return failure(make_error_response(e, why));
    }

    [[nodiscard]] outcome<client_record> read_document(std::string_view client_id, http_response const& resp) const {
        if (auto url = checked_url(client_id); !url) return failure(url.error());
        if (resp.status != 200) return failure(error::unexpected_status);
        if (resp.body.size() > options_.max_document_size) return failure(error::input_too_large);
        if (resp.content_type() != "application/json") return failure(error::unexpected_content_type);
        auto o = parse_json_object(resp.body, json_limits{options_.max_document_size, 16});
        if (!o) return failure(o.error());
        auto const* id = o->if_contains("client_id");
        if (id == nullptr || !id->is_string() || id->get_string() != client_id)
            return document_error(error::invalid_client_metadata, "client_id in the document is not its URL");
        if (o->contains("client_secret") || o->contains("client_secret_expires_at"))
            return document_error(error::invalid_client_metadata, "a client metadata document cannot hold a secret");
        auto m = oauth::client_metadata_from_json(*o);
        if (!m) return document_error(error::invalid_client_metadata, "a client metadata value has the wrong type");
        if (!m->token_endpoint_auth_method) m->token_endpoint_auth_method = "none";
        if (m->token_endpoint_auth_method->starts_with("client_secret_"))
            return document_error(error::invalid_client_metadata,
                                  "a client metadata document cannot use a shared-secret authentication method");
        if (auto v = validate_client_metadata(*m, *config_); !v) return v.error();

        client_record r;
        r.client_id = std::string(client_id);
        r.redirect_uris = m->redirect_uris;
        r.grant_types = m->grant_types;
        r.response_types = m->response_types;
        r.token_endpoint_auth_method = *m->token_endpoint_auth_method;
        r.scope = m->scope.to_string();
        r.client_name = m->client_name.value_or(std::string{});
        r.application_type = parse_application_type(m->application_type.value_or(std::string{}));
        r.extra_metadata = oauth::detail::extra_members(
            oauth::to_json(*m), {"redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method",
                                 "scope", "client_name", "application_type", "client_id"});
        return r;
    }

    void advance(std::chrono::system_clock::time_point now) noexcept { latest_now_ = std::max(latest_now_, now); }

    // Keep at most max_documents - 1 before an insertion: expired entries first, then the soonest to expire.
    void make_room(std::chrono::system_clock::time_point now) {
        if (documents_.size() < options_.max_documents) return;
        std::erase_if(documents_, [now](auto const& kv) { return !(kv.second.fresh_until > now); });
        while (!documents_.empty() && documents_.size() >= options_.max_documents) {
            auto oldest = std::min_element(documents_.begin(), documents_.end(), [](auto const& a, auto const& b) {
                return a.second.fresh_until < b.second.fresh_until;
            });
            documents_.erase(oldest);
        }
    }

    S* registered_;
    authorization_server_config const* config_;
    client_id_metadata_document_options options_;
    std::shared_ptr<C> cache_;  // shared with other instances; none: the documents are this object's alone
    mutable std::mutex mutex_;
    std::chrono::system_clock::time_point latest_now_{};
    std::unordered_map<std::string, entry, detail::transparent_string_hash, std::equal_to<>> documents_;
};

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/client_id_metadata_document.ipp>
#endif
