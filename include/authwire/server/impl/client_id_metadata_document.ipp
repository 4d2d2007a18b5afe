#pragma once
// authwire — the definitions of <authwire/server/client_id_metadata_document.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/client_id_metadata_document.hpp>

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(client_store<client_id_metadata_document_store<memory_client_store>>);

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL bool client_id_metadata_document_core::is_url_client_id(std::string_view client_id) noexcept {
    auto starts = [client_id](std::string_view p) {
        return client_id.size() >= p.size() && iequals(client_id.substr(0, p.size()), p);
    };
    return starts("https://") || starts("http://");
}

AUTHWIRE_DECL std::optional<result<std::optional<http_request>>> client_id_metadata_document_core::held_answer(
    std::string_view client_id, std::chrono::system_clock::time_point now, boost::urls::url& url) {
    auto checked = checked_url(client_id);
    if (!checked) return result<std::optional<http_request>>(checked.error());
    std::lock_guard lock(mutex_);
    advance(now);
    auto it = documents_.find(client_id);
    if (it != documents_.end() && it->second.fresh_until > now) {
        if (!it->second.record) return result<std::optional<http_request>>(it->second.failure);
        return result<std::optional<http_request>>(std::optional<http_request>{});
    }
    url = std::move(*checked);
    return std::nullopt;
}

AUTHWIRE_DECL result<std::optional<http_request>> client_id_metadata_document_core::document_request(
    boost::urls::url url) {
    return std::optional<http_request>{oauth::detail::json_get(std::move(url))};
}

AUTHWIRE_DECL bool client_id_metadata_document_core::refused_answer(failure const& f) noexcept {
    return f.code != error::invalid_client && f.code != error::address_not_allowed;
}

AUTHWIRE_DECL std::chrono::system_clock::time_point client_id_metadata_document_core::fresh_until(
    http_response const& resp, std::chrono::system_clock::time_point now) const {
    return now + detail::cache_lifetime(resp, options_.min_cache_age, options_.max_cache_age);
}

AUTHWIRE_DECL outcome<client_record> client_id_metadata_document_core::keep(std::string_view client_id,
                                                                            outcome<client_record> record,
                                                                            http_response const& resp,
                                                                            std::chrono::system_clock::time_point now) {
    std::lock_guard lock(mutex_);
    advance(now);
    if (!record) {
        if (auto it = documents_.find(client_id); it != documents_.end()) documents_.erase(it);
        bool const fetched = refused_answer(record.error());
        if (fetched && options_.failure_retry_after > std::chrono::seconds::zero()) {
            make_room(now);
            documents_.insert_or_assign(std::string(client_id),
                                        entry{std::nullopt, now + options_.failure_retry_after, record.error().code});
        }
        return record.error();
    }
    make_room(now);
    documents_.insert_or_assign(std::string(client_id), entry{*record, fresh_until(resp, now), {}});
    return std::move(*record);
}

AUTHWIRE_DECL bool client_id_metadata_document_core::adopt(std::string_view client_id, stored_response hit,
                                                           std::chrono::system_clock::time_point now) {
    if (!(hit.fresh_until > now)) return false;
    http_response resp;
    resp.status = 200;
    resp.headers.set("Content-Type", "application/json");
    resp.body = std::move(hit.body);
    auto record = read_document(client_id, resp);
    if (!record) return false;
    std::lock_guard lock(mutex_);
    make_room(now);
    documents_.insert_or_assign(std::string(client_id), entry{std::move(*record), hit.fresh_until, {}});
    return true;
}

AUTHWIRE_DECL result<std::optional<client_record>> client_id_metadata_document_core::find_document(
    std::string_view client_id) const {
    std::lock_guard lock(mutex_);
    auto it = documents_.find(client_id);
    if (it == documents_.end() || !it->second.record || !(it->second.fresh_until > latest_now_))
        return std::optional<client_record>{};
    return it->second.record;
}

AUTHWIRE_DECL std::size_t client_id_metadata_document_core::held_count() const {
    std::lock_guard lock(mutex_);
    return documents_.size();
}

AUTHWIRE_DECL result<boost::urls::url> client_id_metadata_document_core::checked_url(std::string_view client_id) const {
    if (!oauth::is_client_id_metadata_document_url(client_id)) return error::invalid_client;
    auto u = boost::urls::parse_absolute_uri(client_id);
    if (!u) return error::invalid_client;
    if (!options_.allow_internal_hosts && oauth::classify_host(*u) != oauth::host_class::public_host)
        return error::address_not_allowed;
    return boost::urls::url(*u);
}

AUTHWIRE_DECL std::string client_id_metadata_document_core::cache_key(std::string_view client_id) {
    return "cimd:" + std::string(client_id);
}

AUTHWIRE_DECL failure client_id_metadata_document_core::document_error(error e, std::string_view why) {
    return failure(make_error_response(e, why));
}

AUTHWIRE_DECL outcome<client_record> client_id_metadata_document_core::read_document(std::string_view client_id,
                                                                                     http_response const& resp) const {
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
        oauth::to_json(*m), {"redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method", "scope",
                             "client_name", "application_type", "client_id"});
    return r;
}

AUTHWIRE_DECL void client_id_metadata_document_core::make_room(std::chrono::system_clock::time_point now) {
    if (documents_.size() < options_.max_documents) return;
    std::erase_if(documents_, [now](auto const& kv) { return !(kv.second.fresh_until > now); });
    while (!documents_.empty() && documents_.size() >= options_.max_documents) {
        auto oldest = std::min_element(documents_.begin(), documents_.end(), [](auto const& a, auto const& b) {
            return a.second.fresh_until < b.second.fresh_until;
        });
        documents_.erase(oldest);
    }
}

}  // namespace authwire::server::detail
