// SPDX-License-Identifier: Apache-2.0
#include "domain/import_matching.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <ranges>
#include <set>
#include <unordered_map>

#include "base/japanese_text.hpp"
#include "domain/intake.hpp"

namespace kasane::domain {

namespace {

std::string WrittenName(const PersonData& data) {
    std::string out;
    for (char c : NormalizeNfkc(data.family_name + data.given_name)) {
        if (c != ' ' && c != '\t') out += c;
    }
    return out;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t size) : parent(size) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t Find(std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
    // The smaller index stays the root, so that a group is named by its first row.
    void Join(std::size_t a, std::size_t b) {
        a = Find(a);
        b = Find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

}  // namespace

PersonGroups GroupPersons(const std::vector<ImportedConsultation>& rows) {
    std::vector<PersonSearchKeys> keys(rows.size());
    std::vector<std::string> written(rows.size());
    // Rows are compared only with the rows that share a key, found through these (each list ascending), so that
    // the cost grows with the rows of one name, not with the square of the file's rows.
    std::unordered_map<std::string, std::vector<std::size_t>> by_written;
    std::unordered_map<std::string, std::vector<std::size_t>> by_name_key;
    std::unordered_map<std::string, std::vector<std::size_t>> by_kana_key;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].person) continue;
        keys[i] = PersonService::KeysOf(*rows[i].person);
        written[i] = WrittenName(*rows[i].person);
        by_written[written[i]].push_back(i);
        if (!keys[i].name_key.empty()) by_name_key[keys[i].name_key].push_back(i);
        if (!keys[i].kana_key.empty()) by_kana_key[keys[i].kana_key].push_back(i);
    }
    UnionFind groups(rows.size());
    for (const auto& [name, same_written] : by_written) {
        for (std::size_t x = 0; x < same_written.size(); ++x) {
            const std::size_t i = same_written[x];
            for (std::size_t y = x + 1; y < same_written.size(); ++y) {
                const std::size_t j = same_written[y];
                const PersonData& a = *rows[i].person;
                const PersonData& b = *rows[j].person;
                const bool both_born = a.birth_date && b.birth_date;
                const bool same_phone = !keys[i].phone_key.empty() && keys[i].phone_key == keys[j].phone_key;
                if ((both_born && *a.birth_date == *b.birth_date) || (!both_born && same_phone)) groups.Join(i, j);
            }
        }
    }
    PersonGroups result;
    result.group_of.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].person) result.group_of[i] = groups.Find(i);
    }
    std::set<std::pair<std::size_t, std::size_t>> reported;
    std::vector<std::size_t> same_name;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].person) continue;
        // The later rows with the same name key or kana key, in row order.
        same_name.clear();
        const auto later = [i](const std::vector<std::size_t>& list) {
            return std::ranges::subrange(std::ranges::upper_bound(list, i), list.end());
        };
        static const std::vector<std::size_t> kNone;
        const auto& named = keys[i].name_key.empty() ? kNone : by_name_key.at(keys[i].name_key);
        const auto& kana = keys[i].kana_key.empty() ? kNone : by_kana_key.at(keys[i].kana_key);
        std::ranges::set_union(later(named), later(kana), std::back_inserter(same_name));
        for (const std::size_t j : same_name) {
            if (groups.Find(i) == groups.Find(j)) continue;
            const PersonData& a = *rows[i].person;
            const PersonData& b = *rows[j].person;
            std::string reason;
            if (a.birth_date && b.birth_date && *a.birth_date == *b.birth_date) {
                reason = "生年月日が同じ";
            } else if (!keys[i].phone_key.empty() && keys[i].phone_key == keys[j].phone_key) {
                reason = "電話番号が同じ";
            } else if (!keys[i].address_key.empty() && keys[i].address_key == keys[j].address_key) {
                reason = "住所が同じ";
            }
            if (reason.empty()) continue;
            if (!reported.insert({groups.Find(i), groups.Find(j)}).second) continue;
            result.likely_same.push_back(
                {.first = i,
                 .second = j,
                 .variant_kanji = keys[i].name_key == keys[j].name_key && written[i] != written[j],
                 .reason = std::move(reason)});
        }
    }
    return result;
}

}  // namespace kasane::domain
