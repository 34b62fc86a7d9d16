// SPDX-License-Identifier: Apache-2.0
#pragma once

// 世帯訪問調査 (issue 15, item 2): a campaign in which every household of the town is visited, 自治会 by 自治会, by
// the bodies the town assigns to each 自治会 (社会福祉法人, 社協, 民生委員) — as 北栄町 does its 全戸訪問. A campaign
// has a period, a purpose and a form (住環境, 生活環境, 困りごと, 気づき) kept in versions: a visit records the version
// it was entered with. Households are the campaign's own list (address and 世帯主, no 住基 link); hearing notes of
// the 自治会長 and 民生委員 flag a 気になる世帯 before the visit. Sources: docs/household_survey.md.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation.hpp"

namespace kasane::domain {

// The outcome of a visit. 不在 means "visit again": the household stays in the revisit queue until a later visit.
enum class VisitOutcome { kMet, kAbsent, kRefused, kVacant, kMovedOut };
inline constexpr VisitOutcome kAllVisitOutcomes[] = {VisitOutcome::kMet, VisitOutcome::kAbsent, VisitOutcome::kRefused,
                                                     VisitOutcome::kVacant, VisitOutcome::kMovedOut};
std::string_view VisitOutcomeCode(VisitOutcome outcome);   // "met", "absent", "refused", "vacant", "moved_out"
std::string_view VisitOutcomeLabel(VisitOutcome outcome);  // 面会 / 不在（再訪） / 拒否 / 空き家 / 転居
std::optional<VisitOutcome> ParseVisitOutcome(std::string_view code);
// Whether a visit with this outcome counts the household as visited (every outcome but 不在).
bool CountsAsVisited(VisitOutcome outcome);

// The sections of the form, in the order the paper sheet has them.
inline constexpr std::string_view kSurveySections[] = {"住環境", "生活環境", "困りごと", "気づき"};

// One item of the form: a key stable across versions (what answers are stored under), its question and section.
struct SurveyFormItem {
    std::string key;      // "housing_repair"
    std::string label;    // 「住まいに修理の必要なところがありますか」
    std::string section;  // one of kSurveySections
};
// The items a campaign starts with when none are given (北栄町's sheet, in outline).
std::vector<SurveyFormItem> DefaultSurveyForm();

struct SurveyCampaign {
    SurveyCampaignId id{};
    std::string name;
    std::string purpose;
    Date starts_on{};
    Date ends_on{};
    int form_version = 1;               // the version of the form in use now
    std::vector<SurveyFormItem> items;  // the items of that version
    UserId created_by{};
    Instant created_at{};
};

// Who visits an area: an organisation (法人, 社協 …) or a 民生委員 (a user).
struct VisitingBody {
    std::optional<OrganizationId> organization_id;
    std::optional<UserId> volunteer_user_id;
    bool operator==(const VisitingBody&) const = default;
};
struct SurveyAssignment {
    SurveyCampaignId campaign_id{};
    AreaId area_id = 0;  // a 自治会
    VisitingBody body;
};

enum class HouseholdOrigin { kList, kDoorstep };  // imported or typed from a list / created on the doorstep
std::string_view HouseholdOriginCode(HouseholdOrigin origin);  // "list", "doorstep"
std::optional<HouseholdOrigin> ParseHouseholdOrigin(std::string_view code);

struct SurveyHousehold {
    SurveyHouseholdId id{};
    SurveyCampaignId campaign_id{};
    AreaId area_id = 0;
    std::string address;
    std::string head_name;  // 世帯主
    HouseholdOrigin origin = HouseholdOrigin::kList;
    UserId created_by{};
    Instant created_at{};
};

// Who told of a 気になる世帯 before the visit.
enum class HearingInformant { kNeighborhoodChief, kWelfareVolunteer };  // 自治会長 / 民生委員
std::string_view HearingInformantCode(HearingInformant informant);      // "neighborhood_chief", "welfare_volunteer"
std::string_view HearingInformantLabel(HearingInformant informant);
std::optional<HearingInformant> ParseHearingInformant(std::string_view code);

struct SurveyHearingNote {
    SurveyHearingNoteId id{};
    SurveyHouseholdId household_id{};
    HearingInformant informant = HearingInformant::kNeighborhoodChief;
    std::string note;
    UserId recorded_by{};
    Instant recorded_at{};
};

struct SurveyVisit {
    SurveyVisitId id{};
    SurveyCampaignId campaign_id{};
    SurveyHouseholdId household_id{};
    AreaId area_id = 0;
    Date visited_on{};
    std::string visitors;  // who went (names, as on the paper sheet)
    VisitOutcome outcome = VisitOutcome::kMet;
    int form_version = 1;
    std::map<std::string, std::string> answers;  // by item key
    std::string notice;                          // 気づき
    VisitingBody body;                           // the body the visit was made for
    UserId recorded_by{};
    Instant recorded_at{};
    std::optional<ConsultationId> consultation_id;  // set by 「つなぐ」
    int version = 1;                                // raised by each change synced from a device (offline)
};

// A visit as typed (on the doorstep or from the paper sheet), before the rules are checked.
struct VisitInput {
    SurveyHouseholdId household_id{};
    AreaId area_id = 0;  // the 自治会 whose list the visitor works from
    Date visited_on{};
    std::string visitors;
    std::string outcome;  // a code of VisitOutcome, as typed
    std::map<std::string, std::string> answers;
    std::string notice;
};

// kInvalidArgument naming the field: a name (1..100), a purpose (..1000), a period whose end is not before its
// start, a form of 1..60 items with unique keys ([a-z0-9_], 1..40), labels (1..200) and known sections.
Status ValidateCampaign(const SurveyCampaign& campaign);
Status ValidateForm(const std::vector<SurveyFormItem>& items);

// Whether the body is the one assigned to the area in the campaign.
enum class BodyAssignment { kAssigned, kNotAssigned };

// The rules of a visit, each refusal with its reason (kInvalidArgument naming the field): the outcome is one of
// VisitOutcome ("outcome"); the date lies within the campaign's period and is not after today ("visited_on"); the
// household is on the list of the area visited ("household_id"); the body is the one assigned to that area
// ("area_id"); visitors are named (1..200); answers only to items of the form, each up to 1000; 気づき up to 2000.
Result<VisitOutcome> CheckVisit(const SurveyCampaign& campaign, const SurveyHousehold& household,
                                BodyAssignment assignment, const VisitInput& input, Date today);

// kInvalidArgument naming the field: an address (1..50, the 町字 and 番地 of a person's address) and a 世帯主 (..100).
Status ValidateSurveyHousehold(const SurveyHousehold& household);

// Progress of one area: households on its list, those visited (a visit whose outcome is not 不在), and the revisit
// queue (households whose last visit was 不在).
struct AreaProgress {
    AreaId area_id = 0;
    int households = 0;
    int visited = 0;
    int revisit = 0;
};

// The consultation 「つなぐ」 opens from a visit: the 気づき (and the answers of 困りごと) as the 主訴.
std::string ChiefComplaintFromVisit(const SurveyCampaign& campaign, const SurveyVisit& visit);

}  // namespace kasane::domain
