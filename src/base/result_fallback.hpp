// SPDX-License-Identifier: Apache-2.0
#pragma once

// Only for the clang-14 libFuzzer build: see result.hpp.

#include <optional>
#include <utility>
#include <variant>

#include "base/error.hpp"

namespace kasane {

struct Unexpected {
    Error error;
};
inline Unexpected Fail(Error error) { return Unexpected{std::move(error)}; }

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit like std::expected
    Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
    template <class U>
    requires std::is_constructible_v<T, U&&> &&
        (!std::is_same_v<std::decay_t<U>, Unexpected>)&&(!std::is_same_v<std::decay_t<U>, Result>)Result(U&& value)
        : state_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(state_); }
    template <class U>
    T value_or(U&& other) const {
        return has_value() ? value() : T(std::forward<U>(other));
    }

private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Unexpected u) : error_(std::move(u.error)) {}  // NOLINT
    bool has_value() const { return !error_.has_value(); }
    explicit operator bool() const { return has_value(); }
    const Error& error() const { return *error_; }

private:
    std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace kasane
