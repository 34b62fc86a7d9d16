// SPDX-License-Identifier: Apache-2.0
#pragma once

// Row identifiers. The database assigns them; 0 means "not yet stored" / "none" (`PersonId{}`).
//
// Ids of records that travel together (a person, a consultation, an organisation, a case …) are distinct types,
// `Id<Tag>`, so that a person's id passed where an organisation's or a case's is expected does not compile:
//   PersonId id{42};         // from an integer: explicit, at the edges (a row read, a parsed request, a test)
//   id.value()               // the integer
//   std::int64_t n = id;     // converts implicitly to std::int64_t (SQL binds, JSON, URLs keep working) — and
//                            // only to std::int64_t, so `flag ? id : 0` is an error rather than a narrowed int
// One id type never converts to another (that would take two conversions, one of them explicit), and comparing
// ids of two kinds is a deleted operator. They hash (std::hash), order (<=>), print (<<) and write to JSON as
// their integer. The aliases that stay plain integers are ids that do not travel with others of a different kind.

#include <compare>
#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <type_traits>
#include <vector>

namespace kasane {

template <class Tag>
class Id {
public:
    constexpr Id() = default;
    explicit constexpr Id(std::int64_t value) : value_(value) {}
    template <class Other>
    requires(!std::same_as<Other, Tag>) Id(Id<Other>)
    = delete;  // not even explicitly: a case's id is never a person's

    constexpr std::int64_t value() const { return value_; }

    // To std::int64_t only (a template so that no other arithmetic type can be reached through it).
    template <std::same_as<std::int64_t> T>
    constexpr operator T() const {  // NOLINT(google-explicit-constructor): the storage and JSON edges rely on it
        return value_;
    }

    friend constexpr bool operator==(Id, Id) = default;
    friend constexpr std::strong_ordering operator<=>(Id, Id) = default;
    // `id == 0`, `id > 0`: a template so that it matches an integer exactly (no built-in operator competes).
    template <std::signed_integral T>
    friend constexpr bool operator==(Id id, T value) {
        return id.value_ == value;
    }
    template <std::signed_integral T>
    friend constexpr std::strong_ordering operator<=>(Id id, T value) {
        return id.value_ <=> value;
    }
    // Ids of different kinds do not compare (without these, both would convert to integers and compare).
    template <class Other>
    requires(!std::same_as<Other, Tag>) friend bool operator==(Id, Id<Other>) = delete;
    template <class Other>
    requires(!std::same_as<Other, Tag>) friend std::strong_ordering operator<=>(Id, Id<Other>) = delete;

    friend std::ostream& operator<<(std::ostream& out, Id id) { return out << id.value_; }

private:
    std::int64_t value_ = 0;
};

template <class T>
struct IsId : std::false_type {};
template <class Tag>
struct IsId<Id<Tag>> : std::true_type {};
template <class T>
concept AnyId = IsId<T>::value;

// An optional integer read at an edge, as an optional id of the kind the caller names.
template <AnyId T>
constexpr std::optional<T> OptionalIdOf(std::optional<std::int64_t> value) {
    if (!value) return std::nullopt;
    return T{*value};
}

// A list of ids as integers (SQL IN lists, JSON arrays) and back.
template <class Tag>
std::vector<std::int64_t> IdValues(const std::vector<Id<Tag>>& ids) {
    return std::vector<std::int64_t>(ids.begin(), ids.end());
}
template <AnyId T>
std::vector<T> IdsOf(const std::vector<std::int64_t>& values) {
    std::vector<T> ids;
    ids.reserve(values.size());
    for (const std::int64_t value : values) ids.emplace_back(value);
    return ids;
}

// nlohmann::json writes an id as its integer and reads one only when asked for that type (`json.get<PersonId>()`);
// found by argument-dependent lookup.
template <class Json, class Tag>
void to_json(Json& json, Id<Tag> id) {  // NOLINT(readability-identifier-naming): nlohmann's name
    json = id.value();
}
template <class Json, class Tag>
void from_json(const Json& json, Id<Tag>& id) {  // NOLINT(readability-identifier-naming): nlohmann's name
    id = Id<Tag>{json.template get<std::int64_t>()};
}

using MunicipalityId = Id<struct MunicipalityTag>;
using OrganizationId = Id<struct OrganizationTag>;
using UserId = Id<struct UserTag>;
using AreaId = std::int64_t;
using ApiTokenId = std::int64_t;
using PostId = std::int64_t;  // a user's dated post in an organisation (domain/post.hpp)
// 世帯訪問調査 (domain/household_survey.hpp): a campaign, a household on its list, a visit, a hearing note.
using SurveyCampaignId = Id<struct SurveyCampaignTag>;
using SurveyHouseholdId = Id<struct SurveyHouseholdTag>;
using SurveyVisitId = Id<struct SurveyVisitTag>;
using SurveyHearingNoteId = Id<struct SurveyHearingNoteTag>;
// アウトリーチ (domain/outreach.hpp): a person under continuing outreach, and one attempt to reach them.
using OutreachId = Id<struct OutreachTag>;
using OutreachAttemptId = Id<struct OutreachAttemptTag>;
// 県の集計 (domain/prefecture_statistics.hpp): a release of the roll-up, and a support visit to a town.
using PrefectureReleaseId = Id<struct PrefectureReleaseTag>;
using SupportVisitId = Id<struct SupportVisitTag>;

}  // namespace kasane

template <class Tag>
struct std::hash<kasane::Id<Tag>> {
    std::size_t operator()(kasane::Id<Tag> id) const noexcept { return std::hash<std::int64_t>{}(id.value()); }
};
