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

// 民生委員・児童委員 (and any volunteer role) without a professional role: the narrow rights of 民生委員法 第15条
// 「民生委員は、その職務を遂行するに当たつては、個人の人格を尊重し、その身上に関する秘密を守り…」 — they see what they
// entered, what was given to them by name, and what a meeting they attended shared; never the organisation's
// referrals, 要配慮 fields, meetings they did not attend, or the town's reports.
bool IsVolunteerOnly(const Principal& principal);

// Whether the person has a consent in force that covers the meeting body (the rule of 重層的支援会議 and of any body
// that shares only with consent).
bool ConsentCoversBody(const PersonAccessFacts& facts, MeetingBodyId body_id, Instant now);

// Whether a person may be on the agenda of (and an agenda item about them be read at) a meeting of the body: a body
// that shares without consent takes anyone; any other only persons whose consent in force covers it
// (重層的支援会議: 「本人の同意を得た事例について取り扱う」).
bool MayBeOnAgenda(bool body_shares_without_consent, MeetingBodyId body_id, const PersonAccessFacts& facts,
                   Instant now);
// The same for a meeting, under the stricter rule of its bodies when it is held jointly: every body that shares only
// with consent must be covered by a consent in force.
bool MayBeOnAgenda(const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now);
// Whether a body of the meeting shares only with consent (so its agenda depends on consents).
bool SharesOnlyWithConsent(const MeetingFact& meeting);

// How a user reads a meeting's record (its agenda, summaries, decisions and papers).
enum class MeetingReader {
    kNone,      // looks exactly like "not found"
    kConvenor,  // the person who convened it (the 事務局 keeps its record)
    kMember,    // a person who took part under a pledge in force, within the body's sharing period
};
// 社会福祉法 第106条の6 binds the persons who take part. A meeting is read by those who attended and by the persons
// named as their organisation's members of the body — each with a confidentiality pledge for the body in force on
// the meeting date and not left since — and only while the body's sharing period since the meeting runs; not by
// everyone in a member organisation. A 民生委員 reads only meetings they attended in person (and pledged for).
MeetingReader MeetingReaderOf(const Principal& principal, const MeetingFact& meeting, Instant now);
// The body's sharing period since the meeting has not run out (counted in days in Japan, the last day included).
bool WithinSharingPeriod(const MeetingFact& meeting, Instant now);

// May this viewer see this person, how much, and on what basis. A refusal (kNone) must be shown exactly as
// "not found".
AccessDecision DecideAccess(const Viewer& viewer, const PersonAccessFacts& facts, Instant now);

// Whether a statutory meeting opens what was shared about the person to the viewer today: the viewer reads the
// meeting as a pledged member (MeetingReaderOf), and the body's legal basis (or the person's consent to the body)
// allows sharing.
bool MeetingOpensTo(const Viewer& viewer, const MeetingFact& meeting, const PersonAccessFacts& facts, Instant now);

// Whether the user may read a referral and its sheet: the sending organisation always; the receiving organisation
// until it declines (a declined sheet disappears from the receiver at once, the sender keeps it); a 民生委員 only a
// referral addressed to them by name (or one they sent themselves), never the organisation's in/outbox.
bool MayReadReferral(const Principal& principal, OrganizationId from_organization_id, OrganizationId to_organization_id,
                     std::optional<UserId> to_user_id, std::optional<UserId> sent_by_user_id, ReferralStatus status);

// Whether a consultation about a person the viewer may see (decision.level == kFull) is itself visible: the
// viewer's organisation took it, or the basis shares the whole record (case team, consent, meeting, emergency),
// or an accepted referral to the viewer's organisation names it.
bool MayReadConsultation(const Viewer& viewer, const AccessDecision& decision, const Consultation& consultation,
                         const std::vector<Referral>& referrals);

// The person as the decision allows it to be shown: identity only, or without address and contact for a
// DV-protected person the viewer is not named for.
Person MaskPerson(Person person, const AccessDecision& decision);

}  // namespace kasane::domain
