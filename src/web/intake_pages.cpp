// 相談受付, 検索, 本人 and 世帯: the pages of 断らない相談 that record and find persons. Handlers parse the form, call
// one use case of domain/intake.hpp, and map its Result to a page: a refused record is "not found" exactly like
// a missing one (the domain decides), and an input error re-renders the form with what was typed and the
// message next to the field it names.

#include <algorithm>
#include <array>
#include <set>

#include "base/japanese_date.hpp"
#include "base/log.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/person_form.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

constexpr int kSearchLimit = 30;
constexpr int kIntakeSearchLimit = 10;

constexpr domain::Channel kChannels[] = {domain::Channel::kPhone,     domain::Channel::kVisit,
                                         domain::Channel::kHomeVisit, domain::Channel::kEmail,
                                         domain::Channel::kViaAgency, domain::Channel::kOther};
constexpr domain::Source kSources[] = {domain::Source::kSelf,
                                       domain::Source::kFamily,
                                       domain::Source::kNeighbor,
                                       domain::Source::kWelfareVolunteer,
                                       domain::Source::kNeighborhoodAssociation,
                                       domain::Source::kAgency,
                                       domain::Source::kOther};
constexpr domain::TextTag kTextTags[] = {domain::TextTag::kFact, domain::TextTag::kThirdParty,
                                         domain::TextTag::kAssessment};
constexpr domain::Relationship kRelationships[] = {
    domain::Relationship::kHead,       domain::Relationship::kSpouse,     domain::Relationship::kChild,
    domain::Relationship::kParent,     domain::Relationship::kGrandchild, domain::Relationship::kGrandparent,
    domain::Relationship::kSibling,    domain::Relationship::kChildInLaw, domain::Relationship::kOtherRelative,
    domain::Relationship::kNonRelative};

std::string MatchedOnLabel(std::string_view code) {
    if (code == "name") return "氏名";
    if (code == "kana") return "ふりがな";
    if (code == "reading") return "読み";
    if (code == "birth_date") return "生年月日";
    if (code == "phone") return "電話";
    if (code == "address") return "住所";
    return std::string(code);
}

std::string DuplicateReasonLabel(std::string_view code) {
    if (code == "name_reading_and_birth_date") return "氏名の読みと生年月日が同じ";
    if (code == "phone") return "電話番号が同じ";
    if (code == "address") return "住所が同じ";
    return std::string(code);
}

json SummaryJson(const domain::PersonSummary& summary) {
    json item = PersonHeaderJson(summary.person, summary.decision);
    json matched = json::array();
    for (const std::string& code : summary.matched_on) matched.push_back(MatchedOnLabel(code));
    item["has_matched"] = !matched.empty();
    item["matched_on"] = matched;
    item["known_to"] = JoinKnownTo(summary.known_to);
    return item;
}

json SummariesJson(const std::vector<domain::PersonSummary>& summaries, std::optional<std::int64_t> selected) {
    json list = json::array();
    for (const domain::PersonSummary& summary : summaries) {
        json item = SummaryJson(summary);
        item["selected"] = selected && *selected == summary.person.id;
        list.push_back(std::move(item));
    }
    return list;
}

http::Response ErrorOrNotFound(const http::Request& request, const Error& error) {
    return RenderErrorPage(request, error);
}

json OrganizationOptions(const IntakeServices& services, const domain::Actor& actor, bool exclude_own,
                         std::optional<OrganizationId> selected) {
    json options = json::array();
    auto organizations = services.store->Tenant(actor.Tenant())->Organizations().List();
    if (!organizations) return options;
    for (const domain::Organization& organization : *organizations) {
        if (exclude_own && organization.id == actor.principal.user.organization_id) continue;
        options.push_back({{"value", organization.id},
                           {"label", organization.name},
                           {"kind", domain::OrganizationKindLabel(organization.kind)},
                           {"selected", selected && *selected == organization.id}});
    }
    return options;
}

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
};

http::Response RenderIntake(const IntakeServices& services, const http::Request& request, const IntakeState& state,
                            int status) {
    const domain::Actor actor = ActorOf(request);
    const FormFields& fields = state.fields;
    auto field = [&](std::string_view name) { return FieldOf(fields, name); };

    std::string person_choice = field("person_id");
    if (state.created_person_id) person_choice = std::to_string(*state.created_person_id);
    const std::optional<std::int64_t> selected_id = ParseId(person_choice);

    json data = {{"values", json::object()}, {"errors", state.errors}};
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
        if (found) results = SummariesJson(*found, selected_id);
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
                json chosen = PersonHeaderJson(view->person, view->decision);
                chosen["known_to"] = JoinKnownTo(view->known_to);
                chosen["selected"] = true;
                data["chosen"] = chosen;
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
        }
    }

    data["occurred_at"] = field("occurred_at").empty()
                              ? LocalDateTimeInput(std::chrono::time_point_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now()))
                              : field("occurred_at");
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
        data["results"] = SummariesJson(*found, std::nullopt);
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
    }
    // One checked category is the most pressing by itself; with several, the radio must name one of them.
    if (intake.categories.size() == 1) {
        intake.categories.front().most_pressing = true;
    } else if (!intake.categories.empty() && !pressing_found) {
        add("categories", "選んだ困りごとのうち、最も気がかりなもの（◎）を1つ選んでください");
    }
}

json DuplicatesJson(const std::vector<domain::DuplicateCandidate>& candidates) {
    json list = json::array();
    for (const domain::DuplicateCandidate& candidate : candidates) {
        json item = SummaryJson(candidate.summary);
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
    if (!state.errors.empty()) return RenderIntake(services, request, state, 400);

    // A new person: show likely duplicates first, unless these very data were already checked.
    if (!person_id) {
        const std::string key = DuplicateCheckKey(person_form.data);
        if (FieldOf(state.fields, "person_id") != "new_confirmed" || FieldOf(state.fields, "duplicates_key") != key) {
            auto duplicates = services.persons->FindDuplicates(actor, person_form.data);
            if (!duplicates) {
                AddFieldError(state.errors, duplicates.error(), kIntakeFieldNames);
                return RenderIntake(services, request, state, http::HttpStatusFor(duplicates.error().code));
            }
            if (!duplicates->empty()) {
                state.duplicates = DuplicatesJson(*duplicates);
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
            AddFieldError(state.errors, created.error(), kIntakeFieldNames);
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
            AddFieldError(state.errors, household.error(), kIntakeFieldNames);
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
        AddFieldError(state.errors, recorded.error(), kIntakeFieldNames);
        if (state.created_person_id)
            state.notice = "本人と世帯の記録は保存しました。相談の内容を直して、もう一度記録してください。";
        return RenderIntake(services, request, state, http::HttpStatusFor(recorded.error().code));
    }
    return http::Response::Redirect("/persons/" + std::to_string(recorded->person_id) +
                                    "?recorded=" + std::to_string(recorded->id));
}

// --- 検索 -----------------------------------------------------------------------------------------------------

http::Response SearchPersons(const IntakeServices& services, http::Request& request) {
    const std::string query = request.QueryParam("q").value_or("");
    json data = {{"q", query}, {"results", json::array()}};
    if (!query.empty()) {
        auto found = services.persons->Search(ActorOf(request), query, kSearchLimit);
        if (!found) {
            if (!found.error().Is(ErrorCode::kInvalidArgument)) return RenderErrorPage(request, found.error());
            data["error"] = found.error().message;
            return RenderPage(request, "検索", "persons", std::move(data), 400);
        }
        data["results"] = SummariesJson(*found, std::nullopt);
        data["searched"] = true;
        data["count"] = found->size();
    }
    return RenderPage(request, "検索", "persons", std::move(data));
}

// --- 本人 -----------------------------------------------------------------------------------------------------

json ContactJson(const IntakeServices& services, const domain::Actor& actor, const domain::Contact& contact) {
    json item = {{"occurred_at", InstantJson(contact.occurred_at)},
                 {"channel", domain::ChannelLabel(contact.channel)},
                 {"source", domain::SourceLabel(contact.source)},
                 {"summary", contact.summary},
                 {"tag", domain::TextTagLabel(contact.summary_tag)},
                 {"tag_code", domain::TextTagCode(contact.summary_tag)},
                 {"organization", OrganizationName(*services.store, actor.Tenant(), contact.organization_id)}};
    if (!contact.caller.name.empty() || !contact.caller.relationship.empty()) {
        item["caller"] = {{"name", contact.caller.name}, {"relationship", contact.caller.relationship}};
    }
    return item;
}

std::map<domain::CategoryId, std::string> CategoryLabels(const IntakeServices& services, const domain::Actor& actor) {
    std::map<domain::CategoryId, std::string> labels;
    if (auto list = services.consultations->Categories(actor)) {
        for (const domain::WorryCategory& category : *list) labels[category.id] = category.label;
    }
    return labels;
}

json ConsultationJson(const IntakeServices& services, const domain::Actor& actor,
                      const domain::Consultation& consultation,
                      const std::map<domain::CategoryId, std::string>& category_labels) {
    json categories = json::array();
    for (const domain::CategoryChoice& choice : consultation.categories) {
        auto label = category_labels.find(choice.category_id);
        categories.push_back(
            {{"label", label == category_labels.end() ? "" : label->second}, {"most_pressing", choice.most_pressing}});
    }
    json contacts = json::array();
    for (const domain::Contact& contact : consultation.contacts)
        contacts.push_back(ContactJson(services, actor, contact));
    json item = {
        {"id", consultation.id},
        {"chief_complaint", consultation.chief_complaint},
        {"categories", categories},
        {"outcome", domain::OutcomeLabel(consultation.outcome)},
        {"organization", OrganizationName(*services.store, actor.Tenant(), consultation.receiving_organization_id)},
        {"contacts", contacts},
        {"contact_count", consultation.contacts.size()},
        {"created_at", InstantJson(consultation.created_at)}};
    if (consultation.household_id) item["household_id"] = *consultation.household_id;
    return item;
}

std::string AreaName(const IntakeServices& services, const domain::Actor& actor, std::optional<AreaId> id) {
    if (!id) return {};
    auto area = services.store->Tenant(actor.Tenant())->Areas().Get(*id);
    return area ? area->name : std::string();
}

json HouseholdSummaryJson(const domain::Household& household, domain::PersonId person_id) {
    json item = {{"id", household.id}, {"name", household.name}, {"member_count", 0}};
    int current = 0;
    for (const domain::HouseholdMember& member : household.CurrentMembers(TodayJst())) {
        ++current;
        if (member.person_id == person_id) {
            item["relationship"] = domain::RelationshipLabel(member.relationship);
            // 「世帯主・世帯主」 says nothing twice: the mark is for a head whose 続柄 is not 世帯主 itself.
            item["is_head"] = member.is_head && member.relationship != domain::Relationship::kHead;
        }
    }
    item["member_count"] = current;
    return item;
}

json ReferralRowJson(const domain::ReferralView& view) {
    return {{"id", view.referral.id},
            {"from", view.from_organization_name},
            {"to", view.to_organization_name},
            {"status", domain::ReferralStatusLabel(view.referral.status)},
            {"status_code", domain::ReferralStatusCode(view.referral.status)},
            {"overdue", view.overdue},
            {"reason", view.referral.reason},
            {"sent_at", InstantJson(view.referral.sent_at)}};
}

struct PersonPageExtras {
    json edit_values;  // the edit form's values (a record's, or what was typed)
    json edit_errors = json::object();
    std::optional<int> edit_version;
    json conflict;  // {"rows": [...]} when a save met a newer version
    std::string notice;
    std::string merge_error;
    std::string household_error;
    std::string dv_error;
    int status = 200;
};

http::Response RenderPerson(const IntakeServices& services, http::Request& request, domain::PersonId id,
                            PersonPageExtras extras) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.persons->Get(actor, id);
    if (!view) return ErrorOrNotFound(request, view.error());
    const domain::Person& person = view->person;
    const domain::AccessDecision& decision = view->decision;

    json data = {{"person", PersonHeaderJson(person, decision)},
                 {"known_to", JoinKnownTo(view->known_to)},
                 {"basis_label", domain::AccessBasisLabel(decision.basis)},
                 {"tabs", {{"id", id}, {"record", true}}}};
    if (!extras.notice.empty()) data["notice"] = extras.notice;
    if (request.QueryParam("updated")) data["notice"] = "本人の記録を保存しました。";
    if (request.QueryParam("merged")) data["notice"] = "記録を統合しました（名寄せ）。取り消すこともできます。";
    if (request.QueryParam("unmerged")) data["notice"] = "名寄せを取り消しました。";
    if (auto recorded = request.QueryParam("recorded"); recorded && ParseId(*recorded)) {
        data["notice"] = "相談を記録しました（相談番号 " + *recorded + "）。";
    }
    if (person.merged_into) data["merged_into"] = *person.merged_into;

    // A member of a statutory meeting body sees identity and what was shared for the meeting (issue #4).
    if (decision.level == domain::ViewLevel::kMeetingShared && services.sharing) {
        return RenderMeetingSharedPerson(
            SharingPageServices{.store = services.store, .sharing = services.sharing, .persons = services.persons},
            request, id, std::move(data));
    }
    data["can_request_emergency"] =
        actor.principal.HasRole(domain::Role::kCaseworker) || actor.principal.HasRole(domain::Role::kCoordinator);
    if (decision.level != domain::ViewLevel::kFull) {
        const std::string title =
            decision.level == domain::ViewLevel::kIdentity ? "本人（本人確認の情報のみ）" : "本人（つなぐシートのみ）";
        return RenderPage(request, title, "person_limited", std::move(data), extras.status);
    }

    // Address and contact: hidden for a DV-protected person unless the user is named staff.
    if (decision.address_and_contact) {
        data["contact"] = {{"address", person.data.address.OneLine()},
                           {"phone", person.data.phone},
                           {"resides_elsewhere", person.data.resides_elsewhere}};
    } else {
        data["contact_hidden"] = true;
        data["concealed"] = domain::kConcealed;
    }
    data["dv_protected"] = person.data.dv_protected;
    // What the user may change is the domain's answer (change_policy.hpp), never worked out here. The record as read
    // is masked for a user who may not see a DV-protected address: editing it would save the blanks over the real
    // address, so the form is offered only with the whole record in view.
    const domain::ChangeRights& rights = view->may_change;
    data["can_edit"] = rights.identity && rights.address_and_contact;
    if (!rights.identity) {
        data["edit_refusal"] = rights.refusal;
    } else if (!rights.address_and_contact) {
        data["edit_refusal"] = "DV等支援措置の対象のため、この記録は住所と連絡先を閲覧できる職員だけが編集できます。";
    }
    data["may_change_household"] = rights.household;
    data["may_protect"] = !person.data.dv_protected && rights.dv_protection_on;
    data["may_unprotect"] = person.data.dv_protected && rights.dv_protection_off;
    if (!extras.dv_error.empty()) data["dv_error"] = extras.dv_error;
    if (request.QueryParam("dv")) data["notice"] = "DV等支援措置を更新しました。";
    json unknown = json::array();
    for (const auto& [field, reason] : person.data.unknown_reasons) {
        static const std::map<std::string, std::string, std::less<>> kLabels = {
            {"name", "氏名"}, {"name_kana", "ふりがな"}, {"birth_date", "生年月日"},
            {"sex", "性別"},  {"phone", "電話"},         {"address", "住所"}};
        auto label = kLabels.find(field);
        unknown.push_back({{"field", label == kLabels.end() ? field : label->second},
                           {"reason", domain::UnknownReasonLabel(reason)}});
    }
    data["unknown"] = unknown;
    json areas = json::array();
    for (const auto& [label, area_id] : std::array<std::pair<std::string_view, std::optional<AreaId>>, 4>{
             {{"自治会", person.data.neighborhood_id},
              {"小学校区", person.data.elementary_school_district_id},
              {"中学校区", person.data.junior_high_school_district_id},
              {"民生委員区", person.data.welfare_volunteer_district_id}}}) {
        if (std::string name = AreaName(services, actor, area_id); !name.empty()) {
            areas.push_back({{"kind", label}, {"name", name}});
        }
    }
    data["areas"] = areas;

    json households = json::array();
    if (auto list = services.households->OfPerson(actor, id)) {
        for (const domain::Household& household : *list) households.push_back(HouseholdSummaryJson(household, id));
    }
    data["households"] = households;
    data["household_relationship_options"] =
        EnumOptions(kRelationships, domain::RelationshipCode, domain::RelationshipLabel, "head");
    if (!extras.household_error.empty()) data["household_error"] = extras.household_error;

    json consultations = json::array();
    if (auto list = services.consultations->OfPerson(actor, id)) {
        const auto labels = CategoryLabels(services, actor);
        for (const domain::Consultation& consultation : *list) {
            consultations.push_back(ConsultationJson(services, actor, consultation, labels));
        }
    }
    data["consultations"] = consultations;

    // Referrals of this person (and records merged into it) that the organisation sent or received.
    std::set<domain::PersonId> identity = {id};
    for (const domain::PersonMerge& merge : view->merges) {
        if (merge.undone_at) continue;
        identity.insert(merge.merged_id);
    }
    json referrals = json::array();
    std::set<domain::ReferralId> seen;
    for (auto list_of : {&domain::ReferralService::Outbox, &domain::ReferralService::Inbox}) {
        auto list = (services.referrals->*list_of)(actor);
        if (!list) continue;
        for (const domain::ReferralView& referral : *list) {
            if (!identity.contains(referral.referral.person_id) || !seen.insert(referral.referral.id).second) continue;
            referrals.push_back(ReferralRowJson(referral));
        }
    }
    data["referrals"] = referrals;

    json merges = json::array();
    for (const domain::PersonMerge& merge : view->merges) {
        merges.push_back({{"id", merge.id},
                          {"survivor_id", merge.survivor_id},
                          {"merged_id", merge.merged_id},
                          {"merged_at", InstantJson(merge.merged_at)},
                          {"undone", merge.undone_at.has_value()},
                          {"undone_at", merge.undone_at ? InstantJson(*merge.undone_at) : json(nullptr)},
                          {"can_undo", !merge.undone_at.has_value()}});
    }
    data["merges"] = merges;
    if (!extras.merge_error.empty()) data["merge_error"] = extras.merge_error;
    if (auto merge_query = request.QueryParam("merge_q"); merge_query && !merge_query->empty()) {
        data["merge_q"] = *merge_query;
        json candidates = json::array();
        if (auto found = services.persons->Search(actor, *merge_query, kIntakeSearchLimit)) {
            for (const domain::PersonSummary& summary : *found) {
                if (summary.person.id == id || summary.decision.level != domain::ViewLevel::kFull) continue;
                candidates.push_back(SummaryJson(summary));
            }
        }
        data["merge_candidates"] = candidates;
        data["merge_searched"] = true;
    }

    json values = extras.edit_values.is_object() ? extras.edit_values : PersonFormValuesOf(person.data);
    data["pf"] = PersonFormView(values, extras.edit_errors);
    data["edit_version"] = extras.edit_version.value_or(person.version);
    data["errors"] = extras.edit_errors;
    if (!extras.edit_errors.empty()) data["edit_open"] = true;
    if (extras.conflict.is_object()) data["conflict"] = extras.conflict;
    return RenderPage(request, person.FullName().empty() ? "本人" : person.FullName() + " さん", "person",
                      std::move(data), extras.status);
}

http::Response ShowPerson(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderPerson(services, request, *id, {});
}

// The rows of the side-by-side view of a conflict: each field, what the user typed and what is stored now.
json ConflictRows(const json& yours, const json& current) {
    static const std::array<std::pair<std::string_view, std::string_view>, 12> kRows{{
        {"family_name", "氏"},
        {"given_name", "名"},
        {"family_name_kana", "氏（ふりがな）"},
        {"given_name_kana", "名（ふりがな）"},
        {"birth_date", "生年月日"},
        {"sex", "性別"},
        {"phone", "電話"},
        {"address_prefecture", "都道府県"},
        {"address_municipality", "市区町村"},
        {"address_town", "町字"},
        {"address_block", "番地以下"},
        {"address_building", "建物名等"},
    }};
    json rows = json::array();
    for (const auto& [name, label] : kRows) {
        const std::string key(name);
        const std::string mine = yours.value(key, "");
        const std::string theirs = current.value(key, "");
        rows.push_back({{"label", label}, {"yours", mine}, {"current", theirs}, {"differs", mine != theirs}});
    }
    return rows;
}

http::Response UpdatePerson(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    const FormFields fields = request.FormFields();
    PersonPageExtras extras;
    extras.edit_values = PersonFormValues(fields);
    const std::string version_text = FieldOf(fields, "version");
    auto version = ParseId(version_text);
    if (!version) return RenderErrorPage(request, Error::InvalidArgument("版番号がありません", "version"));
    extras.edit_version = static_cast<int>(*version);

    auto decision = services.persons->Authorize(actor, *id);
    if (!decision) return RenderErrorPage(request, decision.error());
    if (decision->level != domain::ViewLevel::kFull || !decision->address_and_contact) {
        return RenderErrorPage(request,
                               Error::PermissionDenied("この記録は、住所と連絡先を閲覧できる職員だけが編集できます"));
    }
    if (auto may = services.persons->RequireChange(actor, *id, domain::ChangeKind::kIdentity); !may) {
        return RenderErrorPage(request, may.error());
    }
    PersonForm form = ReadPersonForm(fields);
    if (!form.errors.empty()) {
        for (const auto& [name, message] : form.errors.items()) {
            AddFieldError(extras.edit_errors, Error::InvalidArgument(message.get<std::string>(), name),
                          kPersonFieldNames);
        }
        extras.status = 400;
        return RenderPerson(services, request, *id, extras);
    }
    auto updated = services.persons->Update(actor, *id, static_cast<int>(*version), form.data);
    if (updated) return http::Response::Redirect("/persons/" + std::to_string(*id) + "?updated=1");

    const Error& error = updated.error();
    if (error.Is(ErrorCode::kConflict)) {
        auto current = services.persons->Get(actor, *id);
        if (!current) return RenderErrorPage(request, current.error());
        const json current_values = PersonFormValuesOf(current->person.data);
        extras.conflict = {{"rows", ConflictRows(extras.edit_values, current_values)},
                           {"current_version", current->person.version},
                           {"your_version", *version}};
        // Re-applying sends what the user typed against the version now stored.
        extras.edit_version = current->person.version;
        extras.edit_errors = json::object();
        AddFieldError(extras.edit_errors,
                      Error::Conflict("ほかの人が先にこの記録を更新しました。両方の内容を見比べて、必要なら入力を直して"
                                      "から保存し直してください。",
                                      "version"),
                      kPersonFieldNames);
        extras.status = 409;
        return RenderPerson(services, request, *id, extras);
    }
    if (error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kPayloadTooLarge)) {
        AddFieldError(extras.edit_errors, error, kPersonFieldNames);
        extras.status = http::HttpStatusFor(error.code);
        return RenderPerson(services, request, *id, extras);
    }
    return RenderErrorPage(request, error);
}

// DV等支援措置: set it, or lift it with a reason (named DV staff or an administrator).
http::Response SetDvProtection(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    const bool protect = FieldOf(fields, "protect") == "1";
    auto done = services.persons->SetDvProtection(ActorOf(request), *id, protect, FieldOf(fields, "reason"));
    if (done) return http::Response::Redirect("/persons/" + std::to_string(*id) + "?dv=1");
    if (done.error().Is(ErrorCode::kInvalidArgument) || done.error().Is(ErrorCode::kPayloadTooLarge)) {
        PersonPageExtras extras;
        extras.dv_error = done.error().message;
        extras.status = http::HttpStatusFor(done.error().code);
        return RenderPerson(services, request, *id, extras);
    }
    return RenderErrorPage(request, done.error());
}

http::Response MergePerson(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    auto other = ParseId(FieldOf(fields, "merged_id"));
    PersonPageExtras extras;
    if (!other) {
        extras.merge_error = "統合する記録を選んでください";
        extras.status = 400;
        return RenderPerson(services, request, *id, extras);
    }
    auto merged = services.persons->Merge(ActorOf(request), *id, *other);
    if (!merged) {
        if (merged.error().Is(ErrorCode::kNotFound) && merged.error().field.empty()) {
            return RenderErrorPage(request, merged.error());
        }
        extras.merge_error = merged.error().message;
        extras.status = http::HttpStatusFor(merged.error().code);
        return RenderPerson(services, request, *id, extras);
    }
    return http::Response::Redirect("/persons/" + std::to_string(*id) + "?merged=1");
}

http::Response UnmergePerson(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    auto merge_id = ParseId(FieldOf(request.FormFields(), "merge_id"));
    PersonPageExtras extras;
    if (!merge_id)
        return RenderErrorPage(request, Error::InvalidArgument("取り消す名寄せを選んでください", "merge_id"));
    auto undone = services.persons->Unmerge(ActorOf(request), *merge_id);
    if (!undone) {
        extras.merge_error = undone.error().message;
        extras.status = http::HttpStatusFor(undone.error().code);
        return RenderPerson(services, request, *id, extras);
    }
    return http::Response::Redirect("/persons/" + std::to_string(*id) + "?unmerged=1");
}

// A new household with this person as its first member (from the person page).
http::Response CreateHousehold(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    PersonPageExtras extras;
    auto relationship = domain::ParseRelationship(FieldOf(fields, "relationship"));
    if (!relationship) {
        extras.household_error = "「続柄」を選んでください";
        extras.status = 400;
        return RenderPerson(services, request, *id, extras);
    }
    auto created = services.households->Create(
        ActorOf(request), FieldOf(fields, "name"), FieldOf(fields, "notes"),
        {domain::HouseholdMemberInput{.person_id = *id,
                                      .relationship = *relationship,
                                      .is_head = *relationship == domain::Relationship::kHead,
                                      .moved_in = std::nullopt}});
    if (!created) {
        extras.household_error = created.error().message;
        extras.status = http::HttpStatusFor(created.error().code);
        return RenderPerson(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(created->id));
}

// --- 世帯 -----------------------------------------------------------------------------------------------------

struct HouseholdPageExtras {
    json errors = json::object();
    json values = json::object();
    int status = 200;
};

http::Response RenderHousehold(const IntakeServices& services, http::Request& request, domain::HouseholdId id,
                               HouseholdPageExtras extras) {
    const domain::Actor actor = ActorOf(request);
    auto household = services.households->Get(actor, id);
    if (!household) return RenderErrorPage(request, household.error());
    const Date today = TodayJst();

    json current = json::array();
    json former = json::array();
    for (const domain::HouseholdMember& member : household->members) {
        json item = {{"member_id", member.id},
                     {"person_id", member.person_id},
                     {"relationship", domain::RelationshipLabel(member.relationship)},
                     {"is_head", member.is_head},
                     {"moved_in", DateJson(member.moved_in)},
                     {"moved_out", DateJson(member.moved_out)},
                     {"moved_out_reason", member.moved_out_reason}};
        if (auto person = services.persons->Get(actor, member.person_id)) {
            item["person"] = PersonHeaderJson(person->person, person->decision);
        }
        if (auto error = extras.errors.find("moved_out_" + std::to_string(member.id)); error != extras.errors.end()) {
            item["move_out_error"] = *error;
        }
        const bool gone = member.moved_out && std::chrono::sys_days{*member.moved_out} <= std::chrono::sys_days{today};
        (gone ? former : current).push_back(std::move(item));
    }
    json data = {{"household",
                  {{"id", household->id},
                   {"name", household->name},
                   {"notes", household->notes},
                   {"version", household->version},
                   {"created_at", InstantJson(household->created_at)}}},
                 {"current", current},
                 {"former", former},
                 {"errors", extras.errors},
                 {"values", extras.values},
                 {"today", FormatWareki(today)}};
    data["relationship_options"] = EnumOptions(kRelationships, domain::RelationshipCode, domain::RelationshipLabel,
                                               extras.values.value("relationship", std::string("child")));
    if (auto query = request.QueryParam("member_q"); query && !query->empty()) {
        data["member_q"] = *query;
        data["member_searched"] = true;
        json candidates = json::array();
        if (auto found = services.persons->Search(actor, *query, kIntakeSearchLimit)) {
            for (const domain::PersonSummary& summary : *found) {
                if (summary.decision.level != domain::ViewLevel::kFull) continue;
                candidates.push_back(SummaryJson(summary));
            }
        }
        data["member_candidates"] = candidates;
    }
    return RenderPage(request, household->name.empty() ? "世帯" : household->name, "household", std::move(data),
                      extras.status);
}

std::optional<domain::HouseholdId> HouseholdIdOf(const http::Request& request) {
    return ParseId(request.PathParam("id"));
}

http::Response ShowHousehold(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderHousehold(services, request, *id, {});
}

http::Response UpdateHousehold(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    auto version = ParseId(FieldOf(fields, "version"));
    HouseholdPageExtras extras;
    extras.values = {{"name", FieldOf(fields, "name")}, {"notes", FieldOf(fields, "notes")}};
    if (!version) return RenderErrorPage(request, Error::InvalidArgument("版番号がありません", "version"));
    auto updated = services.households->Update(ActorOf(request), *id, static_cast<int>(*version),
                                               FieldOf(fields, "name"), FieldOf(fields, "notes"));
    if (!updated) {
        if (updated.error().Is(ErrorCode::kNotFound)) return RenderErrorPage(request, updated.error());
        AddFieldError(extras.errors, updated.error(), {"name", "notes"});
        if (updated.error().Is(ErrorCode::kConflict)) {
            extras.errors["notes"] = "ほかの人が先に更新しました。最新の内容を確かめてから、もう一度保存してください。";
        }
        extras.status = http::HttpStatusFor(updated.error().code);
        return RenderHousehold(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(*id));
}

http::Response AddHouseholdMember(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    HouseholdPageExtras extras;
    extras.values = {{"relationship", FieldOf(fields, "relationship")}, {"moved_in", FieldOf(fields, "moved_in")}};
    domain::HouseholdMemberInput member;
    auto person_id = ParseId(FieldOf(fields, "person_id"));
    if (!person_id) extras.errors["person_id"] = "加える人を検索して選んでください";
    auto relationship = domain::ParseRelationship(FieldOf(fields, "relationship"));
    if (!relationship) extras.errors["relationship"] = "「続柄」を選んでください";
    if (const std::string moved_in = FieldOf(fields, "moved_in"); !moved_in.empty()) {
        if (auto date = ParseJapaneseDate(moved_in, "転入・同居開始日")) {
            member.moved_in = *date;
        } else {
            extras.errors["moved_in"] = date.error().message;
        }
    }
    if (!extras.errors.empty()) {
        extras.status = 400;
        return RenderHousehold(services, request, *id, extras);
    }
    member.person_id = *person_id;
    member.relationship = *relationship;
    member.is_head = *relationship == domain::Relationship::kHead;
    auto added = services.households->AddMember(ActorOf(request), *id, member);
    if (!added) {
        AddFieldError(extras.errors, added.error(), {"person_id", "relationship", "moved_in"});
        if (!extras.errors.contains("person_id") && added.error().Is(ErrorCode::kNotFound)) {
            extras.errors["person_id"] = "その人は加えられません（見つからないか、閲覧できない記録です）";
        }
        extras.status = http::HttpStatusFor(added.error().code);
        return RenderHousehold(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(*id));
}

http::Response MoveOutMember(const IntakeServices& services, http::Request& request) {
    auto id = HouseholdIdOf(request);
    auto member_id = ParseId(request.PathParam("member"));
    if (!id || !member_id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    HouseholdPageExtras extras;
    const std::string error_key = "moved_out_" + std::to_string(*member_id);
    auto date = ParseJapaneseDate(FieldOf(fields, "moved_out"), "転出等の日");
    if (!date) {
        extras.errors[error_key] =
            FieldOf(fields, "moved_out").empty() ? "「転出等の日」を入力してください" : date.error().message;
        extras.status = 400;
        return RenderHousehold(services, request, *id, extras);
    }
    auto ended =
        services.households->EndMembership(ActorOf(request), *id, *member_id, *date, FieldOf(fields, "reason"));
    if (!ended) {
        if (ended.error().Is(ErrorCode::kNotFound)) return RenderErrorPage(request, ended.error());
        extras.errors[error_key] = ended.error().message;
        extras.status = http::HttpStatusFor(ended.error().code);
        return RenderHousehold(services, request, *id, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(*id));
}

}  // namespace

void AddIntakePage(http::Router& router, const IntakeServices& services, std::string method, std::string pattern,
                   IntakePageHandler handler) {
    router.Add({.method = std::move(method),
                .pattern = std::move(pattern),
                .access = http::Access::kSignedIn,
                .surface = http::Surface::kPage,
                .handler = [services, handler](http::Request& request) { return handler(services, request); }});
}

void AddIntakePages(http::Router& router, const IntakeServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, IntakePageHandler handler) {
        AddIntakePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/intake", ShowIntake);
    page("POST", "/intake", SubmitIntake);
    page("GET", "/intake/person-search", IntakePersonSearch);
    page("GET", "/persons", SearchPersons);
    page("GET", "/persons/{id}", ShowPerson);
    page("POST", "/persons/{id}", UpdatePerson);
    page("POST", "/persons/{id}/merge", MergePerson);
    page("POST", "/persons/{id}/dv-protection", SetDvProtection);
    page("POST", "/persons/{id}/unmerge", UnmergePerson);
    page("POST", "/persons/{id}/households", CreateHousehold);
    page("GET", "/households/{id}", ShowHousehold);
    page("POST", "/households/{id}", UpdateHousehold);
    page("POST", "/households/{id}/members", AddHouseholdMember);
    page("POST", "/households/{id}/members/{member}/move-out", MoveOutMember);
}

}  // namespace kasane::web
