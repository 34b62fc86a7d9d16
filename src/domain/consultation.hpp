// SPDX-License-Identifier: Apache-2.0
#pragma once

// 相談 (包括的相談支援事業, 断らない相談): any window of any agency records any worry about anyone. A
// consultation is a thread: the first contact opens it, follow-up contacts attach to it, so that 延べ (all
// contacts) and 実人数 (distinct persons) are both exact.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

using ConsultationId = std::int64_t;
using ContactId = std::int64_t;
using CategoryId = std::int64_t;

enum class Channel {
    kVisit,
    kPhone,
    kHomeVisit,
    kEmail,
    kViaAgency,
    kOther
};                                              // 来所 / 電話 / 訪問 / メール / 関係機関経由 / その他
std::string_view ChannelCode(Channel channel);  // "visit", "phone", "home_visit", "email", "via_agency", "other"
std::string_view ChannelLabel(Channel channel);
std::optional<Channel> ParseChannel(std::string_view code);

// 相談経路: who brought the worry.
enum class Source { kSelf, kFamily, kNeighbor, kWelfareVolunteer, kNeighborhoodAssociation, kAgency, kOther };
std::string_view SourceCode(
    Source source);  // "self", "family", "neighbor", "welfare_volunteer", "neighborhood_association", "agency", "other"
std::string_view SourceLabel(Source source);  // 本人 / 家族 / 近隣 / 民生委員 / 自治会 / 関係機関 / その他
std::optional<Source> ParseSource(std::string_view code);

enum class Outcome {
    kOpen,                 // 対応中 (no outcome yet)
    kInformationProvided,  // 情報提供で終了
    kReferred,             // 他機関へつなぎ
    kEscalated,            // 多機関協働へ (a multi-agency case)
};
std::string_view OutcomeCode(Outcome outcome);  // "open", "information_provided", "referred", "escalated"
std::string_view OutcomeLabel(Outcome outcome);
std::optional<Outcome> ParseOutcome(std::string_view code);

// Free text is tagged for disclosure requests (開示請求): facts can be disclosed; information from third parties
// and staff assessment (所見) are often withheld.
enum class TextTag { kFact, kThirdParty, kAssessment };  // 事実 / 第三者からの情報 / 所見
std::string_view TextTagCode(TextTag tag);               // "fact", "third_party", "assessment"
std::string_view TextTagLabel(TextTag tag);
std::optional<TextTag> ParseTextTag(std::string_view code);

// The per-municipality master of worry categories (独居, ひきこもり, 8050 …).
struct WorryCategory {
    CategoryId id = 0;
    MunicipalityId municipality_id = 0;
    std::string code;   // stable, e.g. "hikikomori"
    std::string label;  // ひきこもり
    int sort_order = 0;
    bool active = true;
};

// The categories every municipality starts with (issue #3's list), in display order.
struct SeedCategory {
    std::string_view code;
    std::string_view label;
};
const std::vector<SeedCategory>& DefaultWorryCategories();

struct CategoryChoice {
    CategoryId category_id = 0;
    bool most_pressing = false;  // ◎ on the paper form; exactly one per consultation when any is chosen
};

struct Caller {  // who called, when not the person
    std::string name;
    std::string relationship;  // 本人との関係 (長男, 隣人 …)
    std::string phone;
    std::optional<OrganizationId> organization_id;  // when the source is an agency of the municipality
};

struct Contact {
    ContactId id = 0;
    ConsultationId consultation_id = 0;
    Instant occurred_at{};
    Channel channel = Channel::kPhone;
    Source source = Source::kSelf;
    Caller caller;
    OrganizationId organization_id = 0;  // the window that took this contact
    UserId staff_user_id = 0;
    std::string summary;  // what was said and done
    TextTag summary_tag = TextTag::kFact;
    Instant recorded_at{};
};

struct Consultation {
    ConsultationId id = 0;
    MunicipalityId municipality_id = 0;
    OrganizationId receiving_organization_id = 0;
    UserId received_by_user_id = 0;
    PersonId person_id = 0;  // the subject person
    std::optional<HouseholdId> household_id;
    std::string chief_complaint;  // 主訴, in the person's or caller's words
    std::vector<CategoryChoice> categories;
    Outcome outcome = Outcome::kOpen;
    std::string outcome_note;
    std::vector<Contact> contacts;  // oldest first; the first opened the thread
    Instant created_at{};
    int version = 1;
};

}  // namespace kasane::domain
