// SPDX-License-Identifier: Apache-2.0
#pragma once

// 相談の分類 as the town keeps them (issue 14, item 2): added, renamed, put in the town's order, retired and
// restored. A category a record carries is retired, never deleted: old consultations and cases still show its
// name and reports still count it, while new intakes no longer offer it. One never used may be deleted.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "domain/consultation.hpp"

namespace kasane::domain {

inline constexpr std::size_t kMaxCategoryNameLength = 40;

// `text` without leading and trailing spaces, tabs, line breaks and full-width spaces (U+3000).
std::string TrimmedName(std::string_view text);

// The name as it would be stored: trimmed (spaces and full-width spaces), not empty, at most
// kMaxCategoryNameLength characters, no control characters, and not the name of another active category of the
// town (`self`: the category being renamed, 0 for a new one). Errors in Japanese, field "name"; kConflict for a
// name taken.
Result<std::string> CheckCategoryName(std::string_view name, const std::vector<WorryCategory>& categories,
                                      CategoryId self);

// Whether new intakes offer a category (kActive) or it is retired (kRetired: records keep it, reports count it).
enum class CategoryState { kActive, kRetired };

// What taking a category away does: deleted when no record carries it, retired otherwise.
enum class CategoryRemoval { kDelete, kRetire };
CategoryRemoval RemovalOf(int uses);

// The categories a new intake or consultation offers: the active ones, in the town's order.
std::vector<WorryCategory> OfferedCategories(std::vector<WorryCategory> categories);

enum class MoveDirection { kUp, kDown };
// The town's order after moving `id` one place up or down among all its categories (retired included, which
// keep their place): the ids in their new order. kNotFound for an unknown id; unchanged at either end.
Result<std::vector<CategoryId>> MovedOrder(const std::vector<WorryCategory>& categories, CategoryId id,
                                           MoveDirection direction);
// Checks an order given whole (the API): every category of the town exactly once. kInvalidArgument, field "ids".
Status CheckCompleteOrder(const std::vector<WorryCategory>& categories, const std::vector<CategoryId>& ids);

// The code of a category the town adds: "local_<n>", n one past the largest local number in use.
std::string NextLocalCategoryCode(const std::vector<WorryCategory>& categories);

}  // namespace kasane::domain
