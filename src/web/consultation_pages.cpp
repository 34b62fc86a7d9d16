// SPDX-License-Identifier: Apache-2.0
// 相談受付 (the intake of 断らない相談): the form that records a consultation, with the person found or registered
// on the spot, and the htmx person search inside it. Handlers parse the form, call one use case of
// domain/intake.hpp, and map its Result to a page; an input error re-renders the form with what was typed and the
// message next to the field it names.

#include <algorithm>
#include <array>
#include <map>
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
                                                         "name",
                                                         "next_step",
                                                         "call_back_on",
                                                         "refer_to_organization_id"};

// 世帯員 rows added inline: member_<i>_<field>. Two rows are shown; 「世帯員の行を増やす」 adds one.
constexpr int kDefaultMemberRows = 2;
constexpr std::array<std::string_view, 6> kMemberFields = {"family_name",     "given_name",   "family_name_kana",
                                                           "given_name_kana", "relationship", "birth_date"};

std::string MemberField(int row, std::string_view field) {
    return "member_" + std::to_string(row) + "_" + std::string(field);
}

int MemberRows(const FormFields& fields) {
    const auto count = ParseId(FieldOf(fields, "member_rows"));
    return std::clamp(static_cast<int>(count.value_or(kDefaultMemberRows)), 1,
                      static_cast<int>(domain::ConsultationService::kMaxIntakeMembers));
}

// The domain names a member's field "new_members[i].<field>" and the next step's "next_step.<field>": the form's
// names for them, and the message as the summary at the top shows it (which row).
void AddCallError(json& errors, Error error) {
    const std::string field = error.field;
    if (field.starts_with("new_members[")) {
        const std::size_t close = field.find(']');
        const int row = std::atoi(field.substr(12, close - 12).c_str());
        std::string name = close + 2 < field.size() ? field.substr(close + 2) : "family_name";
        if (std::find(kMemberFields.begin(), kMemberFields.end(), name) == kMemberFields.end()) name = "family_name";
        const std::string form_name = MemberField(row, name);
        error.message = "世帯員" + std::to_string(row + 1) + "人目: " + error.message;
        errors[form_name] = error.message;
        error.field.clear();
    } else if (field == "next_step.call_back_on") {
        error.field = "call_back_on";
    } else if (field == "next_step.to_organization_id") {
        error.field = "refer_to_organization_id";
    }
    AddFieldError(errors, error, kIntakeFieldNames);
}

struct IntakeState {
    FormFields fields;
    json errors = json::object();
    json duplicates;                        // array when FindDuplicates found some
    std::map<int, json> member_duplicates;  // per 世帯員 row: the likely duplicates of the person typed in it
    std::string notice;
    std::optional<domain::PersonId> created_person_id;  // saved already; a retry must not create it again
    // A failure that is not the user's input (a read or a write that failed): shown with the request id
    // (section_errors), and its HTTP status answers the form.
    json failures = json::object();
    int failure_status = 0;
};

// An error from a use case: beside its field when it is about the input, else also shown with the request id.
void AddIntakeError(IntakeState& state, const domain::Actor& actor, const Error& error) {
    AddCallError(state.errors, error);
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
    data["anonymous_checked"] = person_choice == "anonymous";
    data["new_person_checked"] = !selected_id && person_choice != "new_confirmed" && person_choice != "anonymous";
    data["new_confirmed_checked"] = !selected_id && person_choice == "new_confirmed";
    if (!state.notice.empty()) data["notice"] = state.notice;
    if (state.created_person_id) data["created_person"] = true;
    // Re-rendered from a post: the page holds what was just sent, newer than any draft (drafts.js keeps it).
    if (request.method == "POST") data["posted"] = true;

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
            if (auto view = services.persons->Get(actor, domain::PersonId{*selected_id})) {
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
        if (auto households = services.households->OfPerson(actor, domain::PersonId{*selected_id});
            households && !households->empty()) {
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
    data["caller_organization_options"] = OrganizationOptions(services, actor, OwnOrganization::kInclude,
                                                              ParseId<OrganizationId>(field("caller_organization_id")));

    // 世帯員 rows (added inline) and the next step.
    const int rows = MemberRows(fields);
    json members = json::array();
    for (int row = 0; row < rows; ++row) {
        json member = {{"row", row}, {"number", row + 1}};
        for (std::string_view name : kMemberFields) {
            const std::string form_name = MemberField(row, name);
            member[std::string(name)] = field(form_name);
            member["name_" + std::string(name)] = form_name;
            if (state.errors.contains(form_name)) member["error_" + std::string(name)] = state.errors[form_name];
        }
        const std::string chosen = field(MemberField(row, "relationship"));
        member["relationship_options"] = EnumOptions(kRelationships, domain::RelationshipCode,
                                                     domain::RelationshipLabel, chosen.empty() ? "child" : chosen);
        // The row's duplicate check: the candidates to choose from (同じ人), or the choice made, carried on.
        member["name_person"] = MemberField(row, "person");
        member["name_duplicates_key"] = MemberField(row, "duplicates_key");
        member["person"] = field(MemberField(row, "person"));
        member["duplicates_key"] = field(MemberField(row, "duplicates_key"));
        if (auto found = state.member_duplicates.find(row); found != state.member_duplicates.end()) {
            json candidates = found->second;
            for (json& candidate : candidates) {
                candidate["checked"] = std::to_string(candidate["id"].get<std::int64_t>()) == member["person"];
            }
            member["duplicates"] = std::move(candidates);
            member["has_duplicates"] = true;
            member["new_confirmed_checked"] = member["person"] == "new_confirmed";
        } else if (!member["person"].get<std::string>().empty()) {
            member["carried"] = true;
        }
        members.push_back(std::move(member));
    }
    data["members"] = members;
    data["member_rows"] = rows;
    const std::string next_step = field("next_step").empty() ? "none" : field("next_step");
    json next_steps = json::array();
    for (auto step : {domain::IntakeNextStep::kNone, domain::IntakeNextStep::kCallBack, domain::IntakeNextStep::kRefer,
                      domain::IntakeNextStep::kOpenCase}) {
        next_steps.push_back({{"value", domain::IntakeNextStepCode(step)},
                              {"label", domain::IntakeNextStepLabel(step)},
                              {"selected", domain::IntakeNextStepCode(step) == next_step}});
    }
    data["next_step_options"] = next_steps;
    data["refer_organization_options"] = OrganizationOptions(
        services, actor, OwnOrganization::kExclude, ParseId<OrganizationId>(field("refer_to_organization_id")));

    json categories = json::array();
    // A new intake offers the town's active categories in its order (OfferedCategories).
    if (auto list = services.consultations->OfferedCategories(actor)) {
        for (const domain::WorryCategory& category : *list) {
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
            intake.first_contact.caller.organization_id = OrganizationId{*id};
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

http::Response SubmitIntake(const IntakeServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    IntakeState state;
    state.fields = request.FormFields();
    if (FieldOf(state.fields, "action") == "search") return RenderIntake(services, request, state, 200);
    if (FieldOf(state.fields, "action") == "add_member") {
        state.fields["member_rows"] = std::to_string(MemberRows(state.fields) + 1);
        return RenderIntake(services, request, state, 200);
    }

    domain::IntakeRequest intake;
    ReadConsultation(services, actor, state, intake);

    const std::string person_choice = FieldOf(state.fields, "person_id");
    std::optional<domain::PersonId> person_id = ParseId<domain::PersonId>(person_choice);
    const bool anonymous = person_choice == "anonymous";
    PersonForm person_form;
    if (!person_id && !anonymous) {
        person_form = ReadPersonForm(state.fields);
        for (const auto& [name, message] : person_form.errors.items()) {
            AddFieldError(state.errors, Error::InvalidArgument(message.get<std::string>(), name), kIntakeFieldNames);
        }
        if (person_form.data.family_name.empty() && person_form.data.given_name.empty() &&
            person_form.data.family_name_kana.empty() && !person_form.data.unknown_reasons.contains("name")) {
            AddFieldError(state.errors,
                          Error::InvalidArgument("既存の人を選ぶか、新しい人の氏名（またはふりがな）を入力するか、"
                                                 "匿名の相談を選んでください",
                                                 "family_name"),
                          kIntakeFieldNames);
        }
    }
    if (FieldOf(state.fields, "new_household") == "1") {
        domain::IntakeHousehold household{.name = FieldOf(state.fields, "household_name"),
                                          .notes = FieldOf(state.fields, "household_notes")};
        if (auto relationship = domain::ParseRelationship(FieldOf(state.fields, "household_relationship"))) {
            household.subject_relationship = *relationship;
        } else {
            AddFieldError(state.errors,
                          Error::InvalidArgument("「本人の続柄」を選んでください", "household_relationship"),
                          kIntakeFieldNames);
        }
        intake.new_household = std::move(household);
    }
    // 世帯員 rows: a row with nothing typed in it is not a member. member_rows[i] is the form row of new_members[i].
    std::vector<int> member_rows;
    for (int row = 0; row < MemberRows(state.fields); ++row) {
        auto value = [&](std::string_view name) { return FieldOf(state.fields, MemberField(row, name)); };
        if (value("family_name").empty() && value("given_name").empty() && value("family_name_kana").empty() &&
            value("given_name_kana").empty() && value("birth_date").empty()) {
            continue;
        }
        domain::IntakeMember member;
        member.person.family_name = value("family_name");
        member.person.given_name = value("given_name");
        member.person.family_name_kana = value("family_name_kana");
        member.person.given_name_kana = value("given_name_kana");
        if (const std::string birth = value("birth_date"); !birth.empty()) {
            if (auto parsed = ParseJapaneseDate(birth, "birth_date")) {
                member.person.birth_date = *parsed;
            } else {
                AddCallError(state.errors,
                             Error::InvalidArgument("「生年月日」を正しく入力してください（例：昭和30年4月1日）",
                                                    "new_members[" + std::to_string(row) + "].birth_date"));
            }
        }
        if (auto relationship = domain::ParseRelationship(value("relationship"))) {
            member.relationship = *relationship;
        } else {
            AddCallError(state.errors, Error::InvalidArgument("「続柄」を選んでください",
                                                              "new_members[" + std::to_string(row) + "].relationship"));
        }
        member.existing_person_id = ParseId<domain::PersonId>(value("person"));
        intake.new_members.push_back(std::move(member));
        member_rows.push_back(row);
    }
    // The next step.
    if (auto step = domain::ParseIntakeNextStep(
            FieldOf(state.fields, "next_step").empty() ? "none" : FieldOf(state.fields, "next_step"))) {
        intake.next_step.kind = *step;
    } else {
        AddFieldError(state.errors, Error::InvalidArgument("「次の対応」を選んでください", "next_step"),
                      kIntakeFieldNames);
    }
    if (intake.next_step.kind == domain::IntakeNextStep::kCallBack) {
        if (const std::string on = FieldOf(state.fields, "call_back_on"); !on.empty()) {
            if (auto parsed = ParseJapaneseDate(on, "call_back_on")) {
                intake.next_step.call_back_on = *parsed;
            } else {
                AddFieldError(state.errors,
                              Error::InvalidArgument("「折り返し連絡の日付」を正しく入力してください", "call_back_on"),
                              kIntakeFieldNames);
            }
        }
    }
    if (intake.next_step.kind == domain::IntakeNextStep::kRefer) {
        intake.next_step.to_organization_id =
            ParseId<OrganizationId>(FieldOf(state.fields, "refer_to_organization_id"));
    }
    if (!state.errors.empty()) {
        return RenderIntake(services, request, state, state.failure_status ? state.failure_status : 400);
    }

    // New persons — the subject and each 世帯員 typed in — are checked for likely duplicates first, unless these
    // very data were checked already and the user chose 「別の人」; all candidates are shown at once.
    const Date today = TodayInJapan(*services.clock);
    auto duplicates_of = [&](const domain::PersonData& data, std::string_view choice,
                             std::string_view checked_key) -> Result<std::optional<json>> {
        const std::string key = DuplicateCheckKey(data);
        if (choice == "new_confirmed" && checked_key == key) return std::optional<json>();
        auto found = services.persons->FindDuplicates(actor, data);
        if (!found) return Fail(found.error());
        if (found->empty()) return std::optional<json>();
        return std::optional<json>(DuplicatesJson(*found, today));
    };
    bool duplicates_shown = false;
    if (!person_id && !anonymous) {
        auto found = duplicates_of(person_form.data, FieldOf(state.fields, "person_id"),
                                   FieldOf(state.fields, "duplicates_key"));
        if (!found) {
            AddIntakeError(state, actor, found.error());
            return RenderIntake(services, request, state, http::HttpStatusFor(found.error().code));
        }
        if (*found) {
            state.duplicates = std::move(**found);
            state.fields["duplicates_key"] = DuplicateCheckKey(person_form.data);
            state.fields["person_id"] = "new";
            duplicates_shown = true;
        }
    }
    for (std::size_t i = 0; i < intake.new_members.size(); ++i) {
        const domain::IntakeMember& member = intake.new_members[i];
        if (member.existing_person_id) continue;
        const int row = member_rows[i];
        auto found = duplicates_of(member.person, FieldOf(state.fields, MemberField(row, "person")),
                                   FieldOf(state.fields, MemberField(row, "duplicates_key")));
        if (!found) {
            AddIntakeError(state, actor, found.error());
            return RenderIntake(services, request, state, http::HttpStatusFor(found.error().code));
        }
        if (*found) {
            state.member_duplicates[row] = std::move(**found);
            state.fields[MemberField(row, "duplicates_key")] = DuplicateCheckKey(member.person);
            state.fields[MemberField(row, "person")] = "";
            duplicates_shown = true;
        }
    }
    if (duplicates_shown) {
        state.notice =
            "似ている記録があります。同じ人なら選んでください。別の人なら「新しい人として登録する」を"
            "選んで、もう一度「受付を記録する」を押してください。";
        return RenderIntake(services, request, state, 200);
    }

    // Everything in one use case: the person, the household with its members, the consultation and its next
    // step are saved together or not at all (ConsultationService::RecordCall).
    if (auto household_id = ParseId(FieldOf(state.fields, "household_id"))) {
        intake.household_id = domain::HouseholdId{*household_id};
    } else if (auto existing = ParseId(FieldOf(state.fields, "existing_household_id"));
               existing && person_id && !intake.new_household) {
        intake.household_id = domain::HouseholdId{*existing};
    }
    if (person_id) {
        intake.person_id = *person_id;
    } else if (anonymous) {
        intake.anonymous = true;
    } else {
        intake.new_person = person_form.data;
    }
    auto recorded = services.consultations->RecordCall(actor, intake);
    if (!recorded) {
        AddIntakeError(state, actor, recorded.error());
        return RenderIntake(services, request, state, http::HttpStatusFor(recorded.error().code));
    }
    const domain::Consultation& consultation = recorded->consultation;
    const std::string id = std::to_string(consultation.id);
    if (intake.next_step.kind == domain::IntakeNextStep::kOpenCase && consultation.person_id) {
        return http::Response::Redirect("/cases/new?person_id=" + std::to_string(*consultation.person_id) +
                                        "&consultation_id=" + id);
    }
    if (recorded->referral_id) {
        return http::Response::Redirect("/referrals/" + std::to_string(*recorded->referral_id) + "?sent=1");
    }
    if (!consultation.person_id) return http::Response::Redirect("/consultations/" + id + "?done=recorded");
    return http::Response::Redirect("/persons/" + std::to_string(*consultation.person_id) + "?recorded=" + id);
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
