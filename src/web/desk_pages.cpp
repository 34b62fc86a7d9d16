// SPDX-License-Identifier: Apache-2.0
// The worker's desk (issue 13, item 5): the home page's counts, each linking to its list, and GET /desk with those
// lists. The desk is the domain's (domain/desk.hpp, WorkerDesk); this file only renders it.

#include <chrono>
#include <memory>
#include <string>

#include "domain/desk.hpp"
#include "domain/desk_limits.hpp"
#include "web/page_context.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// One line of the desk: its count and where its list is. A part that failed shows its error in place (and at the
// top of the page, ShowSectionError), never a count of zero.
template <class T>
void AddLine(json& lines, json& data, const http::Request& request, const domain::DeskPart<T>& part, std::string key,
             std::string label, std::string href, std::size_t count) {
    if (!part.shown) return;
    // Every key is set (false when absent), so that the template never finds an outer value of the same name.
    json line = {{"key", key},     {"label", label},       {"href", href},
                 {"error", false}, {"contact_due", false}, {"at_limit", false}};
    if (part.error) {
        line["error"] = SectionError(request, label, *part.error)["text"];
        ShowSectionError(data, request, label, *part.error);
    } else {
        line["count"] = count;
        line["has_items"] = count > 0;
    }
    lines.push_back(std::move(line));
}

// A list read at most kDeskListLimit at a time that reached it: the page says 「200件以上」, not a count it does not
// know (desk_limits.hpp).
template <class T>
void MarkLimit(json& lines, const domain::DeskPart<T>& part) {
    if (part.shown && !part.error && domain::AtDeskListLimit(part.value.size())) lines.back()["at_limit"] = true;
}

json ReferralRows(const std::vector<domain::OverdueReferral>& views) {
    json rows = json::array();
    for (const domain::OverdueReferral& view : views) {
        rows.push_back({{"id", view.referral.id},
                        {"from", view.from_organization_name},
                        {"to", view.to_organization_name},
                        {"sent_at", InstantJson(view.referral.sent_at)}});
    }
    return rows;
}

}  // namespace

json DeskJson(const domain::Desk& desk, const http::Request& request, json& data) {
    json lines = json::array();
    json lists = json::object();
    // The home page shows the counts only: its 200 rows a list are not made into JSON there.
    const bool lists_shown = desk.detail == domain::DeskDetail::kLists;
    const auto& consultations = desk.consultations;
    AddLine(lines, data, request, consultations, "consultations", "対応中の私の相談", "/consultations?preset=mine",
            static_cast<std::size_t>(consultations.value.open));
    if (consultations.shown && !consultations.error) {
        if (consultations.value.contact_due > 0) lines.back()["contact_due"] = consultations.value.contact_due;
    }
    // The overdue referrals in and out: one line and one panel each (desk.html's desk.lists.referrals).
    const auto add_referrals = [&](const domain::DeskPart<std::vector<domain::OverdueReferral>>& part,
                                   const std::string& key, const std::string& anchor, const std::string& label) {
        AddLine(lines, data, request, part, key, label, "/desk#" + anchor, part.value.size());
        MarkLimit(lines, part);
        if (part.shown && lists_shown) {
            lists["referrals"].push_back({{"anchor", anchor}, {"title", label}, {"rows", ReferralRows(part.value)}});
        }
    };
    add_referrals(desk.referrals_in, "referrals_in", "desk-referrals-in", "回答期限を過ぎた受信つなぎ");
    add_referrals(desk.referrals_out, "referrals_out", "desk-referrals-out", "回答期限を過ぎた送信つなぎ");
    const std::string review_days = std::to_string(desk.settings.Value(domain::TownSetting::kReviewDueWithinDays));
    const std::string consent_days =
        std::to_string(desk.settings.Value(domain::TownSetting::kConsentExpiringWithinDays));
    AddLine(lines, data, request, desk.reviews, "reviews",
            "モニタリング時期のケース（" + review_days + "日以内・期限超過）", "/desk#desk-reviews",
            desk.reviews.value.size());
    MarkLimit(lines, desk.reviews);
    AddLine(lines, data, request, desk.meetings, "meetings", "今週の会議", "/desk#desk-meetings",
            desk.meetings.value.size());
    AddLine(lines, data, request, desk.consents, "consents", "期限が近い同意（" + consent_days + "日以内）",
            "/desk#desk-consents", desk.consents.value.size());
    MarkLimit(lines, desk.consents);

    if (desk.reviews.shown && lists_shown) {
        json rows = json::array();
        for (const domain::ReviewDue& review : desk.reviews.value) {
            rows.push_back({{"case_id", review.case_id},
                            {"case_title", review.case_title},
                            {"plan_version", review.plan_version},
                            {"review_on", DateJson(review.review_on)},
                            {"overdue", std::chrono::sys_days{review.review_on} < std::chrono::sys_days{desk.today}}});
        }
        lists["reviews"] = {{"rows", rows}};
    }
    if (desk.meetings.shown && lists_shown) {
        json rows = json::array();
        for (const domain::MeetingMention& meeting : desk.meetings.value) {
            rows.push_back(
                {{"id", meeting.id}, {"held_on", DateJson(meeting.held_on)}, {"body_name", meeting.body_name}});
        }
        lists["meetings"] = {{"rows", rows}};
    }
    if (desk.consents.shown && lists_shown) {
        json rows = json::array();
        for (const domain::Consent& consent : desk.consents.value) {
            rows.push_back({{"id", consent.id},
                            {"person_id", consent.person_id},
                            {"purpose", consent.purpose},
                            {"expires_on", DateJson(consent.expires_on)}});
        }
        lists["consents"] = {{"rows", rows}};
    }
    if (desk.consultations.shown && lists_shown) {
        json rows = json::array();
        for (const domain::ContactReminder& reminder : desk.consultations.value.due) {
            rows.push_back({{"id", reminder.id},
                            {"next_contact_on", DateJson(reminder.next_contact_on)},
                            {"overdue", reminder.overdue}});
        }
        lists["contacts"] = {{"rows", rows}};
    }
    return {{"lines", lines},
            {"lists", lists},
            {"has_lines", !lines.empty()},
            {"week", {{"from", DateJson(desk.week.from)}, {"to", DateJson(desk.week.to)}}}};
}

namespace {

http::Response ShowDesk(domain::WorkerDesk& desk, http::Request& request) {
    json data = json::object();
    data["desk"] = DeskJson(desk.Of(ActorOf(request), domain::DeskDetail::kLists), request, data);
    return RenderPage(request, "今日の仕事", "desk", std::move(data));
}

}  // namespace

void AddDeskPages(http::Router& router, std::shared_ptr<domain::WorkerDesk> desk) {
    router.Add({.method = "GET",
                .pattern = "/desk",
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [desk](http::Request& request) { return ShowDesk(*desk, request); }});
}

}  // namespace kasane::web
