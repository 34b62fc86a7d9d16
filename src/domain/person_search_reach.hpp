// SPDX-License-Identifier: Apache-2.0
#pragma once

// Who a person search may find for a caller (issue 18, item 1): the search's candidates are drawn from what the
// caller may see, so that a search costs what the caller may see and rank, not the town filtered afterwards.
//
// The access policy (access_policy.cpp) produces the reach from the viewer alone — the same bases DecideAccess
// opens a person on, without one person's facts — and storage turns it into SQL: the whole town's gram postings
// (a municipal division, which sees every person at identity level, 名寄せ), or the postings joined with the persons
// tied to the caller by one of a set of facts (a partner's or a 民生委員's own). The reach only narrows the
// candidates: every person shown is still decided by DecideAccess, so a reach wider than the policy costs time,
// never a disclosure, and a reach narrower than the policy hides a person — which the tests rule out
// (`WithinReach` against `DecideAccess` on every basis, and the SQL against `WithinReach` on both databases).

#include <memory>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "domain/access.hpp"
#include "domain/access_policy.hpp"
#include "domain/intake_repositories.hpp"

namespace kasane::domain {

struct PersonSearchReach {
    enum class Kind {
        kNobody,  // no person is found (administrators, auditors, the prefecture, the operator)
        kTown,    // every person of the municipality (a municipal division's professional staff)
        kTied,    // the persons tied to the caller by one of `ties`
    };
    // The facts that tie a person to the caller: each is a basis of DecideAccess, or the fact it rests on.
    enum class Tie {
        kOrganizationRecords,  // the organisation created the person, holds the primary record, received one of
                               // the person's consultations or took one of their contacts (own record)
        kUserEntries,          // the user created the person, received a consultation or took a contact (民生委員)
        kReferralsToOrganization,  // a referral to the organisation, accepted, in progress or completed
        kReferralsToUser,          // a referral to the user by name, accepted, in progress or completed
        kCaseTeams,                // a case about the person or the household where the organisation leads or is a
                                   // member (the policy then asks for the consent)
        kConsentsToOrganization,   // a consent not withdrawn that names the organisation
        kMeetingsOfUser,           // on the agenda of a meeting the user convened or attended, or whose body (or
                                   // joint body) names the user as a member (the policy then checks pledge and period)
        kEmergencyAccessesOfUser,  // an emergency access the user asked for (the policy then checks its expiry)
    };

    Kind kind = Kind::kNobody;
    std::vector<Tie> ties;           // for kTied
    OrganizationId organization_id;  // the caller's organisation, for the organisation's ties
    UserId user_id;                  // the caller, for the user's ties

    bool Has(Tie tie) const;
};

// The reach of a caller's person search: the one rule of whom a search may find, defined in access_policy.cpp
// beside DecideAccess and following its bases one by one. For every viewer and every person's facts:
// DecideAccess opening the person at identity level or more implies WithinReach (a pending referral's sheet is
// read through the referral, never found by search).
PersonSearchReach PersonSearchReachOf(const Viewer& viewer);

// Whether the facts of a person tie it to the reach: what storage's SQL computes for many persons at once, written
// over one person's facts (the tests hold the two, and the policy, together). kTown: every person; kNobody: none.
bool WithinReach(const PersonSearchReach& reach, const PersonAccessFacts& facts);

// The search's port (a port of its own, like the feature ports, until a change that rebuilds every store folds it
// into PersonRepository). Conventions as in repositories.hpp: scoped to the tenant store's municipality.
class PersonSearchRepository {
public:
    virtual ~PersonSearchRepository() = default;
    // As PersonRepository::FindByGrams (every gram in the field's keys, merged-away records skipped, in person order,
    // at most `limit`), among the persons of `reach` only: for kTied the tied persons (each merged-away record's
    // ties counted for the record it was merged into) are joined with the postings, so the cost grows with the
    // caller's tied persons and not with the town; for kTown the postings alone; kNobody finds nobody.
    virtual Result<std::vector<PersonSearchHit>> FindByGramsWithin(const std::vector<std::string>& grams,
                                                                   PersonRepository::SearchField field,
                                                                   const PersonSearchReach& reach, int limit) = 0;
    // Of `ids` (persons of the municipality), those the organisation created, holds, or recorded a consultation or a
    // contact of — over each one's records merged into it too: the "worked with" of the search's ranking, read for
    // the candidates only.
    virtual Result<std::vector<PersonId>> RecordedByAmong(const std::vector<PersonId>& ids,
                                                          OrganizationId organization_id) = 0;
};

// A tenant store that can search within a reach (the SQL stores of both backends implement it). PersonService
// asks a tenant store for it and, from any other store, falls back to the town's postings and the policy.
class PersonSearchSource {
public:
    virtual ~PersonSearchSource() = default;
    virtual PersonSearchRepository& PersonSearch() = 0;
};

}  // namespace kasane::domain
