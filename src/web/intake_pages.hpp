// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the pages of 断らない相談 that record and find persons share (consultation_pages, person_pages,
// household_pages): choices of the forms, persons as list items, organisations as options. Internal to web/.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/intake.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/page_support.hpp"

namespace kasane::web {

// The registration of each concept (intake_pages.cpp calls them all from AddIntakePages).
void AddConsultationPages(http::Router& router, const IntakeServices& services);
void AddPersonPages(http::Router& router, const IntakeServices& services);
void AddHouseholdPages(http::Router& router, const IntakeServices& services);
// 相談の経過: one consultation's page and its forms (consultation_thread_pages.cpp).
void AddConsultationThreadPages(http::Router& router, const IntakeServices& services);
void AddConsultationBookPages(http::Router& router, const IntakeServices& services);  // 相談受付簿

namespace intake {

inline constexpr int kSearchLimit = 30;
inline constexpr int kIntakeSearchLimit = 10;

inline constexpr domain::Channel kChannels[] = {domain::Channel::kPhone,     domain::Channel::kVisit,
                                                domain::Channel::kHomeVisit, domain::Channel::kEmail,
                                                domain::Channel::kViaAgency, domain::Channel::kOther};
// In the order a call is asked about (本人, 家族, 近隣, 関係機関, 民生委員, 匿名), then the rest.
inline constexpr domain::Source kSources[] = {domain::Source::kSelf,
                                              domain::Source::kFamily,
                                              domain::Source::kNeighbor,
                                              domain::Source::kAgency,
                                              domain::Source::kWelfareVolunteer,
                                              domain::Source::kAnonymous,
                                              domain::Source::kNeighborhoodAssociation,
                                              domain::Source::kOther};
inline constexpr domain::TextTag kTextTags[] = {domain::TextTag::kFact, domain::TextTag::kThirdParty,
                                                domain::TextTag::kAssessment};
inline constexpr domain::Relationship kRelationships[] = {
    domain::Relationship::kHead,       domain::Relationship::kSpouse,     domain::Relationship::kChild,
    domain::Relationship::kParent,     domain::Relationship::kGrandchild, domain::Relationship::kGrandparent,
    domain::Relationship::kSibling,    domain::Relationship::kChildInLaw, domain::Relationship::kOtherRelative,
    domain::Relationship::kNonRelative};

std::string MatchedOnLabel(std::string_view code);
std::string DuplicateReasonLabel(std::string_view code);
nlohmann::json SummaryJson(const domain::PersonSummary& summary, Date today);
nlohmann::json SummariesJson(const std::vector<domain::PersonSummary>& summaries, std::optional<std::int64_t> selected,
                             Date today);
nlohmann::json DuplicatesJson(const std::vector<domain::DuplicateCandidate>& candidates, Date today);
http::Response ErrorOrNotFound(const http::Request& request, const Error& error);
// Whether the acting user's own organisation is offered (a referral goes to another one).
enum class OwnOrganization { kInclude, kExclude };
nlohmann::json OrganizationOptions(const IntakeServices& services, const domain::Actor& actor, OwnOrganization own,
                                   std::optional<OrganizationId> selected);

}  // namespace intake

}  // namespace kasane::web
