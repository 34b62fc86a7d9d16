// SPDX-License-Identifier: Apache-2.0
// 出力ファイル (export_pages.hpp): the list of the caller's background exports, and a new one from the 受付簿.

#include "web/export_pages.hpp"

#include <memory>
#include <string>
#include <utility>

#include "base/japan_time.hpp"
#include "domain/intake.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::ExportJobService& exports;
    const Clock& clock;
    std::function<void()> queued;
};

std::string TimeLabel(Instant instant) { return domain::ReceivedAtLabel(instant); }

// The list, with the form that queues the 受付簿; `refused` is a request the form sent that was refused, shown
// above the form in Japanese with its status.
http::Response ListPage(Services& services, const http::Request& request, const Error* refused = nullptr) {
    const domain::Actor actor = ActorOf(request);
    if (!domain::ConsultationService::HasBook(actor.principal)) {
        return RenderErrorPage(request, Error::PermissionDenied("相談受付簿を見る権限がありません"));
    }
    auto jobs = services.exports.Jobs(actor);
    if (!jobs) return RenderErrorPage(request, jobs.error());
    json rows = json::array();
    bool running = false;
    for (const domain::ExportJob& job : *jobs) {
        const bool done = job.status == domain::ExportJobStatus::kDone;
        const bool expired = job.status == domain::ExportJobStatus::kExpired;
        running = running || job.status == domain::ExportJobStatus::kQueued ||
                  job.status == domain::ExportJobStatus::kRunning;
        rows.push_back({{"id", job.id.value()},
                        {"kind", domain::ExportJobKindLabel(job.kind)},
                        {"format", domain::ExportFormatLabel(job.format)},
                        {"filter", job.filter},
                        {"status_code", domain::ExportJobStatusCode(job.status)},
                        {"status", domain::ExportJobStatusLabel(job.status)},
                        {"rows_done", job.rows_done},
                        {"rows_total", job.rows_total},
                        {"progress_max", job.rows_total > 0 ? job.rows_total : 1},
                        {"progress_value", job.rows_total > 0 ? job.rows_done : (done || expired ? 1 : 0)},
                        {"file_name", job.file_name},
                        {"error", job.error},
                        {"substituted", job.substituted},
                        {"created_at", TimeLabel(job.created_at)},
                        {"finished_at", job.finished_at ? TimeLabel(*job.finished_at) : std::string()},
                        {"done", done},
                        {"expired", expired},
                        {"file_href", "/api/v1/exports/" + std::to_string(job.id.value()) + "/file"}});
    }
    const domain::ExportLimits& limits = services.exports.Limits();
    json formats = json::array();
    const std::string chosen = refused ? FormField(request, "format") : std::string();
    for (const auto format :
         {domain::ExportFormat::kCsvUtf8, domain::ExportFormat::kCsvWindows31j, domain::ExportFormat::kXlsx}) {
        formats.push_back({{"code", domain::ExportFormatCode(format)},
                           {"label", domain::ExportFormatLabel(format)},
                           {"selected", chosen == domain::ExportFormatCode(format)}});
    }
    json data = {{"jobs", std::move(rows)},
                 {"running", running},
                 {"formats", std::move(formats)},
                 {"keep_days", limits.keep_days},
                 {"active_per_user", limits.active_per_user},
                 {"from", refused ? FormField(request, "from") : std::string()},
                 {"to", refused ? FormField(request, "to") : std::string()}};
    if (refused) data["error"] = refused->message;
    data["has_jobs"] = !data["jobs"].empty();
    // While one runs the page reloads itself every few seconds (no script needed).
    if (running) data["refresh_seconds"] = 3;
    http::Response page = RenderPage(request, "出力ファイル", "exports", std::move(data));
    if (refused) page.status = http::HttpStatusFor(refused->code);
    return page;
}

// From the book's page (its filter as one field) or from this page's own form (受付日 from and to).
http::Response Create(Services& services, const http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    const bool from_book = !request.FormFields().contains("from") && !request.FormFields().contains("to");
    const auto refuse = [&](const Error& error) {
        return from_book ? RenderErrorPage(request, error) : ListPage(services, request, &error);
    };
    const Date today = TodayInJapan(services.clock);
    auto filter = from_book ? domain::ParseBookQueryString(FormField(request, "filter"), today, actor.principal.user.id)
                            : domain::ParseBookFilter([&](std::string_view name) { return FormField(request, name); },
                                                      today, actor.principal.user.id);
    if (!filter) return refuse(filter.error());
    const std::string format_code = FormField(request, "format");
    auto format = domain::ParseExportFormat(format_code.empty() ? "csv-utf-8" : format_code);
    if (!format) return refuse(Error::InvalidArgument("出力の形式を選んでください", "format"));
    auto job = services.exports.Request(actor, *filter, *format);
    if (!job) return refuse(job.error());
    if (services.queued) services.queued();
    return http::Response::Redirect("/exports");
}

}  // namespace

void AddExportPages(http::Router& router, domain::ExportJobService& exports, const Clock& clock,
                    std::function<void()> queued) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{exports, clock, std::move(queued)}));
    add("GET", "/exports",
        [](Services& services, const http::Request& request) { return ListPage(services, request); });
    add("POST", "/exports", Create);
}

}  // namespace kasane::web
