// SPDX-License-Identifier: Apache-2.0
// 官民連携プラットフォーム and 協議会 (domain::PartnershipRepository): platforms, members, 分科会 with their members,
// meetings and notices.

#include <map>
#include <string>

#include "domain/partnership_platform_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::PartnershipRepository> MakePartnershipRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::PartnershipPlatform;
using domain::PlatformEntry;
using domain::PlatformMember;
using domain::PlatformSubgroup;
using sql_support::IdOrNull;
using sql_support::RequiredDate;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertPlatform{
    "platform_insert",
    "INSERT INTO partnership_platforms (municipality_id, kind, name, purpose, meeting_body_id, notice_number, "
    "notice_on, partner_town_name, partner_town_code, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"};
constexpr SqlStatement kUpdatePlatform{
    "platform_update",
    "UPDATE partnership_platforms SET kind = $3, name = $4, purpose = $5, meeting_body_id = $6, notice_number = $7, "
    "notice_on = $8, partner_town_name = $9, partner_town_code = $10 WHERE municipality_id = $1 AND id = $2"};
constexpr SqlStatement kSelectPlatforms{
    "platform_select",
    "SELECT id, kind, name, purpose, meeting_body_id, notice_number, notice_on, partner_town_name, partner_town_code, "
    "created_by, created_at FROM partnership_platforms WHERE municipality_id = $1 AND (id = $2 OR $2 IS NULL) "
    "ORDER BY id"};
constexpr SqlStatement kInsertMember{
    "platform_insert_member",
    "INSERT INTO platform_members (municipality_id, platform_id, organization_id, outside_name, outside_town, sector, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr SqlStatement kSelectMembers{
    "platform_select_members",
    "SELECT id, platform_id, organization_id, outside_name, outside_town, sector, created_by, created_at "
    "FROM platform_members WHERE municipality_id = $1 AND platform_id = $2 ORDER BY id"};
constexpr SqlStatement kInsertSubgroup{
    "platform_insert_subgroup",
    "INSERT INTO platform_subgroups (municipality_id, platform_id, name, theme, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr SqlStatement kInsertSubgroupMember{
    "platform_insert_subgroup_member",
    "INSERT INTO platform_subgroup_members (municipality_id, platform_id, subgroup_id, member_id) "
    "VALUES ($1, $2, $3, $4)"};
constexpr SqlStatement kSelectSubgroups{
    "platform_select_subgroups",
    "SELECT id, platform_id, name, theme, created_by, created_at FROM platform_subgroups "
    "WHERE municipality_id = $1 AND platform_id = $2 ORDER BY id"};
constexpr SqlStatement kSelectSubgroupMembers{
    "platform_select_subgroup_members",
    "SELECT subgroup_id, member_id FROM platform_subgroup_members WHERE municipality_id = $1 AND platform_id = $2 "
    "ORDER BY subgroup_id, member_id"};
constexpr SqlStatement kInsertEntry{
    "platform_insert_entry",
    "INSERT INTO platform_entries (municipality_id, platform_id, kind, dated, title, summary, subgroup_id, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"};
constexpr SqlStatement kSelectEntries{
    "platform_select_entries",
    "SELECT id, platform_id, kind, dated, title, summary, subgroup_id, created_by, created_at FROM platform_entries "
    "WHERE municipality_id = $1 AND platform_id = $2 ORDER BY dated DESC, id DESC"};

Error Internal(std::string_view what) {
    return Error::Internal("協議会・プラットフォームの記録が読めません: " + std::string(what));
}

// A reference to a record not of this municipality (a foreign key refused) as the field the caller named.
Error Reference(const Error& error, std::string_view field, std::string_view message) {
    if (error.Is(ErrorCode::kNotFound)) return Error::InvalidArgument(std::string(message), std::string(field));
    return error;
}

SqlParam Param(const std::string& text) { return std::string_view(text); }

Result<PartnershipPlatform> PlatformOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<PartnershipPlatformId>(0));
    KASANE_ASSIGN(kind_code, row.Text(1));
    KASANE_ASSIGN(name, row.Text(2));
    KASANE_ASSIGN(purpose, row.Text(3));
    KASANE_ASSIGN(notice_number, row.Text(5));
    KASANE_ASSIGN(notice_on, sql_support::OptionalDate(row, 6));
    KASANE_ASSIGN(partner_name, row.Text(7));
    KASANE_ASSIGN(partner_code, row.Text(8));
    KASANE_ASSIGN(created_by, row.Id<UserId>(9));
    KASANE_ASSIGN(created_at, row.Time(10));
    const auto kind = domain::ParsePlatformKind(*kind_code);
    if (!kind) return Fail(Internal("partnership_platform"));
    return PartnershipPlatform{.id = *id,
                               .kind = *kind,
                               .name = std::move(*name),
                               .purpose = std::move(*purpose),
                               .meeting_body_id = row.OptionalId<domain::MeetingBodyId>(4),
                               .notice_number = std::move(*notice_number),
                               .notice_on = *notice_on,
                               .partner_town_name = std::move(*partner_name),
                               .partner_town_code = std::move(*partner_code),
                               .created_by = *created_by,
                               .created_at = *created_at};
}

Result<PlatformMember> MemberOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<PlatformMemberId>(0));
    KASANE_ASSIGN(platform_id, row.Id<PartnershipPlatformId>(1));
    KASANE_ASSIGN(outside_name, row.Text(3));
    KASANE_ASSIGN(outside_town, row.Text(4));
    KASANE_ASSIGN(sector_code, row.Text(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(6));
    KASANE_ASSIGN(created_at, row.Time(7));
    const auto sector = domain::ParseSector(*sector_code);
    if (!sector) return Fail(Internal("platform_member"));
    return PlatformMember{.id = *id,
                          .platform_id = *platform_id,
                          .organization_id = row.OptionalId<OrganizationId>(2),
                          .outside_name = std::move(*outside_name),
                          .outside_town = std::move(*outside_town),
                          .sector = *sector,
                          .created_by = *created_by,
                          .created_at = *created_at};
}

Result<PlatformSubgroup> SubgroupOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<PlatformSubgroupId>(0));
    KASANE_ASSIGN(platform_id, row.Id<PartnershipPlatformId>(1));
    KASANE_ASSIGN(name, row.Text(2));
    KASANE_ASSIGN(theme, row.Text(3));
    KASANE_ASSIGN(created_by, row.Id<UserId>(4));
    KASANE_ASSIGN(created_at, row.Time(5));
    return PlatformSubgroup{.id = *id,
                            .platform_id = *platform_id,
                            .name = std::move(*name),
                            .theme = std::move(*theme),
                            .members = {},
                            .created_by = *created_by,
                            .created_at = *created_at};
}

Result<PlatformEntry> EntryOf(const SqlRow& row) {
    KASANE_ASSIGN(id, row.Id<PlatformEntryId>(0));
    KASANE_ASSIGN(platform_id, row.Id<PartnershipPlatformId>(1));
    KASANE_ASSIGN(kind_code, row.Text(2));
    KASANE_ASSIGN(dated, RequiredDate(row, 3));
    KASANE_ASSIGN(title, row.Text(4));
    KASANE_ASSIGN(summary, row.Text(5));
    KASANE_ASSIGN(created_by, row.Id<UserId>(7));
    KASANE_ASSIGN(created_at, row.Time(8));
    const auto kind = domain::ParseEntryKind(*kind_code);
    if (!kind) return Fail(Internal("platform_entry"));
    return PlatformEntry{.id = *id,
                         .platform_id = *platform_id,
                         .kind = *kind,
                         .dated = *dated,
                         .title = std::move(*title),
                         .summary = std::move(*summary),
                         .subgroup_id = row.OptionalId<PlatformSubgroupId>(6),
                         .created_by = *created_by,
                         .created_at = *created_at};
}

class SqlPartnershipRepository final : public domain::PartnershipRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<PartnershipPlatform> SavePlatform(const PartnershipPlatform& platform) override {
        const std::string created_at = FormatIso8601(platform.created_at);
        const std::string kind(domain::PlatformKindCode(platform.kind));
        const std::string notice_on = platform.notice_on ? sql_support::DateText(*platform.notice_on) : "";
        SqlParam notice = std::monostate{};
        if (platform.notice_on) notice = std::string_view(notice_on);
        SqlParam body = std::monostate{};
        if (platform.meeting_body_id) body = platform.meeting_body_id->value();
        return WriteInto<PartnershipPlatform>([&](SqlConnection& connection, PartnershipPlatform& out) -> Status {
            out = platform;
            if (platform.id.value() == 0) {
                auto inserted = connection.Execute(
                    kInsertPlatform,
                    {tenant_, Param(kind), Param(platform.name), Param(platform.purpose), body,
                     Param(platform.notice_number), notice, Param(platform.partner_town_name),
                     Param(platform.partner_town_code), platform.created_by.value(), Param(created_at)});
                if (!inserted) return Fail(Reference(inserted.error(), "meeting_body_id", "会議体が見つかりません"));
                KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
                out.id = PartnershipPlatformId{*new_id};
                return {};
            }
            auto updated = connection.Execute(kUpdatePlatform,
                                              {tenant_, platform.id.value(), Param(kind), Param(platform.name),
                                               Param(platform.purpose), body, Param(platform.notice_number), notice,
                                               Param(platform.partner_town_name), Param(platform.partner_town_code)});
            if (!updated) return Fail(Reference(updated.error(), "meeting_body_id", "会議体が見つかりません"));
            if (updated->affected_rows == 0) return Fail(Error::NotFound("協議会・プラットフォームが見つかりません"));
            return {};
        });
    }

    Result<PartnershipPlatform> GetPlatform(PartnershipPlatformId id) override {
        KASANE_ASSIGN(found, SelectRows<PartnershipPlatform>(kSelectPlatforms, {tenant_, id.value()}, PlatformOf));
        if (found->empty()) return Fail(Error::NotFound("協議会・プラットフォームが見つかりません"));
        return std::move(found->front());
    }

    Result<std::vector<PartnershipPlatform>> Platforms() override {
        return SelectRows<PartnershipPlatform>(kSelectPlatforms, {tenant_, std::monostate{}}, PlatformOf);
    }

    Result<PlatformMember> AddMember(const PlatformMember& member) override {
        const std::string created_at = FormatIso8601(member.created_at);
        const std::string sector(domain::SectorCode(member.sector));
        SqlParam organization = std::monostate{};
        if (member.organization_id) organization = member.organization_id->value();
        return WriteInto<PlatformMember>([&](SqlConnection& connection, PlatformMember& out) -> Status {
            out = member;
            auto inserted =
                connection.Execute(kInsertMember, {tenant_, member.platform_id.value(), organization,
                                                   Param(member.outside_name), Param(member.outside_town),
                                                   Param(sector), member.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "organization_id", "機関が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = PlatformMemberId{*new_id};
            return {};
        });
    }

    Result<std::vector<PlatformMember>> Members(PartnershipPlatformId platform_id) override {
        return SelectRows<PlatformMember>(kSelectMembers, {tenant_, platform_id.value()}, MemberOf);
    }

    Result<PlatformSubgroup> AddSubgroup(const PlatformSubgroup& subgroup) override {
        const std::string created_at = FormatIso8601(subgroup.created_at);
        return WriteInto<PlatformSubgroup>([&](SqlConnection& connection, PlatformSubgroup& out) -> Status {
            out = subgroup;
            auto inserted = connection.Execute(
                kInsertSubgroup, {tenant_, subgroup.platform_id.value(), Param(subgroup.name), Param(subgroup.theme),
                                  subgroup.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "platform_id", "協議会が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = PlatformSubgroupId{*new_id};
            for (const PlatformMemberId member : subgroup.members) {
                auto added = connection.Execute(kInsertSubgroupMember,
                                                {tenant_, subgroup.platform_id.value(), *new_id, member.value()});
                if (!added) {
                    return Fail(
                        Reference(added.error(), "members", "分科会の構成員はこの協議会の構成員から選んでください"));
                }
            }
            return {};
        });
    }

    Result<std::vector<PlatformSubgroup>> Subgroups(PartnershipPlatformId platform_id) override {
        using Rows = std::vector<PlatformSubgroup>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(groups, connection.Execute(kSelectSubgroups, {tenant_, platform_id.value()}));
            KASANE_ASSIGN(links, connection.Execute(kSelectSubgroupMembers, {tenant_, platform_id.value()}));
            std::map<std::int64_t, std::vector<PlatformMemberId>> members;
            for (const auto& values : links->rows) {
                const SqlRow row(values);
                KASANE_ASSIGN(subgroup, row.Integer(0));
                KASANE_ASSIGN(member, row.Id<PlatformMemberId>(1));
                members[*subgroup].push_back(*member);
            }
            for (const auto& values : groups->rows) {
                KASANE_ASSIGN(subgroup, SubgroupOf(SqlRow(values)));
                subgroup->members = members[subgroup->id.value()];
                out.push_back(std::move(*subgroup));
            }
            return {};
        });
    }

    Result<PlatformEntry> AddEntry(const PlatformEntry& entry) override {
        const std::string created_at = FormatIso8601(entry.created_at);
        const std::string dated = sql_support::DateText(entry.dated);
        const std::string kind(domain::EntryKindCode(entry.kind));
        SqlParam subgroup = std::monostate{};
        if (entry.subgroup_id) subgroup = entry.subgroup_id->value();
        return WriteInto<PlatformEntry>([&](SqlConnection& connection, PlatformEntry& out) -> Status {
            out = entry;
            auto inserted = connection.Execute(
                kInsertEntry, {tenant_, entry.platform_id.value(), Param(kind), Param(dated), Param(entry.title),
                               Param(entry.summary), subgroup, entry.created_by.value(), Param(created_at)});
            if (!inserted) return Fail(Reference(inserted.error(), "subgroup_id", "分科会が見つかりません"));
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Integer(0));
            out.id = PlatformEntryId{*new_id};
            return {};
        });
    }

    Result<std::vector<PlatformEntry>> Entries(PartnershipPlatformId platform_id) override {
        return SelectRows<PlatformEntry>(kSelectEntries, {tenant_, platform_id.value()}, EntryOf);
    }
};

}  // namespace

std::unique_ptr<domain::PartnershipRepository> MakePartnershipRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlPartnershipRepository>(executor, tenant);
}

}  // namespace kasane::storage
