// SPDX-License-Identifier: Apache-2.0
#include "domain/person.hpp"

#include <algorithm>
#include <array>

#include "base/japanese_date.hpp"
#include "base/json.hpp"
#include "domain/household_membership.hpp"

namespace kasane::domain {

namespace {

constexpr std::array<std::string_view, 6> kUnknowableFields = {"name", "name_kana", "birth_date",
                                                               "sex",  "phone",     "address"};

Status CheckText(std::string_view value, std::string_view field, std::size_t max_code_points, bool multiline) {
    if (!IsValidUtf8(value)) return Fail(Error::InvalidArgument("使えない文字が含まれています", std::string(field)));
    if (CodePointCount(value) > max_code_points) {
        return Fail(
            Error::PayloadTooLarge(std::to_string(max_code_points) + "文字以内で入力してください", std::string(field)));
    }
    const bool has_control = std::any_of(value.begin(), value.end(), [multiline](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'));
    });
    if (has_control) return Fail(Error::InvalidArgument("制御文字は使えません", std::string(field)));
    return {};
}

}  // namespace

bool Address::Empty() const {
    return prefecture.empty() && municipality.empty() && town.empty() && block.empty() && building.empty();
}

std::string Address::OneLine() const {
    std::string line = prefecture + municipality + town + block;
    if (!building.empty()) line += " " + building;
    return line;
}

bool IsPersonFieldName(std::string_view field) {
    return std::find(kUnknowableFields.begin(), kUnknowableFields.end(), field) != kUnknowableFields.end();
}

std::string Person::FullName() const {
    if (data.given_name.empty()) return data.family_name;
    if (data.family_name.empty()) return data.given_name;
    return data.family_name + " " + data.given_name;
}

std::string Person::FullNameKana() const {
    if (data.given_name_kana.empty()) return data.family_name_kana;
    if (data.family_name_kana.empty()) return data.given_name_kana;
    return data.family_name_kana + " " + data.given_name_kana;
}

Status ValidatePersonData(const PersonData& data, Date today) {
    struct Text {
        std::string_view value;
        std::string_view field;
        std::size_t max;
        bool multiline;
    };
    const Text texts[] = {
        {data.family_name, "family_name", 50, false},
        {data.given_name, "given_name", 50, false},
        {data.family_name_kana, "family_name_kana", 50, false},
        {data.given_name_kana, "given_name_kana", 50, false},
        {data.reading_self_reported, "reading_self_reported", 100, false},
        {data.phone, "phone", 30, false},
        {data.contact_notes, "contact_notes", 2000, true},
        {data.address.prefecture, "address.prefecture", 10, false},
        {data.address.municipality, "address.municipality", 30, false},
        {data.address.town, "address.town", 50, false},
        {data.address.block, "address.block", 50, false},
        {data.address.building, "address.building", 100, false},
    };
    for (const Text& text : texts) {
        if (auto checked = CheckText(text.value, text.field, text.max, text.multiline); !checked) return checked;
    }
    if (data.family_name.empty() && data.given_name.empty() && data.family_name_kana.empty() &&
        data.given_name_kana.empty() && data.reading_self_reported.empty() && !data.unknown_reasons.contains("name")) {
        return Fail(
            Error::InvalidArgument("氏名かふりがなを入力するか、分からない理由を選んでください", "family_name"));
    }
    for (const auto& [field, reason] : data.unknown_reasons) {
        if (!IsPersonFieldName(field)) {
            return Fail(Error::InvalidArgument("不明の理由を付けられない項目です: " + field, "unknown_reasons"));
        }
    }
    if (data.birth_date.has_value() && !data.birth_date->ok()) {
        return Fail(Error::InvalidArgument("生年月日が正しくありません", "birth_date"));
    }
    if (data.birth_date.has_value() && std::chrono::sys_days{*data.birth_date} > std::chrono::sys_days{today}) {
        return Fail(Error::InvalidArgument(
            "生年月日が未来の日付になっています（" + FormatWareki(*data.birth_date) + "）", "birth_date"));
    }
    return {};
}

std::vector<HouseholdMember> Household::CurrentMembers(Date on) const {
    std::vector<HouseholdMember> current;
    for (const HouseholdMember& member : members) {
        if (IsCurrentMembership(member.moved_in, member.moved_out, on)) current.push_back(member);
    }
    return current;
}

}  // namespace kasane::domain
