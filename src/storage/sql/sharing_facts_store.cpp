// SPDX-License-Identifier: Apache-2.0
// The consents, meetings and emergency accesses of persons as the access policy reads them (ReadSharingFacts).

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

// Every meeting with one of the persons ($2, an id set) on its agenda, with its body's rule and members (LEFT JOIN:
// a body may have no members yet), one row per person and member, the person first. Reads
// meeting_agenda_items_by_person, then primary keys.
constexpr IdSetStatement kSelectMeetingFactsOfMany KASANE_ID_SET_STATEMENT(
    "sharing_select_meeting_facts_of_many",
    "SELECT a.person_id, m.id, m.body_id, b.legal_basis, b.shares_without_consent, b.sharing_days, m.held_on, "
    "m.convenor_user_id, jb.id, jb.shares_without_consent, jb.sharing_days, "
    "nm.user_id, nm.organization_id, nm.pledge_signed_on, nm.left_on "
    "FROM meeting_agenda_items a "
    "JOIN meetings m ON m.id = a.meeting_id AND m.municipality_id = a.municipality_id "
    "JOIN meeting_bodies b ON b.id = m.body_id AND b.municipality_id = m.municipality_id "
    "LEFT JOIN meeting_bodies jb ON jb.id = m.joint_body_id AND jb.municipality_id = m.municipality_id "
    "LEFT JOIN meeting_body_named_members nm ON nm.body_id = b.id AND nm.municipality_id = b.municipality_id "
    "WHERE a.municipality_id = $1 AND a.person_id IN (",
    ") "
    "ORDER BY a.person_id, m.id, nm.user_id");

// The pledges of persons of the bodies of $2 (an id set: the joint bodies of meetings).
constexpr IdSetStatement kSelectNamedMembersOfBodies KASANE_ID_SET_STATEMENT(
    "sharing_select_named_members_of_bodies",
    "SELECT body_id, user_id, organization_id, pledge_signed_on, left_on FROM meeting_body_named_members "
    "WHERE municipality_id = $1 AND body_id IN (",
    ") ORDER BY body_id, user_id");

// The attendees (users) of the meetings of $2, an id set of meeting ids.
constexpr IdSetStatement kSelectAttendeeFactsOfMany
    KASANE_ID_SET_STATEMENT("sharing_select_attendee_facts_of_many",
                            "SELECT meeting_id, user_id FROM meeting_attendees "
                            "WHERE municipality_id = $1 AND user_id IS NOT NULL AND meeting_id IN (",
                            ") ORDER BY meeting_id, user_id");

// Adds one person's rows of kSelectMeetingFactsOfMany to `meetings`.
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

// The consents of the persons of `person_set` with their organisations and bodies, by person: three
// statements (one when there are none).
Status ReadConsentsOfMany(SqlConnection& connection, MunicipalityId tenant, const IdSet& person_set,
                          std::map<PersonId, std::vector<Consent>>& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectConsentsOfMany.For(person_set), {tenant, person_set.Param()}));
    if (result->Empty()) return {};
    std::unordered_map<ConsentId, Consent> consents;
    for (const auto& values : result->rows) {
        KASANE_ASSIGN(consent, ConsentFromRow(SqlRow(values)));
        const ConsentId id = consent->id;
        consents.emplace(id, std::move(*consent));
    }
    const auto distribute = [&]<class Child>(const IdSetStatement& statement,
                                             std::vector<Child> Consent::*member) -> Status {
        KASANE_ASSIGN(rows, connection.Execute(statement.For(person_set), {tenant, person_set.Param()}));
        for (const auto& values : rows->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(consent_id, row.Integer(0));
            KASANE_ASSIGN(child, row.Integer(1));
            if (auto found = consents.find(domain::ConsentId{*consent_id}); found != consents.end())
                (found->second.*member).push_back(Child{*child});
        }
        return {};
    };
    KASANE_TRY(distribute(kSelectConsentOrganizationsOfMany, &Consent::organizations));
    KASANE_TRY(distribute(kSelectConsentBodiesOfMany, &Consent::bodies));
    for (auto& [id, consent] : consents) out[consent.person_id].push_back(std::move(consent));
    return {};
}

}  // namespace

Status ReadSharingFacts(SqlConnection& connection, MunicipalityId tenant,
                        const std::vector<std::vector<PersonId>>& groups,
                        std::vector<domain::PersonAccessFacts>& facts) {
    std::vector<PersonId> persons;
    for (const auto& group : groups) persons.insert(persons.end(), group.begin(), group.end());
    if (persons.empty()) return {};
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    const IdSet person_set(persons);

    std::map<PersonId, std::vector<Consent>> consents_of;
    KASANE_TRY(ReadConsentsOfMany(connection, tenant, person_set, consents_of));
    KASANE_ASSIGN(meeting_result,
                  connection.Execute(kSelectMeetingFactsOfMany.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(meeting_rows, RowsByKey(*meeting_result));
    // Who attended each of those meetings in person (one statement for all of them).
    std::vector<MeetingId> meeting_ids;
    for (const auto& values : meeting_result->rows)
        meeting_ids.push_back(domain::MeetingId{SqlRow(values).Integer(1).value_or(0)});
    std::sort(meeting_ids.begin(), meeting_ids.end());
    meeting_ids.erase(std::unique(meeting_ids.begin(), meeting_ids.end()), meeting_ids.end());
    // The pledges of the joint bodies of those meetings (one statement, only when a meeting was held jointly).
    std::vector<MeetingBodyId> joint_ids;
    for (const auto& values : meeting_result->rows) {
        const SqlRow row(values);
        if (!row.IsNull(8)) joint_ids.push_back(domain::MeetingBodyId{row.Integer(8).value_or(0)});
    }
    std::sort(joint_ids.begin(), joint_ids.end());
    joint_ids.erase(std::unique(joint_ids.begin(), joint_ids.end()), joint_ids.end());
    std::map<MeetingBodyId, std::vector<NamedMember>> joint_members;
    if (!joint_ids.empty()) {
        const IdSet body_set(joint_ids);
        KASANE_ASSIGN(named, connection.Execute(kSelectNamedMembersOfBodies.For(body_set), {tenant, body_set.Param()}));
        for (const auto& values : named->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(member, NamedMemberFromRow(row, 1));
            joint_members[domain::MeetingBodyId{row.Integer(0).value_or(0)}].push_back(*member);
        }
    }
    SqlRowsByKey attendee_rows;
    std::optional<SqlResult> attendee_result;
    if (!meeting_ids.empty()) {
        const IdSet meeting_set(meeting_ids);
        KASANE_ASSIGN(attendees,
                      connection.Execute(kSelectAttendeeFactsOfMany.For(meeting_set), {tenant, meeting_set.Param()}));
        attendee_result = std::move(*attendees);
        KASANE_ASSIGN(by_meeting, RowsByKey(*attendee_result));
        attendee_rows = std::move(*by_meeting);
    }
    KASANE_ASSIGN(emergency_result,
                  connection.Execute(kSelectEmergencyFactsOfMany.For(person_set), {tenant, person_set.Param()}));
    KASANE_ASSIGN(emergency_rows, RowsByKey(*emergency_result));

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
            for (const SqlValues* values : RowsOf(attendee_rows, id)) {
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
