// SPDX-License-Identifier: Apache-2.0
#include "domain/person_traits.hpp"

#include <algorithm>
#include <set>

#include "domain/code_table.hpp"

namespace kasane::domain {

namespace {

// The national-style list the towns' reports use (重層的支援体制整備事業の実施状況, the seed's 「相談者の課題と
// 特性」): each code is stored in person_traits.trait_code (migration 50, whose CHECK repeats this list).
constexpr CodeTable<PersonTrait, 20> kTraits{{{
    {PersonTrait::kWithdrawal, "withdrawal", "ひきこもり"},
    {PersonTrait::kEightyFifty, "eighty_fifty", "8050"},
    {PersonTrait::kDoubleCare, "double_care", "ダブルケア"},
    {PersonTrait::kYoungCarer, "young_carer", "ヤングケアラー"},
    {PersonTrait::kMentalIllness, "mental_illness", "精神疾患（疑い含む）"},
    {PersonTrait::kDisability, "disability", "障がい（疑い含む）"},
    {PersonTrait::kDementia, "dementia", "認知症（疑い含む）"},
    {PersonTrait::kPoverty, "poverty", "経済的困窮"},
    {PersonTrait::kMultipleDebt, "multiple_debt", "多重債務"},
    {PersonTrait::kIsolation, "isolation", "地域からの孤立"},
    {PersonTrait::kHoarding, "hoarding", "ごみ屋敷（不衛生な住環境）"},
    {PersonTrait::kAbuse, "abuse", "虐待"},
    {PersonTrait::kDomesticViolence, "domestic_violence", "DV"},
    {PersonTrait::kSchoolRefusal, "school_refusal", "不登校"},
    {PersonTrait::kEmployment, "employment", "就労課題"},
    {PersonTrait::kCare, "care", "介護"},
    {PersonTrait::kAddiction, "addiction", "依存症（アルコール・ギャンブル等）"},
    {PersonTrait::kExOffender, "ex_offender", "刑余者（矯正施設退所者等）"},
    {PersonTrait::kHousing, "housing", "住まいの課題"},
    {PersonTrait::kOther, "other", "その他"},
}}};

std::size_t IndexOf(PersonTrait trait) {
    const auto& all = AllPersonTraits();
    return static_cast<std::size_t>(std::find(all.begin(), all.end(), trait) - all.begin());
}

}  // namespace

const std::vector<PersonTrait>& AllPersonTraits() {
    static const std::vector<PersonTrait> traits = [] {
        std::vector<PersonTrait> all;
        for (const auto& [trait, code, label] : kTraits.rows) all.push_back(trait);
        return all;
    }();
    return traits;
}

std::string_view PersonTraitCode(PersonTrait trait) { return kTraits.Code(trait); }
std::string_view PersonTraitLabel(PersonTrait trait) { return kTraits.Label(trait); }
std::optional<PersonTrait> ParsePersonTrait(std::string_view code) { return kTraits.Parse(code); }

Result<std::vector<PersonTrait>> ParsePersonTraits(const std::vector<std::string>& codes, std::string_view field) {
    std::set<std::size_t> chosen;
    for (const std::string& code : codes) {
        const auto trait = ParsePersonTrait(code);
        if (!trait) {
            return Fail(Error::InvalidArgument("課題と特性「" + code.substr(0, 40) + "」は一覧にありません",
                                               std::string(field)));
        }
        chosen.insert(IndexOf(*trait));
    }
    std::vector<PersonTrait> traits;
    for (const std::size_t index : chosen) traits.push_back(AllPersonTraits()[index]);
    return traits;
}

bool MayReadPersonTraits(const AccessDecision& decision) {
    return decision.level == ViewLevel::kFull && decision.sensitive_fields;
}

TraitCounts CountTraits(const std::vector<CountedPersonTraits>& persons) {
    TraitCounts counts;
    for (const PersonTrait trait : AllPersonTraits()) counts.by_trait.push_back({.trait = trait, .persons = 0});
    std::set<PersonId> seen;
    std::set<std::pair<PersonId, std::size_t>> seen_traits;
    std::set<PersonId> with_trait;
    for (const CountedPersonTraits& person : persons) {
        seen.insert(person.person_id);
        for (const PersonTrait trait : person.traits) {
            const std::size_t index = IndexOf(trait);
            if (index >= counts.by_trait.size()) continue;
            with_trait.insert(person.person_id);
            if (seen_traits.insert({person.person_id, index}).second) ++counts.by_trait[index].persons;
        }
    }
    counts.persons = static_cast<long long>(seen.size());
    counts.none = counts.persons - static_cast<long long>(with_trait.size());
    return counts;
}

std::string PersonTraitLabels(const std::vector<PersonTrait>& traits) {
    std::string text;
    for (const PersonTrait trait : traits) {
        if (!text.empty()) text += "、";
        text += PersonTraitLabel(trait);
    }
    return text;
}

std::string PersonTraitCodes(const std::vector<PersonTrait>& traits) {
    std::string text;
    for (const PersonTrait trait : traits) {
        if (!text.empty()) text += ",";
        text += PersonTraitCode(trait);
    }
    return text;
}

}  // namespace kasane::domain
