// SPDX-License-Identifier: Apache-2.0
#pragma once

// 官民連携プラットフォーム and 協議会 (issue 16, item 6): a platform or council of the town with its members from
// every sector, its 分科会, its meetings and notices (お知らせ), the 公示 that set it up (date and number, 「北栄町
// 告示第12号」), and its 共同設置 with a neighbouring town.
//
// Where the council is a statutory meeting body too (the 孤独・孤立対策地域協議会 of town set-up, sharing.hpp), the
// record links to that body: the body keeps its secrecy regime, its pledges and its meetings about persons; this
// record keeps the council's membership and public side, and holds no personal data (members are organisations,
// meetings are a date and an agenda summary).
//
// A 共同設置 is recorded in the town that runs the secretariat. The partner town is named by its name and its
// 全国地方公共団体コード, and the partner's organisations are members named as text with their town: no record is
// shared across tenants, no other tenant's id is stored.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/auth.hpp"
#include "domain/master_data.hpp"
#include "domain/sharing.hpp"

namespace kasane {
// The platform's typed ids.
using PartnershipPlatformId = Id<struct PartnershipPlatformTag>;
using PlatformMemberId = Id<struct PlatformMemberTag>;
using PlatformSubgroupId = Id<struct PlatformSubgroupTag>;
using PlatformEntryId = Id<struct PlatformEntryTag>;
}  // namespace kasane

namespace kasane::domain {

enum class PlatformKind {
    kPublicPrivatePlatform,  // 官民連携プラットフォーム (孤独・孤立対策 重点計画: 地方版官民連携プラットフォーム)
    kIsolationCouncil,       // 孤独・孤立対策推進法 第15条 孤独・孤立対策地域協議会
    kOtherCouncil,           // その他の協議会 (協議体, 連絡会 …)
};
inline constexpr PlatformKind kAllPlatformKinds[] = {PlatformKind::kPublicPrivatePlatform,
                                                     PlatformKind::kIsolationCouncil, PlatformKind::kOtherCouncil};
std::string_view PlatformKindCode(
    PlatformKind kind);  // "public_private_platform", "isolation_council", "other_council"
std::string_view PlatformKindLabel(PlatformKind kind);
std::optional<PlatformKind> ParsePlatformKind(std::string_view code);

// The sector of a member organisation.
enum class Sector {
    kGovernment,                // 行政
    kSocialWelfareCouncil,      // 社会福祉協議会
    kSocialWelfareCorporation,  // 社会福祉法人
    kNpo,                       // NPO・ボランティア団体
    kBusiness,                  // 企業
    kNeighborhoodAssociation,   // 自治会・町内会
    kMedical,                   // 医療
    kEducation,                 // 教育
    kOther,                     // その他
};
inline constexpr Sector kAllSectors[] = {Sector::kGovernment,
                                         Sector::kSocialWelfareCouncil,
                                         Sector::kSocialWelfareCorporation,
                                         Sector::kNpo,
                                         Sector::kBusiness,
                                         Sector::kNeighborhoodAssociation,
                                         Sector::kMedical,
                                         Sector::kEducation,
                                         Sector::kOther};
std::string_view SectorCode(Sector sector);  // "government", "social_welfare_council", …
std::string_view SectorLabel(Sector sector);
std::optional<Sector> ParseSector(std::string_view code);

struct PartnershipPlatform {
    PartnershipPlatformId id{};
    PlatformKind kind = PlatformKind::kPublicPrivatePlatform;
    std::string name;
    std::string purpose;
    std::optional<MeetingBodyId> meeting_body_id;  // the statutory body it is, when it is one (孤独・孤立 協議会)
    // The 公示 that set it up: its number as published (「北栄町告示第12号」) and its date; both or neither.
    std::string notice_number;
    std::optional<Date> notice_on;
    // 共同設置: the partner town's name and 全国地方公共団体コード; both or neither.
    std::string partner_town_name;
    std::string partner_town_code;
    UserId created_by{};
    Instant created_at{};
};
// The platform's own rules: a name, the 公示's number (ending 「第…号」) with its date, and the partner town's name
// with a valid municipality's code (ValidateLocalGovernmentCode, not a prefecture's), not `own_town_code`; a meeting
// body linked only for a 協議会. kInvalidArgument naming the field, in Japanese.
Status ValidatePlatform(const PartnershipPlatform& platform, std::string_view own_town_code);
// Whether a platform of `kind` may be linked to a body of `basis`: a 孤独・孤立対策地域協議会 only to a body of
// LegalBasis::kIsolationCouncil; another council to any body; a platform to none.
bool MayLinkBody(PlatformKind kind, LegalBasis basis);

// A member: an organisation of the town, or an outside organisation named as text with its town (the partner town's
// organisations of a 共同設置, a company of the region).
struct PlatformMember {
    PlatformMemberId id{};
    PartnershipPlatformId platform_id{};
    std::optional<OrganizationId> organization_id;
    std::string outside_name;
    std::string outside_town;
    Sector sector = Sector::kOther;
    UserId created_by{};
    Instant created_at{};
};
// Exactly one of the town's organisation or an outside name, an outside one with its town.
Status ValidateMember(const PlatformMember& member);

// A 分科会 with the members taking part in it (members of the platform).
struct PlatformSubgroup {
    PlatformSubgroupId id{};
    PartnershipPlatformId platform_id{};
    std::string name;
    std::string theme;
    std::vector<PlatformMemberId> members;
    UserId created_by{};
    Instant created_at{};
};
// A name, and members all of `platform_members` without repeats ("members").
Status ValidateSubgroup(const PlatformSubgroup& subgroup, const std::vector<PlatformMember>& platform_members);

enum class EntryKind {
    kMeeting,  // 会議 (the date and an agenda summary: no personal data)
    kNotice,   // お知らせ
};
std::string_view EntryKindCode(EntryKind kind);  // "meeting", "notice"
std::string_view EntryKindLabel(EntryKind kind);
std::optional<EntryKind> ParseEntryKind(std::string_view code);

struct PlatformEntry {
    PlatformEntryId id{};
    PartnershipPlatformId platform_id{};
    EntryKind kind = EntryKind::kMeeting;
    Date dated{};
    std::string title;
    std::string summary;                            // the agenda summary of a meeting, the text of a notice
    std::optional<PlatformSubgroupId> subgroup_id;  // a 分科会's meeting or notice
    UserId created_by{};
    Instant created_at{};
};
// A title; the 分科会, when named, one of `subgroups`.
Status ValidateEntry(const PlatformEntry& entry, const std::vector<PlatformSubgroup>& subgroups);

}  // namespace kasane::domain
