// SPDX-License-Identifier: Apache-2.0
// 参加支援 matching (issue 16, item 3), in Japanese:
//   GET  /participation                                 the coordinator's matches (定着確認 due first) and the counts
//   GET  /persons/{id}/participation                    the person's 参加支援: 希望・制約, suggestions, matches
//   POST /persons/{id}/participation/wishes             records the wishes; errors beside the fields, typed kept
//   POST /persons/{id}/participation/matches            proposes a match (提案)
//   GET  /participation/matches/{id}                    a match: stage history, next 定着確認, the step form,
//                                                       受入先支援 notes
//   POST /participation/matches/{id}/steps              moves it one step
//   POST /participation/matches/{id}/host-support       a 受入先支援 note
//   GET  /participation/matches/{id}/host-sheet         what the host's contact is given (printable)
// Each handler calls one use case of domain::ParticipationMatchService.

#include "web/participation_pages.hpp"

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "web/page_context.hpp"
#include "web/page_routes.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using domain::MatchStage;
using nlohmann::json;

struct Services {
    domain::ParticipationMatchService& participation;
    domain::ResourceDirectoryService& resources;
    domain::Directory& directory;
    const Clock& clock;
};

bool IsFormError(const Error& error) {
    return error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kPayloadTooLarge);
}

std::string Joined(const std::vector<std::string>& values, std::string_view separator) {
    std::string text;
    for (const std::string& value : values) text += (text.empty() ? "" : std::string(separator)) + value;
    return text;
}

std::string KindsText(const std::vector<domain::ResourceKind>& kinds) {
    std::string text;
    for (const domain::ResourceKind kind : kinds)
        text += (text.empty() ? "" : "・") + std::string(ResourceKindLabel(kind));
    return text;
}

// Splits 「図書館、本」 (、 , or a new line) into words.
std::vector<std::string> SplitWords(const std::string& text) {
    std::vector<std::string> words;
    std::string current;
    const auto flush = [&] {
        std::string word = Trim(current);
        if (!word.empty() && std::ranges::find(words, word) == words.end()) words.push_back(std::move(word));
        current.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 3, "、") == 0) {
            flush();
            i += 3;
        } else if (text[i] == ',' || text[i] == '\n') {
            flush();
            ++i;
        } else {
            current.push_back(text[i++]);
        }
    }
    flush();
    return words;
}

json MatchRowJson(const domain::ParticipationMatchRow& row) {
    const domain::ParticipationMatch& match = row.match;
    return json{{"id", match.id.value()},
                {"person_id", match.person_id.value()},
                {"person", row.person_name},
                {"service", row.service_name},
                {"organization", row.organization_name},
                {"stage", domain::MatchStageLabel(match.stage)},
                {"stage_code", domain::MatchStageCode(match.stage)},
                {"began_on", FormatWareki(match.began_on)},
                {"started_on", match.started_on ? FormatWareki(*match.started_on) : ""},
                {"next_check", row.next_check_due ? FormatWareki(*row.next_check_due) : ""},
                {"next_check_label",
                 row.next_check_due
                     ? std::string(domain::MatchStageLabel(static_cast<MatchStage>(static_cast<int>(match.stage) + 1)))
                     : ""},
                {"check_due", row.check_due},
                {"ended", match.stage == MatchStage::kEnded},
                {"end_reason", match.end_reason}};
}

json WishesForm(const domain::ParticipationWishes& wishes) {
    json kinds = json::array();
    for (const domain::ResourceKind kind : domain::kAllResourceKinds) {
        kinds.push_back({{"value", domain::ResourceKindCode(kind)},
                         {"label", domain::ResourceKindLabel(kind)},
                         {"checked", std::ranges::find(wishes.kinds, kind) != wishes.kinds.end()}});
    }
    json days = json::array();
    for (const std::string_view day : domain::kWeekdayCodes) {
        days.push_back({{"value", day},
                        {"label", domain::WeekdayLabel(day)},
                        {"checked", std::ranges::find(wishes.days, day) != wishes.days.end()}});
    }
    return json{{"kinds", std::move(kinds)},
                {"days", std::move(days)},
                {"tags", Joined(wishes.tags, "、")},
                {"free_text", wishes.free_text},
                {"areas", Joined(wishes.areas, "、")},
                {"earliest", wishes.earliest},
                {"latest", wishes.latest},
                {"transport", domain::TransportCode(wishes.transport)},
                {"age", wishes.age ? std::to_string(*wishes.age) : ""},
                {"needs_accessibility", wishes.needs_accessibility},
                {"host_share", wishes.host_share}};
}

json TransportOptions(std::string_view chosen) {
    json options = json::array();
    for (const domain::Transport transport :
         {domain::Transport::kWalk, domain::Transport::kBicycle, domain::Transport::kPublicTransport,
          domain::Transport::kCar, domain::Transport::kNeedsPickup}) {
        options.push_back({{"value", domain::TransportCode(transport)},
                           {"label", domain::TransportLabel(transport)},
                           {"selected", domain::TransportCode(transport) == chosen}});
    }
    return options;
}

http::Response ShowPerson(Services& services, const http::Request& request, domain::PersonId person_id,
                          json wishes_form, json errors, int status) {
    auto view = services.participation.OfPerson(ActorOf(request), person_id);
    if (!view) return RenderErrorPage(request, view.error());
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    if (wishes_form.is_null()) {
        wishes_form = WishesForm(view->wishes ? view->wishes->wishes : domain::ParticipationWishes{});
    }
    json suggestions = json::array();
    for (const domain::ParticipationSuggestion& suggestion : view->suggestions) {
        suggestions.push_back({{"service_id", suggestion.suggestion.service_id.value()},
                               {"name", suggestion.service_name},
                               {"organization", suggestion.organization_name},
                               {"kinds", KindsText(suggestion.kinds)},
                               {"areas", Joined(suggestion.areas_served, "、")},
                               {"schedule", suggestion.schedule},
                               {"score", suggestion.suggestion.score},
                               {"reasons", Joined(suggestion.suggestion.reasons, "・")}});
    }
    json matches = json::array();
    for (const domain::ParticipationMatchRow& row : view->matches) matches.push_back(MatchRowJson(row));
    // Every public service of the directory, for a proposal outside the suggestions.
    json service_options = json::array();
    if (auto directory = services.resources.Directory(ActorOf(request), {})) {
        for (const domain::ResourceServiceEntry& row : directory->services) {
            if (!domain::IsPublic(row.service)) continue;
            service_options.push_back({{"value", std::to_string(row.service.id.value())},
                                       {"label", row.service.name + "（" + row.organization_name + "）"}});
        }
    }
    json transports = TransportOptions(wishes_form.value("transport", "public_transport"));
    json data = {{"person_id", person_id.value()},
                 {"person_name", view->person_name},
                 {"has_wishes", view->wishes.has_value()},
                 {"wishes", std::move(wishes_form)},
                 {"transports", std::move(transports)},
                 {"suggestions", std::move(suggestions)},
                 {"no_suggestions", view->wishes && view->suggestions.empty()},
                 {"matches", std::move(matches)},
                 {"services", std::move(service_options)},
                 {"today", IsoDate(TodayInJapan(services.clock))},
                 {"errors", std::move(errors)},
                 {"saved", request.QueryParam("saved").value_or("")}};
    return RenderPage(request, view->person_name + "さんの参加支援", "participation_person", std::move(data), status);
}

http::Response PersonPage(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::PersonId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowPerson(services, request, *id, nullptr, json::object(), 200);
}

const std::vector<std::string_view> kWishFields = {
    "kinds",     "tags", "free_text",           "areas",      "days",       "earliest", "latest",
    "transport", "age",  "needs_accessibility", "host_share", "service_id", "on"};

http::Response SaveWishes(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::PersonId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    domain::ParticipationWishes wishes;
    for (const domain::ResourceKind kind : domain::kAllResourceKinds) {
        if (FormField(request, "kind_" + std::string(domain::ResourceKindCode(kind))) == "yes") {
            wishes.kinds.push_back(kind);
        }
    }
    for (const std::string_view day : domain::kWeekdayCodes) {
        if (FormField(request, "day_" + std::string(day)) == "yes") wishes.days.emplace_back(day);
    }
    wishes.tags = SplitWords(FormField(request, "tags"));
    wishes.areas = SplitWords(FormField(request, "areas"));
    wishes.free_text = Trim(FormField(request, "free_text"));
    wishes.earliest = Trim(FormField(request, "earliest"));
    wishes.latest = Trim(FormField(request, "latest"));
    wishes.host_share = Trim(FormField(request, "host_share"));
    wishes.needs_accessibility = FormField(request, "needs_accessibility") == "yes";
    wishes.transport =
        domain::ParseTransport(FormField(request, "transport")).value_or(domain::Transport::kPublicTransport);
    json errors = json::object();
    const std::string age = Trim(FormField(request, "age"));
    if (!age.empty()) {
        const auto number = ParseId(age);
        if (!number || *number > 200) {
            AddFieldError(errors, Error::InvalidArgument("年齢は数字で入力してください", "age"), kWishFields);
        } else {
            wishes.age = static_cast<int>(*number);
        }
    }
    json typed = WishesForm(wishes);
    for (const char* name : {"tags", "areas", "age"}) typed[name] = FormField(request, name);
    if (!errors.empty()) return ShowPerson(services, request, *id, std::move(typed), std::move(errors), 400);
    auto saved = services.participation.SaveWishes(ActorOf(request), *id, wishes);
    if (!saved) {
        if (!IsFormError(saved.error())) return RenderErrorPage(request, saved.error());
        AddFieldError(errors, saved.error(), kWishFields);
        return ShowPerson(services, request, *id, std::move(typed), std::move(errors), 400);
    }
    return http::Response::Redirect("/persons/" + std::to_string(id->value()) + "/participation?saved=wishes");
}

http::Response Propose(Services& services, const http::Request& request) {
    const auto id = ParseId<domain::PersonId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json errors = json::object();
    const auto service = ParseId<ResourceServiceId>(FormField(request, "service_id"));
    if (!service) {
        AddFieldError(errors, Error::InvalidArgument("受入先のサービスを選んでください", "service_id"), kWishFields);
        return ShowPerson(services, request, *id, nullptr, std::move(errors), 400);
    }
    auto on = ParseJapaneseDate(FormField(request, "on"), "on");
    if (!on) {
        AddFieldError(errors, on.error(), kWishFields);
        return ShowPerson(services, request, *id, nullptr, std::move(errors), 400);
    }
    auto row = services.participation.Propose(ActorOf(request), *id, *service, *on);
    if (!row) {
        if (!IsFormError(row.error())) return RenderErrorPage(request, row.error());
        AddFieldError(errors, row.error(), kWishFields);
        return ShowPerson(services, request, *id, nullptr, std::move(errors), 400);
    }
    return http::Response::Redirect("/participation/matches/" + std::to_string(row->match.id.value()) +
                                    "?saved=proposed");
}

const std::vector<std::string_view> kStepFields = {"to", "on", "reason", "note_on", "note"};

http::Response ShowMatch(Services& services, const http::Request& request, ParticipationMatchId id, json step_form,
                         json note_form, json errors, int status) {
    auto row = services.participation.Get(ActorOf(request), id);
    if (!row) return RenderErrorPage(request, row.error());
    const domain::ParticipationMatch& match = row->match;
    errors["_any"] = errors.contains("_summary") && !errors["_summary"].empty();
    const std::string today = IsoDate(TodayInJapan(services.clock));
    if (step_form.is_null()) step_form = {{"to", ""}, {"on", today}, {"reason", ""}};
    if (note_form.is_null()) note_form = {{"on", today}, {"note", ""}};
    json history = json::array();
    for (const domain::MatchStageRecord& record : match.history) {
        history.push_back({{"on", FormatWareki(record.change.on)},
                           {"to", domain::MatchStageLabel(record.change.to)},
                           {"reason", record.change.reason}});
    }
    json notes = json::array();
    for (const domain::HostSupportNote& note : match.host_support) {
        notes.push_back({{"on", FormatWareki(note.on)}, {"note", note.note}});
    }
    // The steps the rule allows from here (ValidateStageChange decides; the list only offers them).
    json steps = json::array();
    for (const MatchStage stage : domain::kAllMatchStages) {
        const int step = static_cast<int>(stage) - static_cast<int>(match.stage);
        const bool offered = match.stage != MatchStage::kEnded &&
                             (step == 1 || stage == MatchStage::kEnded ||
                              (match.stage == MatchStage::kProposed && stage == MatchStage::kStarted));
        if (!offered) continue;
        steps.push_back({{"value", domain::MatchStageCode(stage)},
                         {"label", domain::MatchStageLabel(stage)},
                         {"selected", domain::MatchStageCode(stage) == step_form.value("to", "")}});
    }
    json checks = json::array();
    if (match.started_on) {
        for (const MatchStage check : {MatchStage::kCheck1, MatchStage::kCheck3, MatchStage::kCheck6}) {
            const bool done =
                match.stage != MatchStage::kEnded && static_cast<int>(match.stage) >= static_cast<int>(check);
            bool recorded = done;
            for (const domain::MatchStageRecord& record : match.history) recorded |= record.change.to == check;
            checks.push_back({{"label", domain::MatchStageLabel(check)},
                              {"due", FormatWareki(domain::CheckDue(*match.started_on, check))},
                              {"done", recorded}});
        }
    }
    const bool has_steps = !steps.empty();
    json data = {{"match", MatchRowJson(*row)},   {"has_steps", has_steps},
                 {"history", std::move(history)}, {"notes", std::move(notes)},
                 {"checks", std::move(checks)},   {"steps", std::move(steps)},
                 {"step", std::move(step_form)},  {"note_form", std::move(note_form)},
                 {"errors", std::move(errors)},   {"saved", request.QueryParam("saved").value_or("")}};
    return RenderPage(request, "参加支援のマッチ", "participation_match", std::move(data), status);
}

http::Response MatchPage(Services& services, const http::Request& request) {
    const auto id = ParseId<ParticipationMatchId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return ShowMatch(services, request, *id, nullptr, nullptr, json::object(), 200);
}

http::Response Step(Services& services, const http::Request& request) {
    const auto id = ParseId<ParticipationMatchId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json form = {
        {"to", FormField(request, "to")}, {"on", FormField(request, "on")}, {"reason", FormField(request, "reason")}};
    json errors = json::object();
    const auto to = domain::ParseMatchStage(form["to"].get<std::string>());
    if (!to) AddFieldError(errors, Error::InvalidArgument("次の段階を選んでください", "to"), kStepFields);
    auto on = ParseJapaneseDate(form["on"].get<std::string>(), "on");
    if (!on) AddFieldError(errors, on.error(), kStepFields);
    if (!errors.empty()) return ShowMatch(services, request, *id, std::move(form), nullptr, std::move(errors), 400);
    auto row = services.participation.Step(ActorOf(request), *id, *to, *on, Trim(form["reason"].get<std::string>()));
    if (!row) {
        if (!IsFormError(row.error())) return RenderErrorPage(request, row.error());
        AddFieldError(errors, row.error(), kStepFields);
        return ShowMatch(services, request, *id, std::move(form), nullptr, std::move(errors), 400);
    }
    return http::Response::Redirect("/participation/matches/" + std::to_string(id->value()) + "?saved=step");
}

http::Response AddNote(Services& services, const http::Request& request) {
    const auto id = ParseId<ParticipationMatchId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    json form = {{"on", FormField(request, "note_on")}, {"note", FormField(request, "note")}};
    json errors = json::object();
    auto on = ParseJapaneseDate(form["on"].get<std::string>(), "note_on");
    if (!on) {
        AddFieldError(errors, on.error(), kStepFields);
        return ShowMatch(services, request, *id, nullptr, std::move(form), std::move(errors), 400);
    }
    auto note =
        services.participation.AddHostSupportNote(ActorOf(request), *id, *on, Trim(form["note"].get<std::string>()));
    if (!note) {
        if (!IsFormError(note.error())) return RenderErrorPage(request, note.error());
        Error error = note.error();
        if (error.field == "on") error = Error::InvalidArgument(error.message, "note_on");
        AddFieldError(errors, error, kStepFields);
        return ShowMatch(services, request, *id, nullptr, std::move(form), std::move(errors), 400);
    }
    return http::Response::Redirect("/participation/matches/" + std::to_string(id->value()) + "?saved=note");
}

http::Response HostSheetPage(Services& services, const http::Request& request) {
    const auto id = ParseId<ParticipationMatchId>(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto sheet = services.participation.HostSheetOf(ActorOf(request), *id);
    if (!sheet) return RenderErrorPage(request, sheet.error());
    json data = {{"id", id->value()},
                 {"service", sheet->service_name},
                 {"organization", sheet->organization_name},
                 {"stage", domain::MatchStageLabel(sheet->stage)},
                 {"agreed", sheet->agreed},
                 {"nothing_agreed", sheet->agreed.empty()}};
    return RenderPage(request, "受入先に渡す内容", "participation_host_sheet", std::move(data));
}

http::Response ListPage(Services& services, const http::Request& request) {
    auto rows = services.participation.Caseload(ActorOf(request));
    if (!rows) return RenderErrorPage(request, rows.error());
    auto counts = services.participation.Counts(ActorOf(request));
    if (!counts) return RenderErrorPage(request, counts.error());
    json matches = json::array();
    int due = 0;
    for (const domain::ParticipationMatchRow& row : *rows) {
        due += row.check_due ? 1 : 0;
        matches.push_back(MatchRowJson(row));
    }
    json data = {{"matches", std::move(matches)},
                 {"count", rows->size()},
                 {"due", due},
                 {"counts",
                  {{"persons", counts->persons},
                   {"cooperating_hosts", counts->cooperating_hosts},
                   {"started", counts->retention.started},
                   {"retained", counts->retention.retained_3_months}}}};
    return RenderPage(request, "参加支援", "participation_list", std::move(data));
}

}  // namespace

void AddParticipationPages(http::Router& router, domain::ParticipationMatchService& participation,
                           domain::ResourceDirectoryService& resources, domain::Directory& directory,
                           const Clock& clock) {
    auto services = std::make_shared<Services>(Services{participation, resources, directory, clock});
    const auto add = SignedInPageAdder(router, services);
    add("GET", "/participation", ListPage);
    add("GET", "/persons/{id}/participation", PersonPage);
    add("POST", "/persons/{id}/participation/wishes", SaveWishes);
    add("POST", "/persons/{id}/participation/matches", Propose);
    add("GET", "/participation/matches/{id}", MatchPage);
    add("POST", "/participation/matches/{id}/steps", Step);
    add("POST", "/participation/matches/{id}/host-support", AddNote);
    add("GET", "/participation/matches/{id}/host-sheet", HostSheetPage);
}

}  // namespace kasane::web
