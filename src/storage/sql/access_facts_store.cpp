// SPDX-License-Identifier: Apache-2.0
// The access facts of persons in one statement (ReadAccessFactRows). Each part of the facts is one branch of a
// UNION ALL, tagged with its part's number and giving the columns the part's own statement gave when each was run
// alone (a dozen statements, a read transaction and on PostgreSQL a round trip each): one statement is one SQLite
// read snapshot and one PostgreSQL round trip. Every value is cast to text, which is how both backends hand values
// to the repositories anyway (SqlResult), so that the branches agree on their column types on PostgreSQL; a
// PostgreSQL boolean becomes "true"/"false", which SqlRow::Boolean reads. The branches' orders are restored here.

#include "storage/sql/access_facts.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <utility>

namespace kasane::storage {
namespace {

using namespace sql_support;  // NOLINT(google-build-using-namespace): this file's own helpers

#define KASANE_TEXT(column) "CAST(" column " AS TEXT)"
// Padding to the widest branch (the part number and 15 columns).
#define KASANE_NULLS_2 ", NULL, NULL"
#define KASANE_NULLS_4 KASANE_NULLS_2 KASANE_NULLS_2
#define KASANE_NULLS_6 KASANE_NULLS_4 KASANE_NULLS_2
#define KASANE_NULLS_8 KASANE_NULLS_4 KASANE_NULLS_4
#define KASANE_NULLS_9 KASANE_NULLS_8 ", NULL"
#define KASANE_NULLS_10 KASANE_NULLS_8 KASANE_NULLS_2
#define KASANE_NULLS_11 KASANE_NULLS_10 ", NULL"
#define KASANE_NULLS_12 KASANE_NULLS_10 KASANE_NULLS_2
#define KASANE_NULLS_13 KASANE_NULLS_12 ", NULL"

#define KASANE_ACCESS_PERSON_TEXT                                                  \
    "CAST(id AS TEXT), CAST(merged_into AS TEXT), CAST(dv_protected AS TEXT), "    \
    "CAST(created_by_organization_id AS TEXT), CAST(created_by_user_id AS TEXT), " \
    "CAST(COALESCE(holder_organization_id, created_by_organization_id) AS TEXT)"

#define KASANE_CASE_FACT_TEXT                                                                             \
    KASANE_TEXT("c.id")                                                                                   \
    ", c.status, " KASANE_TEXT("c.lead_organization_id") ", " KASANE_TEXT("lm.body_id") ", " KASANE_TEXT( \
        "t.organization_id") ", " KASANE_TEXT("t.left_on") ", " KASANE_TEXT("tm.body_id") ", " KASANE_TEXT("t.id")
#define KASANE_CASE_FACT_JOINS                                                                            \
    "LEFT JOIN meetings lm ON lm.id = c.opened_at_meeting_id AND lm.municipality_id = c.municipality_id " \
    "LEFT JOIN case_team_members t ON t.case_id = c.id AND t.municipality_id = c.municipality_id "        \
    "LEFT JOIN meetings tm ON tm.id = t.agreed_at_meeting_id AND tm.municipality_id = t.municipality_id "

// The parts, by their number (the first column).
enum Part : int {
    kPersons = 1,
    kMergedInto,
    kDvStaff,
    kRecorders,
    kReferrals,
    kHousemates,
    kConsents,
    kConsentOrganizations,
    kConsentBodies,
    kMeetings,
    kJointMembers,
    kAttendees,
    kEmergencies,
    kOwnCases,
    kHouseholdCases,
};

// `set` is the SQL of the persons' ids: "$2" for one, KASANE_ID_SET("$2") for more. The comment before a branch
// names the index it reads where that is not plain. The CROSS JOINs fix SQLite's join order where its planner, without
// statistics, otherwise drove a join from the wrong table (the comments of the statements these branches replace, in
// the history of persons_store.cpp, sharing_facts_store.cpp and case_facts_store.cpp); PostgreSQL plans a CROSS JOIN
// with a WHERE like any inner join.
#define KASANE_ACCESS_FACTS_OF(set) \
    /* persons' primary key */      \
    "SELECT 1, " KASANE_ACCESS_PERSON_TEXT KASANE_NULLS_9 " FROM persons WHERE municipality_id = $1 AND id IN (" set \
    ") "                                                                                                             \
    /* persons_by_merged_into */                                                                                     \
    "UNION ALL SELECT 2, " KASANE_ACCESS_PERSON_TEXT KASANE_NULLS_9                                                  \
    " FROM persons WHERE municipality_id = $1 AND merged_into IN (" set                                              \
    ") "                                                                                                             \
    "UNION ALL SELECT 3, " KASANE_TEXT("person_id") ", " KASANE_TEXT("user_id") KASANE_NULLS_13                      \
    " FROM person_dv_staff WHERE municipality_id = $1 AND person_id IN (" set                                        \
    ") "                                                                                                             \
    /* who took each consultation, and who entered each of its contacts (consultations first, then their contacts \
       by index) */                                                                                                  \
    "UNION ALL SELECT 4, " KASANE_TEXT("person_id") ", " KASANE_TEXT("receiving_organization_id") ", " KASANE_TEXT( \
        "received_by_user_id") KASANE_NULLS_12 " FROM consultations WHERE municipality_id = $1 AND person_id IN (" set \
    ") "                                                                                                             \
    "UNION ALL SELECT 4, " KASANE_TEXT("c.person_id") ", " KASANE_TEXT("k.organization_id") ", " KASANE_TEXT(       \
        "k.staff_user_id") KASANE_NULLS_12                                                                           \
    " FROM consultations c CROSS JOIN contacts k WHERE k.consultation_id = c.id AND c.municipality_id = $1 "        \
    "AND c.person_id IN (" set                                                                                       \
    ") AND k.municipality_id = $1 "                                                                                  \
    "UNION ALL SELECT 5, " KASANE_TEXT("person_id") ", " KASANE_TEXT("id") ", " KASANE_TEXT(                        \
        "from_organization_id") ", " KASANE_TEXT("to_organization_id") ", status, " KASANE_TEXT("to_user_id")       \
        KASANE_NULLS_9 " FROM referrals WHERE municipality_id = $1 AND person_id IN (" set                           \
    ") "                                                                                                             \
    /* DV等支援措置 reaches household members at the same address (issue 11): the persons' memberships first        \
       (household_members_by_person), then their households' other members, with the staff named for each */       \
    "UNION ALL SELECT 6, " KASANE_TEXT("me.person_id") ", " KASANE_TEXT("other.person_id") ", " KASANE_TEXT(       \
        "s.user_id") KASANE_NULLS_12                                                                                 \
    " FROM household_members me CROSS JOIN household_members other CROSS JOIN persons p "                          \
    "CROSS JOIN person_search ms CROSS JOIN person_search os "                                                      \
    "LEFT JOIN person_dv_staff s ON s.person_id = other.person_id AND s.municipality_id = me.municipality_id "      \
    "WHERE other.household_id = me.household_id AND +other.municipality_id = me.municipality_id "                   \
    "AND other.person_id <> me.person_id AND other.moved_out IS NULL "                                              \
    "AND p.id = other.person_id AND p.municipality_id = me.municipality_id AND p.dv_protected "                    \
    "AND ms.person_id = me.person_id AND os.person_id = other.person_id AND ms.address_key <> '' "                  \
    "AND ms.address_key = os.address_key AND me.municipality_id = $1 AND me.moved_out IS NULL "                     \
    "AND me.person_id IN (" set                                                                                      \
    ") "                                                                                                             \
    "UNION ALL SELECT 7, " KASANE_TEXT("id") ", " KASANE_TEXT("municipality_id") ", " KASANE_TEXT(                  \
        "person_id") ", " KASANE_TEXT("by_proxy") ", proxy_name, proxy_relationship, purpose, " KASANE_TEXT(       \
        "given_on") ", method, witness, explanation_version, " KASANE_TEXT("expires_on") ", " KASANE_TEXT(         \
        "withdrawn_at") ", " KASANE_TEXT("recorded_by") ", " KASANE_TEXT("recorded_at")                             \
    " FROM consents WHERE municipality_id = $1 AND person_id IN (" set                                               \
    ") "                                                                                                             \
    "UNION ALL SELECT 8, " KASANE_TEXT("o.consent_id") ", " KASANE_TEXT("o.organization_id") KASANE_NULLS_13       \
    " FROM consents c JOIN consent_organizations o ON o.consent_id = c.id AND o.municipality_id = c.municipality_id " \
    "WHERE c.municipality_id = $1 AND c.person_id IN (" set                                                          \
    ") "                                                                                                             \
    "UNION ALL SELECT 9, " KASANE_TEXT("b.consent_id") ", " KASANE_TEXT("b.body_id") KASANE_NULLS_13               \
    " FROM consents c JOIN consent_bodies b ON b.consent_id = c.id AND b.municipality_id = c.municipality_id "      \
    "WHERE c.municipality_id = $1 AND c.person_id IN (" set                                                          \
    ") "                                                                                                             \
    /* meeting_agenda_items_by_person, then primary keys; LEFT JOIN: a body may have no members yet */              \
    "UNION ALL SELECT 10, " KASANE_TEXT("a.person_id") ", " KASANE_TEXT("m.id") ", " KASANE_TEXT(                  \
        "m.body_id") ", b.legal_basis, " KASANE_TEXT("b.shares_without_consent") ", " KASANE_TEXT(                 \
        "b.sharing_days") ", " KASANE_TEXT("m.held_on") ", " KASANE_TEXT("m.convenor_user_id") ", " KASANE_TEXT(   \
        "jb.id") ", " KASANE_TEXT("jb.shares_without_consent") ", " KASANE_TEXT("jb.sharing_days") ", " KASANE_TEXT( \
        "nm.user_id") ", " KASANE_TEXT("nm.organization_id") ", " KASANE_TEXT("nm.pledge_signed_on") ", " KASANE_TEXT( \
        "nm.left_on")                                                                                                \
    " FROM meeting_agenda_items a "                                                                                 \
    "JOIN meetings m ON m.id = a.meeting_id AND m.municipality_id = a.municipality_id "                             \
    "JOIN meeting_bodies b ON b.id = m.body_id AND b.municipality_id = m.municipality_id "                          \
    "LEFT JOIN meeting_bodies jb ON jb.id = m.joint_body_id AND jb.municipality_id = m.municipality_id "            \
    "LEFT JOIN meeting_body_named_members nm ON nm.body_id = b.id AND nm.municipality_id = b.municipality_id "      \
    "WHERE a.municipality_id = $1 AND a.person_id IN (" set                                                          \
    ") "                                                                                                             \
    /* the pledges of the joint bodies of those meetings, once per agenda item (ReadAccessFactRows keeps one) */    \
    "UNION ALL SELECT 11, " KASANE_TEXT("nm.body_id") ", " KASANE_TEXT("nm.user_id") ", " KASANE_TEXT(            \
        "nm.organization_id") ", " KASANE_TEXT("nm.pledge_signed_on") ", " KASANE_TEXT("nm.left_on") KASANE_NULLS_10 \
    " FROM meeting_agenda_items ja CROSS JOIN meetings jm CROSS JOIN meeting_body_named_members nm "               \
    "WHERE jm.id = ja.meeting_id AND jm.municipality_id = ja.municipality_id AND nm.body_id = jm.joint_body_id "   \
    "AND nm.municipality_id = jm.municipality_id AND ja.municipality_id = $1 AND ja.person_id IN (" set            \
    ") "                                                                                                             \
    /* who attended those meetings in person, with the attendee row's id (once per agenda item: ReadAccessFactRows \
       keeps one) */                                                                                                 \
    "UNION ALL SELECT 12, " KASANE_TEXT("t.meeting_id") ", " KASANE_TEXT("t.user_id") ", " KASANE_TEXT("t.id")     \
        KASANE_NULLS_12                                                                                              \
    " FROM meeting_agenda_items aa CROSS JOIN meeting_attendees t WHERE t.meeting_id = aa.meeting_id "             \
    "AND t.municipality_id = aa.municipality_id AND t.user_id IS NOT NULL AND aa.municipality_id = $1 "            \
    "AND aa.person_id IN (" set                                                                                      \
    ") "                                                                                                             \
    "UNION ALL SELECT 13, " KASANE_TEXT("person_id") ", " KASANE_TEXT("id") ", " KASANE_TEXT(                      \
        "user_id") ", " KASANE_TEXT("expires_at") KASANE_NULLS_11                                                   \
    " FROM emergency_accesses WHERE municipality_id = $1 AND person_id IN (" set                                     \
    ") "                                                                                                             \
    /* cases_by_person, then case_team_members_by_case and the meetings' primary key */                             \
    "UNION ALL SELECT 14, " KASANE_TEXT("c.person_id") ", " KASANE_CASE_FACT_TEXT KASANE_NULLS_6 " FROM cases c "  \
    KASANE_CASE_FACT_JOINS "WHERE c.municipality_id = $1 AND c.person_id IN (" set                                   \
    ") "                                                                                                             \
    /* household_members_by_person, then cases_by_household (the inner join first: SQLite does not move a table    \
       ahead of the LEFT JOINs written before it) */                                                                \
    "UNION ALL SELECT 15, " KASANE_TEXT("hm.person_id") ", " KASANE_CASE_FACT_TEXT KASANE_NULLS_6                  \
    " FROM household_members hm CROSS JOIN cases c " KASANE_CASE_FACT_JOINS                                         \
    "WHERE c.household_id = hm.household_id AND c.municipality_id = hm.municipality_id "                            \
    "AND hm.municipality_id = $1 AND hm.person_id IN (" set ") AND hm.moved_out IS NULL"

constexpr IdSetStatement kSelectAccessFacts{{"access_facts_of_many", KASANE_ACCESS_FACTS_OF(KASANE_ID_SET("$2"))},
                                            {"access_facts_of_one", KASANE_ACCESS_FACTS_OF("$2")}};

#undef KASANE_ACCESS_FACTS_OF

std::int64_t KeyOf(const SqlValues& row, std::size_t column) {
    if (column >= row.size() || !row[column]) return INT64_MIN;
    std::int64_t value = 0;
    const std::string& text = *row[column];
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// The order the part's own statement gave (ORDER BY of integer columns, NULL first).
void SortBy(SqlResult& result, std::initializer_list<std::size_t> columns) {
    std::stable_sort(result.rows.begin(), result.rows.end(), [&](const SqlValues& a, const SqlValues& b) {
        for (std::size_t column : columns) {
            const std::int64_t left = KeyOf(a, column);
            const std::int64_t right = KeyOf(b, column);
            if (left != right) return left < right;
        }
        return false;
    });
}

// Removes rows equal in `columns` to the row before them (after SortBy on them).
void DropRepeats(SqlResult& result, std::initializer_list<std::size_t> columns) {
    const auto same = [&](const SqlValues& a, const SqlValues& b) {
        return std::all_of(columns.begin(), columns.end(),
                           [&](std::size_t column) { return KeyOf(a, column) == KeyOf(b, column); });
    };
    result.rows.erase(std::unique(result.rows.begin(), result.rows.end(), same), result.rows.end());
}

}  // namespace

Status ReadAccessFactRows(SqlConnection& connection, MunicipalityId tenant, const IdSet& persons, AccessFactRows& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectAccessFacts.For(persons), {tenant, persons.Param()}));
    std::array<SqlResult*, 16> parts{nullptr,
                                     &out.persons,
                                     &out.merged_into,
                                     &out.dv_staff,
                                     &out.recorders,
                                     &out.referrals,
                                     &out.housemates,
                                     &out.consents,
                                     &out.consent_organizations,
                                     &out.consent_bodies,
                                     &out.meetings,
                                     &out.joint_members,
                                     &out.attendees,
                                     &out.emergencies,
                                     &out.own_cases,
                                     &out.household_cases};
    for (SqlValues& values : result->rows) {
        const std::int64_t part = KeyOf(values, 0);
        if (part < kPersons || part > kHouseholdCases) return Fail(Corrupt("access fact part"));
        parts[static_cast<std::size_t>(part)]->rows.emplace_back(std::make_move_iterator(values.begin() + 1),
                                                                 std::make_move_iterator(values.end()));
    }
    SortBy(out.merged_into, {1, 0});
    SortBy(out.dv_staff, {0, 1});
    SortBy(out.housemates, {0, 1, 2});
    SortBy(out.consent_organizations, {0, 1});
    SortBy(out.consent_bodies, {0, 1});
    SortBy(out.meetings, {0, 1, 11});
    SortBy(out.joint_members, {0, 1});
    SortBy(out.attendees, {0, 1, 2});
    // A joint body's member (body, user) and an attendee row (its id) came once per agenda item naming a person of
    // the set: each once, as the statements that read them by the meetings' ids gave them.
    DropRepeats(out.joint_members, {0, 1});
    DropRepeats(out.attendees, {2});
    SortBy(out.own_cases, {0, 1, 8});
    SortBy(out.household_cases, {0, 1, 8});
    return {};
}

}  // namespace kasane::storage
