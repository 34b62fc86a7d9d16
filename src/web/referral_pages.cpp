// SPDX-License-Identifier: Apache-2.0
// つなぎ (send a referral, the inbox and outbox, the つなぐシート with the receiver's answers).

#include <algorithm>

#include "base/grapheme.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/master_data.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"

namespace kasane::web {

namespace {

using nlohmann::json;

// --- the つなぐシート -----------------------------------------------------------------------------------------

// The sheet is a snapshot the domain built (referral.hpp); it is shown as labelled rows, so that a key the page
// does not know yet is still shown rather than dropped.
std::string SheetLabel(std::string_view key) {
    static const std::map<std::string, std::string, std::less<>> kLabels = {
        {"person", "本人"},
        {"household", "世帯"},
        {"worries", "困りごと"},
        {"done", "これまでの対応"},
        {"reason", "紹介する理由"},
        {"name", "氏名"},
        {"name_kana", "ふりがな"},
        {"full_name", "氏名"},
        {"kana", "ふりがな"},
        {"full_name_kana", "ふりがな"},
        {"family_name", "氏"},
        {"given_name", "名"},
        {"family_name_kana", "氏（ふりがな）"},
        {"given_name_kana", "名（ふりがな）"},
        {"birth_date", "生年月日"},
        {"age", "年齢"},
        {"sex", "性別"},
        {"phone", "電話"},
        {"address", "住所"},
        {"relationship", "続柄"},
        {"is_head", "世帯主"},
        {"chief_complaint", "主訴"},
        {"categories", "困りごと"},
        {"category", "困りごと"},
        {"label", "項目"},
        {"most_pressing", "最も気がかり"},
        {"summary", "内容"},
        {"consultation_id", "相談番号"},
        {"from_organization", "紹介元"},
        {"to_organization", "紹介先"},
        {"sent_at", "送付日時"},
    };
    auto found = kLabels.find(key);
    return found == kLabels.end() ? std::string(key) : found->second;
}

// A scalar of the sheet as text: ISO dates in 和暦 (with the western date), booleans as はい/いいえ.
std::string SheetText(const json& value) {
    if (value.is_string()) {
        const std::string text = value.get<std::string>();
        if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
            if (auto date = ParseJapaneseDate(text, "日付")) return FormatWarekiWithWestern(*date);
        }
        return text;
    }
    if (value.is_boolean()) return value.get<bool>() ? "はい" : "いいえ";
    if (value.is_null()) return "";
    if (value.is_number()) return value.dump();
    // Nested: "key: value" pairs joined.
    std::string joined;
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            const std::string text = SheetText(item);
            if (text.empty()) continue;
            if (!joined.empty()) joined += "、";
            joined += SheetLabel(key) + "：" + text;
        }
    } else if (value.is_array()) {
        for (const json& item : value) {
            const std::string text = SheetText(item);
            if (text.empty()) continue;
            if (!joined.empty()) joined += "／";
            joined += text;
        }
    }
    return joined;
}

// Row ids are for the program, not for the reader of the sheet.
bool IsInternalKey(std::string_view key) { return key == "id" || key.ends_with("_id"); }

json SheetSection(const std::string& key, const json& value) {
    json section = {{"title", SheetLabel(key)}};
    if (value.is_object()) {
        json rows = json::array();
        for (const auto& [row_key, row_value] : value.items()) {
            if (IsInternalKey(row_key)) continue;
            rows.push_back({{"label", SheetLabel(row_key)}, {"value", SheetText(row_value)}});
        }
        section["has_fields"] = !rows.empty();
        section["fields"] = rows;
    } else if (value.is_array()) {
        json items = json::array();
        for (const json& item : value) items.push_back(SheetText(item));
        section["items"] = items;
        if (items.empty()) section["empty"] = true;
    } else {
        section["text"] = SheetText(value);
    }
    return section;
}

// In the order a reader needs them (who, with whom, what worries, what was done, why this agency), then any
// other part of the snapshot.
json SheetSections(const json& sheet) {
    static constexpr std::string_view kOrder[] = {"person",     "household", "worries", "chief_complaint",
                                                  "categories", "done",      "reason"};
    json sections = json::array();
    if (!sheet.is_object()) return sections;
    for (std::string_view key : kOrder) {
        auto found = sheet.find(std::string(key));
        if (found != sheet.end()) sections.push_back(SheetSection(std::string(key), *found));
    }
    for (const auto& [key, value] : sheet.items()) {
        if (IsInternalKey(key) || std::find(std::begin(kOrder), std::end(kOrder), key) != std::end(kOrder)) continue;
        sections.push_back(SheetSection(key, value));
    }
    return sections;
}

json ReferralRow(const domain::ReferralView& view) {
    json row = {{"id", view.referral.id},
                {"person_id", view.referral.person_id},
                {"from", view.from_organization_name},
                {"to", view.to_organization_name},
                {"to_user", view.to_user_name},
                {"status", domain::ReferralStatusLabel(view.referral.status)},
                {"status_code", domain::ReferralStatusCode(view.referral.status)},
                {"overdue", view.overdue},
                {"reason", view.referral.reason},
                {"sent_at", InstantJson(view.referral.sent_at)}};
    // The name as the sheet carries it: the receiver may see nothing else of the person before accepting.
    const json& sheet = view.referral.sheet;
    if (sheet.is_object() && sheet.contains("person") && sheet["person"].is_object()) {
        const json& person = sheet["person"];
        for (const char* key : {"name", "full_name"}) {
            if (person.contains(key) && person[key].is_string()) row["person_name"] = person[key];
        }
        if (!row.contains("person_name") && person.contains("family_name")) {
            row["person_name"] = SheetText(person.value("family_name", json(""))) + " " +
                                 SheetText(person.value("given_name", json("")));
        }
    }
    return row;
}

// --- sending ----------------------------------------------------------------------------------------------------

struct SendForm {
    FormFields fields;
    json errors = json::object();
    int status = 200;
};

http::Response RenderNewReferral(const IntakeServices& services, http::Request& request, domain::PersonId person_id,
                                 const SendForm& form) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.persons->Get(actor, person_id);
    if (!view) return RenderErrorPage(request, view.error());
    if (view->decision.level != domain::ViewLevel::kFull) return RenderErrorPage(request, Error::NotFound());

    json organizations = json::array();
    const auto selected = ParseId(FieldOf(form.fields, "to_organization_id"));
    json shown = json::object();  // the reads that failed (ShowSectionError), shown with the request id
    auto organization_list = services.directory->Organizations(actor.principal);
    if (!organization_list) return RenderErrorPage(request, organization_list.error());  // no referral without them
    if (auto& list = organization_list) {
        for (const domain::Organization& organization : *list) {
            if (organization.id == actor.principal.user.organization_id) continue;
            organizations.push_back({{"value", organization.id},
                                     {"label", organization.name},
                                     {"selected", selected && *selected == organization.id}});
        }
    }
    json receivers = json::array();
    const auto chosen_receiver = ParseId(FieldOf(form.fields, "to_user_id"));
    if (auto list = services.referrals->NamedReceivers(actor)) {
        for (const domain::User& user : *list) {
            receivers.push_back({{"value", user.id},
                                 {"label", user.display_name},
                                 {"selected", chosen_receiver && *chosen_receiver == user.id}});
        }
    } else {
        ShowSectionError(shown, actor, "受け手の職員", list.error());
    }
    json consultations = json::array();
    const std::string chosen_consultation = FieldOf(form.fields, "consultation_id");
    if (auto list = services.consultations->ReferralOriginsOf(actor, person_id)) {
        for (const domain::Consultation& consultation : *list) {
            const json created = InstantJson(consultation.created_at);
            consultations.push_back({{"value", consultation.id},
                                     {"label", created["wareki"].get<std::string>() + "　" +
                                                   CutGraphemes(consultation.chief_complaint, 30)},
                                     {"selected", chosen_consultation == std::to_string(consultation.id) ||
                                                      (chosen_consultation.empty() && consultations.empty())}});
        }
    } else {
        ShowSectionError(shown, actor, "相談", list.error());
    }
    json data = {{"person", PersonHeaderJson(view->person, view->decision, TodayInJapan(*services.clock))},
                 {"organizations", organizations},
                 {"has_receivers", !receivers.empty()},
                 {"receivers", receivers},
                 {"consultations", consultations},
                 {"reason", FieldOf(form.fields, "reason")},
                 {"done", FieldOf(form.fields, "done")},
                 {"section_errors", shown.value("section_errors", json::array())},
                 {"errors", form.errors}};
    return RenderPage(request, "つなぐ（紹介する）", "referral_new", std::move(data), form.status);
}

http::Response ShowNewReferral(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderNewReferral(services, request, domain::PersonId{*id}, {});
}

http::Response SendReferral(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    SendForm form{.fields = request.FormFields()};
    auto to = ParseId(FieldOf(form.fields, "to_organization_id"));
    // A referral addressed to a 民生委員 by name goes to that person's organisation.
    std::optional<UserId> to_user;
    if (const std::string text = FieldOf(form.fields, "to_user_id"); !text.empty()) {
        to_user = ParseId<UserId>(text);
        if (!to_user) form.errors["to_user_id"] = "「指名する民生委員」の選択肢が正しくありません";
        auto receivers = services.referrals->NamedReceivers(ActorOf(request));
        // Without the list the receiver's organisation is unknown: nothing is sent.
        if (!receivers) return RenderErrorPage(request, receivers.error());
        if (to_user) {
            for (const domain::User& user : *receivers) {
                if (user.id == *to_user) to = user.organization_id;
            }
        }
    }
    if (!to) form.errors["to_organization_id"] = "「紹介先」を選んでください";
    const std::string reason = FieldOf(form.fields, "reason");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        form.errors["reason"] = "「紹介する理由」を入力してください";
    std::optional<domain::ConsultationId> consultation;
    if (const std::string text = FieldOf(form.fields, "consultation_id"); !text.empty()) {
        consultation = ParseId<domain::ConsultationId>(text);
        if (!consultation) form.errors["consultation_id"] = "「もとの相談」の選択肢が正しくありません";
    }
    if (!form.errors.empty()) {
        form.status = 400;
        return RenderNewReferral(services, request, domain::PersonId{*id}, form);
    }
    auto sent = services.referrals->Send(ActorOf(request), domain::PersonId{*id}, consultation, OrganizationId{*to},
                                         to_user, reason, FieldOf(form.fields, "done"));
    if (!sent) {
        const Error& error = sent.error();
        if (error.Is(ErrorCode::kNotFound) && error.field.empty()) return RenderErrorPage(request, error);
        AddFieldError(form.errors, error, {"to_organization_id", "to_user_id", "reason", "done", "consultation_id"});
        form.status = http::HttpStatusFor(error.code);
        return RenderNewReferral(services, request, domain::PersonId{*id}, form);
    }
    return http::Response::Redirect("/referrals/" + std::to_string(sent->referral.id) + "?sent=1");
}

// --- inbox, outbox, the referral ------------------------------------------------------------------------------

http::Response ShowReferrals(const IntakeServices& services, http::Request& request) {
    const domain::Actor actor = ActorOf(request);
    auto inbox = services.referrals->Inbox(actor);
    if (!inbox) return RenderErrorPage(request, inbox.error());
    auto outbox = services.referrals->Outbox(actor);
    if (!outbox) return RenderErrorPage(request, outbox.error());
    json inbox_rows = json::array();
    int overdue = 0;
    for (const domain::ReferralView& view : *inbox) {
        overdue += view.overdue ? 1 : 0;
        inbox_rows.push_back(ReferralRow(view));
    }
    json outbox_rows = json::array();
    for (const domain::ReferralView& view : *outbox) outbox_rows.push_back(ReferralRow(view));
    json data = {{"overdue_count", overdue}, {"has_overdue", overdue > 0}};
    data["organization_name"] =
        OrganizationName(*services.directory, actor, actor.principal.user.organization_id, data);
    if (!inbox_rows.empty()) data["inbox_list"] = {{"rows", inbox_rows}};
    if (!outbox_rows.empty()) data["outbox_list"] = {{"rows", outbox_rows}};
    if (auto days = services.referrals->OverdueWorkingDays(actor)) {
        data["overdue_days"] = *days;
    } else {
        ShowSectionError(data, request, "期限の日数", days.error());
    }
    return RenderPage(request, "つなぎ", "referrals", std::move(data));
}

struct ReferralPageExtras {
    json errors = json::object();
    std::string note;
    int status = 200;
};

http::Response RenderReferral(const IntakeServices& services, http::Request& request, domain::ReferralId id,
                              const ReferralPageExtras& extras) {
    const domain::Actor actor = ActorOf(request);
    auto view = services.referrals->Get(actor, id);
    if (!view) return RenderErrorPage(request, view.error());
    const domain::Referral& referral = view->referral;
    json data = ReferralRow(*view);
    data["version"] = referral.version;
    data["sheet"] = SheetSections(referral.sheet);
    data["errors"] = extras.errors;
    data["note"] = extras.note;
    json events = json::array();
    for (const domain::ReferralEvent& event : referral.events) {
        json row = {
            {"status", domain::ReferralStatusLabel(event.status)}, {"at", InstantJson(event.at)}, {"note", event.note}};
        row["organization"] = OrganizationName(*services.directory, actor, event.organization_id, row);
        events.push_back(std::move(row));
    }
    data["events"] = events;
    // The receiver answers; the sender sees the answers. Buttons follow the state machine (referral.hpp).
    const bool receiver = referral.to_organization_id == actor.principal.user.organization_id;
    data["receiver"] = receiver;
    data["sender"] = referral.from_organization_id == actor.principal.user.organization_id;
    if (receiver) {
        data["can_accept"] = domain::IsAllowedTransition(referral.status, domain::ReferralStatus::kAccepted);
        data["can_decline"] = domain::IsAllowedTransition(referral.status, domain::ReferralStatus::kDeclined);
        data["can_start"] = domain::IsAllowedTransition(referral.status, domain::ReferralStatus::kInProgress);
        data["can_complete"] = domain::IsAllowedTransition(referral.status, domain::ReferralStatus::kCompleted);
    }
    // Once accepted, the receiver may open the record (the domain decides; the link is only an offer).
    data["show_person_link"] = !receiver || referral.status != domain::ReferralStatus::kSent;
    if (request.QueryParam("sent")) data["notice"] = "つなぐシートを送りました。紹介先の回答を待っています。";
    if (auto answered = request.QueryParam("answered")) data["notice"] = "回答を記録しました。";
    MarkPrintPaper(data);
    return RenderPage(request, "つなぐシート", "referral", std::move(data), extras.status);
}

http::Response ShowReferral(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    return RenderReferral(services, request, domain::ReferralId{*id}, {});
}

http::Response TransitionReferral(const IntakeServices& services, http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    if (!id) return RenderErrorPage(request, Error::NotFound());
    const FormFields fields = request.FormFields();
    ReferralPageExtras extras;
    extras.note = FieldOf(fields, "note");
    auto to = domain::ParseReferralStatus(FieldOf(fields, "to"));
    auto version = ParseId(FieldOf(fields, "version"));
    if (!to || !version) return RenderErrorPage(request, Error::InvalidArgument("操作の内容が正しくありません", "to"));
    if (*to == domain::ReferralStatus::kDeclined && extras.note.find_first_not_of(" \t\r\n") == std::string::npos) {
        extras.errors["note"] = "辞退するときは、その理由を入力してください";
        extras.status = 400;
        return RenderReferral(services, request, domain::ReferralId{*id}, extras);
    }
    auto changed = services.referrals->Transition(ActorOf(request), domain::ReferralId{*id}, static_cast<int>(*version),
                                                  *to, extras.note);
    if (!changed) {
        const Error& error = changed.error();
        if (error.Is(ErrorCode::kNotFound) || error.Is(ErrorCode::kPermissionDenied)) {
            return RenderErrorPage(request, error);
        }
        if (error.Is(ErrorCode::kConflict)) {
            extras.errors["note"] = "ほかの人が先に回答しました。いまの状態を確かめてください。";
        } else {
            AddFieldError(extras.errors, error, {"note"});
            if (!extras.errors.contains("note")) extras.errors["note"] = error.message;
        }
        extras.status = http::HttpStatusFor(error.code);
        return RenderReferral(services, request, domain::ReferralId{*id}, extras);
    }
    return http::Response::Redirect("/referrals/" + std::to_string(*id) + "?answered=1");
}

}  // namespace

void AddReferralPages(http::Router& router, const IntakeServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, IntakePageHandler handler) {
        AddIntakePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/persons/{id}/referrals/new", ShowNewReferral);
    page("POST", "/persons/{id}/referrals", SendReferral);
    page("GET", "/referrals", ShowReferrals);
    page("GET", "/referrals/{id}", ShowReferral);
    page("POST", "/referrals/{id}/transition", TransitionReferral);
}

}  // namespace kasane::web
