#pragma once

// The access policy, in one place. Pure functions of the viewer and the facts about a person, so that the
// permission matrix can be generated and tested exhaustively.

#include <vector>

#include "domain/access.hpp"
#include "domain/auth.hpp"
#include "domain/consultation.hpp"
#include "domain/master_data.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"

namespace kasane::domain {

struct Viewer {
    const Principal& principal;
    OrganizationKind organization_kind = OrganizationKind::kOther;
};

// May this viewer see this person, how much, and on what basis. A refusal (kNone) must be shown exactly as
// "not found".
AccessDecision DecideAccess(const Viewer& viewer, const PersonAccessFacts& facts, Instant now);

// Whether a statutory meeting opens what was shared about the person to the viewer today: the viewer's
// organisation is a pledged member, the body's legal basis (or the person's consent to the body) allows sharing,
// and the town's sharing period after the meeting has not run out.
bool MeetingOpensTo(const Viewer& viewer, const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now);

// Whether a consultation about a person the viewer may see (decision.level == kFull) is itself visible: the
// viewer's organisation took it, or the basis shares the whole record (case team, consent, meeting, emergency),
// or an accepted referral to the viewer's organisation names it.
bool MayReadConsultation(const Viewer& viewer, const AccessDecision& decision, const Consultation& consultation,
                         const std::vector<Referral>& referrals);

// The person as the decision allows it to be shown: identity only, or without address and contact for a
// DV-protected person the viewer is not named for.
Person MaskPerson(Person person, const AccessDecision& decision);

}  // namespace kasane::domain
