// SPDX-License-Identifier: Apache-2.0
// The rows of the access facts of persons (ReadAccessFactRows), in fifteen parts. On PostgreSQL, where each statement
// is a round trip to the server, the parts are one statement: each part one branch of a UNION ALL, tagged with its
// number, its values cast to text (how both backends hand values to the repositories anyway, SqlResult) so that the
// branches agree on their column types, padded with NULLs to the widest; a PostgreSQL boolean becomes "true"/"false",
// which SqlRow::Boolean reads. On SQLite, which runs a statement in the process, the same parts run as statements
// of their own (eleven to fifteen): the combined one cost more there (the casts and the padded rows;
// docs/performance.md). Either way the parts' orders are made here, not by the statements.

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
#define KASANE_PLAIN(column) column

// Each part: its columns (T: KASANE_TEXT in the combined statement, KASANE_PLAIN alone) and the rest of its SELECT
// over the persons' ids `set` ("$2" for one, KASANE_ID_SET("$2") for more). The comment of a part names the index it
// reads where that is not plain. The CROSS JOINs fix SQLite's join order where its planner, without statistics,
// otherwise drove a join from the wrong table (the comments of the statements these parts were, in the history of
// persons_store.cpp, sharing_facts_store.cpp and case_facts_store.cpp); PostgreSQL plans a CROSS JOIN with a WHERE
// like any inner join.

// 1, 2: the persons (primary key), and the records merged into them (persons_by_merged_into).
#define KASANE_PERSON_COLUMNS(T)                                                              \
    T("id")                                                                                   \
    ", " T("merged_into") ", " T("dv_protected") ", " T("created_by_organization_id") ", " T( \
        "created_by_user_id") ", " T("COALESCE(holder_organization_id, created_by_organization_id)")
#define KASANE_PERSONS_FROM(set) " FROM persons WHERE municipality_id = $1 AND id IN (" set ")"
#define KASANE_MERGED_INTO_FROM(set) " FROM persons WHERE municipality_id = $1 AND merged_into IN (" set ")"
// 3: the staff named for a DV-protected person.
#define KASANE_DV_STAFF_COLUMNS(T) T("person_id") ", " T("user_id")
#define KASANE_DV_STAFF_FROM(set) " FROM person_dv_staff WHERE municipality_id = $1 AND person_id IN (" set ")"
// 4: who took each consultation, and who entered each of its contacts (the consultations first, then their contacts
// by index).
#define KASANE_RECEIVERS_COLUMNS(T) T("person_id") ", " T("receiving_organization_id") ", " T("received_by_user_id")
#define KASANE_RECEIVERS_FROM(set) " FROM consultations WHERE municipality_id = $1 AND person_id IN (" set ")"
#define KASANE_CONTACT_RECORDERS_COLUMNS(T) T("c.person_id") ", " T("k.organization_id") ", " T("k.staff_user_id")
#define KASANE_CONTACT_RECORDERS_FROM(set)                                                                   \
    " FROM consultations c CROSS JOIN contacts k WHERE k.consultation_id = c.id AND c.municipality_id = $1 " \
    "AND c.person_id IN (" set ") AND k.municipality_id = $1"
// 5: referrals.
#define KASANE_REFERRALS_COLUMNS(T)                                                          \
    T("person_id")                                                                           \
    ", " T("id") ", " T("from_organization_id") ", " T("to_organization_id") ", status, " T( \
        "to_user_"                                                                           \
        "id")
#define KASANE_REFERRALS_FROM(set) " FROM referrals WHERE municipality_id = $1 AND person_id IN (" set ")"
// 6: DV等支援措置 reaches household members at the same address (issue 11): the persons' memberships first
// (household_members_by_person), then their households' other members (household_members_by_household: the unary
// plus keeps SQLite from taking household_members_by_person on the municipality alone), with the staff named for each.
#define KASANE_HOUSEMATES_COLUMNS(T) T("me.person_id") ", " T("other.person_id") ", " T("s.user_id")
#define KASANE_HOUSEMATES_FROM(set)                                                                            \
    " FROM household_members me CROSS JOIN household_members other CROSS JOIN persons p "                      \
    "CROSS JOIN person_search ms CROSS JOIN person_search os "                                                 \
    "LEFT JOIN person_dv_staff s ON s.person_id = other.person_id AND s.municipality_id = me.municipality_id " \
    "WHERE other.household_id = me.household_id AND +other.municipality_id = me.municipality_id "              \
    "AND other.person_id <> me.person_id AND other.moved_out IS NULL "                                         \
    "AND p.id = other.person_id AND p.municipality_id = me.municipality_id AND p.dv_protected "                \
    "AND ms.person_id = me.person_id AND os.person_id = other.person_id AND ms.address_key <> '' "             \
    "AND ms.address_key = os.address_key AND me.municipality_id = $1 AND me.moved_out IS NULL "                \
    "AND me.person_id IN (" set ")"
// 7, 8, 9: consents (KASANE_CONSENT_COLUMNS), with their organisations and bodies.
#define KASANE_CONSENTS_COLUMNS(T) \
    T("id") ", " T("municipality_id") ", " T("person_id") ", " T("by_proxy") ", proxy_name, proxy_relationship, " \
            "purpose, " T("given_on") ", method, witness, explanation_version, " T("expires_on") ", " T(          \
                "withdrawn_at") ", " T("recorded_by") ", " T("recorded_at")
#define KASANE_CONSENTS_FROM(set) " FROM consents WHERE municipality_id = $1 AND person_id IN (" set ")"
#define KASANE_CONSENT_ORGANIZATIONS_COLUMNS(T) T("o.consent_id") ", " T("o.organization_id")
#define KASANE_CONSENT_ORGANIZATIONS_FROM(set)                                                                        \
    " FROM consents c JOIN consent_organizations o ON o.consent_id = c.id AND o.municipality_id = c.municipality_id " \
    "WHERE c.municipality_id = $1 AND c.person_id IN (" set ")"
#define KASANE_CONSENT_BODIES_COLUMNS(T) T("b.consent_id") ", " T("b.body_id")
#define KASANE_CONSENT_BODIES_FROM(set)                                                                        \
    " FROM consents c JOIN consent_bodies b ON b.consent_id = c.id AND b.municipality_id = c.municipality_id " \
    "WHERE c.municipality_id = $1 AND c.person_id IN (" set ")"
// 10: the meetings with a person on the agenda (meeting_agenda_items_by_person, then primary keys), with the rule of
// their body and its named members (LEFT JOIN: a body may have no members yet).
#define KASANE_MEETINGS_COLUMNS(T) \
    T("a.person_id") ", " T("m.id") ", " T("m.body_id") ", b.legal_basis, " T("b.shares_without_consent") ", " T( \
        "b.sharing_days") ", " T("m.held_on") ", " T("m.convenor_user_id") ", " T("jb.id") ", " T(                \
        "jb.shares_without_consent") ", " T("jb.sharing_days") ", " T("nm.user_id") ", " T("nm.organization_id")  \
        ", " T("nm.pledge_signed_on") ", " T("nm.left_on")
#define KASANE_MEETINGS_FROM(set)                                                                              \
    " FROM meeting_agenda_items a "                                                                            \
    "JOIN meetings m ON m.id = a.meeting_id AND m.municipality_id = a.municipality_id "                        \
    "JOIN meeting_bodies b ON b.id = m.body_id AND b.municipality_id = m.municipality_id "                     \
    "LEFT JOIN meeting_bodies jb ON jb.id = m.joint_body_id AND jb.municipality_id = m.municipality_id "       \
    "LEFT JOIN meeting_body_named_members nm ON nm.body_id = b.id AND nm.municipality_id = b.municipality_id " \
    "WHERE a.municipality_id = $1 AND a.person_id IN (" set ")"
// 11: the pledges of the joint bodies of those meetings, once per agenda item (ReadAccessFactRows keeps one).
#define KASANE_JOINT_MEMBERS_COLUMNS(T)                                                     \
    T("nm.body_id")                                                                         \
    ", " T("nm.user_id") ", " T("nm.organization_id") ", " T("nm.pledge_signed_on") ", " T( \
        "nm.left_"                                                                          \
        "on")
#define KASANE_JOINT_MEMBERS_FROM(set)                                                                           \
    " FROM meeting_agenda_items ja CROSS JOIN meetings jm CROSS JOIN meeting_body_named_members nm "             \
    "WHERE jm.id = ja.meeting_id AND jm.municipality_id = ja.municipality_id AND nm.body_id = jm.joint_body_id " \
    "AND nm.municipality_id = jm.municipality_id AND ja.municipality_id = $1 AND ja.person_id IN (" set ")"
// 12: who attended those meetings in person, with the attendee row's id (once per agenda item: ReadAccessFactRows
// keeps one).
#define KASANE_ATTENDEES_COLUMNS(T) T("t.meeting_id") ", " T("t.user_id") ", " T("t.id")
#define KASANE_ATTENDEES_FROM(set)                                                                      \
    " FROM meeting_agenda_items aa CROSS JOIN meeting_attendees t WHERE t.meeting_id = aa.meeting_id "  \
    "AND t.municipality_id = aa.municipality_id AND t.user_id IS NOT NULL AND aa.municipality_id = $1 " \
    "AND aa.person_id IN (" set ")"
// 13: emergency accesses, expired or not.
#define KASANE_EMERGENCIES_COLUMNS(T) T("person_id") ", " T("id") ", " T("user_id") ", " T("expires_at")
#define KASANE_EMERGENCIES_FROM(set) " FROM emergency_accesses WHERE municipality_id = $1 AND person_id IN (" set ")"
// 14, 15: the cases about a person (cases_by_person) and about a household they live in (household_members_by_person,
// then cases_by_household: the inner join first, as SQLite does not move a table ahead of the LEFT JOINs written
// before it), each with its team (case_team_members_by_case) and the meetings' primary key.
#define KASANE_CASE_COLUMNS(T, person)                                                                                 \
    T(person)                                                                                                          \
    ", " T("c.id") ", c.status, " T("c.lead_organization_id") ", " T("lm.body_id") ", " T("t.organization_id") ", " T( \
        "t.left_on") ", " T("tm.body_id") ", " T("t.id")
#define KASANE_CASE_JOINS                                                                                 \
    "LEFT JOIN meetings lm ON lm.id = c.opened_at_meeting_id AND lm.municipality_id = c.municipality_id " \
    "LEFT JOIN case_team_members t ON t.case_id = c.id AND t.municipality_id = c.municipality_id "        \
    "LEFT JOIN meetings tm ON tm.id = t.agreed_at_meeting_id AND tm.municipality_id = t.municipality_id "
#define KASANE_OWN_CASES_FROM(set) \
    " FROM cases c " KASANE_CASE_JOINS "WHERE c.municipality_id = $1 AND c.person_id IN (" set ")"
#define KASANE_HOUSEHOLD_CASES_FROM(set)                                                 \
    " FROM household_members hm CROSS JOIN cases c " KASANE_CASE_JOINS                   \
    "WHERE c.household_id = hm.household_id AND c.municipality_id = hm.municipality_id " \
    "AND hm.municipality_id = $1 AND hm.person_id IN (" set ") AND hm.moved_out IS NULL"

// The parts' numbers in the combined statement (its first column), from the persons to the households' cases.
constexpr std::int64_t kPersons = 1;
constexpr std::int64_t kHouseholdCases = 15;

// The combined statement: each part's number, its columns as text and NULLs up to 15 columns.
#define KASANE_NULLS_2 ", NULL, NULL"
#define KASANE_NULLS_4 KASANE_NULLS_2 KASANE_NULLS_2
#define KASANE_NULLS_6 KASANE_NULLS_4 KASANE_NULLS_2
#define KASANE_NULLS_8 KASANE_NULLS_4 KASANE_NULLS_4
#define KASANE_NULLS_9 KASANE_NULLS_8 ", NULL"
#define KASANE_NULLS_10 KASANE_NULLS_8 KASANE_NULLS_2
#define KASANE_NULLS_11 KASANE_NULLS_10 ", NULL"
#define KASANE_NULLS_12 KASANE_NULLS_10 KASANE_NULLS_2
#define KASANE_NULLS_13 KASANE_NULLS_12 ", NULL"
#define KASANE_ACCESS_FACTS_OF(set)                                                                                   \
    "SELECT 1, " KASANE_PERSON_COLUMNS(KASANE_TEXT) KASANE_NULLS_9 KASANE_PERSONS_FROM(                               \
        set) " UNION ALL SELECT 2, " KASANE_PERSON_COLUMNS(KASANE_TEXT) KASANE_NULLS_9                                \
    KASANE_MERGED_INTO_FROM(set) " UNION ALL SELECT 3, " KASANE_DV_STAFF_COLUMNS(KASANE_TEXT) KASANE_NULLS_13         \
    KASANE_DV_STAFF_FROM(set) " UNION ALL SELECT 4, " KASANE_RECEIVERS_COLUMNS(KASANE_TEXT) KASANE_NULLS_12           \
    KASANE_RECEIVERS_FROM(set) " UNION ALL SELECT 4, " KASANE_CONTACT_RECORDERS_COLUMNS(KASANE_TEXT) KASANE_NULLS_12  \
    KASANE_CONTACT_RECORDERS_FROM(set) " UNION ALL SELECT 5, " KASANE_REFERRALS_COLUMNS(KASANE_TEXT) KASANE_NULLS_9   \
    KASANE_REFERRALS_FROM(set) " UNION ALL SELECT 6, " KASANE_HOUSEMATES_COLUMNS(KASANE_TEXT) KASANE_NULLS_12         \
    KASANE_HOUSEMATES_FROM(set) " UNION ALL SELECT 7, " KASANE_CONSENTS_COLUMNS(KASANE_TEXT) KASANE_CONSENTS_FROM(    \
        set) " UNION ALL SELECT 8, " KASANE_CONSENT_ORGANIZATIONS_COLUMNS(KASANE_TEXT) KASANE_NULLS_13                \
    KASANE_CONSENT_ORGANIZATIONS_FROM(set) " UNION ALL SELECT 9, " KASANE_CONSENT_BODIES_COLUMNS(                     \
        KASANE_TEXT) KASANE_NULLS_13                                                                                  \
    KASANE_CONSENT_BODIES_FROM(set) " UNION ALL SELECT 10, " KASANE_MEETINGS_COLUMNS(KASANE_TEXT)                     \
        KASANE_MEETINGS_FROM(set) " UNION ALL SELECT 11, " KASANE_JOINT_MEMBERS_COLUMNS(KASANE_TEXT) KASANE_NULLS_10  \
        KASANE_JOINT_MEMBERS_FROM(set) " UNION ALL SELECT 12, " KASANE_ATTENDEES_COLUMNS(KASANE_TEXT) KASANE_NULLS_12 \
        KASANE_ATTENDEES_FROM(set) " UNION ALL SELECT 13, " KASANE_EMERGENCIES_COLUMNS(KASANE_TEXT) KASANE_NULLS_11   \
        KASANE_EMERGENCIES_FROM(set) " UNION ALL SELECT 14, " KASANE_CASE_COLUMNS(KASANE_TEXT, "c.person_id")         \
            KASANE_NULLS_6                                                                                            \
            KASANE_OWN_CASES_FROM(set) " UNION ALL SELECT 15, " KASANE_CASE_COLUMNS(KASANE_TEXT, "hm.person_id")      \
                KASANE_NULLS_6                                                                                        \
                KASANE_HOUSEHOLD_CASES_FROM(set)

constexpr IdSetStatement kSelectAccessFacts{{"access_facts_of_many", KASANE_ACCESS_FACTS_OF(KASANE_ID_SET("$2"))},
                                            {"access_facts_of_one", KASANE_ACCESS_FACTS_OF("$2")}};

// The parts alone, one statement each.
#define KASANE_PART(name, columns, from)                                                                   \
    IdSetStatement {                                                                                       \
        {name, "SELECT " columns from(KASANE_ID_SET("$2"))}, { name "_one", "SELECT " columns from("$2") } \
    }
struct Apart {
    SqlResult AccessFactRows::*rows;
    IdSetStatement statement;
    // Read only when this part (read before) has rows: a consent's organisations and bodies, a meeting's joint
    // body and attendees.
    SqlResult AccessFactRows::*needs = nullptr;
};
const std::array<Apart, 14> kParts{{
    {&AccessFactRows::persons,
     KASANE_PART("access_facts_persons", KASANE_PERSON_COLUMNS(KASANE_PLAIN), KASANE_PERSONS_FROM)},
    {&AccessFactRows::merged_into,
     KASANE_PART("access_facts_merged_into", KASANE_PERSON_COLUMNS(KASANE_PLAIN), KASANE_MERGED_INTO_FROM)},
    {&AccessFactRows::dv_staff,
     KASANE_PART("access_facts_dv_staff", KASANE_DV_STAFF_COLUMNS(KASANE_PLAIN), KASANE_DV_STAFF_FROM)},
    {&AccessFactRows::referrals,
     KASANE_PART("access_facts_referrals", KASANE_REFERRALS_COLUMNS(KASANE_PLAIN), KASANE_REFERRALS_FROM)},
    {&AccessFactRows::housemates,
     KASANE_PART("access_facts_housemates", KASANE_HOUSEMATES_COLUMNS(KASANE_PLAIN), KASANE_HOUSEMATES_FROM)},
    {&AccessFactRows::consents,
     KASANE_PART("access_facts_consents", KASANE_CONSENTS_COLUMNS(KASANE_PLAIN), KASANE_CONSENTS_FROM)},
    {&AccessFactRows::consent_organizations,
     KASANE_PART("access_facts_consent_organizations", KASANE_CONSENT_ORGANIZATIONS_COLUMNS(KASANE_PLAIN),
                 KASANE_CONSENT_ORGANIZATIONS_FROM),
     &AccessFactRows::consents},
    {&AccessFactRows::consent_bodies,
     KASANE_PART("access_facts_consent_bodies", KASANE_CONSENT_BODIES_COLUMNS(KASANE_PLAIN),
                 KASANE_CONSENT_BODIES_FROM),
     &AccessFactRows::consents},
    {&AccessFactRows::meetings,
     KASANE_PART("access_facts_meetings", KASANE_MEETINGS_COLUMNS(KASANE_PLAIN), KASANE_MEETINGS_FROM)},
    {&AccessFactRows::joint_members,
     KASANE_PART("access_facts_joint_members", KASANE_JOINT_MEMBERS_COLUMNS(KASANE_PLAIN), KASANE_JOINT_MEMBERS_FROM),
     &AccessFactRows::meetings},
    {&AccessFactRows::attendees,
     KASANE_PART("access_facts_attendees", KASANE_ATTENDEES_COLUMNS(KASANE_PLAIN), KASANE_ATTENDEES_FROM),
     &AccessFactRows::meetings},
    {&AccessFactRows::emergencies,
     KASANE_PART("access_facts_emergencies", KASANE_EMERGENCIES_COLUMNS(KASANE_PLAIN), KASANE_EMERGENCIES_FROM)},
    {&AccessFactRows::own_cases,
     KASANE_PART("access_facts_own_cases", KASANE_CASE_COLUMNS(KASANE_PLAIN, "c.person_id"), KASANE_OWN_CASES_FROM)},
    {&AccessFactRows::household_cases,
     KASANE_PART("access_facts_household_cases", KASANE_CASE_COLUMNS(KASANE_PLAIN, "hm.person_id"),
                 KASANE_HOUSEHOLD_CASES_FROM)},
}};
// The recorders alone: the consultations' and their contacts' in one statement, as before they were combined.
#define KASANE_RECORDERS_OF(set)                                                                       \
    "SELECT " KASANE_RECEIVERS_COLUMNS(KASANE_PLAIN)                                                   \
        KASANE_RECEIVERS_FROM(set) " UNION ALL SELECT " KASANE_CONTACT_RECORDERS_COLUMNS(KASANE_PLAIN) \
            KASANE_CONTACT_RECORDERS_FROM(set)
constexpr IdSetStatement kSelectRecorders{{"access_facts_recorders", KASANE_RECORDERS_OF(KASANE_ID_SET("$2"))},
                                          {"access_facts_recorders_one", KASANE_RECORDERS_OF("$2")}};

#undef KASANE_ACCESS_FACTS_OF
#undef KASANE_RECORDERS_OF
#undef KASANE_PART

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

// The parts from the combined statement: each row to its part, without the part's number and the padding.
Status ReadCombined(SqlConnection& connection, MunicipalityId tenant, const IdSet& persons, AccessFactRows& out) {
    KASANE_ASSIGN(result, connection.Execute(kSelectAccessFacts.For(persons), {tenant, persons.Param()}));
    const std::array<SqlResult*, 16> parts{nullptr,
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
    return {};
}

}  // namespace

Status ReadAccessFactRows(SqlConnection& connection, MunicipalityId tenant, const IdSet& persons, AccessFactRows& out) {
    if (connection.RoundTripPerStatement()) {
        KASANE_TRY(ReadCombined(connection, tenant, persons, out));
    } else {
        for (const Apart& part : kParts) {
            if (part.needs != nullptr && (out.*part.needs).Empty()) continue;
            KASANE_ASSIGN(rows, connection.Execute(part.statement.For(persons), {tenant, persons.Param()}));
            out.*part.rows = std::move(*rows);
        }
        KASANE_ASSIGN(recorders, connection.Execute(kSelectRecorders.For(persons), {tenant, persons.Param()}));
        out.recorders = std::move(*recorders);
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
