// SPDX-License-Identifier: Apache-2.0
#pragma once

// Ports for the worker's desk (desk.hpp): the home page's counts, each a query scoped to what the caller may see —
// the scope is part of the SQL (as the 受付簿's BookScopeOf is), so nothing of the town is read to be thrown away.
// Conventions as in repositories.hpp: scoped to the TenantStore's municipality.

#include <optional>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation.hpp"
#include "domain/referral.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

// A user's open consultations (received by them, 対応中, not cancelled) and how many of those have a next-contact
// date on or before a day.
struct OpenConsultationCounts {
    long long open = 0;
    long long contact_due = 0;
};

enum class ReferralDirection { kIncoming, kOutgoing };

// An unanswered referral (status 送付) as the desk reads it: what the overdue rule (IsOverdue) and the reading rule
// (MayReadReferral, for the professionals the desk lists referrals to) ask of it, and what the desk shows — not its
// sheet or events, which the desk never shows (200 referrals a list were 400 reads of whole records).
struct UnansweredReferral {
    ReferralId id;
    OrganizationId from_organization_id;
    OrganizationId to_organization_id;
    std::optional<UserId> to_user_id;
    Instant sent_at{};
};

class DeskRepository {
public:
    virtual ~DeskRepository() = default;
    // Counts over consultations received by `user_id` that are open and not cancelled (a consultation without a
    // person counts like any other).
    virtual Result<OpenConsultationCounts> OpenConsultations(UserId user_id, Date contact_due_on_or_before) = 0;
    // Referrals still unanswered (status 送付) to (kIncoming) or from (kOutgoing) the organisation, sent at or before
    // `sent_at_or_before`; oldest first, at most `limit`. The candidates of the overdue rule (IsOverdue).
    virtual Result<std::vector<UnansweredReferral>> UnansweredReferrals(OrganizationId organization_id,
                                                                        ReferralDirection direction,
                                                                        Instant sent_at_or_before, int limit) = 0;
    // Meetings held in [from, to] (both included) that the user convened, attended in person, or whose body (or
    // joint body) names the user as a member; earliest first. The candidates of MeetingReaderOf.
    virtual Result<std::vector<MeetingId>> MeetingsOfUser(UserId user_id, Date from, Date to) = 0;
    // Consents not withdrawn, given on or before `to`, expiring in [from, to], that name the organisation or were
    // recorded by a user of it; earliest expiry first, at most `limit`.
    virtual Result<std::vector<ConsentId>> ExpiringConsents(OrganizationId organization_id, Date from, Date to,
                                                            int limit) = 0;
};

}  // namespace kasane::domain
