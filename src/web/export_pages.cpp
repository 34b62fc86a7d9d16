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

http::Response ListPage(Services& services, const http::Request& request) {
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
                        {"progress_value", job.rows_total > 0 ? job.rows_done : (done ? 1 : 0)},
                        {"file_name", job.file_name},
                        {"error", job.error},
                        {"substituted", job.substituted},
                        {"created_at", TimeLabel(job.created_at)},
                        {"finished_at", job.finished_at ? TimeLabel(*job.finished_at) : std::string()},
                        {"done", done},
                        {"file_href", "/api/v1/exports/" + std::to_string(job.id.value()) + "/file"}});
    }
    json data = {{"jobs", std::move(rows)}, {"running", running}};
    data["has_jobs"] = !data["jobs"].empty();
    // While one runs the page reloads itself every few seconds (no script needed).
    if (running) data["refresh_seconds"] = 3;
    return RenderPage(request, "出力ファイル", "exports", std::move(data));
}

http::Response Create(Services& services, const http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto filter = domain::ParseBookQueryString(FormField(request, "filter"), TodayInJapan(services.clock),
                                               actor.principal.user.id);
    if (!filter) return RenderErrorPage(request, filter.error());
    const std::string format_code = FormField(request, "format");
    auto format = domain::ParseExportFormat(format_code.empty() ? "csv-utf-8" : format_code);
    if (!format) return RenderErrorPage(request, Error::InvalidArgument("出力の形式を選んでください", "format"));
    auto job = services.exports.Request(actor, *filter, *format);
    if (!job) return RenderErrorPage(request, job.error());
    if (services.queued) services.queued();
    return http::Response::Redirect("/exports");
}

}  // namespace

void AddExportPages(http::Router& router, domain::ExportJobService& exports, const Clock& clock,
                    std::function<void()> queued) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{exports, clock, std::move(queued)}));
    add("GET", "/exports", ListPage);
    add("POST", "/exports", Create);
}

}  // namespace kasane::web
