#pragma once
// authwire — basic_result<T, E>: a value or an error, with the interface of boost::system::result<T, E>.
//
// authwire::result<T> and outcome<T> (core/result.hpp) are this type. It has boost::system::result's constructors,
// observers and semantics — `value()` throws through the `throw_exception_from_error` that argument-dependent
// lookup finds for E, `error()` gives E() when there is a value, `*r` does not check — and converts to and from
// boost::system::result, so a result of Boost.URL or Boost.JSON can be returned where a basic_result is expected
// and the other way round. It is a union and a flag rather than a boost::variant2::variant: every public function
// returns one of some hundred distinct types, and each costs the compiler about a tenth of the variant's
// (docs/PERFORMANCE.md, "Compile time").

#include <boost/assert.hpp>
#include <boost/assert/source_location.hpp>
#include <boost/system/errc.hpp>
#include <boost/system/result.hpp>

#include <iosfwd>
#include <memory>
#include <type_traits>
#include <utility>

namespace authwire {

template <class T, class E>
class basic_result;

namespace detail {

template <class... A>
inline constexpr bool is_errc_v = false;
template <class A>
inline constexpr bool is_errc_v<A> = std::is_same_v<std::remove_cvref_t<A>, boost::system::errc::errc_t>;

// The storage: an anonymous union of the value and the error, and which of the two is alive. For a value that is
// not a class (an enum, a number, a pointer) and a trivially copyable error, the storage is trivially copyable (a
// result<jws_algorithm> travels in registers); otherwise the special members construct, assign and destroy the
// live member by hand, and copy only when T can be copied. (Asking whether a class T is trivially copyable would
// make the compiler declare all its special members for every result type, and std::is_scalar takes five
// instantiations per type: both a measurable part of a TU.)
template <class T, class E, bool Trivial = !std::is_class_v<T> && !std::is_union_v<T> && std::is_trivially_copyable_v<E>>
struct result_storage {
    union {
        T value_;
        E error_;
    };
    bool has_value_;

    template <class... A>
    constexpr explicit result_storage(boost::system::in_place_value_t, A&&... a)
        : value_(std::forward<A>(a)...), has_value_(true) {}
    template <class... A>
    constexpr explicit result_storage(boost::system::in_place_error_t, A&&... a)
        : error_(std::forward<A>(a)...), has_value_(false) {}

    constexpr result_storage(result_storage const& o)
        requires std::is_copy_constructible_v<T>
        : has_value_(o.has_value_) {
        if (has_value_) std::construct_at(&value_, o.value_);
        else std::construct_at(&error_, o.error_);
    }
    constexpr result_storage(result_storage&& o) noexcept(std::is_nothrow_move_constructible_v<T> &&
                                                          std::is_nothrow_move_constructible_v<E>)
        : has_value_(o.has_value_) {
        if (has_value_) std::construct_at(&value_, std::move(o.value_));
        else std::construct_at(&error_, std::move(o.error_));
    }
    constexpr result_storage& operator=(result_storage const& o)
        requires(std::is_copy_constructible_v<T> && std::is_copy_assignable_v<T>)
    {
        if (has_value_ && o.has_value_) value_ = o.value_;
        else if (!has_value_ && !o.has_value_) error_ = o.error_;
        else if (o.has_value_) become_value(o.value_);
        else become_error(o.error_);
        return *this;
    }
    constexpr result_storage& operator=(result_storage&& o) noexcept(
        std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T> &&
        std::is_nothrow_move_constructible_v<E> && std::is_nothrow_move_assignable_v<E>) {
        if (has_value_ && o.has_value_) value_ = std::move(o.value_);
        else if (!has_value_ && !o.has_value_) error_ = std::move(o.error_);
        else if (o.has_value_) become_value(std::move(o.value_));
        else become_error(std::move(o.error_));
        return *this;
    }
    constexpr ~result_storage() { destroy(); }

    constexpr void destroy() noexcept {
        if (has_value_) value_.~T();
        else error_.~E();
    }
    // Replace whatever is alive by a value (an error) built from `a`. The new member is built before the old one
    // dies; should moving it into place throw (a move constructor that may), the result holds E() rather than
    // nothing.
    template <class... A>
    constexpr T& become_value(A&&... a) {
        if constexpr (std::is_nothrow_constructible_v<T, A&&...>) {
            destroy();
            std::construct_at(&value_, std::forward<A>(a)...);
            has_value_ = true;
        } else {
            T built(std::forward<A>(a)...);
            destroy();
            place(&value_, std::move(built), true);
        }
        return value_;
    }
    template <class A>
    constexpr void become_error(A&& a) {
        E built(std::forward<A>(a));
        destroy();
        place(&error_, std::move(built), false);
    }
    // Moves `built` into the union member at `where` (the other member already destroyed).
    template <class M>
    constexpr void place(M* where, M&& built, bool is_value) {
        if constexpr (std::is_nothrow_move_constructible_v<M>) {
            std::construct_at(where, std::move(built));
        } else {
            try {
                std::construct_at(where, std::move(built));
            } catch (...) {
                std::construct_at(&error_);
                has_value_ = false;
                throw;
            }
        }
        has_value_ = is_value;
    }
};

template <class T, class E>
struct result_storage<T, E, true> {
    union {
        T value_;
        E error_;
    };
    bool has_value_;

    template <class... A>
    constexpr explicit result_storage(boost::system::in_place_value_t, A&&... a)
        : value_(std::forward<A>(a)...), has_value_(true) {}
    template <class... A>
    constexpr explicit result_storage(boost::system::in_place_error_t, A&&... a)
        : error_(std::forward<A>(a)...), has_value_(false) {}

    template <class... A>
    constexpr T& become_value(A&&... a) {
        std::construct_at(&value_, std::forward<A>(a)...);
        has_value_ = true;
        return value_;
    }
};

}  // namespace detail

/// A value of type T or an error of type E (boost::system::result's interface; see the top of this header).
template <class T, class E = boost::system::error_code>
class basic_result : private detail::result_storage<T, E> {
    using storage = detail::result_storage<T, E>;

public:
    using value_type = T;
    using error_type = E;

    static constexpr boost::system::in_place_value_t in_place_value{};
    static constexpr boost::system::in_place_error_t in_place_error{};

    /// A default-constructed value, when T has one.
    template <class U = T>
        requires std::is_default_constructible_v<U>
    constexpr basic_result() noexcept(std::is_nothrow_default_constructible_v<T>) : storage(in_place_value) {}

    /// Implicit from what converts to T (and not to E).
    template <class A = T>
        requires(std::is_convertible_v<A, T> && !(detail::is_errc_v<A> && std::is_arithmetic_v<T>) &&
                 !std::is_constructible_v<E, A>)
    constexpr basic_result(A&& a) noexcept(std::is_nothrow_constructible_v<T, A>)  // NOLINT: implicit by design
        : storage(in_place_value, std::forward<A>(a)) {}

    /// Implicit from what converts to E (and not to T).
    template <class A = E>
        requires(std::is_convertible_v<A, E> && !std::is_constructible_v<T, A>)
    constexpr basic_result(A&& a) noexcept(std::is_nothrow_constructible_v<E, A>)  // NOLINT: implicit by design
        : storage(in_place_error, std::forward<A>(a)) {}

    /// Explicit from T's constructor arguments.
    template <class... A>
        requires(sizeof...(A) >= 1 && std::is_constructible_v<T, A...> &&
                 !(detail::is_errc_v<A...> && std::is_arithmetic_v<T>) && !std::is_constructible_v<E, A...> &&
                 !(sizeof...(A) == 1 && (std::is_convertible_v<A, T> && ...)))
    constexpr explicit basic_result(A&&... a) noexcept(std::is_nothrow_constructible_v<T, A...>)
        : storage(in_place_value, std::forward<A>(a)...) {}

    /// Explicit from E's constructor arguments.
    template <class... A>
        requires(sizeof...(A) >= 1 && !std::is_constructible_v<T, A...> && std::is_constructible_v<E, A...> &&
                 !(sizeof...(A) == 1 && (std::is_convertible_v<A, E> && ...)))
    constexpr explicit basic_result(A&&... a) noexcept(std::is_nothrow_constructible_v<E, A...>)
        : storage(in_place_error, std::forward<A>(a)...) {}

    template <class... A>
        requires std::is_constructible_v<T, A...>
    constexpr basic_result(boost::system::in_place_value_t, A&&... a) noexcept(
        std::is_nothrow_constructible_v<T, A...>)
        : storage(in_place_value, std::forward<A>(a)...) {}

    template <class... A>
        requires std::is_constructible_v<E, A...>
    constexpr basic_result(boost::system::in_place_error_t, A&&... a) noexcept(
        std::is_nothrow_constructible_v<E, A...>)
        : storage(in_place_error, std::forward<A>(a)...) {}

    /// Converting, from a basic_result or a boost::system::result of convertible types.
    template <class T2, class E2>
        requires(!std::is_same_v<basic_result<T2, E2>, basic_result> && std::is_convertible_v<T2, T> &&
                 std::is_convertible_v<E2, E>)
    constexpr basic_result(basic_result<T2, E2> const& r)  // NOLINT: implicit, as boost::system::result's
        : storage(in_place_error, r.error()) {
        if (r) this->become_value(*r);
    }
    template <class T2, class E2>
        requires(!std::is_same_v<basic_result<T2, E2>, basic_result> && std::is_convertible_v<T2, T> &&
                 std::is_convertible_v<E2, E>)
    constexpr basic_result(basic_result<T2, E2>&& r)  // NOLINT: implicit, as boost::system::result's
        : storage(in_place_error, r.error()) {
        if (r) this->become_value(std::move(*r));
    }
    template <class T2, class E2>
        requires(std::is_convertible_v<T2, T> && std::is_convertible_v<E2, E>)
    constexpr basic_result(boost::system::result<T2, E2> const& r)  // NOLINT: implicit by design
        : storage(in_place_error, r.error()) {
        if (r) this->become_value(*r);
    }
    template <class T2, class E2>
        requires(std::is_convertible_v<T2, T> && std::is_convertible_v<E2, E>)
    constexpr basic_result(boost::system::result<T2, E2>&& r)  // NOLINT: implicit by design
        : storage(in_place_error, r.error()) {
        if (r) this->become_value(std::move(*r));
    }

    /// To a boost::system::result of convertible types.
    template <class T2, class E2>
        requires(std::is_convertible_v<T const&, T2> && std::is_convertible_v<E const&, E2>)
    constexpr operator boost::system::result<T2, E2>() const& {  // NOLINT: implicit by design
        if (has_value()) return boost::system::result<T2, E2>(boost::system::in_place_value, this->value_);
        return boost::system::result<T2, E2>(boost::system::in_place_error, this->error_);
    }
    template <class T2, class E2>
        requires(std::is_convertible_v<T&&, T2> && std::is_convertible_v<E&&, E2>)
    constexpr operator boost::system::result<T2, E2>() && {  // NOLINT: implicit by design
        if (has_value()) return boost::system::result<T2, E2>(boost::system::in_place_value, std::move(this->value_));
        return boost::system::result<T2, E2>(boost::system::in_place_error, std::move(this->error_));
    }

    [[nodiscard]] constexpr bool has_value() const noexcept { return this->has_value_; }
    [[nodiscard]] constexpr bool has_error() const noexcept { return !this->has_value_; }
    constexpr explicit operator bool() const noexcept { return this->has_value_; }

    /// The value; without one, throws what `throw_exception_from_error(error(), loc)` throws (for error_code:
    /// boost::system::system_error).
    constexpr T& value(boost::source_location const& loc = BOOST_CURRENT_LOCATION) & {
        if (!this->has_value_) throw_exception_from_error(this->error_, loc);
        return this->value_;
    }
    constexpr T const& value(boost::source_location const& loc = BOOST_CURRENT_LOCATION) const& {
        if (!this->has_value_) throw_exception_from_error(this->error_, loc);
        return this->value_;
    }
    template <class U = T>
        requires std::is_move_constructible_v<U>
    constexpr T value(boost::source_location const& loc = BOOST_CURRENT_LOCATION) && {
        return std::move(value(loc));
    }
    template <class U = T>
        requires std::is_move_constructible_v<U>
    constexpr T value() const&& = delete;

    /// The value, unchecked: only after has_value() (`->` gives nullptr without one).
    constexpr T* operator->() noexcept { return this->has_value_ ? &this->value_ : nullptr; }
    constexpr T const* operator->() const noexcept { return this->has_value_ ? &this->value_ : nullptr; }
    constexpr T& operator*() & noexcept {
        BOOST_ASSERT(this->has_value_);
        return this->value_;
    }
    constexpr T const& operator*() const& noexcept {
        BOOST_ASSERT(this->has_value_);
        return this->value_;
    }
    template <class U = T>
        requires std::is_move_constructible_v<U>
    constexpr T operator*() && noexcept(std::is_nothrow_move_constructible_v<T>) {
        return std::move(**this);
    }
    template <class U = T>
        requires std::is_move_constructible_v<U>
    constexpr T operator*() const&& noexcept = delete;

    /// The error, or E() when there is a value.
    [[nodiscard]] constexpr E error() const& noexcept(std::is_nothrow_default_constructible_v<E> &&
                                                      std::is_nothrow_copy_constructible_v<E>) {
        return this->has_value_ ? E() : this->error_;
    }
    [[nodiscard]] constexpr E error() && noexcept(std::is_nothrow_default_constructible_v<E> &&
                                                  std::is_nothrow_move_constructible_v<E>) {
        return this->has_value_ ? E() : std::move(this->error_);
    }

    /// Replaces the content by a value built from `a`.
    template <class... A>
    constexpr T& emplace(A&&... a) {
        return this->become_value(std::forward<A>(a)...);
    }

    constexpr void swap(basic_result& r) noexcept(std::is_nothrow_move_constructible_v<basic_result> &&
                                                  std::is_nothrow_move_assignable_v<basic_result>) {
        basic_result t(std::move(r));
        r = std::move(*this);
        *this = std::move(t);
    }
    friend constexpr void swap(basic_result& a, basic_result& b) noexcept(noexcept(a.swap(b))) { a.swap(b); }

    /// Equal when both hold values that compare equal, or both hold errors that do.
    friend constexpr bool operator==(basic_result const& a, basic_result const& b) {
        if (a.has_value_ != b.has_value_) return false;
        return a.has_value_ ? bool(a.value_ == b.value_) : bool(a.error_ == b.error_);
    }

    template <class Ch, class Tr>
    friend std::basic_ostream<Ch, Tr>& operator<<(std::basic_ostream<Ch, Tr>& os, basic_result const& r) {
        if (r.has_value_) os << "value:" << r.value_;
        else os << "error:" << r.error_;
        return os;
    }
};

/// The result of an operation that has no value to return: success, or an error.
template <class E>
class basic_result<void, E> {
public:
    using value_type = void;
    using error_type = E;

    static constexpr boost::system::in_place_value_t in_place_value{};
    static constexpr boost::system::in_place_error_t in_place_error{};

    constexpr basic_result() noexcept = default;
    constexpr basic_result(boost::system::in_place_value_t) noexcept {}  // NOLINT

    template <class A>
        requires std::is_convertible_v<A, E>
    constexpr basic_result(A&& a) noexcept(std::is_nothrow_constructible_v<E, A>)  // NOLINT: implicit by design
        : error_(std::forward<A>(a)), has_value_(false) {}

    template <class... A>
        requires(std::is_constructible_v<E, A...> && !(sizeof...(A) == 1 && (std::is_convertible_v<A, E> && ...)))
    constexpr explicit basic_result(A&&... a) noexcept(std::is_nothrow_constructible_v<E, A...>)
        : error_(std::forward<A>(a)...), has_value_(false) {}

    template <class... A>
        requires std::is_constructible_v<E, A...>
    constexpr basic_result(boost::system::in_place_error_t, A&&... a) noexcept(
        std::is_nothrow_constructible_v<E, A...>)
        : error_(std::forward<A>(a)...), has_value_(false) {}

    template <class E2>
        requires(!std::is_same_v<E2, E> && std::is_convertible_v<E2, E>)
    constexpr basic_result(basic_result<void, E2> const& r)  // NOLINT: implicit, as boost::system::result's
        : error_(r.error()), has_value_(r.has_value()) {}
    template <class E2>
        requires std::is_convertible_v<E2, E>
    constexpr basic_result(boost::system::result<void, E2> const& r)  // NOLINT: implicit by design
        : error_(r.error()), has_value_(r.has_value()) {}

    template <class E2>
        requires std::is_convertible_v<E const&, E2>
    constexpr operator boost::system::result<void, E2>() const {  // NOLINT: implicit by design
        if (has_value_) return {};
        return boost::system::result<void, E2>(boost::system::in_place_error, error_);
    }

    [[nodiscard]] constexpr bool has_value() const noexcept { return has_value_; }
    [[nodiscard]] constexpr bool has_error() const noexcept { return !has_value_; }
    constexpr explicit operator bool() const noexcept { return has_value_; }

    /// Nothing; without a value, throws what `throw_exception_from_error(error(), loc)` throws.
    constexpr void value(boost::source_location const& loc = BOOST_CURRENT_LOCATION) const {
        if (!has_value_) throw_exception_from_error(error_, loc);
    }
    constexpr void* operator->() noexcept { return has_value_ ? static_cast<void*>(this) : nullptr; }
    constexpr void const* operator->() const noexcept { return has_value_ ? static_cast<void const*>(this) : nullptr; }
    constexpr void operator*() const noexcept {}

    /// The error, or E() on success.
    [[nodiscard]] constexpr E error() const& noexcept(std::is_nothrow_default_constructible_v<E> &&
                                                      std::is_nothrow_copy_constructible_v<E>) {
        return has_value_ ? E() : error_;
    }
    [[nodiscard]] constexpr E error() && noexcept(std::is_nothrow_default_constructible_v<E> &&
                                                  std::is_nothrow_move_constructible_v<E>) {
        return has_value_ ? E() : std::move(error_);
    }

    constexpr void emplace() {
        error_ = E();
        has_value_ = true;
    }

    constexpr void swap(basic_result& r) noexcept(std::is_nothrow_swappable_v<E>) {
        using std::swap;
        swap(error_, r.error_);
        swap(has_value_, r.has_value_);
    }
    friend constexpr void swap(basic_result& a, basic_result& b) noexcept(noexcept(a.swap(b))) { a.swap(b); }

    friend constexpr bool operator==(basic_result const& a, basic_result const& b) {
        if (a.has_value_ != b.has_value_) return false;
        return a.has_value_ || bool(a.error_ == b.error_);
    }

    template <class Ch, class Tr>
    friend std::basic_ostream<Ch, Tr>& operator<<(std::basic_ostream<Ch, Tr>& os, basic_result const& r) {
        if (r.has_value_) os << "value:void";
        else os << "error:" << r.error_;
        return os;
    }

private:
    E error_{};  // E() while there is no error
    bool has_value_ = true;
};

}  // namespace authwire
