// SPDX-License-Identifier: Apache-2.0
#pragma once

// 「つなぐ」 to an organisation from a 世帯訪問調査 visit (issue 15, item 2): the referral of a consultation opened in
// the same transaction, its person made there too, so that the consultation, the person, the referral and the visit's
// link are written together or not at all. ReferralService::Send, which reads the person through the store, serves
// every other referral; this is its write, in the caller's transaction, with the same つなぐシート (BuildSheet).

#include <string_view>
#include <vector>

#include "domain/intake.hpp"

namespace kasane::domain {

// Who sends referrals: the professional roles (caseworker, coordinator), as ReferralService::Send asks.
bool MaySendReferral(const Principal& principal);
// The checks before anything is written: the actor sends referrals (caseworker, coordinator: kPermissionDenied),
// and `to` is another organisation of the town (kInvalidArgument naming "to_organization_id").
Status CheckReferralReceiver(Store& store, const Actor& actor, OrganizationId to);

// Writes the referral of `consultation` (about a person recorded by the actor's organisation in this transaction) to
// `to`, the reason `reason`, the sheet built from the person as `tenant` (the transaction's) holds it; appends its
// audit entry (the sheet's provision, on the ground of the organisation's own record) to `entries`.
Result<Referral> SendReferralInTransaction(const Actor& actor, TenantStore& tenant, const Consultation& consultation,
                                           OrganizationId to, std::string_view reason,
                                           const std::vector<WorryCategory>& categories, Instant now,
                                           std::vector<AuditEntry>& entries);

}  // namespace kasane::domain
