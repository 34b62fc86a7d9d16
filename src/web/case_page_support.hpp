// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the pages around one support case share (case_pages, case_open_pages, assessment_pages, plan_pages): names
// of organisations, users and meetings read once per page, the case and its parts as template values, the case id
// of the path, and the registration of a page. Internal to web/.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/case_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/case_pages.hpp"
#include "web/page_support.hpp"

namespace kasane::web {

// The registration of each concept (case_pages.cpp calls them all from AddCasePages).
void AddCaseOpenPages(http::Router& router, const CasePageServices& services);
void AddAssessmentPages(http::Router& router, const CasePageServices& services);
void AddPlanPages(http::Router& router, const CasePageServices& services);

namespace case_support {

using nlohmann::json;

using domain::PersonId;

using CasePageHandler = http::Response (*)(const CasePageServices&, http::Request&);

constexpr int kRecentNotes = 20;

constexpr int kBlankActionRows = 3;

constexpr domain::TextTag kNoteTags[] = {domain::TextTag::kFact, domain::TextTag::kThirdParty,
                                         domain::TextTag::kAssessment};

bool Blank(std::string_view text);

// An optional date typed in 和暦 or ISO; an error names `field` in Japanese.
Result<std::optional<Date>> OptionalDate(const FormFields& fields, std::string_view field, std::string_view label);

std::string DateText(std::optional<Date> date);

struct Names {
    std::map<OrganizationId, std::string> organizations;
    std::vector<domain::Organization> organization_list;
    std::map<domain::MeetingBodyId, std::string> bodies;
    // Reads that failed; the page shows them (ShowSectionErrors) instead of silently naming nothing.
    SectionFailures failures;

    std::string Organization(std::optional<OrganizationId> id) const {
        if (!id) return "";
        auto found = organizations.find(*id);
        return found == organizations.end() ? "機関 " + std::to_string(*id) : found->second;
    }

    // [{"value","label","selected"}], the blank choice first when `blank` is given.
    json OrganizationOptions(std::optional<OrganizationId> selected, std::string_view blank = {}) const {
        json options = json::array();
        if (!blank.empty()) options.push_back({{"value", ""}, {"label", blank}, {"selected", !selected}});
        for (const domain::Organization& organization : organization_list) {
            options.push_back({{"value", organization.id},
                               {"label", organization.name},
                               {"selected", selected && *selected == organization.id}});
        }
        return options;
    }
};

Names ReadNames(const CasePageServices& services, const domain::Actor& actor);

// ReadNames for the case page: the organisations, and the names of only the bodies of the meetings shown (the
// case service already decided which meetings the actor may see), without reading every body with its members.
Names ReadCaseNames(const CasePageServices& services, const domain::Actor& actor,
                    const std::vector<domain::Meeting>& meetings);

// The user's display name, "" for no user; fails when the user cannot be read.
Result<std::string> UserName(const CasePageServices& services, const domain::Actor& actor, std::optional<UserId> id);

std::string_view BodyName(const domain::Meeting& meeting, const Names& names);

std::string MeetingText(const domain::Meeting& meeting, const Names& names);

json MeetingJson(const domain::Meeting& meeting, const Names& names);

json MeetingOptions(const std::vector<domain::Meeting>& meetings, const Names& names,
                    std::optional<std::int64_t> selected, std::string_view blank);

std::string MeetingLabel(const std::vector<domain::Meeting>& meetings, const Names& names,
                         std::optional<domain::MeetingId> id);

json CaseHeaderJson(const CasePageServices& services, const domain::Actor& actor, const domain::SupportCase& c,
                    const Names& names);

json TeamJson(const domain::SupportCase& c, const Names& names, const std::vector<domain::Meeting>& meetings);

json ActionJson(const domain::PlanAction& action, const Names& names, Date today, bool editable);

json PlanJson(const domain::SupportPlan& plan, const Names& names, const std::vector<domain::Meeting>& meetings,
              Date today, bool actions_editable);

// What a partner reading its part of the case is told is withheld (the part itself is the domain's, DecideCasePart).
json PartnerJson(const domain::CasePart& part);

json NoteJson(const domain::ProgressNote& note, const Names& names, const std::map<PersonId, std::string>& members);

// The answers of an assessment, item by item in the form's order, with per-member answers under the member.
json AssessmentJson(const CasePageServices& services, const domain::Actor& actor, const domain::Assessment& assessment,
                    const Names& names, const std::map<PersonId, std::string>& members);

std::map<PersonId, std::string> MemberNames(const domain::CaseView& view);

// The genogram SVG of the case's household, ages counted on `today` (in Japan).
std::string Genogram(const domain::CaseView& view, Date today);

std::optional<domain::CaseId> CaseIdOf(const http::Request& request);

http::Response Redirect(domain::CaseId id, std::string_view notice, std::string_view anchor = {});

int VersionOf(const FormFields& fields);

void AddCasePage(http::Router& router, const CasePageServices& services, std::string method, std::string pattern,
                 CasePageHandler handler);

}  // namespace case_support

}  // namespace kasane::web
