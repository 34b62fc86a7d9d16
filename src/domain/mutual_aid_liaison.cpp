// SPDX-License-Identifier: Apache-2.0
#include "domain/mutual_aid_liaison.hpp"

#include <algorithm>

#include "base/japanese_text.hpp"

namespace kasane::domain {

LiaisonNaming MayNameAtLiaison(const std::vector<Consent>& consents_of_person, MeetingBodyId body, Instant now) {
    for (const Consent& consent : consents_of_person) {
        if (!consent.InForce(now)) continue;
        if (std::find(consent.bodies.begin(), consent.bodies.end(), body) == consent.bodies.end()) continue;
        return {.allowed = true, .consent_id = consent.id};
    }
    return {};
}

namespace {

Status RequireText(std::string_view text, std::string_view field, std::size_t max, std::string_view what) {
    if (text.empty()) return Fail(Error::InvalidArgument(std::string(what) + "を入力してください", std::string(field)));
    if (auto valid = ValidateFreeText(text, field, max); !valid) return Fail(valid.error());
    return {};
}

}  // namespace

Status ValidateLiaisonMeeting(const LiaisonMeeting& meeting, Date today) {
    if (!meeting.held_on.ok() || meeting.held_on > today) {
        return Fail(Error::InvalidArgument("開催日を今日までの日付で入力してください", "held_on"));
    }
    if (meeting.attendees.empty()) {
        return Fail(Error::InvalidArgument("出席者を一人以上入れてください", "attendees"));
    }
    for (const LiaisonAttendee& attendee : meeting.attendees) {
        if (auto valid = RequireText(attendee.name, "attendees", 50, "出席者の名前"); !valid) return valid;
        if (auto valid = RequireText(attendee.role, "attendees", 50, "出席者の役割"); !valid) return valid;
    }
    for (const LiaisonConcern& concern : meeting.concerns) {
        if (auto valid = RequireText(concern.text, "concerns", 1000, "話し合った内容"); !valid) return valid;
    }
    if (auto valid = ValidateFreeText(meeting.notes, "notes", 4000); !valid) return Fail(valid.error());
    if (meeting.concerns.empty() && meeting.notes.empty()) {
        return Fail(Error::InvalidArgument("話し合った内容か申し合わせを入力してください", "concerns"));
    }
    return {};
}

std::string LiaisonBodyName(std::string_view area_name) { return std::string(area_name) + " 支え愛連絡会"; }

}  // namespace kasane::domain
