// SPDX-License-Identifier: Apache-2.0
#pragma once

// 支え愛連絡会 (issue 15, item 3): a meeting body per 自治会 (a MeetingBody of LegalBasis::kMutualAidLiaison tied to
// an Area of kind 自治会) where residents — 自治会長, 近隣住民, 福祉委員 — sit with the 民生委員 and the town's staff
// to share who worries them and to keep watch. Residents attend by name and role, without an account, and are bound by
// no statutory secrecy duty: so a person is discussed there by name only while a consent of theirs names this body
// (a confidentiality pledge is no ground), and otherwise only as a concern without identifying details.
// Sources (鳥取県 支え愛, the secrecy duties that residents lack): docs/mutual_aid_liaison.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"
#include "domain/sharing.hpp"

namespace kasane::domain {

using LiaisonMeetingId = Id<struct LiaisonMeetingTag>;

// A 支え愛連絡会: the meeting body and the 自治会 it serves (one body per 自治会).
struct LiaisonBody {
    MeetingBodyId body_id{};
    AreaId neighborhood_area_id = 0;
    std::string display_name;  // the body's name (MeetingBody::display_name)
    std::string area_name;     // the 自治会's name, as read
};

// Who attended: a user of the town (民生委員, the town's staff), or a resident recorded by name and role.
struct LiaisonAttendee {
    std::optional<UserId> user_id;
    std::string name;  // for a user, the account's display name
    std::string role;  // 自治会長, 近隣住民, 民生委員, 福祉委員, 町の職員 …
};

// One thing shared at the meeting. Named (person_id set) only with a consent in force naming the body, whose id is
// recorded with it; otherwise a concern in the attendees' words, without a person link or identifying details.
struct LiaisonConcern {
    std::optional<PersonId> person_id;
    std::optional<ConsentId> consent_id;  // the consent that allowed the name, when named
    std::string person_name;              // as read (never stored: the person's record holds it)
    std::string text;                     // 気になること、見守りの申し合わせ …
    // Derived on reading: a named concern whose consent is no longer in force hides the person's name.
    bool name_withheld = false;
};

struct LiaisonMeeting {
    LiaisonMeetingId id{};
    MeetingBodyId body_id{};
    AreaId neighborhood_area_id = 0;
    Date held_on{};
    std::vector<LiaisonAttendee> attendees;
    std::vector<LiaisonConcern> concerns;
    std::string notes;  // 申し合わせ (what the attendees agreed to do), without identifying details
    UserId recorded_by{};
    Instant recorded_at{};
};

// Why a person may (or may not) be named at a 支え愛連絡会: a consent of the person's in force at `now` naming the
// body, or none. A pledge is never asked for: the resident attendees owe no statutory secrecy, so only the person's
// own word opens their name to them. The one rule: the service asks it when recording and again when reading.
struct LiaisonNaming {
    bool allowed = false;
    std::optional<ConsentId> consent_id;  // the consent relied on
};
LiaisonNaming MayNameAtLiaison(const std::vector<Consent>& consents_of_person, MeetingBodyId body, Instant now);

// kInvalidArgument naming the field: a held_on not after today, at least one attendee each with a name and a role
// (1..50), concerns with a text (1..1000), notes up to 4000 characters, at least one concern or notes.
Status ValidateLiaisonMeeting(const LiaisonMeeting& meeting, Date today);

// The body's name for a 自治会: 「東浜自治会 支え愛連絡会」.
std::string LiaisonBodyName(std::string_view area_name);

}  // namespace kasane::domain
