// SPDX-License-Identifier: Apache-2.0
#pragma once

// Expected failures are values: Result<T> holds a T or an Error. Exceptions are for bugs and third-party
// throws, caught once at the request boundary and in main().
//
// g++ 12 in C++23 mode has std::expected. clang-14, which builds only the libFuzzer targets, cannot compile
// libstdc++'s <expected> (it lacks conditionally trivial special members), so for that build alone a minimal
// stand-in with the same surface is used. Production code always uses std::expected.

#include <utility>
#include <version>

#include "base/error.hpp"

#if defined(__cpp_lib_expected)
#include <expected>
namespace kasane {
template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;
inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }
}  // namespace kasane
#else
#include "base/result_fallback.hpp"
#endif
