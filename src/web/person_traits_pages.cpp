// SPDX-License-Identifier: Apache-2.0
// 課題と特性 of a person (issue 17, item 3), in Japanese:
//   GET  /persons/{id}/traits    the person's traits, as checkboxes for who may change them
//   POST /persons/{id}/traits    sets them (every checked trait_<code>)
// Each handler calls one use case of domain::PersonTraitService; the service decides who may do what.

#include "web/person_traits_pages.hpp"

#include <set>
#include <string>
#include <vector>

#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/sharing_page_support.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

struct Services {
    domain::PersonTraitService& traits;
};

constexpr std::string_view kTraitFieldPrefix = "trait_";

// The page: the traits as checkboxes (checked: `checked`, the stored ones or those just submitted), the last change,
// and the errors of a refused submit.
http::Response ShowTraits(const http::Request& request, const domain::PersonTraitsView& view,
                          const std::set<std::string, std::less<>>& checked, json errors, bool saved, int status) {
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    json choices = json::array();
    for (const domain::PersonTrait trait : domain::AllPersonTraits()) {
        const std::string code(domain::PersonTraitCode(trait));
        choices.push_back(
            {{"code", code}, {"label", domain::PersonTraitLabel(trait)}, {"checked", checked.contains(code)}});
    }
    json recorded = json::array();
    for (const domain::PersonTrait trait : view.traits.traits) recorded.push_back(domain::PersonTraitLabel(trait));
    json data = {{"person_id", view.traits.person_id.value()},
                 {"person_name", view.person_name},
                 {"choices", std::move(choices)},
                 {"recorded", std::move(recorded)},
                 {"has_recorded", !view.traits.traits.empty()},
                 {"updated_at", view.traits.updated_at ? InstantJson(*view.traits.updated_at) : json(nullptr)},
                 {"updated_by", view.updated_by_name},
                 {"may_edit", view.may_edit},
                 {"saved", saved},
                 {"errors", std::move(errors)},
                 {"tabs", sharing::PersonTabs(view.traits.person_id, "traits")}};
    data["tabs"]["traits"] = true;
    return RenderPage(request, "課題と特性：" + view.person_name, "person_traits", std::move(data), status);
}

std::set<std::string, std::less<>> CodesOf(const domain::PersonTraitsView& view) {
    std::set<std::string, std::less<>> codes;
    for (const domain::PersonTrait trait : view.traits.traits) codes.emplace(domain::PersonTraitCode(trait));
    return codes;
}

http::Response TraitsPage(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::PersonId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto view = services.traits.Get(ActorOf(request), *id);
    if (!view) return RenderErrorPage(request, view.error());
    return ShowTraits(request, *view, CodesOf(*view), json::object(), QueryFields(request).contains("saved"), 200);
}

http::Response SaveTraits(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::PersonId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    // Every checked box is trait_<code> = 1; the codes go to the service as given, so an unknown one is refused by
    // the domain's rule (ParsePersonTraits), not dropped here.
    std::vector<std::string> codes;
    std::set<std::string, std::less<>> checked;
    for (const auto& [name, value] : request.FormFields()) {
        if (!name.starts_with(kTraitFieldPrefix) || value != "1") continue;
        codes.push_back(name.substr(kTraitFieldPrefix.size()));
        checked.insert(codes.back());
    }
    const domain::Actor actor = ActorOf(request);
    auto saved = services.traits.Set(actor, *id, codes);
    if (saved) return http::Response::Redirect("/persons/" + std::to_string(id->value()) + "/traits?saved=1");
    if (!saved.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, saved.error());
    auto view = services.traits.Get(actor, *id);
    if (!view) return RenderErrorPage(request, view.error());
    json errors = json::object();
    AddFieldError(errors, saved.error(), {"traits"});
    // What was submitted stays checked (a refused submit keeps what the user chose).
    return ShowTraits(request, *view, checked, std::move(errors), false, 400);
}

}  // namespace

void AddPersonTraitPages(http::Router& router, domain::PersonTraitService& traits) {
    const auto add = SignedInPageAdder(router, std::make_shared<Services>(Services{traits}));
    add("GET", "/persons/{id}/traits", TraitsPage);
    add("POST", "/persons/{id}/traits", SaveTraits);
}

}  // namespace kasane::web
