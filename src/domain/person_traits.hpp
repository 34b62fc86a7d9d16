// SPDX-License-Identifier: Apache-2.0
#pragma once

// 課題と特性 of a person supported (issue 17, item 3): what the staff see in the person's life beside the
// consultation's 困りごと — ひきこもり, 8050, ダブルケア, 精神疾患（疑い含む）… — chosen from one fixed list (several
// at once, or none), so that the 年度集計 can say how many of the persons supported carry each (「課題と特性別」,
// N = 実人数; the seed's 「相談者の課題と特性 (N=91)」). The codes are stable for the API and the database; the labels
// are what people read. Many of them are 要配慮個人情報 (health, disability, abuse, crime): who reads and records
// them is MayReadPersonTraits / PersonTraitService, by the person's access decision.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/access.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

enum class PersonTrait {
    kWithdrawal,        // ひきこもり
    kEightyFifty,       // 8050
    kDoubleCare,        // ダブルケア
    kYoungCarer,        // ヤングケアラー
    kMentalIllness,     // 精神疾患（疑い含む）
    kDisability,        // 障がい（疑い含む）
    kDementia,          // 認知症（疑い含む）
    kPoverty,           // 経済的困窮
    kMultipleDebt,      // 多重債務
    kIsolation,         // 地域からの孤立
    kHoarding,          // ごみ屋敷（不衛生な住環境）
    kAbuse,             // 虐待
    kDomesticViolence,  // DV
    kSchoolRefusal,     // 不登校
    kEmployment,        // 就労課題
    kCare,              // 介護
    kAddiction,         // 依存症（アルコール・ギャンブル等）
    kExOffender,        // 刑余者（矯正施設退所者等）
    kHousing,           // 住まいの課題
    kOther,             // その他
};

// Every trait, in the order the form and the report show them.
const std::vector<PersonTrait>& AllPersonTraits();
std::string_view PersonTraitCode(PersonTrait trait);   // "withdrawal", "eighty_fifty", ...
std::string_view PersonTraitLabel(PersonTrait trait);  // ひきこもり, 8050, ...
std::optional<PersonTrait> ParsePersonTrait(std::string_view code);

// The report's row of persons with no trait recorded (未記入).
inline constexpr std::string_view kNoTraitCode = "none";
inline constexpr std::string_view kNoTraitLabel = "未記入";

// The codes as given (API, form) as traits: in AllPersonTraits' order, a code given twice kept once. kInvalidArgument
// naming the field `field` for a code not in the list.
Result<std::vector<PersonTrait>> ParsePersonTraits(const std::vector<std::string>& codes,
                                                   std::string_view field = "traits");

// A person's traits: none recorded yet when updated_at is absent.
struct PersonTraits {
    PersonId person_id{};
    std::vector<PersonTrait> traits;  // AllPersonTraits' order
    std::optional<Instant> updated_at;
    std::optional<UserId> updated_by;
};

// Who reads and records a person's traits: a viewer who sees the person's whole record (ViewLevel::kFull) with its
// 要配慮個人情報 (sensitive_fields) — the decision DecideAccess makes for the person's page. Recording asks, besides,
// the change policy for the person's record (ChangeKind::kIdentity: who may edit the record's details).
bool MayReadPersonTraits(const AccessDecision& decision);

// One person counted in a period's 実人数 (the survivor of merged records) with the traits of every record merged
// into it: what the repository reads for the 課題と特性別.
struct CountedPersonTraits {
    PersonId person_id{};
    std::vector<PersonTrait> traits;
};

struct TraitCount {
    PersonTrait trait = PersonTrait::kOther;
    long long persons = 0;
};

// 課題と特性別: per trait the distinct persons carrying it, and those with none (未記入); N = persons.
struct TraitCounts {
    long long persons = 0;             // N (the 実人数 of the period)
    std::vector<TraitCount> by_trait;  // every trait, AllPersonTraits' order
    long long none = 0;                // 未記入
};
// Pure: each person once per trait, however often listed.
TraitCounts CountTraits(const std::vector<CountedPersonTraits>& persons);

// The traits as their labels joined by 「、」 (the person page, audit details).
std::string PersonTraitLabels(const std::vector<PersonTrait>& traits);
std::string PersonTraitCodes(const std::vector<PersonTrait>& traits);  // "withdrawal,poverty"

}  // namespace kasane::domain
