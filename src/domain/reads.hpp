// SPDX-License-Identifier: Apache-2.0
#pragma once

// A failed read is not a refusal: the one home of the check the use cases make after every read whose "not found"
// is an answer.

#include "base/error.hpp"

namespace kasane::domain {

// A read that failed for a reason other than "not found". Not found is an answer the caller handles (a refusal, an
// absent optional record); any other failure (the store down, a timeout) is passed on as it is and never taken for a
// refusal: `if (ReadFailed(found)) return Fail(found.error());`.
template <class R>
bool ReadFailed(const R& read) {
    return !read && !read.error().Is(ErrorCode::kNotFound);
}

}  // namespace kasane::domain
