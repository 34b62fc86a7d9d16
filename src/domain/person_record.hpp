// SPDX-License-Identifier: Apache-2.0
#pragma once

// The person page's record (issue 13, item 6): every consultation, referral, case, meeting and consent of a person
// that the user may see — each read by its own service under that service's access rule — and one timeline of their
// dated events, newest first. A part that fails to load is named (never silently left out), and the timeline says
// which parts it lacks.

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"
#include "domain/case_service.hpp"
#include "domain/intake.hpp"
#include "domain/sharing_service.hpp"

namespace kasane::domain {

// One dated event of the person's record.
enum class TimelineKind {
    kConsultation,          // 相談受付 (the first contact)
    kContact,               // 継続対応 (a follow-up contact)
    kConsultationClosed,    // 相談終了
    kConsultationReopened,  // 相談再開
    kReferralSent,          // つなぎ送付
    kReferralAnswered,      // つなぎの受理・辞退・対応中・完了
    kCaseOpened,            // ケース開始
    kCaseClosed,            // ケース終結
    kMeeting,               // 会議で検討
    kConsentGiven,          // 同意取得
    kConsentWithdrawn,      // 同意撤回
};
std::string_view TimelineKindCode(TimelineKind kind);   // "consultation", "contact", ..., "consent_withdrawn"
std::string_view TimelineKindLabel(TimelineKind kind);  // 「相談受付」 ...

struct TimelineEntry {
    TimelineKind kind = TimelineKind::kConsultation;
    Instant at{};             // when; for an event known by its day only, the start of that day in Japan
    bool day_only = false;    // the event has a date, not a time (a case opened, a meeting held, a consent given)
    std::string label;        // TimelineKindLabel, or the referral status for kReferralAnswered
    std::string detail;       // a short line: the channel, the organisations, the body, the case title
    std::string record_type;  // "consultation", "referral", "case", "meeting", "consent": what the entry links to
    std::int64_t record_id = 0;
};

// What loaded of a person's record; each part is the value its service returned, or the error it failed with.
template <class T>
struct RecordPart {
    T value{};
    std::optional<Error> error;
};

struct PersonRecord {
    RecordPart<std::vector<Consultation>> consultations;
    RecordPart<std::vector<ReferralView>> referrals;
    RecordPart<std::vector<SupportCase>> cases;
    RecordPart<std::vector<MeetingMention>> meetings;
    RecordPart<std::vector<Consent>> consents;
    bool consents_shown = false;          // consents need full access (the part is left out, not failed, below it)
    std::vector<TimelineEntry> timeline;  // newest first
    std::vector<std::string> timeline_missing;  // the Japanese names of parts that failed to load
};

// The timeline of what was read: counted contacts of uncancelled consultations with their closes and reopens;
// referrals sent and answered; cases opened and closed; meetings; consents given and withdrawn. Newest first (an
// event of a day without time sorts at the start of that day); ties keep the order above.
std::vector<TimelineEntry> BuildTimeline(const std::vector<Consultation>& consultations,
                                         const std::vector<ReferralView>& referrals,
                                         const std::vector<SupportCase>& cases,
                                         const std::vector<MeetingMention>& meetings,
                                         const std::vector<Consent>& consents);

// The use case: reads each part through its service for the actor. kNotFound when the actor may not see the person
// in full (the person page shows less then; the parts here are the full record's).
class PersonRecordReader {
public:
    PersonRecordReader(PersonService& persons, ConsultationService& consultations, ReferralService& referrals,
                       CaseService& cases, SharingService& sharing)
        : persons_(persons), consultations_(consultations), referrals_(referrals), cases_(cases), sharing_(sharing) {}

    Result<PersonRecord> Of(const Actor& actor, PersonId person_id);

private:
    PersonService& persons_;
    ConsultationService& consultations_;
    ReferralService& referrals_;
    CaseService& cases_;
    SharingService& sharing_;
};

}  // namespace kasane::domain
