// SPDX-License-Identifier: Apache-2.0
// Meeting bodies (支援会議 and the like, with members and pledges) and their meetings (domain::MeetingRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

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

bool SortedHasDuplicates(std::vector<std::int64_t> values) {
    std::sort(values.begin(), values.end());
    return std::adjacent_find(values.begin(), values.end()) != values.end();
}

// ---------------------------------------------------------------------------------------------------------------
// Meeting bodies

#define KASANE_BODY_COLUMNS                                                                  \
    "id, municipality_id, legal_basis, display_name, shares_without_consent, sharing_days, " \
    "coordinating_organization_id, created_at, version"

constexpr SqlStatement kInsertBody{
    "sharing_insert_body",
    "INSERT INTO meeting_bodies (municipality_id, legal_basis, display_name, shares_without_consent, sharing_days, "
    "coordinating_organization_id, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id"};
constexpr SqlStatement kSelectBody{
    "sharing_select_body", "SELECT " KASANE_BODY_COLUMNS " FROM meeting_bodies WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListBodies{
    "sharing_list_bodies", "SELECT " KASANE_BODY_COLUMNS " FROM meeting_bodies WHERE municipality_id = $1 ORDER BY id"};
constexpr SqlStatement kUpdateBody{
    "sharing_update_body",
    "UPDATE meeting_bodies SET display_name = $3, shares_without_consent = $4, sharing_days = $5, "
    "coordinating_organization_id = $6, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $7"};
constexpr SqlStatement kSelectBodyMembers{"sharing_select_body_members",
                                          "SELECT organization_id, pledge_signed_on, left_on FROM meeting_body_members "
                                          "WHERE body_id = $1 AND municipality_id = $2 ORDER BY organization_id"};
constexpr SqlStatement kDeleteBodyMembers{
    "sharing_delete_body_members", "DELETE FROM meeting_body_members WHERE body_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertBodyMember{
    "sharing_insert_body_member",
    "INSERT INTO meeting_body_members (body_id, municipality_id, organization_id, pledge_signed_on, left_on) "
    "VALUES ($1, $2, $3, $4, $5)"};

constexpr SqlStatement kSelectNamedMembers{
    "sharing_select_named_members",
    "SELECT user_id, organization_id, pledge_signed_on, left_on FROM meeting_body_named_members "
    "WHERE body_id = $1 AND municipality_id = $2 ORDER BY user_id"};
constexpr SqlStatement kDeleteNamedMembers{
    "sharing_delete_named_members",
    "DELETE FROM meeting_body_named_members WHERE body_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertNamedMember{
    "sharing_insert_named_member",
    "INSERT INTO meeting_body_named_members (body_id, municipality_id, user_id, organization_id, pledge_signed_on, "
    "left_on) VALUES ($1, $2, $3, $4, $5, $6)"};

Result<BodyMember> MemberFromRow(const SqlRow& row, std::size_t first) {
    auto organization_id = row.Integer(first);
    auto pledge = OptionalDate(row, first + 1);
    auto left = OptionalDate(row, first + 2);
    if (!organization_id || !pledge || !left) return Fail(Corrupt("meeting_body_member"));
    return BodyMember{
        .organization_id = OrganizationId{*organization_id}, .pledge_signed_on = *pledge, .left_on = *left};
}

Result<MeetingBody> BodyFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto legal_basis = domain::ParseLegalBasis(row.Text(2).value_or(""));
    auto display_name = row.Text(3);
    auto shares = row.Boolean(4);
    auto sharing_days = row.Integer(5);
    auto created_at = row.Time(7);
    auto version = row.Integer(8);
    if (!id || !municipality_id || !legal_basis || !display_name || !shares || !sharing_days || !created_at ||
        !version) {
        return Fail(Corrupt("meeting_body"));
    }
    MeetingBody body;
    body.id = domain::MeetingBodyId{*id};
    body.municipality_id = MunicipalityId{*municipality_id};
    body.legal_basis = *legal_basis;
    body.display_name = std::move(*display_name);
    body.shares_without_consent = *shares;
    body.sharing_days = static_cast<int>(*sharing_days);
    body.coordinating_organization_id = row.OptionalId<OrganizationId>(6);
    body.created_at = *created_at;
    body.version = static_cast<int>(*version);
    return body;
}

Status ReadBodyMembers(SqlConnection& connection, MunicipalityId tenant, MeetingBody& body) {
    KASANE_ASSIGN(members, connection.Execute(kSelectBodyMembers, {body.id, tenant}));
    for (const auto& values : members->rows) {
        KASANE_ASSIGN(member, MemberFromRow(SqlRow(values), 0));
        body.members.push_back(*member);
    }
    KASANE_ASSIGN(named, connection.Execute(kSelectNamedMembers, {body.id, tenant}));
    for (const auto& values : named->rows) {
        KASANE_ASSIGN(member, NamedMemberFromRow(SqlRow(values), 0));
        body.named_members.push_back(*member);
    }
    return {};
}

Status ReadBody(SqlConnection& connection, MunicipalityId tenant, MeetingBodyId id, MeetingBody& out) {
    KASANE_TRY(ReadOneRow(connection, kSelectBody, id, tenant, BodyFromRow, "会議体が見つかりません", "body_id", out));
    KASANE_TRY(ReadBodyMembers(connection, tenant, out));
    return {};
}

// What CreateBody and UpdateBody both refuse before writing.
Status CheckBody(const MeetingBody& body) {
    if (body.sharing_days < 0) {
        return Fail(Error::InvalidArgument("共有期間（日数）は0以上で指定してください", "sharing_days"));
    }
    std::vector<std::int64_t> organizations;
    for (const BodyMember& member : body.members) organizations.push_back(member.organization_id);
    if (SortedHasDuplicates(std::move(organizations))) {
        return Fail(Error::InvalidArgument("同じ機関が構成機関に重複しています", "members"));
    }
    std::vector<std::int64_t> users;
    for (const NamedMember& member : body.named_members) users.push_back(member.user_id);
    if (SortedHasDuplicates(std::move(users))) {
        return Fail(Error::InvalidArgument("同じ職員が誓約者に重複しています", "named_members"));
    }
    return {};
}

Status CheckBodyReferences(SqlConnection& connection, MunicipalityId tenant, const MeetingBody& body) {
    if (body.coordinating_organization_id) {
        KASANE_TRY(Exists(connection, kOrganizationExists, *body.coordinating_organization_id, tenant,
                          "調整機関が見つかりません", "coordinating_organization_id"));
    }
    for (const BodyMember& member : body.members) {
        KASANE_TRY(Exists(connection, kOrganizationExists, member.organization_id, tenant, "構成機関が見つかりません",
                          "members"));
    }
    for (const NamedMember& member : body.named_members) {
        KASANE_TRY(
            Exists(connection, kUserExists, member.user_id, tenant, "誓約した職員が見つかりません", "named_members"));
    }
    return {};
}

Status InsertBodyMembers(SqlConnection& connection, MunicipalityId tenant, MeetingBodyId id,
                         const std::vector<BodyMember>& members, const std::vector<NamedMember>& named_members) {
    for (const BodyMember& member : members) {
        const auto pledge = OptionalDateText(member.pledge_signed_on);
        const auto left = OptionalDateText(member.left_on);
        KASANE_EXECUTE(connection, kInsertBodyMember, id, tenant, member.organization_id, TextOrNull(pledge),
                       TextOrNull(left));
    }
    for (const NamedMember& member : named_members) {
        const std::string pledge = DateText(member.pledge_signed_on);
        const auto left = OptionalDateText(member.left_on);
        KASANE_EXECUTE(connection, kInsertNamedMember, id, tenant, member.user_id, member.organization_id,
                       std::string_view(pledge), TextOrNull(left));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// Meetings

#define KASANE_MEETING_COLUMNS \
    "id, municipality_id, body_id, held_on, convenor_user_id, minutes, created_at, version, joint_body_id"

constexpr SqlStatement kInsertMeeting{
    "sharing_insert_meeting",
    "INSERT INTO meetings (municipality_id, body_id, held_on, convenor_user_id, minutes, created_at, version, "
    "joint_body_id) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id"};
constexpr SqlStatement kSelectMeeting{
    "sharing_select_meeting", "SELECT " KASANE_MEETING_COLUMNS " FROM meetings WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListMeetings{"sharing_list_meetings",
                                     "SELECT " KASANE_MEETING_COLUMNS
                                     " FROM meetings WHERE municipality_id = $1 ORDER BY held_on DESC, id DESC"};
constexpr SqlStatement kListMeetingsOfBody{
    "sharing_list_meetings_of_body",
    "SELECT " KASANE_MEETING_COLUMNS
    " FROM meetings WHERE municipality_id = $1 AND body_id = $2 ORDER BY held_on DESC, id DESC"};
constexpr SqlStatement kSelectMeetingsOfPerson{
    "sharing_select_meetings_of_person",
    "SELECT DISTINCT m.id, m.municipality_id, m.body_id, m.held_on, m.convenor_user_id, m.minutes, m.created_at, "
    "m.version, m.joint_body_id FROM meeting_agenda_items a JOIN meetings m ON m.id = a.meeting_id AND "
    "m.municipality_id = "
    "a.municipality_id WHERE a.municipality_id = $1 AND a.person_id = $2"};
constexpr SqlStatement kUpdateMeeting{
    "sharing_update_meeting",
    "UPDATE meetings SET minutes = $3, version = version + 1 WHERE id = $1 AND municipality_id = $2 AND version = $4"};
constexpr SqlStatement kSelectAttendees{
    "sharing_select_attendees",
    "SELECT user_id, name, organization_id, kind FROM meeting_attendees WHERE meeting_id = $1 AND municipality_id = $2 "
    "ORDER BY id"};
constexpr SqlStatement kSelectAgenda{
    "sharing_select_agenda",
    "SELECT id, person_id, household_id, shared_summary, case_id FROM meeting_agenda_items "
    "WHERE meeting_id = $1 AND municipality_id = $2 ORDER BY id"};
constexpr SqlStatement kSelectDecisions{
    "sharing_select_decisions",
    "SELECT kind, text, case_id FROM meeting_decisions WHERE meeting_id = $1 AND municipality_id = $2 "
    "ORDER BY position"};
constexpr SqlStatement kDeleteAttendees{"sharing_delete_attendees",
                                        "DELETE FROM meeting_attendees WHERE meeting_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteAgenda{"sharing_delete_agenda",
                                     "DELETE FROM meeting_agenda_items WHERE meeting_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kDeleteDecisions{"sharing_delete_decisions",
                                        "DELETE FROM meeting_decisions WHERE meeting_id = $1 AND municipality_id = $2"};
constexpr SqlStatement kInsertAttendee{
    "sharing_insert_attendee",
    "INSERT INTO meeting_attendees (meeting_id, municipality_id, user_id, name, organization_id, kind) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kInsertAgendaItem{
    "sharing_insert_agenda_item",
    "INSERT INTO meeting_agenda_items (meeting_id, municipality_id, person_id, household_id, shared_summary, "
    "case_id) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kInsertDecision{
    "sharing_insert_decision",
    "INSERT INTO meeting_decisions (meeting_id, municipality_id, position, kind, text, case_id) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};

Result<Meeting> MeetingFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto body_id = row.Integer(2);
    auto held_on = RequiredDate(row, 3);
    auto convenor = row.Integer(4);
    auto minutes = row.Text(5);
    auto created_at = row.Time(6);
    auto version = row.Integer(7);
    if (!id || !municipality_id || !body_id || !held_on || !convenor || !minutes || !created_at || !version) {
        return Fail(Corrupt("meeting"));
    }
    Meeting meeting;
    meeting.id = domain::MeetingId{*id};
    meeting.municipality_id = MunicipalityId{*municipality_id};
    meeting.body_id = domain::MeetingBodyId{*body_id};
    meeting.held_on = *held_on;
    meeting.convenor_user_id = UserId{*convenor};
    meeting.minutes = std::move(*minutes);
    meeting.created_at = *created_at;
    meeting.version = static_cast<int>(*version);
    meeting.joint_body_id = row.OptionalId<domain::MeetingBodyId>(8);
    return meeting;
}

Status ReadMeetingChildren(SqlConnection& connection, MunicipalityId tenant, Meeting& meeting) {
    KASANE_ASSIGN(attendees, connection.Execute(kSelectAttendees, {meeting.id, tenant}));
    for (const auto& values : attendees->rows) {
        const SqlRow row(values);
        auto name = row.Text(1);
        auto organization_id = row.Integer(2);
        auto kind = domain::ParseAttendeeKind(row.Text(3).value_or(""));
        if (!name || !organization_id || !kind) return Fail(Corrupt("meeting_attendee"));
        meeting.attendees.push_back(Attendee{.user_id = row.OptionalId<UserId>(0),
                                             .name = std::move(*name),
                                             .organization_id = OrganizationId{*organization_id},
                                             .kind = *kind});
    }
    KASANE_ASSIGN(agenda, connection.Execute(kSelectAgenda, {meeting.id, tenant}));
    for (const auto& values : agenda->rows) {
        const SqlRow row(values);
        auto id = row.Integer(0);
        auto person_id = row.Integer(1);
        auto summary = row.Text(3);
        if (!id || !person_id || !summary) return Fail(Corrupt("meeting_agenda_item"));
        meeting.agenda.push_back(AgendaItem{.id = *id,
                                            .person_id = domain::PersonId{*person_id},
                                            .household_id = row.OptionalId<domain::HouseholdId>(2),
                                            .shared_summary = std::move(*summary),
                                            .case_id = row.OptionalId<domain::CaseId>(4)});
    }
    KASANE_ASSIGN(decisions, connection.Execute(kSelectDecisions, {meeting.id, tenant}));
    for (const auto& values : decisions->rows) {
        const SqlRow row(values);
        auto kind = domain::ParseDecisionKind(row.Text(0).value_or(""));
        auto text = row.Text(1);
        if (!kind || !text) return Fail(Corrupt("meeting_decision"));
        meeting.decisions.push_back(
            Decision{.kind = *kind, .text = std::move(*text), .case_id = row.OptionalId<domain::CaseId>(2)});
    }
    return {};
}

Status ReadMeeting(SqlConnection& connection, MunicipalityId tenant, MeetingId id, Meeting& out) {
    KASANE_TRY(ReadOneRow(connection, kSelectMeeting, id, tenant, MeetingFromRow, "会議の記録が見つかりません",
                          "meeting_id", out));
    KASANE_TRY(ReadMeetingChildren(connection, tenant, out));
    return {};
}

Status AppendMeetings(SqlConnection& connection, MunicipalityId tenant, const SqlResult& result,
                      std::vector<Meeting>& out) {
    for (const auto& values : result.rows) {
        KASANE_ASSIGN(meeting, MeetingFromRow(SqlRow(values)));
        KASANE_TRY(ReadMeetingChildren(connection, tenant, *meeting));
        out.push_back(std::move(*meeting));
    }
    return {};
}

// Attendees and agenda may only name this municipality's users, organisations, persons and households.
Status CheckMeetingChildren(SqlConnection& connection, MunicipalityId tenant, const Meeting& meeting) {
    for (const Attendee& attendee : meeting.attendees) {
        if (attendee.user_id) {
            KASANE_TRY(Exists(connection, kUserExists, *attendee.user_id, tenant, "出席者の利用者が見つかりません",
                              "attendees"));
        }
        KASANE_TRY(Exists(connection, kOrganizationExists, attendee.organization_id, tenant,
                          "出席者の機関が見つかりません", "attendees"));
    }
    for (const AgendaItem& item : meeting.agenda) {
        KASANE_TRY(
            Exists(connection, kPersonExists, item.person_id, tenant, "議題の本人の記録が見つかりません", "agenda"));
        if (item.household_id) {
            KASANE_TRY(Exists(connection, kHouseholdExists, *item.household_id, tenant, "議題の世帯が見つかりません",
                              "agenda"));
        }
        if (item.case_id) {
            KASANE_TRY(
                Exists(connection, kCaseExists, *item.case_id, tenant, "議題の支援ケースが見つかりません", "agenda"));
        }
    }
    // The case_id columns were added by migration 4 with a key on the id alone: the tenant is checked here.
    for (const Decision& decision : meeting.decisions) {
        if (decision.case_id) {
            KASANE_TRY(Exists(connection, kCaseExists, *decision.case_id, tenant,
                              "決定事項の支援ケースが見つかりません", "decisions"));
        }
    }
    return {};
}

Status InsertMeetingChildren(SqlConnection& connection, MunicipalityId tenant, MeetingId id, const Meeting& meeting) {
    for (const Attendee& attendee : meeting.attendees) {
        KASANE_EXECUTE(connection, kInsertAttendee, id, tenant, IdOrNull(attendee.user_id), attendee.name,
                       attendee.organization_id, domain::AttendeeKindCode(attendee.kind));
    }
    for (const AgendaItem& item : meeting.agenda) {
        KASANE_EXECUTE(connection, kInsertAgendaItem, id, tenant, item.person_id, IdOrNull(item.household_id),
                       item.shared_summary, IdOrNull(item.case_id));
    }
    std::int64_t position = 0;
    for (const Decision& decision : meeting.decisions) {
        KASANE_EXECUTE(connection, kInsertDecision, id, tenant, position++, domain::DecisionKindCode(decision.kind),
                       decision.text, IdOrNull(decision.case_id));
    }
    return {};
}

void SortMeetingsNewestFirst(std::vector<Meeting>& meetings) {
    std::sort(meetings.begin(), meetings.end(), [](const Meeting& a, const Meeting& b) {
        if (a.held_on != b.held_on) return a.held_on > b.held_on;
        return a.id > b.id;
    });
}

class SqlMeetingRepository final : public domain::MeetingRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<MeetingBody> CreateBody(const MeetingBody& body) override {
        KASANE_TRY(CheckBody(body));
        const std::string created_at = FormatIso8601(body.created_at);
        return WriteInto<MeetingBody>([&](SqlConnection& connection, MeetingBody& out) -> Status {
            KASANE_TRY(CheckBodyReferences(connection, tenant_, body));
            KASANE_ASSIGN(
                inserted,
                connection.Execute(kInsertBody, {tenant_, domain::LegalBasisCode(body.legal_basis), body.display_name,
                                                 body.shares_without_consent, std::int64_t{body.sharing_days},
                                                 IdOrNull(body.coordinating_organization_id), created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_TRY(
                InsertBodyMembers(connection, tenant_, domain::MeetingBodyId{*id}, body.members, body.named_members));
            return ReadBody(connection, tenant_, domain::MeetingBodyId{*id}, out);
        });
    }

    Result<MeetingBody> GetBody(MeetingBodyId id) override {
        return ReadInto<MeetingBody>(
            [&](SqlConnection& connection, MeetingBody& out) { return ReadBody(connection, tenant_, id, out); });
    }

    Result<std::vector<MeetingBody>> ListBodies() override {
        using List = std::vector<MeetingBody>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kListBodies, {tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(body, BodyFromRow(SqlRow(values)));
                KASANE_TRY(ReadBodyMembers(connection, tenant_, *body));
                out.push_back(std::move(*body));
            }
            return {};
        });
    }

    Result<MeetingBody> UpdateBody(MeetingBodyId id, int expected_version, const MeetingBody& body) override {
        KASANE_TRY(CheckBody(body));
        return WriteInto<MeetingBody>([&](SqlConnection& connection, MeetingBody& out) -> Status {
            KASANE_TRY(Exists(connection, kBodyExists, id, tenant_, "会議体が見つかりません", "body_id"));
            KASANE_TRY(CheckBodyReferences(connection, tenant_, body));
            KASANE_ASSIGN(
                updated, connection.Execute(
                             kUpdateBody, {id, tenant_, body.display_name, body.shares_without_consent,
                                           std::int64_t{body.sharing_days}, IdOrNull(body.coordinating_organization_id),
                                           std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_EXECUTE(connection, kDeleteNamedMembers, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteBodyMembers, id, tenant_);
            KASANE_TRY(InsertBodyMembers(connection, tenant_, id, body.members, body.named_members));
            return ReadBody(connection, tenant_, id, out);
        });
    }

    Result<Meeting> CreateMeeting(const Meeting& meeting) override {
        const std::string held_on = DateText(meeting.held_on);
        const std::string created_at = FormatIso8601(meeting.created_at);
        return WriteInto<Meeting>([&](SqlConnection& connection, Meeting& out) -> Status {
            KASANE_TRY(Exists(connection, kBodyExists, meeting.body_id, tenant_, "会議体が見つかりません", "body_id"));
            if (meeting.joint_body_id) {
                KASANE_TRY(Exists(connection, kBodyExists, *meeting.joint_body_id, tenant_,
                                  "合同で開催する会議体が見つかりません", "joint_body_id"));
            }
            KASANE_TRY(Exists(connection, kUserExists, meeting.convenor_user_id, tenant_, "招集者が見つかりません",
                              "convenor_user_id"));
            KASANE_TRY(CheckMeetingChildren(connection, tenant_, meeting));
            KASANE_ASSIGN(inserted, connection.Execute(kInsertMeeting,
                                                       {tenant_, meeting.body_id, held_on, meeting.convenor_user_id,
                                                        meeting.minutes, created_at, IdOrNull(meeting.joint_body_id)}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_TRY(InsertMeetingChildren(connection, tenant_, domain::MeetingId{*id}, meeting));
            return ReadMeeting(connection, tenant_, domain::MeetingId{*id}, out);
        });
    }

    Result<Meeting> GetMeeting(MeetingId id) override {
        return ReadInto<Meeting>(
            [&](SqlConnection& connection, Meeting& out) { return ReadMeeting(connection, tenant_, id, out); });
    }

    Result<std::vector<Meeting>> ListMeetings(std::optional<MeetingBodyId> body_id) override {
        using List = std::vector<Meeting>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_ASSIGN(result, body_id ? connection.Execute(kListMeetingsOfBody, {tenant_, *body_id})
                                          : connection.Execute(kListMeetings, {tenant_}));
            return AppendMeetings(connection, tenant_, *result, out);
        });
    }

    Result<Meeting> UpdateMeeting(MeetingId id, int expected_version, const Meeting& meeting) override {
        return WriteInto<Meeting>([&](SqlConnection& connection, Meeting& out) -> Status {
            KASANE_TRY(Exists(connection, kMeetingExists, id, tenant_, "会議の記録が見つかりません", "meeting_id"));
            KASANE_TRY(CheckMeetingChildren(connection, tenant_, meeting));
            KASANE_ASSIGN(updated, connection.Execute(kUpdateMeeting,
                                                      {id, tenant_, meeting.minutes, std::int64_t{expected_version}}));
            if (updated->affected_rows == 0) return Fail(VersionConflict());
            KASANE_EXECUTE(connection, kDeleteAttendees, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteAgenda, id, tenant_);
            KASANE_EXECUTE(connection, kDeleteDecisions, id, tenant_);
            KASANE_TRY(InsertMeetingChildren(connection, tenant_, id, meeting));
            return ReadMeeting(connection, tenant_, id, out);
        });
    }

    Result<std::vector<Meeting>> OfPersons(const std::vector<PersonId>& person_ids) override {
        using List = std::vector<Meeting>;
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            std::set<MeetingId> seen;
            for (PersonId person_id : person_ids) {
                KASANE_ASSIGN(result, connection.Execute(kSelectMeetingsOfPerson, {tenant_, person_id}));
                for (const auto& values : result->rows) {
                    KASANE_ASSIGN(meeting, MeetingFromRow(SqlRow(values)));
                    if (!seen.insert(meeting->id).second) continue;
                    KASANE_TRY(ReadMeetingChildren(connection, tenant_, *meeting));
                    out.push_back(std::move(*meeting));
                }
            }
            SortMeetingsNewestFirst(out);
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::MeetingRepository> MakeMeetingRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlMeetingRepository>(executor, tenant);
}

const SqlStatement& MeetingsOfPersonStatementToReadAhead() { return kSelectMeetingsOfPerson; }

}  // namespace kasane::storage
