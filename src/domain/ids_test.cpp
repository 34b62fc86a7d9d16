// SPDX-License-Identifier: Apache-2.0
// Ids of different records are distinct types (base/ids.hpp): a mix-up does not compile. The static_asserts are the
// test (a change that lets one id pass for another fails the build); the runtime cases pin what still works.

#include <gtest/gtest.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <unordered_set>

#include "base/ids.hpp"
#include "domain/consultation.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"
#include "domain/sharing.hpp"
#include "domain/support_case.hpp"

namespace kasane::domain {
namespace {

template <class A, class B>
constexpr bool kInterchangeable = std::is_convertible_v<A, B> || std::is_constructible_v<B, A> ||
                                  std::is_assignable_v<B&, A> || std::equality_comparable_with<A, B>;

// One record's id never passes for another's, not even explicitly.
static_assert(!kInterchangeable<PersonId, CaseId>);
static_assert(!kInterchangeable<CaseId, PersonId>);
static_assert(!kInterchangeable<PersonId, OrganizationId>);
static_assert(!kInterchangeable<OrganizationId, PersonId>);
static_assert(!kInterchangeable<PersonId, HouseholdId>);
static_assert(!kInterchangeable<PersonId, UserId>);
static_assert(!kInterchangeable<UserId, OrganizationId>);
static_assert(!kInterchangeable<ConsultationId, CaseId>);
static_assert(!kInterchangeable<ConsultationId, PersonId>);
static_assert(!kInterchangeable<ReferralId, ConsultationId>);
static_assert(!kInterchangeable<MeetingId, MeetingBodyId>);
static_assert(!kInterchangeable<ConsentId, MeetingId>);
static_assert(!kInterchangeable<MunicipalityId, OrganizationId>);
static_assert(!kInterchangeable<std::optional<PersonId>, std::optional<CaseId>>);

// An integer becomes an id only explicitly, at an edge (a row read, a parsed request, a test).
static_assert(!std::is_convertible_v<std::int64_t, PersonId>);
static_assert(!std::is_convertible_v<int, CaseId>);
static_assert(!std::is_assignable_v<PersonId&, std::int64_t>);
static_assert(!std::is_convertible_v<std::optional<std::int64_t>, std::optional<PersonId>>);
static_assert(std::is_constructible_v<PersonId, std::int64_t>);

// An id becomes std::int64_t implicitly (SQL binds, JSON, URLs) — and nothing narrower or boolean.
static_assert(std::is_convertible_v<PersonId, std::int64_t>);
static_assert(std::is_convertible_v<std::optional<PersonId>, std::optional<std::int64_t>>);
static_assert(!std::is_convertible_v<PersonId, int>);
static_assert(!std::is_convertible_v<PersonId, bool>);
static_assert(!std::is_convertible_v<PersonId, double>);

// The aliases spread over several headers name the same types.
static_assert(std::same_as<CaseId, Id<struct CaseTag>>);

TEST(Ids, CompareHashPrintAndConvert) {
    const PersonId a{7};
    const PersonId b{9};
    EXPECT_LT(a, b);
    EXPECT_EQ(a, PersonId{7});
    EXPECT_TRUE(a == 7);
    EXPECT_EQ(PersonId{}, 0);
    const std::int64_t raw = a;
    EXPECT_EQ(raw, 7);
    EXPECT_EQ(a.value(), 7);
    EXPECT_EQ(std::to_string(a), "7");
    std::ostringstream out;
    out << b;
    EXPECT_EQ(out.str(), "9");
    const std::unordered_set<PersonId> hashed{a, b, PersonId{7}};
    EXPECT_EQ(hashed.size(), 2U);
    const std::set<CaseId> ordered{CaseId{3}, CaseId{1}};
    EXPECT_EQ(*ordered.begin(), CaseId{1});
    EXPECT_EQ(OptionalIdOf<PersonId>(std::nullopt), std::nullopt);
    EXPECT_EQ(OptionalIdOf<PersonId>(std::int64_t{4}), PersonId{4});
    EXPECT_EQ(IdValues(std::vector<PersonId>{a, b}), (std::vector<std::int64_t>{7, 9}));
    EXPECT_EQ(IdsOf<PersonId>({7, 9}), (std::vector<PersonId>{a, b}));
}

}  // namespace
}  // namespace kasane::domain
