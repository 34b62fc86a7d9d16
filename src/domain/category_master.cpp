// SPDX-License-Identifier: Apache-2.0
// 相談の分類 as the town keeps them (category_master.hpp).

#include "domain/category_master.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "base/json.hpp"

namespace kasane::domain {

std::string TrimmedName(std::string_view text) {
    static constexpr std::string_view kIdeographicSpace = "\u3000";
    bool changed = true;
    while (changed) {
        changed = false;
        while (!text.empty() &&
               (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n')) {
            text.remove_prefix(1);
            changed = true;
        }
        while (!text.empty() &&
               (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
            text.remove_suffix(1);
            changed = true;
        }
        if (text.starts_with(kIdeographicSpace)) {
            text.remove_prefix(kIdeographicSpace.size());
            changed = true;
        }
        if (text.ends_with(kIdeographicSpace)) {
            text.remove_suffix(kIdeographicSpace.size());
            changed = true;
        }
    }
    return std::string(text);
}

Result<std::string> CheckCategoryName(std::string_view name, const std::vector<WorryCategory>& categories,
                                      CategoryId self) {
    if (!IsValidUtf8(name)) return Fail(Error::InvalidArgument("分類名に使えない文字が含まれています", "name"));
    std::string trimmed = TrimmedName(name);
    if (trimmed.empty()) return Fail(Error::InvalidArgument("分類名を入力してください", "name"));
    if (CodePointCount(trimmed) > kMaxCategoryNameLength) {
        return Fail(Error::PayloadTooLarge(
            "分類名は" + std::to_string(kMaxCategoryNameLength) + "文字以内にしてください", "name"));
    }
    if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
        return Fail(Error::InvalidArgument("分類名に改行や制御文字は使えません", "name"));
    }
    const bool taken = std::any_of(categories.begin(), categories.end(), [&](const WorryCategory& category) {
        return category.active && category.id != self && category.label == trimmed;
    });
    if (taken) return Fail(Error::Conflict("「" + trimmed + "」という分類はすでにあります", "name"));
    return trimmed;
}

CategoryRemoval RemovalOf(int uses) { return uses > 0 ? CategoryRemoval::kRetire : CategoryRemoval::kDelete; }

std::vector<WorryCategory> OfferedCategories(std::vector<WorryCategory> categories) {
    std::erase_if(categories, [](const WorryCategory& category) { return !category.active; });
    std::stable_sort(categories.begin(), categories.end(), [](const WorryCategory& a, const WorryCategory& b) {
        return a.sort_order != b.sort_order ? a.sort_order < b.sort_order : a.id < b.id;
    });
    return categories;
}

namespace {

std::vector<CategoryId> IdsInOrder(std::vector<WorryCategory> categories) {
    std::stable_sort(categories.begin(), categories.end(), [](const WorryCategory& a, const WorryCategory& b) {
        return a.sort_order != b.sort_order ? a.sort_order < b.sort_order : a.id < b.id;
    });
    std::vector<CategoryId> ids;
    ids.reserve(categories.size());
    for (const WorryCategory& category : categories) ids.push_back(category.id);
    return ids;
}

}  // namespace

Result<std::vector<CategoryId>> MovedOrder(const std::vector<WorryCategory>& categories, CategoryId id,
                                           MoveDirection direction) {
    std::vector<CategoryId> ids = IdsInOrder(categories);
    const auto found = std::find(ids.begin(), ids.end(), id);
    if (found == ids.end()) return Fail(Error::NotFound("分類が見つかりません"));
    if (direction == MoveDirection::kUp && found != ids.begin()) std::iter_swap(found, found - 1);
    if (direction == MoveDirection::kDown && found + 1 != ids.end()) std::iter_swap(found, found + 1);
    return ids;
}

Status CheckCompleteOrder(const std::vector<WorryCategory>& categories, const std::vector<CategoryId>& ids) {
    std::set<CategoryId> known;
    for (const WorryCategory& category : categories) known.insert(category.id);
    std::set<CategoryId> given;
    for (CategoryId id : ids) {
        if (!known.contains(id)) {
            return Fail(Error::InvalidArgument("この市町村の分類でないものが含まれています", "ids"));
        }
        if (!given.insert(id).second) return Fail(Error::InvalidArgument("同じ分類が2回含まれています", "ids"));
    }
    if (given.size() != known.size()) {
        return Fail(Error::InvalidArgument("すべての分類（廃止したものも）を1回ずつ並べてください", "ids"));
    }
    return {};
}

std::string NextLocalCategoryCode(const std::vector<WorryCategory>& categories) {
    static constexpr std::string_view kPrefix = "local_";
    int largest = 0;
    for (const WorryCategory& category : categories) {
        const std::string_view code = category.code;
        if (!code.starts_with(kPrefix)) continue;
        int number = 0;
        const auto [end, error] = std::from_chars(code.data() + kPrefix.size(), code.data() + code.size(), number);
        if (error == std::errc{} && end == code.data() + code.size()) largest = std::max(largest, number);
    }
    return std::string(kPrefix) + std::to_string(largest + 1);
}

}  // namespace kasane::domain
