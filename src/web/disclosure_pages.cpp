// SPDX-License-Identifier: Apache-2.0
// 開示用の写し (lawful sharing, issue #4): the printable copy of a person's record for a disclosure request.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/access_policy.hpp"
#include "domain/administration.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/sharing_page_support.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace sharing;
using nlohmann::json;

// --- 開示用の写し ----------------------------------------------------------------------------------------------

json DisclosedText(const json& value) {
    if (value.is_string()) return {{"text", value}};
    const std::string withheld = value.is_object() ? value.value("withheld", "") : "";
    return {{"withheld", withheld == "third_party" ? "不開示（第三者に関する情報）" : "不開示（職員の評価・判断）"},
            {"withheld_code", withheld}};
}

http::Response ShowDisclosure(const SharingPageServices& services, http::Request& request) {
    auto id = PathId(request, "id");
    if (!id) return NotFound(request);
    auto copy = services.sharing->DisclosureCopy(ActorOf(request), domain::PersonId{*id});
    if (!copy) return RenderErrorPage(request, copy.error());
    json consultations = json::array();
    for (const json& record : (*copy)["consultations"]) {
        json contacts = json::array();
        for (const json& contact : record["contacts"]) {
            json item = DisclosedText(contact["summary"]);
            Instant at{};
            if (auto parsed = ParseIso8601(contact.value("occurred_at", ""))) at = *parsed;
            item["occurred_at"] = InstantJson(at);
            item["channel"] = contact.value("channel", "");
            item["source"] = contact.value("source", "");
            contacts.push_back(std::move(item));
        }
        consultations.push_back({{"id", record["consultation_id"]},
                                 {"chief_complaint", record.value("chief_complaint", "")},
                                 {"outcome", record.value("outcome", "")},
                                 {"contacts", contacts}});
    }
    Instant prepared{};
    if (auto parsed = ParseIso8601((*copy).value("prepared_at", ""))) prepared = *parsed;
    json data = {{"person", (*copy)["person"]},
                 {"person_id", *id},
                 {"consultations", consultations},
                 {"prepared_at", InstantJson(prepared)},
                 {"note", (*copy).value("note", "")}};
    return RenderPage(request, "開示用の写し", "disclosure_copy", std::move(data));
}

}  // namespace

void AddDisclosurePages(http::Router& router, const SharingPageServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern,
                                     http::Response (*handler)(const SharingPageServices&, http::Request&)) {
        AddSharingPage(router, services, std::move(method), std::move(pattern), handler);
    };
    if (!services.persons) return;
    page("GET", "/persons/{id}/disclosure", ShowDisclosure);
}

}  // namespace kasane::web
