// SPDX-License-Identifier: Apache-2.0
// 検索 and 本人: the search of persons and the person page with its edit (409: both versions side by side),
// DV等支援措置, 名寄せ and its undoing, and a new household. A refused record is "not found" exactly like a missing one
// (the domain decides).

#include <algorithm>
#include <array>
#include <set>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/log.hpp"
#include "domain/master_data.hpp"
#include "domain/person_record.hpp"
#include "web/intake_pages.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/person_form.hpp"
#include "web/sharing_pages.hpp"

namespace kasane::web {

namespace {

using namespace intake;
using nlohmann::json;

// --- 検索 -----------------------------------------------------------------------------------------------------

http::Response SearchPersons(const IntakeServices& services, http::Request& request) {
    const std::string query = request.QueryParam("q").value_or("");
    json data = {{"q", query}, {"results", json::array()}};
    if (!query.empty()) {
        auto found = services.persons->Search(ActorOf(request), query, kSearchLimit);
        if (!found) {
            // A query of only spaces or symbols, or one too long, is told on the search page itself.
            const bool too_long = found.error().Is(ErrorCode::kPayloadTooLarge);
            if (!found.error().Is(ErrorCode::kInvalidArgument) && !too_long) {
                return RenderErrorPage(request, found.error());
            }
            data["error"] = found.error().message;
            return RenderPage(request, "検索", "persons", std::move(data), too_long ? 413 : 400);
        }
        data["results"] = SummariesJson(*found, std::nullopt, TodayInJapan(*services.clock));
        data["searched"] = true;
        data["count"] = found->size();
    }
    return RenderPage(request, "検索", "persons", std::move(data));
}

// --- 本人 -----------------------------------------------------------------------------------------------------

json ContactJson(const IntakeServices& services, const domain::Actor& actor, const domain::Contact& contact) {
    json item = {
        {"occurred_at", InstantJson(contact.occurred_at)},  {"channel", domain::ChannelLabel(contact.channel)},
        {"source", domain::SourceLabel(contact.source)},    {"summary", contact.summary},
        {"tag", domain::TextTagLabel(contact.summary_tag)}, {"tag_code", domain::TextTagCode(contact.summary_tag)}};
    item["organization"] = OrganizationName(*services.directory, actor, contact.organization_id, item);
    if (!contact.caller.name.empty() || !contact.caller.relationship.empty()) {
        item["caller"] = {{"name", contact.caller.name}, {"relationship", contact.caller.relationship}};
    }
    return item;
}

// The categories' labels; a failed read is shown in `shown_in` (ShowSectionError).
std::map<domain::CategoryId, std::string> CategoryLabels(const IntakeServices& services, const domain::Actor& actor,
                                                         json& shown_in) {
    std::map<domain::CategoryId, std::string> labels;
    if (auto list = services.consultations->Categories(actor)) {
        for (const domain::WorryCategory& category : *list) labels[category.id] = category.label;
    } else {
        ShowSectionError(shown_in, actor, "困りごとの分類", list.error());
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
    json item = {{"id", consultation.id},
                 {"chief_complaint", consultation.chief_complaint},
                 {"categories", categories},
                 {"outcome", domain::OutcomeLabel(consultation.outcome)},
                 {"status", domain::ConsultationStatusLabel(consultation.status)},
                 {"contacts", contacts},
                 {"contact_count", consultation.contacts.size()},
                 {"created_at", InstantJson(consultation.created_at)}};
    item["organization"] = OrganizationName(*services.directory, actor, consultation.receiving_organization_id, item);
    if (consultation.household_id) item["household_id"] = *consultation.household_id;
    return item;
}

// The area's name; a failed read is shown in `shown_in` (ShowSectionError).
std::string AreaName(const IntakeServices& services, const domain::Actor& actor, std::optional<AreaId> id,
                     json& shown_in) {
    if (!id) return {};
    auto area = services.directory->GetArea(actor.principal, *id);
    if (!area) ShowSectionError(shown_in, actor, "地区の名前", area.error());
    return area ? area->name : std::string();
}

json HouseholdSummaryJson(const domain::Household& household, domain::PersonId person_id, Date today) {
    json item = {{"id", household.id}, {"name", household.name}, {"member_count", 0}};
    int current = 0;
    for (const domain::HouseholdMember& member : household.CurrentMembers(today)) {
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

// The timeline's entries, newest first, each linking to its page; dates in 和暦 (with the time where the event has
// one). The parts that failed are named above the list, so that a short timeline is never taken for the whole.
json TimelineJson(const domain::PersonRecord& record, domain::PersonId person_id) {
    json items = json::array();
    for (const domain::TimelineEntry& entry : record.timeline) {
        std::string href;
        if (entry.record_type == "consultation") href = "/consultations/" + std::to_string(entry.record_id);
        if (entry.record_type == "referral") href = "/referrals/" + std::to_string(entry.record_id);
        if (entry.record_type == "case") href = "/cases/" + std::to_string(entry.record_id);
        if (entry.record_type == "meeting") href = "/meetings/" + std::to_string(entry.record_id);
        if (entry.record_type == "consent")
            href = "/persons/" + std::to_string(person_id) + "/sharing#consent-" + std::to_string(entry.record_id);
        json item = {{"kind", domain::TimelineKindCode(entry.kind)},
                     {"label", entry.label},
                     {"detail", entry.detail},
                     {"href", href}};
        // Both keys are always set (false when absent), so that the template never finds an outer "at" or "date".
        item["date"] = entry.day_only ? DateJson(JstDate(entry.at)) : json(false);
        item["at"] = entry.day_only ? json(false) : InstantJson(entry.at);
        items.push_back(std::move(item));
    }
    json missing = json::array();
    for (const std::string& part : record.timeline_missing) missing.push_back(part);
    return {{"items", items}, {"has_items", !items.empty()}, {"missing", missing}, {"incomplete", !missing.empty()}};
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

    json data = {{"person", PersonHeaderJson(person, decision, TodayInJapan(*services.clock))},
                 {"known_to", JoinKnownTo(view->known_to)},
                 {"basis_label", domain::AccessBasisLabel(decision.basis)},
                 {"tabs", {{"id", id}, {"record", true}}}};
    if (!extras.notice.empty()) data["notice"] = extras.notice;
    if (request.QueryParam("updated")) data["notice"] = "本人の記録を保存しました。";
    if (request.QueryParam("merged")) data["notice"] = "記録を統合しました（名寄せ）。取り消すこともできます。";
    if (request.QueryParam("unmerged")) data["notice"] = "名寄せを取り消しました。";
    if (auto recorded = request.QueryParam("recorded"); recorded && ParseId(*recorded)) {
        data["notice"] = "相談を記録しました（相談番号 " + *recorded + "）。";
        data["recorded_consultation_id"] = *recorded;
    }
    if (person.merged_into) data["merged_into"] = *person.merged_into;

    // A member of a statutory meeting body sees identity and what was shared for the meeting (issue #4).
    if (decision.level == domain::ViewLevel::kMeetingShared && services.sharing) {
        return RenderMeetingSharedPerson(SharingPageServices{.directory = services.directory,
                                                             .sharing = services.sharing,
                                                             .persons = services.persons,
                                                             .clock = services.clock},
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
        if (std::string name = AreaName(services, actor, area_id, data); !name.empty()) {
            areas.push_back({{"kind", label}, {"name", name}});
        }
    }
    data["areas"] = areas;

    json households = json::array();
    if (auto list = services.households->OfPerson(actor, id)) {
        for (const domain::Household& household : *list)
            households.push_back(HouseholdSummaryJson(household, id, TodayInJapan(*services.clock)));
    } else {
        ShowSectionError(data, request, "世帯", list.error());
    }
    data["households"] = households;
    data["household_relationship_options"] =
        EnumOptions(kRelationships, domain::RelationshipCode, domain::RelationshipLabel, "head");
    if (!extras.household_error.empty()) data["household_error"] = extras.household_error;

    // Every consultation, referral, case and meeting of the person the user may see, and their timeline
    // (domain/person_record.hpp): each read by its service under its access rule; a part that failed is shown.
    domain::PersonRecordReader reader(*services.persons, *services.consultations, *services.referrals, *services.cases,
                                      *services.sharing);
    auto record = reader.Of(actor, id);
    if (!record) return ErrorOrNotFound(request, record.error());
    const auto shown = [&](const auto& part, std::string_view section) {
        if (part.error) ShowSectionError(data, request, section, *part.error);
        return !part.error.has_value();
    };
    json consultations = json::array();
    if (shown(record->consultations, "相談")) {
        const auto labels = CategoryLabels(services, actor, data);
        for (const domain::Consultation& consultation : record->consultations.value) {
            consultations.push_back(ConsultationJson(services, actor, consultation, labels));
        }
    }
    data["consultations"] = consultations;
    json referrals = json::array();
    if (shown(record->referrals, "つなぎ")) {
        for (const domain::ReferralView& referral : record->referrals.value)
            referrals.push_back(ReferralRowJson(referral));
    }
    data["referrals"] = referrals;
    json cases = json::array();
    if (shown(record->cases, "ケース")) {
        for (const domain::SupportCase& support_case : record->cases.value) {
            cases.push_back({{"id", support_case.id},
                             {"title", support_case.title},
                             {"status", domain::CaseStatusLabel(support_case.status)},
                             {"opened_on", DateJson(support_case.opened_on)},
                             {"closed_on", DateJson(support_case.closed_on)},
                             {"other_person", support_case.person_id != id}});
        }
    }
    data["cases"] = cases;
    data["cases_shown"] = domain::IsProfessional(actor.principal);
    json meetings = json::array();
    if (shown(record->meetings, "会議")) {
        for (const domain::MeetingMention& meeting : record->meetings.value) {
            meetings.push_back(
                {{"id", meeting.id}, {"held_on", DateJson(meeting.held_on)}, {"body_name", meeting.body_name}});
        }
    }
    data["meetings"] = meetings;
    if (record->consents_shown) shown(record->consents, "同意");
    data["timeline"] = TimelineJson(*record, id);
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
                candidates.push_back(SummaryJson(summary, TodayInJapan(*services.clock)));
            }
        } else {
            ShowSectionError(data, request, "統合する候補の検索", found.error());
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
    return RenderPerson(services, request, domain::PersonId{*id}, {});
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

    auto decision = services.persons->Authorize(actor, domain::PersonId{*id});
    if (!decision) return RenderErrorPage(request, decision.error());
    if (decision->level != domain::ViewLevel::kFull || !decision->address_and_contact) {
        return RenderErrorPage(request,
                               Error::PermissionDenied("この記録は、住所と連絡先を閲覧できる職員だけが編集できます"));
    }
    if (auto may = services.persons->RequireChange(actor, domain::PersonId{*id}, domain::ChangeKind::kIdentity); !may) {
        return RenderErrorPage(request, may.error());
    }
    PersonForm form = ReadPersonForm(fields);
    if (!form.errors.empty()) {
        for (const auto& [name, message] : form.errors.items()) {
            AddFieldError(extras.edit_errors, Error::InvalidArgument(message.get<std::string>(), name),
                          kPersonFieldNames);
        }
        extras.status = 400;
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
    }
    auto updated = services.persons->Update(actor, domain::PersonId{*id}, static_cast<int>(*version), form.data);
    if (updated) return http::Response::Redirect("/persons/" + std::to_string(*id) + "?updated=1");

    const Error& error = updated.error();
    if (error.Is(ErrorCode::kConflict)) {
        auto current = services.persons->Get(actor, domain::PersonId{*id});
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
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
    }
    if (error.Is(ErrorCode::kInvalidArgument) || error.Is(ErrorCode::kPayloadTooLarge)) {
        AddFieldError(extras.edit_errors, error, kPersonFieldNames);
        extras.status = http::HttpStatusFor(error.code);
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
    }
    return RenderErrorPage(request, error);
}

// DV等支援措置: set it, or lift it with a reason (named DV staff or an administrator).
http::Response SetDvProtection(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    const auto protection =
        FieldOf(fields, "protect") == "1" ? domain::DvProtection::kProtected : domain::DvProtection::kLifted;
    auto done = services.persons->SetDvProtection(ActorOf(request), domain::PersonId{*id}, protection,
                                                  FieldOf(fields, "reason"));
    if (done) return http::Response::Redirect("/persons/" + std::to_string(*id) + "?dv=1");
    if (done.error().Is(ErrorCode::kInvalidArgument) || done.error().Is(ErrorCode::kPayloadTooLarge)) {
        PersonPageExtras extras;
        extras.dv_error = done.error().message;
        extras.status = http::HttpStatusFor(done.error().code);
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
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
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
    }
    auto merged = services.persons->Merge(ActorOf(request), domain::PersonId{*id}, domain::PersonId{*other});
    if (!merged) {
        if (merged.error().Is(ErrorCode::kNotFound) && merged.error().field.empty()) {
            return RenderErrorPage(request, merged.error());
        }
        extras.merge_error = merged.error().message;
        extras.status = http::HttpStatusFor(merged.error().code);
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
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
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
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
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
    }
    auto created = services.households->Create(
        ActorOf(request), FieldOf(fields, "name"), FieldOf(fields, "notes"),
        {domain::HouseholdMemberInput{.person_id = domain::PersonId{*id},
                                      .relationship = *relationship,
                                      .is_head = *relationship == domain::Relationship::kHead,
                                      .moved_in = std::nullopt}});
    if (!created) {
        extras.household_error = created.error().message;
        extras.status = http::HttpStatusFor(created.error().code);
        return RenderPerson(services, request, domain::PersonId{*id}, extras);
    }
    return http::Response::Redirect("/households/" + std::to_string(created->id));
}

}  // namespace

void AddPersonPages(http::Router& router, const IntakeServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, IntakePageHandler handler) {
        AddIntakePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/persons", SearchPersons);
    page("GET", "/persons/{id}", ShowPerson);
    page("POST", "/persons/{id}", UpdatePerson);
    page("POST", "/persons/{id}/merge", MergePerson);
    page("POST", "/persons/{id}/dv-protection", SetDvProtection);
    page("POST", "/persons/{id}/unmerge", UnmergePerson);
    page("POST", "/persons/{id}/households", CreateHousehold);
}

}  // namespace kasane::web
