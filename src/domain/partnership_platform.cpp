// SPDX-License-Identifier: Apache-2.0
#include "domain/partnership_platform.hpp"

#include <algorithm>
#include <set>

#include "domain/code_table.hpp"
#include "domain/master_data.hpp"
#include "domain/record_text.hpp"

namespace kasane::domain {

namespace {

Status Invalid(std::string message, std::string field) {
    return Fail(Error::InvalidArgument(std::move(message), std::move(field)));
}

// 「…第12号」: 第, then digits (ASCII or 全角), then 号 at the end.
bool LooksLikeNoticeNumber(std::string_view text) {
    constexpr std::string_view kDai = "第";
    constexpr std::string_view kGo = "号";
    if (!text.ends_with(kGo)) return false;
    const std::size_t dai = text.rfind(kDai);
    if (dai == std::string_view::npos) return false;
    std::string_view digits = text.substr(dai + kDai.size(), text.size() - kGo.size() - dai - kDai.size());
    if (digits.empty()) return false;
    while (!digits.empty()) {
        if (digits.front() >= '0' && digits.front() <= '9') {
            digits.remove_prefix(1);
        } else if (digits.size() >= 3 && static_cast<unsigned char>(digits[0]) == 0xEF &&
                   static_cast<unsigned char>(digits[1]) == 0xBC && static_cast<unsigned char>(digits[2]) >= 0x90 &&
                   static_cast<unsigned char>(digits[2]) <= 0x99) {
            digits.remove_prefix(3);  // ０〜９
        } else {
            return false;
        }
    }
    return true;
}

constexpr CodeTable<PlatformKind, 3> kPlatformKinds{{{
    {PlatformKind::kPublicPrivatePlatform, "public_private_platform", "官民連携プラットフォーム"},
    {PlatformKind::kIsolationCouncil, "isolation_council", "孤独・孤立対策地域協議会"},
    {PlatformKind::kOtherCouncil, "other_council", "その他の協議会"},
}}};

constexpr CodeTable<Sector, 9> kSectors{{{
    {Sector::kGovernment, "government", "行政"},
    {Sector::kSocialWelfareCouncil, "social_welfare_council", "社会福祉協議会"},
    {Sector::kSocialWelfareCorporation, "social_welfare_corporation", "社会福祉法人"},
    {Sector::kNpo, "npo", "NPO・ボランティア団体"},
    {Sector::kBusiness, "business", "企業"},
    {Sector::kNeighborhoodAssociation, "neighborhood_association", "自治会・町内会"},
    {Sector::kMedical, "medical", "医療"},
    {Sector::kEducation, "education", "教育"},
    {Sector::kOther, "other", "その他"},
}}};

constexpr CodeTable<EntryKind, 2> kEntryKinds{{{
    {EntryKind::kMeeting, "meeting", "会議"},
    {EntryKind::kNotice, "notice", "お知らせ"},
}}};

}  // namespace

std::string_view PlatformKindCode(PlatformKind kind) { return kPlatformKinds.Code(kind); }
std::string_view PlatformKindLabel(PlatformKind kind) { return kPlatformKinds.Label(kind); }
std::optional<PlatformKind> ParsePlatformKind(std::string_view code) { return kPlatformKinds.Parse(code); }
std::string_view SectorCode(Sector sector) { return kSectors.Code(sector); }
std::string_view SectorLabel(Sector sector) { return kSectors.Label(sector); }
std::optional<Sector> ParseSector(std::string_view code) { return kSectors.Parse(code); }
std::string_view EntryKindCode(EntryKind kind) { return kEntryKinds.Code(kind); }
std::string_view EntryKindLabel(EntryKind kind) { return kEntryKinds.Label(kind); }
std::optional<EntryKind> ParseEntryKind(std::string_view code) { return kEntryKinds.Parse(code); }

bool MayLinkBody(PlatformKind kind, LegalBasis basis) {
    switch (kind) {
        case PlatformKind::kIsolationCouncil: return basis == LegalBasis::kIsolationCouncil;
        case PlatformKind::kOtherCouncil: return true;
        case PlatformKind::kPublicPrivatePlatform: return false;
    }
    return false;
}

Status ValidatePlatform(const PartnershipPlatform& platform, std::string_view own_town_code) {
    if (auto name = CheckText(platform.name, "名称", "name", 200, true); !name) return name;
    if (auto purpose = CheckText(platform.purpose, "目的", "purpose", 4000, false); !purpose) return purpose;
    if (platform.meeting_body_id && platform.kind == PlatformKind::kPublicPrivatePlatform) {
        return Invalid("官民連携プラットフォームは会議体に結び付けられません", "meeting_body_id");
    }
    if (auto number = CheckText(platform.notice_number, "公示の番号", "notice_number", 200, false); !number) {
        return number;
    }
    if (!platform.notice_number.empty() && !platform.notice_on) {
        return Invalid("公示の日付を入力してください", "notice_on");
    }
    if (platform.notice_number.empty() && platform.notice_on) {
        return Invalid("公示の番号（例：北栄町告示第12号）を入力してください", "notice_number");
    }
    if (!platform.notice_number.empty() && !LooksLikeNoticeNumber(platform.notice_number)) {
        return Invalid("公示の番号は「北栄町告示第12号」のように「第…号」で書いてください", "notice_number");
    }
    if (auto partner =
            CheckText(platform.partner_town_name, "共同設置の相手の市町村名", "partner_town_name", 200, false);
        !partner) {
        return partner;
    }
    if (!platform.partner_town_name.empty() && platform.partner_town_code.empty()) {
        return Invalid("共同設置の相手の団体コード（6桁）を入力してください", "partner_town_code");
    }
    if (platform.partner_town_name.empty() && !platform.partner_town_code.empty()) {
        return Invalid("共同設置の相手の市町村名を入力してください", "partner_town_name");
    }
    if (!platform.partner_town_code.empty()) {
        if (!ValidateLocalGovernmentCode(platform.partner_town_code)) {
            return Invalid("共同設置の相手の団体コードが正しくありません（6桁、最後は検査数字）", "partner_town_code");
        }
        if (platform.partner_town_code.substr(2, 3) == "000") {
            return Invalid("共同設置の相手は市町村です（都道府県の団体コードは使えません）", "partner_town_code");
        }
        if (platform.partner_town_code == own_town_code) {
            return Invalid("共同設置の相手に自分の町は選べません", "partner_town_code");
        }
    }
    return {};
}

Status ValidateMember(const PlatformMember& member) {
    if (auto name = CheckText(member.outside_name, "機関名", "outside_name", 200, false); !name) return name;
    if (auto town = CheckText(member.outside_town, "所在の市町村", "outside_town", 200, false); !town) return town;
    if (member.organization_id && !member.outside_name.empty()) {
        return Invalid("町の機関か町外の機関名か、どちらか一方を選んでください", "organization_id");
    }
    if (!member.organization_id && member.outside_name.empty()) {
        return Invalid("町の機関を選ぶか、町外の機関名を入力してください", "organization_id");
    }
    if (!member.outside_name.empty() && member.outside_town.empty()) {
        return Invalid("町外の機関の所在の市町村を入力してください", "outside_town");
    }
    if (member.organization_id && !member.outside_town.empty()) {
        return Invalid("町の機関に所在の市町村は入りません", "outside_town");
    }
    return {};
}

Status ValidateSubgroup(const PlatformSubgroup& subgroup, const std::vector<PlatformMember>& platform_members) {
    if (auto name = CheckText(subgroup.name, "分科会の名称", "name", 200, true); !name) return name;
    if (auto theme = CheckText(subgroup.theme, "テーマ", "theme", 4000, false); !theme) return theme;
    std::set<PlatformMemberId> seen;
    for (const PlatformMemberId member : subgroup.members) {
        if (!seen.insert(member).second) return Invalid("同じ構成員が2回選ばれています", "members");
        const bool of_platform = std::ranges::any_of(platform_members, [&](const PlatformMember& m) {
            return m.id == member && m.platform_id == subgroup.platform_id;
        });
        if (!of_platform) return Invalid("分科会の構成員はこの協議会の構成員から選んでください", "members");
    }
    return {};
}

Status ValidateEntry(const PlatformEntry& entry, const std::vector<PlatformSubgroup>& subgroups) {
    if (auto title = CheckText(entry.title, "件名", "title", 200, true); !title) return title;
    if (auto summary = CheckText(entry.summary, "内容", "summary", 4000, false); !summary) return summary;
    if (entry.subgroup_id) {
        const bool known = std::ranges::any_of(subgroups, [&](const PlatformSubgroup& s) {
            return s.id == *entry.subgroup_id && s.platform_id == entry.platform_id;
        });
        if (!known) return Invalid("分科会はこの協議会の分科会から選んでください", "subgroup_id");
    }
    return {};
}

}  // namespace kasane::domain
