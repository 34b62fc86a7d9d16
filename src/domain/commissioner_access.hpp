// SPDX-License-Identifier: Apache-2.0
#pragma once

// The access policy's rules of 民生委員の活動記録 (issue 15, item 4). They are part of the one policy: defined in
// access_policy.cpp beside DecideAccess, pure functions of the principal and the facts storage gathers, with the
// basis each decision names in the audit trail. Declared here rather than in access_policy.hpp only so that the
// round's shared build did not recompile every includer of that header; the lead may fold them in.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth.hpp"
#include "domain/commissioner_activity.hpp"
#include "domain/master_data.hpp"

namespace kasane::domain {

// --- 民生委員の活動記録 (issue 15, item 4) ---------------------------------------------------------------------

// Who may read or write a part of the 活動記録, and on what ground (the audit entry's basis): "own_entry" (the
// commissioner herself), "council_staff" (the municipal staff member in charge of her 民児協: a professional named
// as the council's 担当職員), "council_member" (a commissioner of the 民児協), "municipal_administrator".
struct ActivityAccess {
    bool allowed = false;
    std::string basis;
};

// A commissioner's month (her counts), read or written: herself, while she serves as 民生委員 (the role and an
// assignment); and the staff in charge of her 民児協, who also enters a month handed in on paper.
// `council` is her 民児協 (nullptr when she has none).
ActivityAccess CommissionerMonthAccess(const Principal& principal, UserId commissioner,
                                       const CommissionerCouncil* council);
// Her notes on individuals: only herself and the staff in charge of her 民児協 — never other commissioners, the
// town's administrators or anyone else (民生委員法 第15条 「その身上に関する秘密を守り」: what she learns of a person
// stays with her and the office she reports to).
ActivityAccess CommissionerNotesAccess(const Principal& principal, UserId commissioner,
                                       const CommissionerCouncil* council);
// A 民児協's roll-up (sums only, no one's month): its commissioners (`self` is the principal's assignment, if
// any), its staff in charge, and the town's administrators. Which commissioner has recorded the month is shown
// to the staff in charge and administrators only (`ActivityAccess::basis` tells which).
ActivityAccess CouncilRollUpAccess(const Principal& principal, const CommissionerCouncil& council,
                                   const std::optional<Commissioner>& self);
// The municipality's total for the 福祉行政報告例 (and its files): the staff in charge of any 民児協 and the town's
// administrators. Counts only; they name no one.
ActivityAccess MunicipalActivityTotalAccess(const Principal& principal,
                                            const std::vector<CommissionerCouncil>& councils);

// --- 見守り (issue 15, item 3) ---------------------------------------------------------------------------------

// Who reads the 見守り list of a 民生委員区: a 民生委員 her own district's only ("own_district"; 民生委員法 第14条
// gives her the 区域 she serves, 第15条 her secrecy); the professional staff of the municipality's divisions every
// district's ("municipal_staff"), who keep the list. No one else: a partner agency, an administrator's role, the
// auditor and the prefecture read none of it.
ActivityAccess WatchListAccess(const Principal& principal, OrganizationKind organization_kind, AreaId district,
                               const std::optional<Commissioner>& self);
// Who adds a person to the list (with the basis, one person at a time): the municipality's professional staff.
bool MayKeepWatchList(const Principal& principal, OrganizationKind organization_kind);

}  // namespace kasane::domain
