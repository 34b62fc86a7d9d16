// SPDX-License-Identifier: Apache-2.0
// 相談受付簿 (/consultations): the register of consultations in the user's scope, filtered by a GET form (so that
// back, reload and links keep the filter), 50 a page, printable (the form, the paging and the buttons are left off
// the paper), with CSV exports in both encodings (GET /api/v1/consultations.csv, audited there).

#include <map>

#include "base/japan_time.hpp"
#include "domain/consultation_book.hpp"
#include "domain/export_rights.hpp"
#include "web/intake_pages.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

std::string IsoDate(const std::optional<Date>& date) {
    if (!date) return "";
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date->year()),
                  static_cast<unsigned>(date->month()), static_cast<unsigned>(date->day()));
    return text;
}

// 「令和6年4月1日〜令和6年4月30日・対応中」: what the table shows, in words.
std::string Summary(const domain::BookFilter& filter) {
    std::string text;
    if (filter.from && filter.to && *filter.from == *filter.to) {
        text = FormatWareki(*filter.from);
    } else if (filter.from || filter.to) {
        text = (filter.from ? FormatWareki(*filter.from) : std::string()) + "〜" +
               (filter.to ? FormatWareki(*filter.to) : std::string());
    } else {
        text = "全期間";
    }
    if (filter.status != domain::BookStatus::kAny) text += "・" + std::string(domain::BookStatusLabel(filter.status));
    return text;
}

http::Response ShowBook(const IntakeServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    if (!domain::ConsultationService::HasBook(actor.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("相談受付簿を見る権限がありません"));
    }
    const Date today = TodayInJapan(*services.clock);
    json data = json::object();
    auto filter =
        domain::ParseBookFilter([&request](std::string_view name) { return request.QueryParam(name).value_or(""); },
                                today, actor.principal.user.id);
    domain::BookFilter shown;
    if (filter) {
        shown = *filter;
    } else {
        data["error"] = filter.error().message;
        shown.from = today;
        shown.to = today;
    }

    // The choices of the form, with labels (never codes).
    std::map<OrganizationId, std::string> windows;
    if (auto organizations = services.directory->Organizations(actor.principal)) {
        for (const auto& organization : *organizations) {
            windows[organization.id] = organization.name;
            data["windows"].push_back(
                {{"id", organization.id}, {"name", organization.name}, {"selected", shown.window == organization.id}});
        }
    } else {
        ShowSectionError(data, request, "受付窓口", organizations.error());
    }
    std::map<UserId, std::string> workers;
    if (auto users = services.directory->Users(actor.principal)) {
        for (const auto& user : *users) {
            workers[user.id] = user.display_name;
            data["workers"].push_back(
                {{"id", user.id}, {"name", user.display_name}, {"selected", shown.worker == user.id}});
        }
    } else {
        ShowSectionError(data, request, "受付職員", users.error());
    }
    std::map<domain::CategoryId, domain::WorryCategory> categories;
    if (auto master = services.consultations->Categories(actor)) {
        for (const auto& category : *master) {
            categories[category.id] = category;
            // A retired category stays searchable: old consultations carry it.
            data["categories"].push_back({{"id", category.id},
                                          {"label", category.active ? category.label : category.label + "（廃止）"},
                                          {"selected", shown.category == category.id}});
        }
    } else {
        ShowSectionError(data, request, "相談分類", master.error());
    }
    for (const domain::BookStatus status : domain::AllBookStatuses()) {
        data["statuses"].push_back({{"code", domain::BookStatusCode(status)},
                                    {"label", domain::BookStatusLabel(status)},
                                    {"selected", shown.status == status}});
    }
    for (const domain::Source source : intake::kSources) {
        data["sources"].push_back({{"code", domain::SourceCode(source)},
                                   {"label", domain::SourceLabel(source)},
                                   {"selected", shown.source == source}});
    }
    // The town's wording of the 分野 (設定); the national wording if it cannot be read.
    domain::FieldLabels field_labels;
    if (auto town = services.consultations->TownFieldLabels(actor)) {
        field_labels = std::move(*town);
    } else {
        ShowSectionError(data, request, "分野", town.error());
    }
    for (const domain::Field field : domain::AllFields()) {
        data["fields"].push_back({{"code", domain::FieldCode(field)},
                                  {"label", field_labels.Of(field)},
                                  {"selected", shown.field == field}});
    }
    data["filter"] = {{"from", IsoDate(shown.from)}, {"to", IsoDate(shown.to)}};
    if (!filter) {  // the period as typed stays in the form beside the message
        data["filter"] = {{"from", request.QueryParam("from").value_or("")},
                          {"to", request.QueryParam("to").value_or("")}};
    }
    data["summary"] = Summary(shown);
    data["page"] = shown.page;
    data["rows"] = json::array();

    if (filter) {
        auto page = services.consultations->Book(actor, *filter);
        if (!page) {
            if (page.error().Is(ErrorCode::kPermissionDenied)) return RenderErrorPage(request, page.error());
            ShowSectionError(data, request, "相談受付簿", page.error());
        } else {
            for (const domain::BookRow& row : page->rows) {
                const auto [labels, fields] = domain::BookCategoryText(row, categories, field_labels);
                data["rows"].push_back({{"id", row.id},
                                        {"received_at", domain::ReceivedAtLabel(row.received_at)},
                                        {"person_id", row.person_id ? json(*row.person_id) : json(nullptr)},
                                        {"anonymous", !row.person_id.has_value()},
                                        {"person_name", domain::BookPersonName(row)},
                                        {"window", windows[row.window]},
                                        {"worker", workers[row.received_by_user_id]},
                                        {"source", domain::SourceLabel(row.source)},
                                        {"channel", domain::ChannelLabel(row.channel)},
                                        {"categories", labels},
                                        {"fields", fields},
                                        {"chief_complaint", row.chief_complaint},
                                        {"status", domain::BookStatusText(row)},
                                        {"contacts", row.contacts}});
            }
            domain::BookFilter other = *filter;
            if (filter->page > 1) {
                other.page = filter->page - 1;
                data["previous_href"] = "/consultations?" + domain::BookQueryString(other);
            }
            if (page->has_next) {
                other.page = filter->page + 1;
                data["next_href"] = "/consultations?" + domain::BookQueryString(other);
            }
            other.page = 1;
            const std::string query = domain::BookQueryString(other);
            data["csv_utf8_href"] = "/api/v1/consultations.csv?" + query + "&encoding=utf-8";
            data["csv_sjis_href"] = "/api/v1/consultations.csv?" + query + "&encoding=windows-31j";
            data["export_filter"] = query;
            data["may_export"] = services.sharing != nullptr &&
                                 services.sharing->MayExport(actor, domain::ExportKind::kPersonalData).has_value();
        }
    }
    data["has_rows"] = !data["rows"].empty();
    MarkPrintPaper(data);
    return RenderPage(request, "相談受付簿", "consultation_book", std::move(data));
}

}  // namespace

void AddConsultationBookPages(http::Router& router, const IntakeServices& services) {
    AddIntakePage(router, services, "GET", "/consultations", ShowBook);
}

}  // namespace kasane::web
