// SPDX-License-Identifier: Apache-2.0
#include "domain/import_matching.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <numeric>
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
    // the cost grows with the rows of one person, not with the rows of one name (a town's 佐藤 和子 may have
    // hundreds of rows among many persons) nor with the square of the file's rows.
    std::unordered_map<std::string, std::vector<std::size_t>> by_written;
    // The likely duplicates' candidates: the rows sharing a name or kana key *and* a birth date, a phone or an
    // address — exactly the pairs that can have a reason below.
    std::unordered_map<std::string, std::vector<std::size_t>> by_name_and_sign;
    const auto sign_keys = [&keys, &rows](std::size_t i) {
        std::vector<std::string> out;
        const PersonData& data = *rows[i].person;
        for (const auto& [tag, key] : {std::pair{'n', &keys[i].name_key}, std::pair{'k', &keys[i].kana_key}}) {
            if (key->empty()) continue;
            const std::string name = std::string(1, tag) + *key + '\x1f';
            if (data.birth_date)
                out.push_back(name + "b" +
                              std::to_string(std::chrono::sys_days(*data.birth_date).time_since_epoch().count()));
            if (!keys[i].phone_key.empty()) out.push_back(name + "p" + keys[i].phone_key);
            if (!keys[i].address_key.empty()) out.push_back(name + "a" + keys[i].address_key);
        }
        return out;
    };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].person) continue;
        keys[i] = PersonService::KeysOf(*rows[i].person);
        written[i] = WrittenName(*rows[i].person);
        by_written[written[i]].push_back(i);
        for (std::string& key : sign_keys(i)) by_name_and_sign[std::move(key)].push_back(i);
    }
    // One person: rows of one written name whose birth dates agree, or, when one of the two has no birth date,
    // whose phones agree. Joined through the first row of each birth date, and through the first row without a
    // birth date of each phone (every row of that phone meets it): the same groups as comparing every pair.
    UnionFind groups(rows.size());
    for (const auto& [name, same_written] : by_written) {
        std::map<Date, std::size_t> first_born;
        std::unordered_map<std::string, std::vector<std::size_t>> by_phone;
        for (const std::size_t i : same_written) {
            const PersonData& data = *rows[i].person;
            if (data.birth_date) groups.Join(i, first_born.try_emplace(*data.birth_date, i).first->second);
            if (!keys[i].phone_key.empty()) by_phone[keys[i].phone_key].push_back(i);
        }
        for (const auto& [phone, same_phone] : by_phone) {
            const auto unborn = std::find_if(same_phone.begin(), same_phone.end(), [&rows](std::size_t i) {
                return !rows[i].person->birth_date.has_value();
            });
            if (unborn == same_phone.end()) continue;
            for (const std::size_t i : same_phone) groups.Join(i, *unborn);
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
        // The later rows with the same name key or kana key and a sign in common, in row order.
        same_name.clear();
        for (const std::string& key : sign_keys(i)) {
            const std::vector<std::size_t>& list = by_name_and_sign.at(key);
            same_name.insert(same_name.end(), std::upper_bound(list.begin(), list.end(), i), list.end());
        }
        std::sort(same_name.begin(), same_name.end());
        same_name.erase(std::unique(same_name.begin(), same_name.end()), same_name.end());
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
