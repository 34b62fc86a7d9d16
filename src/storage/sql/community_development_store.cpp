// SPDX-License-Identifier: Apache-2.0
// 地域づくり and the 地域課題 register (domain::CommunityRepository): places, sessions, workshops, issues, their
// actions and linked consultations.

#include <string>

#include "domain/community_development_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::CommunityRepository> MakeCommunityRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::CommunityAction;
using domain::CommunityIssue;
using domain::CommunityPlace;
using domain::CommunitySession;
using domain::CommunityWorkshop;
using domain::IssueConsultationLink;
using sql_support::IdOrNull;
using sql_support::RequiredDate;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertPlace{
    "community_insert_place",
    "INSERT INTO community_places (municipality_id, name, kind, project, area_id, resource_service_id, note, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
constexpr SqlStatement kUpdatePlace{
    "community_update_place",
    "UPDATE community_places SET name = $3, kind = $4, project = $5, area_id = $6, resource_service_id = $7, "
    "note = $8 WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectPlaces{
    "community_select_places",
    "SELECT id, name, kind, project, area_id, resource_service_id, note, created_by, created_at FROM community_places "
    "WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY id"};
constexpr SqlStatement kInsertSession{
    "community_insert_session",
    "INSERT INTO community_sessions (municipality_id, place_id, held_on, participants, first_time, organizations, "
    "male, female, other_sex, age_under_20, age_20_64, age_65_74, age_75_over, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id"};
constexpr SqlStatement kSelectSessions{
    "community_select_sessions",
    "SELECT id, place_id, held_on, participants, first_time, organizations, male, female, other_sex, age_under_20, "
    "age_20_64, age_65_74, age_75_over, created_by, created_at FROM community_sessions "
    "WHERE municipality_id = $1 AND (place_id = $2 OR $2 IS NULL) ORDER BY held_on, id"};
constexpr SqlStatement kInsertWorkshop{
    "community_insert_workshop",
    "INSERT INTO community_workshops (municipality_id, area_id, held_on, title, strengths, problems, actions, "
    "participants, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"};
constexpr SqlStatement kSelectWorkshops{
    "community_select_workshops",
    "SELECT id, area_id, held_on, title, strengths, problems, actions, participants, created_by, created_at "
    "FROM community_workshops WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY held_on DESC, id DESC"};
constexpr SqlStatement kInsertIssue{
    "community_insert_issue",
    "INSERT INTO community_issues (municipality_id, area_id, kind, title, description, workshop_id, status, "
    "raised_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"};
constexpr SqlStatement kSelectIssues{
    "community_select_issues",
    "SELECT id, area_id, kind, title, description, workshop_id, status, raised_on, created_by, created_at "
    "FROM community_issues WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) ORDER BY raised_on DESC, id DESC"};
constexpr SqlStatement kSetIssueStatus{
    "community_set_issue_status", "UPDATE community_issues SET status = $3 WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kInsertAction{
    "community_insert_action",
    "INSERT INTO community_actions (municipality_id, issue_id, taken_on, description, place_id, effect, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr SqlStatement kSelectActions{
    "community_select_actions",
    "SELECT id, issue_id, taken_on, description, place_id, effect, created_by, created_at FROM community_actions "
    "WHERE municipality_id = $1 AND (issue_id = $2 OR $2 IS NULL) ORDER BY taken_on, id"};
constexpr SqlStatement kInsertLink{
    "community_insert_link",
    "INSERT INTO community_issue_consultations (municipality_id, issue_id, consultation_id, linked_by, linked_at) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kSelectLinks{
    "community_select_links",
    "SELECT issue_id, consultation_id, linked_by, linked_at FROM community_issue_consultations "
    "WHERE municipality_id = $1 AND (issue_id = $2 OR $2 IS NULL) ORDER BY issue_id, consultation_id"};

constexpr SqlStatement kInsertResourceLink{
    "community_insert_resource_link",
    "INSERT INTO community_issue_missing_resources (municipality_id, issue_id, missing_resource_id, linked_by, "
    "linked_at) VALUES ($1, $2, $3, $4, $5)"};
constexpr SqlStatement kSelectResourceLinks{
    "community_select_resource_links",
    "SELECT issue_id, missing_resource_id, linked_by, linked_at FROM community_issue_missing_resources "
    "WHERE municipality_id = $1 AND (issue_id = $2 OR $2 IS NULL) ORDER BY issue_id, missing_resource_id"};

Error Internal(std::string_view what) { return Error::Internal("地域づくりの記録が読めません: " + std::string(what)); }

Result<CommunityPlace> PlaceOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<CommunityPlaceId>(0));
    KASANE_ASSIGN(name, row.Text(1));
    KASANE_ASSIGN(kind_code, row.Text(2));
    KASANE_ASSIGN(project_code, row.Text(3));
    KASANE_ASSIGN(note, row.Text(6));
    KASANE_ASSIGN(created_by, row.Id<UserId>(7));
    KASANE_ASSIGN(created_at, row.Time(8));
    const auto kind = domain::ParsePlaceKind(*kind_code);
    const auto project = domain::ParseCommunityProject(*project_code);
    if (!kind || !project) return Fail(Internal("community_place"));
    return CommunityPlace{.id = *id,
                          .name = std::move(*name),
                          .kind = *kind,
                          .project = *project,
                          .area_id = row.OptionalInteger(4),
                          .resource_service = row.OptionalId<ResourceServiceId>(5),
                          .note = std::move(*note),
                          .created_by = *created_by,
                          .created_at = *created_at};
}

template <std::size_t N>
std::optional<std::array<long long, N>> CellsOf(const SqlRow& row, std::size_t first) {
    if (!row.OptionalInteger(first)) return std::nullopt;
    std::array<long long, N> cells{};
    for (std::size_t i = 0; i < N; ++i) cells[i] = row.OptionalInteger(first + i).value_or(0);
    return cells;
}

Result<CommunitySession> SessionOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<CommunitySessionId>(0));
    KASANE_ASSIGN(place_id, row.Id<CommunityPlaceId>(1));
    KASANE_ASSIGN(held_on, RequiredDate(row, 2));
    KASANE_ASSIGN(participants, row.Integer(3));
    KASANE_ASSIGN(first_time, row.Integer(4));
    KASANE_ASSIGN(organizations, row.Integer(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(13));
    KASANE_ASSIGN(created_at, row.Time(14));
    return CommunitySession{.id = *id,
                            .place_id = *place_id,
                            .held_on = *held_on,
                            .participants = *participants,
                            .first_time = *first_time,
                            .by_sex = CellsOf<domain::kSexCount>(row, 6),
                            .by_age = CellsOf<domain::kAgeBandCount>(row, 9),
                            .organizations = *organizations,
                            .created_by = *created_by,
                            .created_at = *created_at};
}

Result<CommunityWorkshop> WorkshopOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<CommunityWorkshopId>(0));
    KASANE_ASSIGN(area_id, row.Integer(1));
    KASANE_ASSIGN(held_on, RequiredDate(row, 2));
    KASANE_ASSIGN(title, row.Text(3));
    KASANE_ASSIGN(strengths, row.Text(4));
    KASANE_ASSIGN(problems, row.Text(5));
    KASANE_ASSIGN(actions, row.Text(6));
    KASANE_ASSIGN(participants, row.Integer(7));
    KASANE_ASSIGN(created_by, row.Id<UserId>(8));
    KASANE_ASSIGN(created_at, row.Time(9));
    return CommunityWorkshop{.id = *id,
                             .area_id = *area_id,
                             .held_on = *held_on,
                             .title = std::move(*title),
                             .strengths = std::move(*strengths),
                             .problems = std::move(*problems),
                             .actions = std::move(*actions),
                             .participants = *participants,
                             .created_by = *created_by,
                             .created_at = *created_at};
}

Result<CommunityIssue> IssueOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<CommunityIssueId>(0));
    KASANE_ASSIGN(area_id, row.Integer(1));
    KASANE_ASSIGN(kind_code, row.Text(2));
    KASANE_ASSIGN(title, row.Text(3));
    KASANE_ASSIGN(description, row.Text(4));
    KASANE_ASSIGN(status_code, row.Text(6));
    KASANE_ASSIGN(raised_on, RequiredDate(row, 7));
    KASANE_ASSIGN(created_by, row.Id<UserId>(8));
    KASANE_ASSIGN(created_at, row.Time(9));
    const auto kind = domain::ParseIssueKind(*kind_code);
    if (!kind) return Fail(Internal("community_issue"));
    return CommunityIssue{
        .id = *id,
        .area_id = *area_id,
        .kind = *kind,
        .title = std::move(*title),
        .description = std::move(*description),
        .workshop_id = row.OptionalId<CommunityWorkshopId>(5),
        .status = *status_code == "closed" ? domain::IssueStatus::kClosed : domain::IssueStatus::kOpen,
        .raised_on = *raised_on,
        .created_by = *created_by,
        .created_at = *created_at};
}

Result<CommunityAction> ActionOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<CommunityActionId>(0));
    KASANE_ASSIGN(issue_id, row.Id<CommunityIssueId>(1));
    KASANE_ASSIGN(taken_on, RequiredDate(row, 2));
    KASANE_ASSIGN(description, row.Text(3));
    KASANE_ASSIGN(effect_code, row.Text(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(6));
    KASANE_ASSIGN(created_at, row.Time(7));
    const auto effect = domain::ParseActionEffect(*effect_code);
    if (!effect) return Fail(Internal("community_action"));
    return CommunityAction{.id = *id,
                           .issue_id = *issue_id,
                           .taken_on = *taken_on,
                           .description = std::move(*description),
                           .place_id = row.OptionalId<CommunityPlaceId>(4),
                           .effect = *effect,
                           .created_by = *created_by,
                           .created_at = *created_at};
}

Result<IssueConsultationLink> LinkOf(const SqlRow& row) {
    KASANE_ASSIGN(issue_id, row.Id<CommunityIssueId>(0));
    KASANE_ASSIGN(consultation_id, row.Id<domain::ConsultationId>(1));
    KASANE_ASSIGN(linked_by, row.Id<UserId>(2));
    KASANE_ASSIGN(linked_at, row.Time(3));
    return IssueConsultationLink{
        .issue_id = *issue_id, .consultation_id = *consultation_id, .linked_by = *linked_by, .linked_at = *linked_at};
}

Result<domain::IssueMissingResourceLink> ResourceLinkOf(const SqlRow& row) {
    KASANE_ASSIGN(issue_id, row.Id<CommunityIssueId>(0));
    KASANE_ASSIGN(resource_id, row.Integer(1));
    KASANE_ASSIGN(linked_by, row.Id<UserId>(2));
    KASANE_ASSIGN(linked_at, row.Time(3));
    return domain::IssueMissingResourceLink{
        .issue_id = *issue_id, .missing_resource_id = *resource_id, .linked_by = *linked_by, .linked_at = *linked_at};
}

// A reference to a record not of this municipality (a foreign key refused) as the field the caller named.
Error Reference(const Error& error, std::string_view field, std::string_view message) {
    if (error.Is(ErrorCode::kNotFound)) return Error::InvalidArgument(std::string(message), std::string(field));
    return error;
}

SqlParam Param(const std::string& text) { return std::string_view(text); }

class SqlCommunityRepository final : public domain::CommunityRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<CommunityPlace> SavePlace(const CommunityPlace& place) override {
        const std::string created_at = FormatIso8601(place.created_at);
        const std::string kind(domain::PlaceKindCode(place.kind));
        const std::string project(domain::CommunityProjectCode(place.project));
        SqlParam service = std::monostate{};
        if (place.resource_service) service = place.resource_service->value();
        return WriteInto<CommunityPlace>([&](SqlConnection& connection, CommunityPlace& out) -> Status {
            out = place;
            if (place.id.value() == 0) {
                auto inserted = connection.Execute(
                    kInsertPlace, {tenant_, Param(place.name), Param(kind), Param(project), IdOrNull(place.area_id),
                                   service, Param(place.note), place.created_by.value(), Param(created_at)});
                if (!inserted)
                    return Fail(Reference(inserted.error(), "area_id", "地区または資源台帳の項目が見つかりません"));
                KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
                out.id = CommunityPlaceId{*new_id};
                return {};
            }
            auto updated =
                connection.Execute(kUpdatePlace, {tenant_, place.id.value(), Param(place.name), Param(kind),
                                                  Param(project), IdOrNull(place.area_id), service, Param(place.note)});
            if (!updated)
                return Fail(Reference(updated.error(), "area_id", "地区または資源台帳の項目が見つかりません"));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("拠点が見つかりません"));
            return {};
        });
    }

    Result<CommunityPlace> GetPlace(CommunityPlaceId id) override {
        KASANE_ASSIGN(found, SelectPlaces(id.value()));
        if (found->empty()) return Fail(Error::NotFound("拠点が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<CommunityPlace>> Places() override { return SelectPlaces(std::nullopt); }

    Result<CommunitySession> AddSession(const CommunitySession& session) override {
        const std::string held_on = sql_support::DateText(session.held_on);
        const std::string created_at = FormatIso8601(session.created_at);
        std::array<SqlParam, domain::kSexCount> sex{};
        std::array<SqlParam, domain::kAgeBandCount> age{};
        for (std::size_t i = 0; i < domain::kSexCount; ++i) {
            if (session.by_sex) sex[i] = std::int64_t{(*session.by_sex)[i]};
        }
        for (std::size_t i = 0; i < domain::kAgeBandCount; ++i) {
            if (session.by_age) age[i] = std::int64_t{(*session.by_age)[i]};
        }
        return WriteInto<CommunitySession>([&](SqlConnection& connection, CommunitySession& out) -> Status {
            out = session;
            auto inserted = connection.Execute(
                kInsertSession,
                {tenant_, session.place_id.value(), Param(held_on), std::int64_t{session.participants},
                 std::int64_t{session.first_time}, std::int64_t{session.organizations}, sex[0], sex[1], sex[2], age[0],
                 age[1], age[2], age[3], session.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "place_id", "拠点が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = CommunitySessionId{*new_id};
            return {};
        });
    }

    Result<std::vector<CommunitySession>> Sessions(std::optional<CommunityPlaceId> place_id) override {
        std::optional<std::int64_t> id;
        if (place_id) id = place_id->value();
        return SelectRows<CommunitySession>(kSelectSessions, {tenant_, IdOrNull(id)}, SessionOf);
    }

    Result<CommunityWorkshop> AddWorkshop(const CommunityWorkshop& workshop) override {
        const std::string held_on = sql_support::DateText(workshop.held_on);
        const std::string created_at = FormatIso8601(workshop.created_at);
        return WriteInto<CommunityWorkshop>([&](SqlConnection& connection, CommunityWorkshop& out) -> Status {
            out = workshop;
            auto inserted = connection.Execute(
                kInsertWorkshop, {tenant_, std::int64_t{workshop.area_id}, Param(held_on), Param(workshop.title),
                                  Param(workshop.strengths), Param(workshop.problems), Param(workshop.actions),
                                  std::int64_t{workshop.participants}, workshop.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "area_id", "地区が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = CommunityWorkshopId{*new_id};
            return {};
        });
    }

    Result<CommunityWorkshop> GetWorkshop(CommunityWorkshopId id) override {
        KASANE_ASSIGN(found, SelectRows<CommunityWorkshop>(kSelectWorkshops, {tenant_, id.value()}, WorkshopOf));
        if (found->empty()) return Fail(Error::NotFound("ワークショップが見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<CommunityWorkshop>> Workshops() override {
        return SelectRows<CommunityWorkshop>(kSelectWorkshops, {tenant_, std::monostate{}}, WorkshopOf);
    }

    Result<CommunityIssue> AddIssue(const CommunityIssue& issue) override {
        const std::string raised_on = sql_support::DateText(issue.raised_on);
        const std::string created_at = FormatIso8601(issue.created_at);
        const std::string kind(domain::IssueKindCode(issue.kind));
        const std::string status(domain::IssueStatusCode(issue.status));
        SqlParam workshop = std::monostate{};
        if (issue.workshop_id) workshop = issue.workshop_id->value();
        return WriteInto<CommunityIssue>([&](SqlConnection& connection, CommunityIssue& out) -> Status {
            out = issue;
            auto inserted =
                connection.Execute(kInsertIssue, {tenant_, std::int64_t{issue.area_id}, Param(kind), Param(issue.title),
                                                  Param(issue.description), workshop, Param(status), Param(raised_on),
                                                  issue.created_by.value(), Param(created_at)});
            if (!inserted) {
                return Fail(Reference(inserted.error(), "area_id", "地区またはワークショップが見つかりません"));
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = CommunityIssueId{*new_id};
            return {};
        });
    }

    Result<CommunityIssue> GetIssue(CommunityIssueId id) override {
        KASANE_ASSIGN(found, SelectRows<CommunityIssue>(kSelectIssues, {tenant_, id.value()}, IssueOf));
        if (found->empty()) return Fail(Error::NotFound("地域課題が見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<CommunityIssue>> Issues() override {
        return SelectRows<CommunityIssue>(kSelectIssues, {tenant_, std::monostate{}}, IssueOf);
    }

    Status SetIssueStatus(CommunityIssueId id, domain::IssueStatus status) override {
        const std::string code(domain::IssueStatusCode(status));
        return executor_.Write([&](SqlConnection& connection) -> Status {
            KASANE_ASSIGN(updated, connection.Execute(kSetIssueStatus, {tenant_, id.value(), Param(code)}));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("地域課題が見つかりません"));
            return {};
        });
    }

    Result<CommunityAction> AddAction(const CommunityAction& action) override {
        const std::string taken_on = sql_support::DateText(action.taken_on);
        const std::string created_at = FormatIso8601(action.created_at);
        const std::string effect(domain::ActionEffectCode(action.effect));
        SqlParam place = std::monostate{};
        if (action.place_id) place = action.place_id->value();
        return WriteInto<CommunityAction>([&](SqlConnection& connection, CommunityAction& out) -> Status {
            out = action;
            auto inserted = connection.Execute(
                kInsertAction, {tenant_, action.issue_id.value(), Param(taken_on), Param(action.description), place,
                                Param(effect), action.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "place_id", "拠点が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = CommunityActionId{*new_id};
            return {};
        });
    }

    Result<std::vector<CommunityAction>> Actions(std::optional<CommunityIssueId> issue_id) override {
        std::optional<std::int64_t> id;
        if (issue_id) id = issue_id->value();
        return SelectRows<CommunityAction>(kSelectActions, {tenant_, IdOrNull(id)}, ActionOf);
    }

    Status LinkConsultation(const IssueConsultationLink& link) override {
        const std::string linked_at = FormatIso8601(link.linked_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto inserted =
                connection.Execute(kInsertLink, {tenant_, link.issue_id.value(), link.consultation_id.value(),
                                                 link.linked_by.value(), Param(linked_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("この相談はもうこの課題につながっています", "consultation_id"));
                }
                return Fail(Reference(inserted.error(), "consultation_id", "相談が見つかりません"));
            }
            return {};
        });
    }

    Result<std::vector<IssueConsultationLink>> Links(std::optional<CommunityIssueId> issue_id) override {
        std::optional<std::int64_t> id;
        if (issue_id) id = issue_id->value();
        return SelectRows<IssueConsultationLink>(kSelectLinks, {tenant_, IdOrNull(id)}, LinkOf);
    }

    Status LinkMissingResource(const domain::IssueMissingResourceLink& link) override {
        const std::string linked_at = FormatIso8601(link.linked_at);
        return executor_.Write([&](SqlConnection& connection) -> Status {
            auto inserted = connection.Execute(
                kInsertResourceLink,
                {tenant_, link.issue_id.value(), link.missing_resource_id, link.linked_by.value(), Param(linked_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kConflict)) {
                    return Fail(
                        Error::Conflict("この不足する社会資源はもうこの課題につながっています", "missing_resource_id"));
                }
                return Fail(Reference(inserted.error(), "missing_resource_id", "不足する社会資源が見つかりません"));
            }
            return {};
        });
    }

    Result<std::vector<domain::IssueMissingResourceLink>> MissingResourceLinks(
        std::optional<CommunityIssueId> issue_id) override {
        std::optional<std::int64_t> id;
        if (issue_id) id = issue_id->value();
        return SelectRows<domain::IssueMissingResourceLink>(kSelectResourceLinks, {tenant_, IdOrNull(id)},
                                                            ResourceLinkOf);
    }

private:
    Result<std::vector<CommunityPlace>> SelectPlaces(std::optional<std::int64_t> id) {
        return SelectRows<CommunityPlace>(kSelectPlaces, {tenant_, IdOrNull(id)}, PlaceOf);
    }
};

}  // namespace

std::unique_ptr<domain::CommunityRepository> MakeCommunityRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlCommunityRepository>(executor, tenant);
}

}  // namespace kasane::storage
