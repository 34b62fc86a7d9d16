// SPDX-License-Identifier: Apache-2.0
#pragma once

// The person fields of the intake form and of the edit form on the person page (templates/person_fields.html):
// 氏名, ふりがな, 生年月日 (和暦 or 西暦), 性別, 電話, 住所 parts, and per field the reason it is empty
// (不明 / 回答拒否 / 未聴取). Internal to web/.

#include <nlohmann/json.hpp>

#include "domain/person.hpp"
#include "web/page_support.hpp"

namespace kasane::web {

struct PersonForm {
    domain::PersonData data;
    nlohmann::json errors = nlohmann::json::object();  // field -> Japanese message, for what the form could not read
};

// Reads the person fields. A birth date that cannot be read, or an unknown 性別 or reason code, is an error named
// after its field; an empty field with a reason keeps the reason.
PersonForm ReadPersonForm(const FormFields& fields);

// The names of the person fields, for AddFieldError.
inline const std::vector<std::string_view> kPersonFieldNames = {
    "family_name",   "given_name",      "family_name_kana",   "given_name_kana",      "birth_date",
    "sex",           "phone",           "address_prefecture", "address_municipality", "address_town",
    "address_block", "address_building"};

// The values of the fields as typed (so that a form re-rendered after an error keeps them), or of a record.
nlohmann::json PersonFormValues(const FormFields& fields);
nlohmann::json PersonFormValuesOf(const domain::PersonData& data);

// What templates/person_fields.html reads under "pf": the values, the errors, the 性別 options and, per field,
// the unknown-reason options.
nlohmann::json PersonFormView(const nlohmann::json& values, const nlohmann::json& errors);

// A key of what FindDuplicates looked at, so that a changed name or birth date is checked again.
std::string DuplicateCheckKey(const domain::PersonData& data);

}  // namespace kasane::web
