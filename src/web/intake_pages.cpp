// SPDX-License-Identifier: Apache-2.0
// The pages of 断らない相談 that record and find persons, registered together: consultation_pages (相談受付),
// person_pages (検索, 本人), household_pages (世帯); and what they share (intake_pages.hpp).

#include "web/intake_pages.hpp"

#include "domain/master_data.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace intake {

using nlohmann::json;

std::string MatchedOnLabel(std::string_view code) {
    if (code == "name") return "氏名";
    if (code == "kana") return "ふりがな";
    if (code == "reading") return "読み";
    if (code == "birth_date") return "生年月日";
    if (code == "phone") return "電話";
    if (code == "address") return "住所";
    return std::string(code);
}

std::string DuplicateReasonLabel(std::string_view code) {
    if (code == "name_reading_and_birth_date") return "氏名の読みと生年月日が同じ";
    if (code == "name_and_phone") return "生年月日が未入力で、氏名（読み）と電話番号が同じ";
    if (code == "name_and_address") return "生年月日が未入力で、氏名（読み）と住所が同じ";
    if (code == "phone") return "電話番号が同じ";
    if (code == "address") return "住所が同じ";
    return std::string(code);
}

json SummaryJson(const domain::PersonSummary& summary, Date today) {
    json item = PersonHeaderJson(summary.person, summary.decision, today);
    json matched = json::array();
    for (const std::string& code : summary.matched_on) matched.push_back(MatchedOnLabel(code));
    item["has_matched"] = !matched.empty();
    item["matched_on"] = matched;
    item["known_to"] = JoinKnownTo(summary.known_to);
    return item;
}

json SummariesJson(const std::vector<domain::PersonSummary>& summaries, std::optional<std::int64_t> selected,
                   Date today) {
    json list = json::array();
    for (const domain::PersonSummary& summary : summaries) {
        json item = SummaryJson(summary, today);
        item["selected"] = selected && *selected == summary.person.id;
        list.push_back(std::move(item));
    }
    return list;
}

// The duplicate check's candidates with their reasons in Japanese (the intake form and the join form).
json DuplicatesJson(const std::vector<domain::DuplicateCandidate>& candidates, Date today) {
    json list = json::array();
    for (const domain::DuplicateCandidate& candidate : candidates) {
        json item = SummaryJson(candidate.summary, today);
        json reasons = json::array();
        for (const std::string& reason : candidate.reasons) reasons.push_back(DuplicateReasonLabel(reason));
        item["reasons"] = reasons;
        list.push_back(std::move(item));
    }
    return list;
}

http::Response ErrorOrNotFound(const http::Request& request, const Error& error) {
    return RenderErrorPage(request, error);
}

json OrganizationOptions(const IntakeServices& services, const domain::Actor& actor, OwnOrganization own,
                         std::optional<OrganizationId> selected) {
    json options = json::array();
    auto organizations = services.directory->Organizations(actor.principal);
    if (!organizations) {
        // A choice list that cannot load says so in place of its choices, with the request id.
        json failed = SectionError(actor.request_id, "機関", organizations.error());
        options.push_back({{"value", ""}, {"label", failed["text"]}, {"selected", true}, {"disabled", true}});
        return options;
    }
    for (const domain::Organization& organization : *organizations) {
        if (own == OwnOrganization::kExclude && organization.id == actor.principal.user.organization_id) continue;
        options.push_back({{"value", organization.id},
                           {"label", organization.name},
                           {"kind", domain::OrganizationKindLabel(organization.kind)},
                           {"selected", selected && *selected == organization.id}});
    }
    return options;
}

}  // namespace intake

void AddIntakePage(http::Router& router, const IntakeServices& services, std::string method, std::string pattern,
                   IntakePageHandler handler) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [services, handler](http::Request& request) { return handler(services, request); }});
}

void AddIntakePages(http::Router& router, const IntakeServices& services) {
    AddConsultationPages(router, services);
    AddPersonPages(router, services);
    AddHouseholdPages(router, services);
    AddConsultationThreadPages(router, services);
}

}  // namespace kasane::web
