// SPDX-License-Identifier: Apache-2.0
// 見守り (issue 15, item 3), in Japanese:
//   GET  /watch-list                     the list as the policy lets the viewer read it (a 民生委員 her own 民生委員区
//                                        only), by 自治会, with the basis, watchers, next contact and 「期限切れ」
//   POST /watch-list/{id}/contact        records a contact today
// Each handler calls one use case of domain::WatchListService.

#include "web/watch_list_pages.hpp"

#include <cstdio>
#include <map>

#include "base/japan_time.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::WatchListService& watch_list;
    domain::SasaeaiMapService& maps;
    domain::Directory& directory;
    const Clock& clock;
};

http::Response ListPage(Services& services, const http::Request& request) {
    std::optional<AreaId> neighborhood;
    if (const auto text = request.QueryParam("neighborhood"); text && !text->empty()) {
        const auto id = ParseId(*text);
        if (!id)
            return RenderErrorPage(request, Error::InvalidArgument("自治会の指定が正しくありません", "neighborhood"));
        neighborhood = *id;
    }
    auto view = services.watch_list.List(ActorOf(request), neighborhood);
    if (!view) return RenderErrorPage(request, view.error());
    auto areas = services.directory.Areas(*request.principal, std::nullopt);
    if (!areas) return RenderErrorPage(request, areas.error());
    std::map<AreaId, std::string> area_names;
    for (const domain::Area& area : *areas) area_names[area.id] = area.name;
    json rows = json::array();
    int overdue = 0;
    for (const domain::WatchRow& row : view->rows) {
        const domain::WatchEntry& entry = row.entry;
        std::string watchers;
        for (const domain::Watcher& watcher : entry.watchers) {
            if (!watchers.empty()) watchers += "、";
            watchers += watcher.name + "（" + watcher.role + "）";
        }
        overdue += row.overdue ? 1 : 0;
        rows.push_back({{"id", entry.id},
                        {"person", entry.person_name},
                        {"neighborhood", area_names[entry.neighborhood_area_id]},
                        {"district", area_names[entry.district_area_id]},
                        {"reason", entry.reason},
                        {"basis", domain::WatchBasisLabel(entry.basis)},
                        {"consent_on", FormatWareki(entry.consent_on)},
                        {"watchers", watchers},
                        {"frequency", entry.frequency_days},
                        {"last_contact", entry.last_contact_on ? FormatWareki(*entry.last_contact_on) : "まだなし"},
                        {"due", FormatWareki(row.due)},
                        {"overdue", row.overdue}});
    }
    json data = {{"rows", std::move(rows)},
                 {"count", view->rows.size()},
                 {"overdue", overdue},
                 {"district", view->district ? area_names[*view->district] : ""},
                 {"own_district", view->district.has_value()},
                 {"saved", request.QueryParam("saved").has_value()}};
    return RenderPage(request, "見守り", "watch_list", std::move(data));
}

http::Response RecordContact(Services& services, const http::Request& request) {
    const auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto row = services.watch_list.RecordContact(ActorOf(request), *id, TodayInJapan(services.clock));
    if (!row) return RenderErrorPage(request, row.error());
    return http::Response::Redirect("/watch-list?saved=" + std::to_string(*id));
}

std::string DateText(const std::optional<domain::Date>& date) { return date ? FormatWareki(*date) : "—"; }

// 支え愛マップ: every 地区 with its dates, and the prefecture's indicator.
http::Response SasaeaiMapsPage(Services& services, const http::Request& request) {
    auto overview = services.maps.Overview(ActorOf(request));
    if (!overview) return RenderErrorPage(request, overview.error());
    json rows = json::array();
    for (const domain::SasaeaiMapRow& row : overview->rows) {
        rows.push_back({{"id", row.area.id},
                        {"name", row.area.name},
                        {"made", row.status.made_on ? FormatWareki(*row.status.made_on) : "未作成"},
                        {"updated", DateText(row.status.updated_on)},
                        {"meeting", DateText(row.status.meeting_held_on)},
                        {"drill", DateText(row.status.drill_held_on)}});
    }
    char share[16];
    std::snprintf(share, sizeof share, "%.1f%%", overview->indicator.share * 100.0);
    json data = {{"rows", std::move(rows)},
                 {"with_map", overview->indicator.with_map},
                 {"districts", overview->indicator.districts},
                 {"share", share}};
    return RenderPage(request, "支え愛マップ", "sasaeai_maps", std::move(data));
}

}  // namespace

void AddWatchListPages(http::Router& router, domain::WatchListService& watch_list, domain::SasaeaiMapService& maps,
                       domain::Directory& directory, const Clock& clock) {
    auto services = std::make_shared<Services>(Services{watch_list, maps, directory, clock});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/watch-list", ListPage);
    add("POST", "/watch-list/{id}/contact", RecordContact);
    add("GET", "/sasaeai-maps", SasaeaiMapsPage);
}

}  // namespace kasane::web
