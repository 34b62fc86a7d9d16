// SPDX-License-Identifier: Apache-2.0
#pragma once

// The access policy's rule for a survey household at the address of a person under DV等支援措置 (issue 15). It is
// the policy's (access_policy.cpp, beside SurveyAreaAccess); declared apart from access_policy.hpp only so that the
// features which never show a survey household do not depend on it.

#include "domain/auth.hpp"
#include "domain/master_data.hpp"

namespace kasane::domain {

// Who reads the address and 世帯主 of a survey household at the address of a person under DV等支援措置 (a household
// whose member the town protects: 住民基本台帳事務処理要領 第5-10, the 支援措置 against disclosing the victim's
// whereabouts): only the town's staff who run the survey (MayRunSurvey). A visitor from outside the town's
// divisions — a 法人, the 社協, a 民生委員 — sees a placeholder instead, on the visit list, its printed copy and the
// copy kept offline alike; the household stays on the list and may be visited.
bool SeesDvProtectedSurveyHousehold(const Principal& principal, OrganizationKind organization_kind);

}  // namespace kasane::domain
