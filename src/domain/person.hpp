// SPDX-License-Identifier: Apache-2.0
#pragma once

// 本人 (the person supported) and 世帯 (household). Intake is often partial: every field may be unknown, and
// then the reason is kept (不明 / 回答拒否 / 未聴取).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"

namespace kasane::domain {

using PersonId = Id<struct PersonTag>;
using HouseholdId = Id<struct HouseholdTag>;
using Date = std::chrono::year_month_day;

enum class Sex { kMale, kFemale, kOther, kNoAnswer };  // 男 / 女 / その他 / 未回答
std::string_view SexCode(Sex sex);                     // "male", "female", "other", "no_answer"
std::string_view SexLabel(Sex sex);                    // "男", "女", "その他", "未回答"
std::optional<Sex> ParseSex(std::string_view code);

// Why a field has no value.
enum class UnknownReason { kUnknown, kRefused, kNotAsked };  // 不明 / 回答拒否 / 未聴取
std::string_view UnknownReasonCode(UnknownReason reason);    // "unknown", "refused", "not_asked"
std::string_view UnknownReasonLabel(UnknownReason reason);   // "不明", "回答拒否", "未聴取"
std::optional<UnknownReason> ParseUnknownReason(std::string_view code);

// Address as デジタル庁's core data parts: 都道府県 / 市区町村 / 町字 / 番地以下, with 建物名等 apart.
struct Address {
    std::string prefecture;    // 鳥取県
    std::string municipality;  // 東伯郡北栄町
    std::string town;          // 由良宿
    std::string block;         // 123-4
    std::string building;      // 建物名・部屋番号
    bool Empty() const;
    std::string OneLine() const;  // for display and the search index
};

// The names of the fields that may carry an UnknownReason, as used in the API and the unknown_reasons map.
// "name", "name_kana", "birth_date", "sex", "phone", "address".
bool IsPersonFieldName(std::string_view field);

struct PersonData {
    std::string family_name;       // 氏 (kanji as written)
    std::string given_name;        // 名
    std::string family_name_kana;  // official furigana (カタカナ or ひらがな as entered)
    std::string given_name_kana;
    std::string reading_self_reported;  // the reading the person gives, kept apart from the official one
    std::optional<Date> birth_date;
    std::optional<Sex> sex;
    std::string phone;
    std::string contact_notes;
    Address address;
    bool resides_elsewhere = false;         // 住登外: lives outside the municipality's resident register
    std::optional<AreaId> neighborhood_id;  // 自治会
    std::optional<AreaId> elementary_school_district_id;   // 小学校区
    std::optional<AreaId> junior_high_school_district_id;  // 中学校区
    std::optional<AreaId> welfare_volunteer_district_id;   // 民生委員区
    // For fields left empty: why. Keys from IsPersonFieldName.
    std::map<std::string, UnknownReason, std::less<>> unknown_reasons;
    bool dv_protected = false;  // DV等支援措置: address and contact shown only to named staff
};

// DV等支援措置 set (kProtected) or lifted (kLifted): PersonService::SetDvProtection.
enum class DvProtection { kLifted, kProtected };

struct Person {
    PersonId id{};
    MunicipalityId municipality_id{};
    PersonData data;
    OrganizationId created_by_organization_id{};
    UserId created_by_user_id{};
    Instant created_at{};
    Instant updated_at{};
    int version = 1;                      // optimistic concurrency: an edit names the version it started from
    std::optional<PersonId> merged_into;  // set when this record was merged into another (名寄せ)

    std::string FullName() const;      // "佐藤 花子"
    std::string FullNameKana() const;  // "サトウ ハナコ"
};

// Validates lengths, UTF-8, area kinds are checked by the use case; errors name the field. A birth date after
// `today` (the date in Japan, from the injected clock) is refused.
Status ValidatePersonData(const PersonData& data, Date today);

// 続柄 codes. Free text is not used, so that counts and the genogram can rely on them.
enum class Relationship {
    kHead,           // 世帯主
    kSpouse,         // 配偶者
    kChild,          // 子
    kParent,         // 父母
    kGrandchild,     // 孫
    kGrandparent,    // 祖父母
    kSibling,        // 兄弟姉妹
    kChildInLaw,     // 子の配偶者
    kOtherRelative,  // その他の親族
    kNonRelative,    // 同居人
};
std::string_view RelationshipCode(Relationship relationship);   // "head", "spouse", ...
std::string_view RelationshipLabel(Relationship relationship);  // "世帯主", "配偶者", ...
std::optional<Relationship> ParseRelationship(std::string_view code);

struct HouseholdMember {
    std::int64_t id = 0;
    PersonId person_id{};
    Relationship relationship = Relationship::kOtherRelative;  // to the head
    bool is_head = false;
    std::optional<Date> moved_in;   // 転入・同居開始
    std::optional<Date> moved_out;  // 転出・死亡・別居; the row is kept
    std::string moved_out_reason;
};

struct Household {
    HouseholdId id{};
    MunicipalityId municipality_id{};
    std::string name;                      // a label such as 「山田さん世帯」
    std::string notes;                     // 世帯全員の生活課題・経緯・背景
    std::vector<HouseholdMember> members;  // current and former, by moved_in
    OrganizationId created_by_organization_id{};
    Instant created_at{};
    int version = 1;

    // Members without a moved_out date on or before `on`.
    std::vector<HouseholdMember> CurrentMembers(Date on) const;
};

}  // namespace kasane::domain
