// SPDX-License-Identifier: Apache-2.0
// 相談受付 (the intake of 断らない相談): the form that records a consultation, with the person found or registered
// on the spot, and the htmx person search inside it. Handlers parse the form, call one use case of
// domain/intake.hpp, and map its Result to a page; an input error re-renders the form with what was typed and the
// message next to the field it names.

#include <algorithm>
#include <array>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/log.hpp"
#include "domain/master_data.hpp"
#include "web/intake_pages.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/person_form.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace intake;
using nlohmann::json;

// --- 相談受付 -------------------------------------------------------------------------------------------------

const std::vector<std::string_view> kIntakeFieldNames = {"family_name",
                                                         "given_name",
                                                         "family_name_kana",
                                                         "given_name_kana",
                                                         "birth_date",
                                                         "sex",
                                                         "phone",
                                                         "address_prefecture",
                                                         "address_municipality",
                                                         "address_town",
                                                         "address_block",
                                                         "address_building",
                                                         "person_id",
                                                         "occurred_at",
                                                         "channel",
                                                         "source",
                                                         "caller_name",
                                                         "caller_relationship",
                                                         "caller_phone",
                                                         "caller_organization_id",
                                                         "chief_complaint",
                                                         "categories",
                                                         "summary",
                                                         "summary_tag",
                                                         "household_name",
                                                         "household_relationship",
                                                         "household_notes",
                                                         "name"};

struct IntakeState {
    FormFields fields;
    json errors = json::object();
    json duplicates;  // array when FindDuplicates found some
    std::string notice;
    std::optional<domain::PersonId> created_person_id;  // saved already; a retry must not create it again
    // A failure that is not the user's input (a read or a write that failed): shown with the request id
    // (section_errors), and its HTTP status answers the form.
    json failures = json::object();
    int failure_status = 0;
};

// An error from a use case: beside its field when it is about the input, else also shown with the request id.
void AddIntakeError(IntakeState& state, const domain::Actor& actor, const Error& error) {
    AddFieldError(state.errors, error, kIntakeFieldNames);
    const int status = http::HttpStatusFor(error.code);
    if (status >= 500) {
        ShowSectionError(state.failures, actor, "相談受付の記録", error);
        state.failure_status = std::max(state.failure_status, status);
    }
}

http::Response RenderIntake(const IntakeServices& services, const http::Request& request, const IntakeState& state,
                            int status) {
    const domain::Actor actor = ActorOf(request);
    const FormFields& fields = state.fields;
    auto field = [&](std::string_view name) { return FieldOf(fields, name); };

    std::string person_choice = field("person_id");
    if (state.created_person_id) person_choice = std::to_string(*state.created_person_id);
    const std::optional<std::int64_t> selected_id = ParseId(person_choice);

    json data = {{"values", json::object()},
                 {"errors", state.errors},
                 {"section_errors", state.failures.value("section_errors", json::array())}};
    for (const auto& [name, value] : fields) {
        if (name != "_csrf") data["values"][name] = value;
    }
    data["pf"] = PersonFormView(PersonFormValues(fields), state.errors);
    data["person_q"] = field("person_q");
    data["new_person_checked"] = !selected_id && person_choice != "new_confirmed";
    data["new_confirmed_checked"] = !selected_id && person_choice == "new_confirmed";
    if (!state.notice.empty()) data["notice"] = state.notice;
    if (state.created_person_id) data["created_person"] = true;

    // Results of the search box (plain-form "検索" button, or a re-render after an error).
    json results = json::array();
    if (const std::string query = field("person_q"); !query.empty()) {
        auto found = services.persons->Search(actor, query, kIntakeSearchLimit);
        if (found) {
            results = SummariesJson(*found, selected_id, TodayInJapan(*services.clock));
        } else {
            ShowSectionError(data, request, "本人の検索", found.error());
        }
        data["searched"] = true;
        data["has_results"] = !results.empty();
    }
    data["results"] = results;
    // The chosen person, when not among the results shown.
    if (selected_id) {
        bool shown = false;
        for (const json& item : results) shown = shown || item["id"] == *selected_id;
        if (state.duplicates.is_array()) {
            for (const json& item : state.duplicates) shown = shown || item["id"] == *selected_id;
        }
        if (!shown) {
            if (auto view = services.persons->Get(actor, *selected_id)) {
                json chosen = PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock));
                chosen["known_to"] = JoinKnownTo(view->known_to);
                chosen["selected"] = true;
                data["chosen"] = chosen;
            } else {
                ShowSectionError(data, request, "選んだ本人", view.error());
            }
        }
    }
    if (state.duplicates.is_array() && !state.duplicates.empty()) data["duplicates"] = state.duplicates;
    // An existing person's households, so that the consultation can be about one of them.
    if (selected_id && field("household_id").empty()) {
        if (auto households = services.households->OfPerson(actor, *selected_id); households && !households->empty()) {
            json options = json::array();
            for (const domain::Household& household : *households) {
                options.push_back(
                    {{"value", household.id},
                     {"label", household.name.empty() ? "世帯 " + std::to_string(household.id) : household.name},
                     {"selected", field("existing_household_id") == std::to_string(household.id)}});
            }
            data["person_households"] = options;
            data["has_person_households"] = true;
        } else if (!households) {
            ShowSectionError(data, request, "本人の世帯", households.error());
        }
    }

    data["occurred_at"] =
        field("occurred_at").empty() ? LocalDateTimeInput(services.clock->Now()) : field("occurred_at");
    data["channel_options"] = EnumOptions(kChannels, domain::ChannelCode, domain::ChannelLabel,
                                          field("channel").empty() ? "phone" : field("channel"));
    data["source_options"] = EnumOptions(kSources, domain::SourceCode, domain::SourceLabel,
                                         field("source").empty() ? "self" : field("source"));
    data["tag_options"] = EnumOptions(kTextTags, domain::TextTagCode, domain::TextTagLabel,
                                      field("summary_tag").empty() ? "fact" : field("summary_tag"));
    data["relationship_options"] =
        EnumOptions(kRelationships, domain::RelationshipCode, domain::RelationshipLabel,
                    field("household_relationship").empty() ? "head" : field("household_relationship"));
    data["caller_organization_options"] =
        OrganizationOptions(services, actor, false, ParseId(field("caller_organization_id")));

    json categories = json::array();
    if (auto list = services.consultations->Categories(actor)) {
        for (const domain::WorryCategory& category : *list) {
            if (!category.active) continue;
            const std::string id = std::to_string(category.id);
            categories.push_back({{"id", category.id},
                                  {"label", category.label},
                                  {"code", category.code},
                                  {"checked", field("category_" + id) == "1"},
                                  {"pressing", field("most_pressing") == id}});
        }
    } else {
        ShowSectionError(data, request, "困りごとの分類", list.error());
    }
    data["categories"] = categories;
    return RenderPage(request, "相談受付", "intake", std::move(data), status);
}

http::Response ShowIntake(const IntakeServices& services, http::Request& request) {
    IntakeState state;
    if (auto person = request.QueryParam("person_id"); person && ParseId(*person)) state.fields["person_id"] = *person;
    if (auto query = request.QueryParam("person_q")) state.fields["person_q"] = *query;
    return RenderIntake(services, request, state, 200);
}

// The htmx fragment under the search box: persons matching what was typed, as choices of the form's person_id.
http::Response IntakePersonSearch(const IntakeServices& services, http::Request& request) {
    const std::string query = request.QueryParam("person_q").value_or("");
    json data = {{"results", json::array()}, {"person_q", query}};
    if (!query.empty()) {
        auto found = services.persons->Search(ActorOf(request), query, kIntakeSearchLimit);
        if (!found) return RenderFragment(request, "intake_person_results", {{"search_error", found.error().message}});
        data["results"] = SummariesJson(*found, std::nullopt, TodayInJapan(*services.clock));
        data["has_results"] = !found->empty();
        data["searched"] = true;
    }
    return RenderFragment(request, "intake_person_results", std::move(data));
}

// Reads the consultation part of the form into `intake`; problems go to state.errors.
void ReadConsultation(const IntakeServices& services, const domain::Actor& actor, IntakeState& state,
                      domain::IntakeRequest& intake) {
    auto field = [&](std::string_view name) { return FieldOf(state.fields, name); };
    json& errors = state.errors;
    auto add = [&](const std::string& name, const std::string& message) {
        AddFieldError(errors, Error::InvalidArgument(message, name), kIntakeFieldNames);
    };

    if (auto occurred = ParseLocalDateTime(field("occurred_at"), "occurred_at", "相談日時")) {
        intake.first_contact.occurred_at = *occurred;
    } else {
        add("occurred_at", occurred.error().message);
    }
    if (auto channel = domain::ParseChannel(field("channel"))) {
        intake.first_contact.channel = *channel;
    } else {
        add("channel", "「経路」を選んでください");
    }
    if (auto source = domain::ParseSource(field("source"))) {
        intake.first_contact.source = *source;
    } else {
        add("source", "「相談者」を選んでください");
    }
    if (auto tag = domain::ParseTextTag(field("summary_tag"))) {
        intake.first_contact.summary_tag = *tag;
    } else {
        add("summary_tag", "「記録の種類」を選んでください");
    }
    intake.first_contact.caller.name = field("caller_name");
    intake.first_contact.caller.relationship = field("caller_relationship");
    intake.first_contact.caller.phone = field("caller_phone");
    if (const std::string organization = field("caller_organization_id"); !organization.empty()) {
        if (auto id = ParseId(organization)) {
            intake.first_contact.caller.organization_id = *id;
        } else {
            add("caller_organization_id", "「相談者の機関」の選択肢が正しくありません");
        }
    }
    intake.first_contact.summary = field("summary");
    intake.chief_complaint = field("chief_complaint");
    if (intake.chief_complaint.find_first_not_of(" \t\r\n") == std::string::npos) {
        add("chief_complaint", "「主訴」を入力してください");
    }

    const std::string pressing = field("most_pressing");
    bool pressing_found = false;
    if (auto list = services.consultations->Categories(actor)) {
        for (const domain::WorryCategory& category : *list) {
            const std::string id = std::to_string(category.id);
            if (field("category_" + id) != "1") continue;
            const bool most = pressing == id;
            pressing_found = pressing_found || most;
            intake.categories.push_back({.category_id = category.id, .most_pressing = most});
        }
    } else {
        // Without the categories the ticked ones cannot be read: nothing is saved (never without them).
        AddIntakeError(state, actor, list.error());
    }
    // One checked category is the most pressing by itself; with several, the radio must name one of them.
    if (intake.categories.size() == 1) {
        intake.categories.front().most_pressing = true;
    } else if (!intake.categories.empty() && !pressing_found) {
        add("categories", "選んだ困りごとのうち、最も気がかりなもの（◎）を1つ選んでください");
    }
}

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

http::Response SubmitIntake(const IntakeServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    IntakeState state;
    state.fields = request.FormFields();
    if (FieldOf(state.fields, "action") == "search") return RenderIntake(services, request, state, 200);

    domain::IntakeRequest intake;
    ReadConsultation(services, actor, state, intake);

    const std::string person_choice = FieldOf(state.fields, "person_id");
    std::optional<domain::PersonId> person_id = ParseId(person_choice);
    PersonForm person_form;
    if (!person_id) {
        person_form = ReadPersonForm(state.fields);
        for (const auto& [name, message] : person_form.errors.items()) {
            AddFieldError(state.errors, Error::InvalidArgument(message.get<std::string>(), name), kIntakeFieldNames);
        }
        if (person_form.data.family_name.empty() && person_form.data.given_name.empty() &&
            person_form.data.family_name_kana.empty() && !person_form.data.unknown_reasons.contains("name")) {
            AddFieldError(state.errors,
                          Error::InvalidArgument("既存の人を選ぶか、新しい人の氏名（またはふりがな）を入力してください",
                                                 "family_name"),
                          kIntakeFieldNames);
        }
    }
    const bool new_household = FieldOf(state.fields, "new_household") == "1";
    std::optional<domain::Relationship> relationship;
    if (new_household) {
        relationship = domain::ParseRelationship(FieldOf(state.fields, "household_relationship"));
        if (!relationship) {
            AddFieldError(state.errors, Error::InvalidArgument("「続柄」を選んでください", "household_relationship"),
                          kIntakeFieldNames);
        }
    }
    if (!state.errors.empty()) {
        return RenderIntake(services, request, state, state.failure_status ? state.failure_status : 400);
    }

    // A new person: show likely duplicates first, unless these very data were already checked.
    if (!person_id) {
        const std::string key = DuplicateCheckKey(person_form.data);
        if (FieldOf(state.fields, "person_id") != "new_confirmed" || FieldOf(state.fields, "duplicates_key") != key) {
            auto duplicates = services.persons->FindDuplicates(actor, person_form.data);
            if (!duplicates) {
                AddIntakeError(state, actor, duplicates.error());
                return RenderIntake(services, request, state, http::HttpStatusFor(duplicates.error().code));
            }
            if (!duplicates->empty()) {
                state.duplicates = DuplicatesJson(*duplicates, TodayInJapan(*services.clock));
                state.fields["duplicates_key"] = key;
                state.fields["person_id"] = "new";
                state.notice =
                    "似ている記録があります。同じ人なら選んでください。別の人なら「新しい人として登録する」を"
                    "選んで、もう一度「受付を記録する」を押してください。";
                return RenderIntake(services, request, state, 200);
            }
        }
    }

    // Without a new household, the person and the consultation are saved together (one use case, one
    // transaction). A new household needs the person first, so then the person is saved on its own, and a later
    // failure re-renders the form with the saved person chosen, so that a retry does not create it twice.
    if (!person_id && new_household) {
        auto created = services.persons->Create(actor, person_form.data);
        if (!created) {
            AddIntakeError(state, actor, created.error());
            return RenderIntake(services, request, state, http::HttpStatusFor(created.error().code));
        }
        person_id = created->id;
        state.created_person_id = created->id;
        state.fields["person_id"] = std::to_string(created->id);
    }
    if (new_household) {
        std::string name = FieldOf(state.fields, "household_name");
        auto household = services.households->Create(
            actor, name, FieldOf(state.fields, "household_notes"),
            {domain::HouseholdMemberInput{.person_id = *person_id,
                                          .relationship = *relationship,
                                          .is_head = *relationship == domain::Relationship::kHead,
                                          .moved_in = std::nullopt}});
        if (!household) {
            AddIntakeError(state, actor, household.error());
            if (state.created_person_id)
                state.notice = "本人の記録は保存しました。世帯を直して、もう一度記録してください。";
            return RenderIntake(services, request, state, http::HttpStatusFor(household.error().code));
        }
        intake.household_id = household->id;
        state.fields.erase("new_household");
        state.fields["household_id"] = std::to_string(household->id);
    } else if (auto household_id = ParseId(FieldOf(state.fields, "household_id"))) {
        intake.household_id = *household_id;
    } else if (auto existing = ParseId(FieldOf(state.fields, "existing_household_id")); existing && person_id) {
        intake.household_id = *existing;
    }

    if (person_id) {
        intake.person_id = *person_id;
    } else {
        intake.new_person = person_form.data;
    }
    auto recorded = services.consultations->Record(actor, intake);
    if (!recorded) {
        AddIntakeError(state, actor, recorded.error());
        if (state.created_person_id)
            state.notice = "本人と世帯の記録は保存しました。相談の内容を直して、もう一度記録してください。";
        return RenderIntake(services, request, state, http::HttpStatusFor(recorded.error().code));
    }
    return http::Response::Redirect("/persons/" + std::to_string(recorded->person_id) +
                                    "?recorded=" + std::to_string(recorded->id));
}

}  // namespace

void AddConsultationPages(http::Router& router, const IntakeServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, IntakePageHandler handler) {
        AddIntakePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/intake", ShowIntake);
    page("POST", "/intake", SubmitIntake);
    page("GET", "/intake/person-search", IntakePersonSearch);
    AddConsultationBookPages(router, services);
}

}  // namespace kasane::web
