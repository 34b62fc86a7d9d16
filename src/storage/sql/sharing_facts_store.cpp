// SPDX-License-Identifier: Apache-2.0
// The consents, meetings and emergency accesses of persons as the access policy reads them (AssembleSharingFacts).

#include "storage/sql/access_facts.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "storage/sql/sharing_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Access facts

// Adds one person's rows of AccessFactRows::meetings to `meetings`.
Status AddMeetingFacts(const std::vector<const SqlValues*>& rows, std::map<MeetingId, domain::MeetingFact>& meetings) {
    for (const SqlValues* values : rows) {
        const SqlRow row(*values);
        auto meeting_id = row.Integer(1);
        auto body_id = row.Integer(2);
        auto legal_basis = domain::ParseLegalBasis(row.Text(3).value_or(""));
        auto shares = row.Boolean(4);
        auto sharing_days = row.Integer(5);
        auto held_on = RequiredDate(row, 6);
        auto convenor = row.Integer(7);
        if (!meeting_id || !body_id || !legal_basis || !shares || !sharing_days || !held_on || !convenor) {
            return Fail(Corrupt("meeting fact"));
        }
        auto [entry, inserted] = meetings.try_emplace(domain::MeetingId{*meeting_id});
        domain::MeetingFact& fact = entry->second;
        if (inserted) {
            fact.meeting_id = domain::MeetingId{*meeting_id};
            fact.body_id = domain::MeetingBodyId{*body_id};
            fact.legal_basis = *legal_basis;
            fact.shares_without_consent = *shares;
            fact.sharing_days = static_cast<int>(*sharing_days);
            fact.held_on = *held_on;
            fact.convenor_user_id = UserId{*convenor};
            if (!row.IsNull(8)) {
                auto joint_shares = row.Boolean(9);
                auto joint_days = row.Integer(10);
                if (!joint_shares || !joint_days) return Fail(Corrupt("meeting fact"));
                fact.joint = domain::JointBodyFact{.body_id = domain::MeetingBodyId{row.Integer(8).value_or(0)},
                                                   .shares_without_consent = *joint_shares,
                                                   .sharing_days = static_cast<int>(*joint_days),
                                                   .named_members = {}};
            }
        }
        if (row.IsNull(11)) continue;
        KASANE_ASSIGN(member, NamedMemberFromRow(row, 11));
        // The same meeting comes once per agenda item of the group: keep each member once.
        const bool known =
            std::any_of(fact.named_members.begin(), fact.named_members.end(),
                        [&](const NamedMember& existing) { return existing.user_id == member->user_id; });
        if (!known) fact.named_members.push_back(*member);
    }
    return {};
}

// The consents of AccessFactRows with their organisations and bodies, by person.
Status ConsentsOf(const AccessFactRows& rows, std::map<PersonId, std::vector<Consent>>& out) {
    if (rows.consents.Empty()) return {};
    std::unordered_map<ConsentId, Consent> consents;
    for (const auto& values : rows.consents.rows) {
        KASANE_ASSIGN(consent, ConsentFromRow(SqlRow(values)));
        const ConsentId id = consent->id;
        consents.emplace(id, std::move(*consent));
    }
    const auto distribute = [&]<class Child>(const SqlResult& children, std::vector<Child> Consent::*member) -> Status {
        for (const auto& values : children.rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(consent_id, row.Integer(0));
            KASANE_ASSIGN(child, row.Integer(1));
            if (auto found = consents.find(domain::ConsentId{*consent_id}); found != consents.end())
                (found->second.*member).push_back(Child{*child});
        }
        return {};
    };
    KASANE_TRY(distribute(rows.consent_organizations, &Consent::organizations));
    KASANE_TRY(distribute(rows.consent_bodies, &Consent::bodies));
    for (auto& [id, consent] : consents) out[consent.person_id].push_back(std::move(consent));
    return {};
}

}  // namespace

Status AssembleSharingFacts(const AccessFactRows& rows, const std::vector<std::vector<PersonId>>& groups,
                            std::vector<domain::PersonAccessFacts>& facts) {
    std::map<PersonId, std::vector<Consent>> consents_of;
    KASANE_TRY(ConsentsOf(rows, consents_of));
    KASANE_ASSIGN(meeting_rows, RowsByKey(rows.meetings));
    // The pledges of the joint bodies of those meetings.
    std::map<MeetingBodyId, std::vector<NamedMember>> joint_members;
    for (const auto& values : rows.joint_members.rows) {
        const SqlRow row(values);
        KASANE_ASSIGN(member, NamedMemberFromRow(row, 1));
        joint_members[domain::MeetingBodyId{row.Integer(0).value_or(0)}].push_back(*member);
    }
    // Who attended each of those meetings in person.
    KASANE_ASSIGN(attendee_rows, RowsByKey(rows.attendees));
    KASANE_ASSIGN(emergency_rows, RowsByKey(rows.emergencies));

    for (std::size_t i = 0; i < groups.size() && i < facts.size(); ++i) {
        domain::PersonAccessFacts& out = facts[i];
        std::vector<const Consent*> consents;
        std::map<MeetingId, domain::MeetingFact> meetings;
        for (PersonId person_id : groups[i]) {
            if (auto found = consents_of.find(person_id); found != consents_of.end()) {
                for (const Consent& consent : found->second) consents.push_back(&consent);
            }
            KASANE_TRY(AddMeetingFacts(RowsOf(*meeting_rows, person_id), meetings));
            for (const SqlValues* values : RowsOf(*emergency_rows, person_id)) {
                const SqlRow row(*values);
                auto id = row.Integer(1);
                auto user_id = row.Integer(2);
                auto expires_at = row.Time(3);
                if (!id || !user_id || !expires_at) return Fail(Corrupt("emergency fact"));
                out.emergencies.push_back(
                    domain::EmergencyFact{.id = *id, .user_id = UserId{*user_id}, .expires_at = *expires_at});
            }
        }
        std::sort(consents.begin(), consents.end(), [](const Consent* a, const Consent* b) { return a->id < b->id; });
        for (const Consent* consent : consents) {
            out.consents.push_back(domain::ConsentFact{.consent_id = consent->id,
                                                       .organizations = consent->organizations,
                                                       .bodies = consent->bodies,
                                                       .given_on = consent->given_on,
                                                       .expires_on = consent->expires_on,
                                                       .withdrawn_at = consent->withdrawn_at});
        }
        for (auto& [id, meeting] : meetings) {
            for (const SqlValues* values : RowsOf(*attendee_rows, id)) {
                meeting.attendee_user_ids.push_back(UserId{SqlRow(*values).Integer(1).value_or(0)});
            }
            if (meeting.joint) {
                if (auto found = joint_members.find(meeting.joint->body_id); found != joint_members.end()) {
                    meeting.joint->named_members = found->second;
                }
            }
            out.meetings.push_back(std::move(meeting));
        }
        std::sort(out.emergencies.begin(), out.emergencies.end(),
                  [](const domain::EmergencyFact& a, const domain::EmergencyFact& b) { return a.id < b.id; });
    }
    return {};
}

}  // namespace kasane::storage
