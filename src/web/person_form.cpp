// SPDX-License-Identifier: Apache-2.0
#include "web/person_form.hpp"

#include <array>

#include "base/crypto.hpp"
#include "base/japanese_date.hpp"

namespace kasane::web {

using nlohmann::json;

namespace {

// Form fields that may carry an unknown reason, as the domain names them (IsPersonFieldName), with their labels.
struct UnknownField {
    std::string_view field;
    std::string_view label;
};
constexpr std::array<UnknownField, 6> kUnknownFields{{{"name", "氏名"},
                                                      {"name_kana", "ふりがな"},
                                                      {"birth_date", "生年月日"},
                                                      {"sex", "性別"},
                                                      {"phone", "電話"},
                                                      {"address", "住所"}}};

constexpr domain::Sex kSexes[] = {domain::Sex::kMale, domain::Sex::kFemale, domain::Sex::kOther,
                                  domain::Sex::kNoAnswer};
constexpr domain::UnknownReason kReasons[] = {domain::UnknownReason::kUnknown, domain::UnknownReason::kRefused,
                                              domain::UnknownReason::kNotAsked};

constexpr std::array<std::string_view, 12> kValueFields{"family_name",     "given_name",         "family_name_kana",
                                                        "given_name_kana", "birth_date",         "sex",
                                                        "phone",           "address_prefecture", "address_municipality",
                                                        "address_town",    "address_block",      "address_building"};

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// Whether the field is empty in the data (an unknown reason only applies then).
bool IsEmpty(const domain::PersonData& data, std::string_view field) {
    if (field == "name") return data.family_name.empty() && data.given_name.empty();
    if (field == "name_kana") return data.family_name_kana.empty() && data.given_name_kana.empty();
    if (field == "birth_date") return !data.birth_date.has_value();
    if (field == "sex") return !data.sex.has_value();
    if (field == "phone") return data.phone.empty();
    if (field == "address") return data.address.Empty();
    return true;
}

}  // namespace

PersonForm ReadPersonForm(const FormFields& fields) {
    PersonForm form;
    domain::PersonData& data = form.data;
    auto text = [&](std::string_view name) {
        std::string value = FieldOf(fields, name);
        return IsBlank(value) ? std::string() : value;
    };
    data.family_name = text("family_name");
    data.given_name = text("given_name");
    data.family_name_kana = text("family_name_kana");
    data.given_name_kana = text("given_name_kana");
    data.phone = text("phone");
    data.address.prefecture = text("address_prefecture");
    data.address.municipality = text("address_municipality");
    data.address.town = text("address_town");
    data.address.block = text("address_block");
    data.address.building = text("address_building");
    data.resides_elsewhere = FieldOf(fields, "resides_elsewhere") == "1";
    data.dv_protected = FieldOf(fields, "dv_protected") == "1";

    if (const std::string birth = text("birth_date"); !birth.empty()) {
        auto parsed = ParseJapaneseDate(birth, "生年月日");
        if (parsed) {
            data.birth_date = *parsed;
        } else {
            form.errors["birth_date"] = parsed.error().message;
        }
    }
    if (const std::string sex = FieldOf(fields, "sex"); !sex.empty()) {
        if (auto parsed = domain::ParseSex(sex)) {
            data.sex = *parsed;
        } else {
            form.errors["sex"] = "「性別」の選択肢が正しくありません";
        }
    }
    for (const UnknownField& unknown : kUnknownFields) {
        const std::string code = FieldOf(fields, "unknown_" + std::string(unknown.field));
        if (code.empty()) continue;
        auto reason = domain::ParseUnknownReason(code);
        if (!reason) {
            form.errors["unknown_" + std::string(unknown.field)] =
                "「" + std::string(unknown.label) + "」の未記入の理由が正しくありません";
            continue;
        }
        if (IsEmpty(data, unknown.field)) data.unknown_reasons[std::string(unknown.field)] = *reason;
    }
    return form;
}

json PersonFormValues(const FormFields& fields) {
    json values = json::object();
    for (std::string_view name : kValueFields) values[std::string(name)] = FieldOf(fields, name);
    for (const UnknownField& unknown : kUnknownFields) {
        const std::string name = "unknown_" + std::string(unknown.field);
        values[name] = FieldOf(fields, name);
    }
    values["resides_elsewhere"] = FieldOf(fields, "resides_elsewhere") == "1";
    values["dv_protected"] = FieldOf(fields, "dv_protected") == "1";
    return values;
}

json PersonFormValuesOf(const domain::PersonData& data) {
    json values = {{"family_name", data.family_name},
                   {"given_name", data.given_name},
                   {"family_name_kana", data.family_name_kana},
                   {"given_name_kana", data.given_name_kana},
                   {"birth_date", data.birth_date ? FormatWareki(*data.birth_date) : ""},
                   {"sex", data.sex ? std::string(domain::SexCode(*data.sex)) : ""},
                   {"phone", data.phone},
                   {"address_prefecture", data.address.prefecture},
                   {"address_municipality", data.address.municipality},
                   {"address_town", data.address.town},
                   {"address_block", data.address.block},
                   {"address_building", data.address.building},
                   {"resides_elsewhere", data.resides_elsewhere},
                   {"dv_protected", data.dv_protected}};
    for (const UnknownField& unknown : kUnknownFields) {
        auto found = data.unknown_reasons.find(unknown.field);
        values["unknown_" + std::string(unknown.field)] =
            found == data.unknown_reasons.end() ? "" : std::string(domain::UnknownReasonCode(found->second));
    }
    return values;
}

json PersonFormView(const json& values, const json& errors) {
    auto value = [&](const std::string& name) {
        return values.contains(name) && values[name].is_string() ? values[name].get<std::string>() : std::string();
    };
    json view = {{"values", values}, {"errors", errors.is_object() ? errors : json::object()}};
    view["sex_options"] = EnumOptions(kSexes, domain::SexCode, domain::SexLabel, value("sex"));
    json unknown = json::object();
    for (const UnknownField& field : kUnknownFields) {
        const std::string name = "unknown_" + std::string(field.field);
        unknown[std::string(field.field)] = {
            {"name", name},
            {"label", std::string(field.label) + "が空欄の理由"},
            {"options", EnumOptions(kReasons, domain::UnknownReasonCode, domain::UnknownReasonLabel, value(name))}};
    }
    view["unknown"] = unknown;
    return view;
}

std::string DuplicateCheckKey(const domain::PersonData& data) {
    std::string key = data.family_name + "|" + data.given_name + "|" + data.family_name_kana + "|" +
                      data.given_name_kana + "|" + data.phone + "|" + data.address.OneLine() + "|";
    if (data.birth_date) key += IsoDate(*data.birth_date);
    // A digest keeps the hidden field short and plain ASCII.
    return Sha256Hex(key);
}

}  // namespace kasane::web
