// SPDX-License-Identifier: Apache-2.0
// 支え愛連絡会: the body's 自治会, its meetings, attendees and concerns (domain::MutualAidLiaisonRepository).

#include <map>
#include <string>

#include "domain/mutual_aid_liaison_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::MutualAidLiaisonRepository> MakeMutualAidLiaisonRepository(SqlExecutor& executor,
                                                                                   MunicipalityId tenant);

namespace {

using domain::LiaisonBody;
using domain::LiaisonMeeting;
using domain::MeetingBodyId;
using sql_support::TenantRepository;

constexpr SqlStatement kTieBody{
    "liaison_tie_body",
    "INSERT INTO mutual_aid_liaison_bodies (municipality_id, body_id, neighborhood_area_id) VALUES ($1, $2, $3)"};
#define KASANE_LIAISON_BODY_COLUMNS                                                                      \
    "SELECT l.body_id, l.neighborhood_area_id, b.display_name, a.name FROM mutual_aid_liaison_bodies l " \
    "JOIN meeting_bodies b ON b.id = l.body_id AND b.municipality_id = l.municipality_id "               \
    "JOIN areas a ON a.id = l.neighborhood_area_id AND a.municipality_id = l.municipality_id "
constexpr SqlStatement kSelectBodies{
    "liaison_select_bodies", KASANE_LIAISON_BODY_COLUMNS "WHERE l.municipality_id = $1 ORDER BY a.name, l.body_id"};
constexpr SqlStatement kSelectBody{"liaison_select_body",
                                   KASANE_LIAISON_BODY_COLUMNS "WHERE l.municipality_id = $1 AND l.body_id = $2"};
#undef KASANE_LIAISON_BODY_COLUMNS
constexpr SqlStatement kInsertMeeting{
    "liaison_insert_meeting",
    "INSERT INTO liaison_meetings (municipality_id, body_id, neighborhood_area_id, held_on, notes, recorded_by, "
    "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr SqlStatement kInsertAttendee{
    "liaison_insert_attendee",
    "INSERT INTO liaison_attendees (municipality_id, meeting_id, position, user_id, name, role) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr SqlStatement kInsertConcern{
    "liaison_insert_concern",
    "INSERT INTO liaison_concerns (municipality_id, meeting_id, position, person_id, consent_id, text) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
#define KASANE_LIAISON_MEETING_COLUMNS \
    "SELECT id, body_id, neighborhood_area_id, held_on, notes, recorded_by, recorded_at FROM liaison_meetings "
constexpr SqlStatement kSelectMeeting{"liaison_select_meeting",
                                      KASANE_LIAISON_MEETING_COLUMNS "WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectMeetings{"liaison_select_meetings", KASANE_LIAISON_MEETING_COLUMNS
                                       "WHERE municipality_id = $1 AND body_id = $2 ORDER BY held_on DESC, id DESC"};
#undef KASANE_LIAISON_MEETING_COLUMNS
constexpr SqlStatement kSelectAttendees{
    "liaison_select_attendees",
    "SELECT t.meeting_id, t.user_id, t.name, t.role FROM liaison_attendees t "
    "JOIN liaison_meetings m ON m.id = t.meeting_id AND m.municipality_id = t.municipality_id "
    "WHERE t.municipality_id = $1 AND (m.id = $2 OR m.body_id = $3) ORDER BY t.meeting_id, t.position"};
constexpr SqlStatement kSelectConcerns{
    "liaison_select_concerns",
    "SELECT c.meeting_id, c.person_id, c.consent_id, c.text FROM liaison_concerns c "
    "JOIN liaison_meetings m ON m.id = c.meeting_id AND m.municipality_id = c.municipality_id "
    "WHERE c.municipality_id = $1 AND (m.id = $2 OR m.body_id = $3) ORDER BY c.meeting_id, c.position"};

Result<LiaisonBody> BodyOf(const SqlRow& row) {
    KASANE_ASSIGN(body_id, row.Integer(0));
    KASANE_ASSIGN(area_id, row.Integer(1));
    KASANE_ASSIGN(display_name, row.Text(2));
    KASANE_ASSIGN(area_name, row.Text(3));
    return LiaisonBody{.body_id = MeetingBodyId{*body_id},
                       .neighborhood_area_id = *area_id,
                       .display_name = *display_name,
                       .area_name = *area_name};
}

Result<LiaisonMeeting> MeetingOf(const SqlRow& row) {
    KASANE_ASSIGN(meeting_id, row.Integer(0));
    KASANE_ASSIGN(body_id, row.Integer(1));
    KASANE_ASSIGN(area_id, row.Integer(2));
    KASANE_ASSIGN(held_on, sql_support::RequiredDate(row, 3));
    KASANE_ASSIGN(notes, row.Text(4));
    KASANE_ASSIGN(recorded_by, row.Integer(5));
    KASANE_ASSIGN(recorded_at, row.Time(6));
    LiaisonMeeting meeting;
    meeting.id = domain::LiaisonMeetingId{*meeting_id};
    meeting.body_id = MeetingBodyId{*body_id};
    meeting.neighborhood_area_id = *area_id;
    meeting.held_on = *held_on;
    meeting.notes = *notes;
    meeting.recorded_by = UserId{*recorded_by};
    meeting.recorded_at = *recorded_at;
    return meeting;
}

class SqlMutualAidLiaisonRepository final : public domain::MutualAidLiaisonRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Status TieBody(MeetingBodyId body, AreaId neighborhood) override {
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto tied = connection.Execute(kTieBody, {tenant_, static_cast<std::int64_t>(body), neighborhood});
            if (!tied) {
                if (tied.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この自治会にはもう支え愛連絡会があります", "neighborhood_area_id"));
                }
                if (tied.error().Is(ErrorCode::kNotFound)) {
                    return Fail(
                        Error::InvalidArgument("会議体か自治会がこの市町村にありません", "neighborhood_area_id"));
                }
                return Fail(tied.error());
            }
            return {};
        });
    }

    Result<std::vector<LiaisonBody>> Bodies() override {
        using Bodies = std::vector<LiaisonBody>;
        return ReadInto<Bodies>([&](SqlConnection& connection, Bodies& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectBodies, {tenant_}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(body, BodyOf(SqlRow(values)));
                out.push_back(std::move(*body));
            }
            return {};
        });
    }

    Result<LiaisonBody> Body(MeetingBodyId body) override {
        return ReadInto<LiaisonBody>([&](SqlConnection& connection, LiaisonBody& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectBody, {tenant_, static_cast<std::int64_t>(body)}));
            if (result->Empty()) return Fail(Error::NotFound("支え愛連絡会が見つかりません"));
            KASANE_ASSIGN(found, BodyOf(SqlRow(result->rows.front())));
            out = std::move(*found);
            return {};
        });
    }

    Result<LiaisonMeeting> AddMeeting(const LiaisonMeeting& meeting) override {
        const std::string held_on = sql_support::DateText(meeting.held_on);
        const std::string recorded_at = FormatIso8601(meeting.recorded_at);
        return WriteInto<LiaisonMeeting>([&](SqlConnection& connection, LiaisonMeeting& out) -> Status {
            auto inserted = connection.Execute(
                kInsertMeeting, {tenant_, static_cast<std::int64_t>(meeting.body_id), meeting.neighborhood_area_id,
                                 std::string_view(held_on), std::string_view(meeting.notes),
                                 static_cast<std::int64_t>(meeting.recorded_by), std::string_view(recorded_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("支え愛連絡会がこの市町村にありません", "body_id"));
                }
                return Fail(inserted.error());
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            std::int64_t position = 0;
            for (const domain::LiaisonAttendee& attendee : meeting.attendees) {
                SqlParam user = std::monostate{};
                if (attendee.user_id) user = static_cast<std::int64_t>(*attendee.user_id);
                auto added = connection.Execute(kInsertAttendee,
                                                {tenant_, *new_id, position++, user, std::string_view(attendee.name),
                                                 std::string_view(attendee.role)});
                if (!added) {
                    if (added.error().Is(ErrorCode::kNotFound)) {
                        return Fail(Error::InvalidArgument("出席者の利用者がこの市町村にいません", "attendees"));
                    }
                    return Fail(added.error());
                }
            }
            position = 0;
            for (const domain::LiaisonConcern& concern : meeting.concerns) {
                SqlParam person = std::monostate{};
                SqlParam consent = std::monostate{};
                if (concern.person_id) person = static_cast<std::int64_t>(*concern.person_id);
                if (concern.consent_id) consent = static_cast<std::int64_t>(*concern.consent_id);
                auto added = connection.Execute(
                    kInsertConcern, {tenant_, *new_id, position++, person, consent, std::string_view(concern.text)});
                if (!added) {
                    if (added.error().Is(ErrorCode::kNotFound)) {
                        return Fail(Error::InvalidArgument("話し合った方か同意がこの市町村にありません", "concerns"));
                    }
                    return Fail(added.error());
                }
            }
            out = meeting;
            out.id = domain::LiaisonMeetingId{*new_id};
            for (domain::LiaisonConcern& concern : out.concerns) concern.person_name.clear();
            return {};
        });
    }

    Result<LiaisonMeeting> GetMeeting(domain::LiaisonMeetingId id) override {
        return ReadInto<LiaisonMeeting>([&](SqlConnection& connection, LiaisonMeeting& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectMeeting, {tenant_, static_cast<std::int64_t>(id)}));
            if (result->Empty()) return Fail(Error::NotFound("支え愛連絡会の記録が見つかりません"));
            KASANE_ASSIGN(meeting, MeetingOf(SqlRow(result->rows.front())));
            std::vector<LiaisonMeeting> one{std::move(*meeting)};
            if (auto filled = Fill(connection, one, static_cast<std::int64_t>(id), std::monostate{}); !filled) {
                return filled;
            }
            out = std::move(one.front());
            return {};
        });
    }

    Result<std::vector<LiaisonMeeting>> Meetings(MeetingBodyId body) override {
        using Meetings = std::vector<LiaisonMeeting>;
        return ReadInto<Meetings>([&](SqlConnection& connection, Meetings& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(kSelectMeetings, {tenant_, static_cast<std::int64_t>(body)}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(meeting, MeetingOf(SqlRow(values)));
                out.push_back(std::move(*meeting));
            }
            return Fill(connection, out, std::monostate{}, static_cast<std::int64_t>(body));
        });
    }

private:
    // The attendees and concerns of `meetings`: those of one meeting (`meeting`) or of one body's (`body`).
    Status Fill(SqlConnection& connection, std::vector<LiaisonMeeting>& meetings, const SqlParam& meeting,
                const SqlParam& body) {
        if (meetings.empty()) return {};
        std::map<std::int64_t, LiaisonMeeting*> by_id;
        for (LiaisonMeeting& one : meetings) by_id[static_cast<std::int64_t>(one.id)] = &one;
        KASANE_ASSIGN(attendees, connection.Execute(kSelectAttendees, {tenant_, meeting, body}));
        for (const auto& values : attendees->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(meeting_id, row.Integer(0));
            const auto found = by_id.find(*meeting_id);
            if (found == by_id.end()) continue;
            KASANE_ASSIGN(name, row.Text(2));
            KASANE_ASSIGN(role, row.Text(3));
            domain::LiaisonAttendee attendee{.user_id = std::nullopt, .name = *name, .role = *role};
            if (const auto user = row.OptionalInteger(1)) attendee.user_id = UserId(*user);
            found->second->attendees.push_back(std::move(attendee));
        }
        KASANE_ASSIGN(concerns, connection.Execute(kSelectConcerns, {tenant_, meeting, body}));
        for (const auto& values : concerns->rows) {
            const SqlRow row(values);
            KASANE_ASSIGN(meeting_id, row.Integer(0));
            const auto found = by_id.find(*meeting_id);
            if (found == by_id.end()) continue;
            KASANE_ASSIGN(text, row.Text(3));
            domain::LiaisonConcern concern;
            concern.text = *text;
            if (const auto person = row.OptionalInteger(1)) concern.person_id = domain::PersonId{*person};
            if (const auto consent = row.OptionalInteger(2)) concern.consent_id = domain::ConsentId{*consent};
            found->second->concerns.push_back(std::move(concern));
        }
        return {};
    }
};

}  // namespace

std::unique_ptr<domain::MutualAidLiaisonRepository> MakeMutualAidLiaisonRepository(SqlExecutor& executor,
                                                                                   MunicipalityId tenant) {
    return std::make_unique<SqlMutualAidLiaisonRepository>(executor, tenant);
}

}  // namespace kasane::storage
