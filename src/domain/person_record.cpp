// SPDX-License-Identifier: Apache-2.0
// The person page's record and timeline (person_record.hpp), and the reads it asks of the case and sharing
// services, each under its access rule.

#include "domain/person_record.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/japan_time.hpp"
#include "domain/intake_support.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using namespace intake_support;

std::string_view TimelineKindCode(TimelineKind kind) {
    switch (kind) {
        case TimelineKind::kConsultation: return "consultation";
        case TimelineKind::kContact: return "contact";
        case TimelineKind::kConsultationClosed: return "consultation_closed";
        case TimelineKind::kConsultationReopened: return "consultation_reopened";
        case TimelineKind::kReferralSent: return "referral_sent";
        case TimelineKind::kReferralAnswered: return "referral_answered";
        case TimelineKind::kCaseOpened: return "case_opened";
        case TimelineKind::kCaseClosed: return "case_closed";
        case TimelineKind::kMeeting: return "meeting";
        case TimelineKind::kConsentGiven: return "consent_given";
        case TimelineKind::kConsentWithdrawn: return "consent_withdrawn";
    }
    return "consultation";
}

std::string_view TimelineKindLabel(TimelineKind kind) {
    switch (kind) {
        case TimelineKind::kConsultation: return "相談受付";
        case TimelineKind::kContact: return "継続対応";
        case TimelineKind::kConsultationClosed: return "相談終了";
        case TimelineKind::kConsultationReopened: return "相談再開";
        case TimelineKind::kReferralSent: return "つなぎ送付";
        case TimelineKind::kReferralAnswered: return "つなぎの回答";
        case TimelineKind::kCaseOpened: return "ケース開始";
        case TimelineKind::kCaseClosed: return "ケース終結";
        case TimelineKind::kMeeting: return "会議で検討";
        case TimelineKind::kConsentGiven: return "同意取得";
        case TimelineKind::kConsentWithdrawn: return "同意撤回";
    }
    return "";
}

std::vector<TimelineEntry> BuildTimeline(const std::vector<Consultation>& consultations,
                                         const std::vector<ReferralView>& referrals,
                                         const std::vector<SupportCase>& cases,
                                         const std::vector<MeetingMention>& meetings,
                                         const std::vector<Consent>& consents) {
    std::vector<TimelineEntry> entries;
    const auto add = [&](TimelineKind kind, Instant at, bool day_only, std::string detail, std::string_view type,
                         std::int64_t id, std::string label = {}) {
        entries.push_back(TimelineEntry{.kind = kind,
                                        .at = at,
                                        .day_only = day_only,
                                        .label = label.empty() ? std::string(TimelineKindLabel(kind)) : label,
                                        .detail = std::move(detail),
                                        .record_type = std::string(type),
                                        .record_id = id});
    };
    for (const Consultation& consultation : consultations) {
        if (!IsCounted(consultation)) continue;  // 取消: out of every list
        bool first = true;
        for (const Contact* contact : CountedContacts(consultation)) {
            // The first contact opened the thread (it is cancelled only with the consultation).
            add(first ? TimelineKind::kConsultation : TimelineKind::kContact, contact->occurred_at, false,
                std::string(ChannelLabel(contact->channel)), "consultation", consultation.id);
            first = false;
        }
        for (const ConsultationEvent& event : consultation.events) {
            add(event.kind == ConsultationEventKind::kClosed ? TimelineKind::kConsultationClosed
                                                             : TimelineKind::kConsultationReopened,
                event.at, false, event.reason, "consultation", consultation.id);
        }
    }
    for (const ReferralView& view : referrals) {
        const Referral& referral = view.referral;
        const std::string route = view.from_organization_name + " → " + view.to_organization_name;
        add(TimelineKind::kReferralSent, referral.sent_at, false, route, "referral", referral.id);
        for (const ReferralEvent& event : referral.events) {
            if (event.status == ReferralStatus::kSent) continue;
            add(TimelineKind::kReferralAnswered, event.at, false, route, "referral", referral.id,
                "つなぎ" + std::string(ReferralStatusLabel(event.status)));
        }
    }
    for (const SupportCase& support_case : cases) {
        add(TimelineKind::kCaseOpened, StartOfJstDay(support_case.opened_on), true, support_case.title, "case",
            support_case.id);
        if (support_case.closed_on) {
            add(TimelineKind::kCaseClosed, StartOfJstDay(*support_case.closed_on), true, support_case.title, "case",
                support_case.id);
        }
    }
    for (const MeetingMention& meeting : meetings) {
        add(TimelineKind::kMeeting, StartOfJstDay(meeting.held_on), true, meeting.body_name, "meeting", meeting.id);
    }
    for (const Consent& consent : consents) {
        add(TimelineKind::kConsentGiven, StartOfJstDay(consent.given_on), true, consent.purpose, "consent", consent.id);
        if (consent.withdrawn_at) {
            add(TimelineKind::kConsentWithdrawn, *consent.withdrawn_at, false, consent.purpose, "consent", consent.id);
        }
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const TimelineEntry& a, const TimelineEntry& b) { return a.at > b.at; });
    return entries;
}

namespace {

template <class T>
RecordPart<T> PartOf(Result<T> read) {
    RecordPart<T> part;
    if (read) {
        part.value = std::move(*read);
    } else {
        part.error = read.error();
    }
    return part;
}

}  // namespace

Result<PersonRecord> PersonRecordReader::Of(const Actor& actor, PersonId person_id) {
    auto decision = persons_.Authorize(actor, person_id);
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision || decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    PersonRecord record;
    record.consultations = PartOf(consultations_.OfPerson(actor, person_id));
    record.referrals = PartOf(referrals_.OfPerson(actor, person_id));
    record.cases = PartOf(cases_.OfPerson(actor, person_id));
    record.meetings = PartOf(sharing_.MeetingsAbout(actor, person_id));
    // A 民生委員 is given no consent records (they hold no sharing decisions); the professionals read them in full.
    record.consents_shown = IsProfessional(actor.principal);
    if (record.consents_shown) record.consents = PartOf(sharing_.ConsentsOf(actor, person_id));
    const auto missing = [&](const auto& part, std::string_view name) {
        if (part.error) record.timeline_missing.emplace_back(name);
    };
    missing(record.consultations, "相談");
    missing(record.referrals, "つなぎ");
    missing(record.cases, "ケース");
    missing(record.meetings, "会議");
    missing(record.consents, "同意");
    record.timeline = BuildTimeline(record.consultations.value, record.referrals.value, record.cases.value,
                                    record.meetings.value, record.consents.value);
    return record;
}

// --- the services' reads for the person page -----------------------------------------------------------------------

Result<std::vector<SupportCase>> CaseService::OfPerson(const Actor& actor, PersonId person_id) {
    auto decision = persons_.Authorize(actor, person_id);
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision) return Fail(Error::NotFound());
    std::vector<SupportCase> visible;
    // 民生委員 never work cases; a viewer below the full record sees no case.
    if (!IsProfessional(actor.principal) || decision->level != ViewLevel::kFull) return visible;
    auto tenant = store_.Tenant(actor.Tenant());
    auto group = tenant->Persons().IdentityGroup(person_id);
    if (!group) return Fail(group.error());
    auto cases = tenant->Cases().OfPersons(*group);
    if (!cases) return Fail(cases.error());
    std::vector<PersonId> persons;
    for (const SupportCase& support_case : *cases) persons.push_back(support_case.person_id);
    auto decisions = persons_.AuthorizeMany(actor, persons);
    if (!decisions) return Fail(decisions.error());
    const Instant now = clock_.Now();
    for (std::size_t i = 0; i < cases->size(); ++i) {
        const auto& case_decision = (*decisions)[i];
        SupportCase& support_case = (*cases)[i];
        // A case is shown to whoever sees its person in full (a household's case may be about another member).
        if (!case_decision || case_decision->level != ViewLevel::kFull) continue;
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kSearch, "case", support_case.id, support_case.person_id, "summary");
        SetBasis(entry, *case_decision);
        entry.detail = "person page";
        audit_.Record(std::move(entry));
        visible.push_back(std::move(support_case));
    }
    return visible;
}

Result<std::vector<MeetingMention>> SharingService::MeetingsAbout(const Actor& actor, PersonId person_id) {
    auto decision = persons_.Authorize(actor, person_id);
    if (ReadFailed(decision)) return Fail(decision.error());
    if (!decision) return Fail(Error::NotFound());
    auto tenant = store_.Tenant(actor.Tenant());
    // The person's access facts hold every meeting with the person (or a merged record) on the agenda.
    auto facts = tenant->Persons().AccessFacts(person_id);
    if (!facts) return Fail(Hidden(facts.error()));
    const Instant now = clock_.Now();
    std::map<MeetingBodyId, std::string> body_names;
    std::set<MeetingId> seen;
    std::vector<MeetingMention> mentions;
    for (const MeetingFact& fact : facts->meetings) {
        if (!seen.insert(fact.meeting_id).second) continue;
        if (MeetingReaderOf(actor.principal, fact, now) == MeetingReader::kNone) continue;
        // The item about the person is withheld where the body shares only with consent and none covers it.
        if (!MayBeOnAgenda(fact, *facts, now)) continue;
        auto name = body_names.find(fact.body_id);
        if (name == body_names.end()) {
            auto body = tenant->Meetings().GetBody(fact.body_id);
            if (!body) return Fail(body.error());
            name = body_names.emplace(fact.body_id, body->display_name).first;
        }
        mentions.push_back(MeetingMention{
            .id = fact.meeting_id, .held_on = fact.held_on, .body_id = fact.body_id, .body_name = name->second});
    }
    std::stable_sort(mentions.begin(), mentions.end(), [](const MeetingMention& a, const MeetingMention& b) {
        return std::chrono::sys_days{a.held_on} > std::chrono::sys_days{b.held_on};
    });
    return mentions;
}

}  // namespace kasane::domain
