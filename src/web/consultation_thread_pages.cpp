// SPDX-License-Identifier: Apache-2.0
// 相談の経過 (issue 13, item 1): one consultation from its first contact to its close. The thread of contacts
// (oldest first, 和暦), a follow-up contact, the 対応結果 with the referral or case it names, 次回連絡予定, 終了 and
// 再開 with a reason, and 取消 of an entry made by mistake. Each form posts to its own path, calls one use case of
// ConsultationService and either redirects back to the page or re-renders it with the message next to the field,
// in the summary at the top, and with every typed value kept. Who may do what is the domain's
// (DecideConsultationWork); the page only leaves out the forms that would be refused.

#include <algorithm>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/access_policy.hpp"
#include "domain/change_policy.hpp"
#include "domain/loneliness.hpp"
#include "web/intake_pages.hpp"
#include "web/page_support.hpp"
#include "web/pages.hpp"
#include "web/person_form.hpp"

namespace kasane::web {

namespace {

using namespace intake;
using nlohmann::json;

// The fields of the page's forms; a domain error naming another field ("first_contact.summary") is mapped by
// AddFieldError, and the reason of each reasoned form is renamed to its own field (ReasonField).
const std::vector<std::string_view> kThreadFieldNames = {
    "occurred_at",  "channel",       "source",        "caller_name",     "caller_relationship",   "caller_phone",
    "summary",      "summary_tag",   "outcome",       "outcome_note",    "referral_id",           "case_id",
    "close_reason", "reopen_reason", "cancel_reason", "next_contact_on", "contact_cancel_reason", "confirm",
    "version",      "person_id",     "family_name",   "given_name",      "family_name_kana",      "given_name_kana",
    "birth_date",   "sex",           "phone"};

const domain::Outcome kOutcomeChoices[] = {domain::Outcome::kContinuing, domain::Outcome::kInformationProvided,
                                           domain::Outcome::kReferred, domain::Outcome::kEscalated};

struct ThreadState {
    json duplicates;  // the join form's likely duplicates of a new person (FindDuplicates)
    FormFields fields;
    std::string form;                             // the form that was posted: "contact", "outcome", "close", ...
    std::optional<domain::ContactId> contact_id;  // the contact whose 取消 was posted
    json errors = json::object();
    int status = 200;
};

std::string StaffName(const IntakeServices& services, const domain::Actor& actor, UserId id, json& shown_in) {
    auto user = services.directory->GetUser(actor.principal, id);
    if (!user) {
        if (!IsWithheld(user.error())) ShowSectionError(shown_in, actor, "職員の名前", user.error());
        return "職員 " + std::to_string(id);
    }
    return user->display_name;
}

json CancellationJson(const IntakeServices& services, const domain::Actor& actor,
                      const domain::Cancellation& cancellation, json& shown_in) {
    return {{"by", StaffName(services, actor, cancellation.user_id, shown_in)},
            {"at", InstantJson(cancellation.at)},
            {"reason", cancellation.reason}};
}

// The reason field of each reasoned form.
std::string ReasonField(std::string_view form) {
    if (form == "close") return "close_reason";
    if (form == "reopen") return "reopen_reason";
    if (form == "cancel") return "cancel_reason";
    return "contact_cancel_reason";
}

void AddError(ThreadState& state, const domain::Actor& actor, Error error) {
    if (error.field == "reason") error.field = ReasonField(state.form);
    AddFieldError(state.errors, error, kThreadFieldNames);
    const int status = http::HttpStatusFor(error.code);
    state.status = std::max(state.status == 200 ? 0 : state.status, status);
    if (status >= 500) ShowSectionError(state.errors, actor, "相談の記録", error);
}

http::Response Render(const IntakeServices& services, http::Request& request, domain::ConsultationId id,
                      const ThreadState& state) {
    const domain::Actor actor = ActorOf(request);
    auto consultation = services.consultations->Get(actor, id);
    if (!consultation) return ErrorOrNotFound(request, consultation.error());
    const domain::Consultation& c = *consultation;
    auto field = [&](std::string_view name) { return FieldOf(state.fields, name); };
    auto posted = [&](std::string_view form) { return state.form == form; };

    json data = {{"id", c.id},
                 {"consultation_id", c.id},
                 {"person_id", c.person_id ? json(*c.person_id) : json(nullptr)},
                 {"anonymous", domain::IsAnonymous(c)},
                 {"loneliness", !domain::IsAnonymous(c) && domain::MayWorkLonelinessScores(*request.principal)},
                 {"version", c.version},
                 {"errors", state.errors},
                 {"chief_complaint", c.chief_complaint},
                 {"status", domain::ConsultationStatusCode(c.status)},
                 {"status_label", domain::ConsultationStatusLabel(c.status)},
                 {"closed", c.status == domain::ConsultationStatus::kClosed},
                 {"outcome_label", domain::OutcomeLabel(c.outcome)},
                 {"outcome_note", c.outcome_note},
                 {"created_at", InstantJson(c.created_at)},
                 {"next_contact_on", DateJson(c.next_contact_on)}};
    data["organization"] = OrganizationName(*services.directory, actor, c.receiving_organization_id, data);
    data["received_by"] = StaffName(services, actor, c.received_by_user_id, data);
    if (c.outcome_referral_id) data["outcome_referral_id"] = *c.outcome_referral_id;
    if (c.outcome_case_id) data["outcome_case_id"] = *c.outcome_case_id;
    if (c.cancelled) data["cancelled"] = CancellationJson(services, actor, *c.cancelled, data);
    if (c.next_contact_on && domain::ContactDue(c, TodayInJapan(*services.clock))) data["contact_due"] = true;
    // 匿名の相談: the person is found or entered here, then joined (ConsultationService::JoinPerson).
    if (domain::IsAnonymous(c) && !c.cancelled &&
        domain::DecideConsultationWork(actor.principal, c, domain::ConsultationWork::kJoinPerson).Allowed()) {
        json join = {{"person_q", FieldOf(state.fields, "person_q")}};
        const std::optional<std::int64_t> chosen = ParseId(FieldOf(state.fields, "person_id"));
        if (const std::string query = Trim(FieldOf(state.fields, "person_q")); !query.empty()) {
            if (auto found = services.persons->Search(actor, query, kIntakeSearchLimit)) {
                join["results"] = SummariesJson(*found, chosen, TodayInJapan(*services.clock));
                join["searched"] = true;
                join["has_results"] = !found->empty();
            } else {
                ShowSectionError(data, request, "本人の検索", found.error());
            }
        }
        if (state.duplicates.is_array() && !state.duplicates.empty()) join["duplicates"] = state.duplicates;
        join["pf"] = PersonFormView(PersonFormValues(state.fields), state.errors);
        join["new_confirmed"] = !state.duplicates.is_null();
        data["join"] = std::move(join);
    }
    if (auto notice = request.QueryParam("done")) {
        static const std::map<std::string, std::string, std::less<>> kNotices = {
            {"contact", "対応を記録しました。"},
            {"outcome", "対応結果を記録しました。"},
            {"close", "相談を終了しました。"},
            {"reopen", "相談を再開しました。"},
            {"cancel", "相談を取り消しました。件数には数えません。"},
            {"contact_cancel", "対応記録を取り消しました。延べ件数には数えません。"},
            {"next_contact", "次回連絡予定を記録しました。"},
            {"recorded", "相談を受け付けました。"},
            {"join", "本人を結び付けました。これからの集計では実人数にも数えます。"}};
        if (auto found = kNotices.find(*notice); found != kNotices.end()) data["notice"] = found->second;
    }

    // Categories.
    json categories = json::array();
    if (auto list = services.consultations->Categories(actor)) {
        for (const domain::CategoryChoice& choice : c.categories) {
            for (const domain::WorryCategory& category : *list) {
                if (category.id != choice.category_id) continue;
                categories.push_back({{"label", category.label}, {"most_pressing", choice.most_pressing}});
            }
        }
    } else {
        ShowSectionError(data, request, "困りごとの分類", list.error());
    }
    data["categories"] = categories;

    // What the actor may do (the forms offered): the domain's rule.
    auto may = [&](domain::ConsultationWork work, const domain::Contact* contact = nullptr) {
        return domain::DecideConsultationWork(actor.principal, c, work, contact).Allowed();
    };
    const bool live = !c.cancelled.has_value();
    const bool open = live && c.status == domain::ConsultationStatus::kOpen;

    // The thread, oldest first.
    json contacts = json::array();
    std::size_t counted = 0;
    for (std::size_t i = 0; i < c.contacts.size(); ++i) {
        const domain::Contact& contact = c.contacts[i];
        json item = {{"id", contact.id},
                     {"number", i + 1},
                     {"first", i == 0},
                     {"occurred_at", InstantJson(contact.occurred_at)},
                     {"channel", domain::ChannelLabel(contact.channel)},
                     {"source", domain::SourceLabel(contact.source)},
                     {"summary", contact.summary},
                     {"tag", domain::TextTagLabel(contact.summary_tag)},
                     {"tag_code", domain::TextTagCode(contact.summary_tag)},
                     // Set always, so that a section never falls back to the consultation's key of the same name.
                     {"caller", nullptr},
                     {"cancelled", false},
                     {"may_cancel_contact", false}};
        item["organization"] = OrganizationName(*services.directory, actor, contact.organization_id, item);
        item["staff"] = StaffName(services, actor, contact.staff_user_id, item);
        if (!contact.caller.name.empty() || !contact.caller.relationship.empty()) {
            item["caller"] = {{"name", contact.caller.name}, {"relationship", contact.caller.relationship}};
        }
        if (contact.cancelled) item["cancelled"] = CancellationJson(services, actor, *contact.cancelled, item);
        if (domain::IsCounted(c, contact)) ++counted;
        const bool this_posted = posted("contact_cancel") && state.contact_id == contact.id;
        if (live && i > 0 && !contact.cancelled && may(domain::ConsultationWork::kCancelContact, &contact)) {
            item["may_cancel_contact"] = true;
            item["contact_cancel_open"] = this_posted;
            item["contact_cancel_reason"] = this_posted ? field("contact_cancel_reason") : "";
            if (this_posted) {
                item["contact_cancel_error"] = state.errors.value("contact_cancel_reason", std::string());
            }
        }
        contacts.push_back(std::move(item));
    }
    data["contacts"] = contacts;
    data["counted_contacts"] = counted;

    // Close and reopen history.
    json events = json::array();
    for (const domain::ConsultationEvent& event : c.events) {
        events.push_back({{"kind", domain::ConsultationEventKindLabel(event.kind)},
                          {"at", InstantJson(event.at)},
                          {"by", StaffName(services, actor, event.user_id, data)},
                          {"reason", event.reason}});
    }
    data["events"] = events;
    data["has_events"] = !events.empty();

    // The forms: the values typed when a form came back with an error, else the defaults.
    json values = json::object();
    for (const auto& [name, value] : state.fields) {
        if (name != "_csrf") values[name] = value;
    }
    data["values"] = values;
    if (open && may(domain::ConsultationWork::kAddContact)) {
        data["may_add_contact"] = true;
        data["occurred_at"] = posted("contact") ? field("occurred_at") : LocalDateTimeInput(services.clock->Now());
        data["channel_options"] = EnumOptions(kChannels, domain::ChannelCode, domain::ChannelLabel,
                                              posted("contact") ? field("channel") : "phone");
        data["source_options"] = EnumOptions(kSources, domain::SourceCode, domain::SourceLabel,
                                             posted("contact") ? field("source") : "self");
        data["tag_options"] = EnumOptions(kTextTags, domain::TextTagCode, domain::TextTagLabel,
                                          posted("contact") ? field("summary_tag") : "fact");
    }
    if (open && may(domain::ConsultationWork::kOutcome)) {
        data["may_set_outcome"] = true;
        const std::string chosen = posted("outcome") ? field("outcome") : std::string(domain::OutcomeCode(c.outcome));
        data["outcome_options"] = EnumOptions(kOutcomeChoices, domain::OutcomeCode, domain::OutcomeLabel, chosen);
        data["outcome_note_value"] = posted("outcome") ? field("outcome_note") : c.outcome_note;
        const std::string referral_chosen = posted("outcome")       ? field("referral_id")
                                            : c.outcome_referral_id ? std::to_string(*c.outcome_referral_id)
                                                                    : "";
        const std::string case_chosen = posted("outcome")   ? field("case_id")
                                        : c.outcome_case_id ? std::to_string(*c.outcome_case_id)
                                                            : "";
        json referral_options = json::array();
        json case_options = json::array();
        if (auto choices = services.consultations->ChoicesForOutcome(actor, id)) {
            for (const auto& referral : choices->referrals) {
                json item = {{"value", referral.id},
                             {"selected", std::to_string(referral.id) == referral_chosen},
                             {"sent_at", InstantJson(referral.sent_at)},
                             {"status", domain::ReferralStatusLabel(referral.status)}};
                item["to"] = OrganizationName(*services.directory, actor, referral.to_organization_id, data);
                referral_options.push_back(std::move(item));
            }
            for (const auto& support_case : choices->cases) {
                case_options.push_back({{"value", support_case.id},
                                        {"selected", std::to_string(support_case.id) == case_chosen},
                                        {"title", support_case.title},
                                        {"opened_on", DateJson(support_case.opened_on)}});
            }
        } else {
            ShowSectionError(data, request, "つなぎ・ケースの選択肢", choices.error());
        }
        data["referral_options"] = referral_options;
        data["case_options"] = case_options;
        data["has_referral_options"] = !referral_options.empty();
        data["has_case_options"] = !case_options.empty();
    }
    if (open && may(domain::ConsultationWork::kNextContact)) {
        data["may_set_next_contact"] = true;
        data["next_contact_value"] = posted("next_contact") ? field("next_contact_on")
                                     : c.next_contact_on    ? IsoDate(*c.next_contact_on)
                                                            : "";
        data["today"] = IsoDate(TodayInJapan(*services.clock));
    }
    if (open && may(domain::ConsultationWork::kCloseOrReopen)) data["may_close"] = true;
    if (live && c.status == domain::ConsultationStatus::kClosed && may(domain::ConsultationWork::kCloseOrReopen)) {
        data["may_reopen"] = true;
    }
    if (live && may(domain::ConsultationWork::kCancel)) {
        data["may_cancel"] = true;
        data["cancel_open"] = posted("cancel");
    }
    return RenderPage(request, "相談 " + std::to_string(c.id), "consultation", std::move(data), state.status);
}

std::optional<domain::ConsultationId> ConsultationIdOf(const http::Request& request) {
    return ParseId<domain::ConsultationId>(request.PathParam("id"));
}

http::Response ShowConsultation(const IntakeServices& services, http::Request& request) {
    auto id = ConsultationIdOf(request);
    if (!id) return ErrorOrNotFound(request, Error::NotFound());
    ThreadState state;
    if (auto query = request.QueryParam("person_q")) state.fields["person_q"] = *query;
    return Render(services, request, *id, state);
}

// After a change: back to the page with the notice (POST, redirect, GET: a reload does not post twice).
http::Response Done(domain::ConsultationId id, std::string_view what) {
    return http::Response::Redirect("/consultations/" + std::to_string(id) + "?done=" + std::string(what));
}

// Reads the form's version; a missing or malformed one is an error of the form (a stale page is kConflict later).
int VersionOf(ThreadState& state, const domain::Actor& actor) {
    auto version = ParseId(FieldOf(state.fields, "version"));
    if (!version)
        AddError(state, actor, Error::InvalidArgument("画面を開き直してください（版が読めません）", "version"));
    return version ? static_cast<int>(*version) : 0;
}

// Runs the use case of a posted form: redirect on success, the page with the errors otherwise.
template <class Call>
http::Response Submit(const IntakeServices& services, http::Request& request, std::string form, Call call) {
    auto id = ConsultationIdOf(request);
    if (!id) return ErrorOrNotFound(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    ThreadState state;
    state.fields = request.FormFields();
    state.form = form;
    state.contact_id = ParseId(request.PathParam("contact_id"));
    const Status done = call(actor, *id, state);
    if (!done) {
        // A consultation the actor may not read is not there.
        if (done.error().Is(ErrorCode::kNotFound) && done.error().field.empty()) {
            return ErrorOrNotFound(request, done.error());
        }
        AddError(state, actor, done.error());
    }
    if (!state.errors.empty()) return Render(services, request, *id, state);
    return Done(*id, form);
}

http::Response SubmitContact(const IntakeServices& services, http::Request& request) {
    return Submit(services, request, "contact",
                  [&](const domain::Actor& actor, domain::ConsultationId id, ThreadState& state) -> Status {
                      auto field = [&](std::string_view name) { return FieldOf(state.fields, name); };
                      domain::ContactInput contact;
                      if (auto occurred = ParseLocalDateTime(field("occurred_at"), "occurred_at", "対応日時")) {
                          contact.occurred_at = *occurred;
                      } else {
                          AddError(state, actor, occurred.error());
                      }
                      if (auto channel = domain::ParseChannel(field("channel"))) {
                          contact.channel = *channel;
                      } else {
                          AddError(state, actor, Error::InvalidArgument("「経路」を選んでください", "channel"));
                      }
                      if (auto source = domain::ParseSource(field("source"))) {
                          contact.source = *source;
                      } else {
                          AddError(state, actor, Error::InvalidArgument("「相手」を選んでください", "source"));
                      }
                      if (auto tag = domain::ParseTextTag(field("summary_tag"))) {
                          contact.summary_tag = *tag;
                      } else {
                          AddError(state, actor,
                                   Error::InvalidArgument("「記録の種類」を選んでください", "summary_tag"));
                      }
                      contact.caller.name = Trim(field("caller_name"));
                      contact.caller.relationship = Trim(field("caller_relationship"));
                      contact.summary = field("summary");
                      if (Trim(contact.summary).empty()) {
                          AddError(state, actor, Error::InvalidArgument("「対応内容」を入力してください", "summary"));
                      }
                      if (!state.errors.empty()) return {};
                      auto added = services.consultations->AddContact(actor, id, contact);
                      if (!added) return Fail(added.error());
                      return {};
                  });
}

http::Response SubmitOutcome(const IntakeServices& services, http::Request& request) {
    return Submit(services, request, "outcome",
                  [&](const domain::Actor& actor, domain::ConsultationId id, ThreadState& state) -> Status {
                      auto field = [&](std::string_view name) { return FieldOf(state.fields, name); };
                      const int version = VersionOf(state, actor);
                      domain::OutcomeInput input;
                      if (auto outcome = domain::ParseOutcome(field("outcome"));
                          outcome && *outcome != domain::Outcome::kOpen) {
                          input.outcome = *outcome;
                      } else {
                          AddError(state, actor, Error::InvalidArgument("「対応結果」を選んでください", "outcome"));
                      }
                      input.note = field("outcome_note");
                      // The pickers are read only for the outcome that uses them (a stale choice of the other is
                      // ignored).
                      if (input.outcome == domain::Outcome::kReferred)
                          input.referral_id = ParseId<domain::ReferralId>(field("referral_id"));
                      if (input.outcome == domain::Outcome::kEscalated)
                          input.case_id = ParseId<domain::CaseId>(field("case_id"));
                      if (!state.errors.empty()) return {};
                      auto saved = services.consultations->SetOutcome(actor, id, version, input);
                      if (!saved) return Fail(saved.error());
                      return {};
                  });
}

// The reason typed in the form's own reason field (ReasonField).
std::string ReasonOf(const ThreadState& state) { return FieldOf(state.fields, ReasonField(state.form)); }

// A 取消 asks the user to tick 確認 first: true when ticked; otherwise false, and the form's error under `field`.
bool Confirmed(ThreadState& state, const domain::Actor& actor, std::string_view field) {
    if (FieldOf(state.fields, "confirm") == "1") return true;
    AddError(state, actor,
             Error::InvalidArgument("取り消してよいか確かめて、確認の欄にチェックしてください", std::string(field)));
    return false;
}

using ReasonedChange = Result<domain::Consultation> (domain::ConsultationService::*)(const domain::Actor&,
                                                                                     domain::ConsultationId, int,
                                                                                     std::string_view);

// Whether a reasoned change asks for the 確認 tick too (取消 does).
enum class Confirmation { kNotAsked, kRequired };

http::Response SubmitReasoned(const IntakeServices& services, http::Request& request, std::string form,
                              ReasonedChange change, Confirmation confirmation) {
    return Submit(services, request, form,
                  [&](const domain::Actor& actor, domain::ConsultationId id, ThreadState& state) -> Status {
                      const int version = VersionOf(state, actor);
                      const std::string reason = ReasonOf(state);
                      if (confirmation == Confirmation::kRequired) Confirmed(state, actor, "confirm");
                      if (!state.errors.empty()) return {};
                      auto saved = (services.consultations->*change)(actor, id, version, reason);
                      if (!saved) return Fail(saved.error());
                      return {};
                  });
}

http::Response SubmitClose(const IntakeServices& services, http::Request& request) {
    return SubmitReasoned(services, request, "close", &domain::ConsultationService::Close, Confirmation::kNotAsked);
}
http::Response SubmitReopen(const IntakeServices& services, http::Request& request) {
    return SubmitReasoned(services, request, "reopen", &domain::ConsultationService::Reopen, Confirmation::kNotAsked);
}
http::Response SubmitCancel(const IntakeServices& services, http::Request& request) {
    return SubmitReasoned(services, request, "cancel", &domain::ConsultationService::Cancel, Confirmation::kRequired);
}

http::Response SubmitContactCancel(const IntakeServices& services, http::Request& request) {
    return Submit(services, request, "contact_cancel",
                  [&](const domain::Actor& actor, domain::ConsultationId id, ThreadState& state) -> Status {
                      if (!state.contact_id) return Fail(Error::NotFound());
                      if (!Confirmed(state, actor, "contact_cancel_reason")) return {};
                      auto saved = services.consultations->CancelContact(actor, id, *state.contact_id, ReasonOf(state));
                      if (!saved) return Fail(saved.error());
                      return {};
                  });
}

http::Response SubmitNextContact(const IntakeServices& services, http::Request& request) {
    return Submit(services, request, "next_contact",
                  [&](const domain::Actor& actor, domain::ConsultationId id, ThreadState& state) -> Status {
                      const int version = VersionOf(state, actor);
                      std::optional<Date> on;
                      if (const std::string text = Trim(FieldOf(state.fields, "next_contact_on")); !text.empty()) {
                          auto parsed = ParseJapaneseDate(text, "next_contact_on");
                          if (!parsed) {
                              AddError(state, actor,
                                       Error::InvalidArgument(
                                           "「次回連絡予定日」は 2026-12-10 や 令和8年12月10日 の形で入力してください",
                                           "next_contact_on"));
                          } else {
                              on = *parsed;
                          }
                      }
                      if (!state.errors.empty()) return {};
                      auto saved = services.consultations->SetNextContact(actor, id, version, on);
                      if (!saved) return Fail(saved.error());
                      return {};
                  });
}

// 本人を結び付ける: an anonymous consultation joins the person found by the search (person_id) or entered as new
// (with the duplicate check first, as on the intake page).
http::Response SubmitJoinPerson(const IntakeServices& services, http::Request& request) {
    auto id = ConsultationIdOf(request);
    if (!id) return ErrorOrNotFound(request, Error::NotFound());
    const domain::Actor actor = ActorOf(request);
    ThreadState state;
    state.fields = request.FormFields();
    state.form = "join";
    const int version = VersionOf(state, actor);
    const std::string choice = FieldOf(state.fields, "person_id");
    std::optional<domain::PersonId> person_id = ParseId<domain::PersonId>(choice);
    std::optional<domain::PersonData> new_person;
    if (!person_id) {
        PersonForm form = ReadPersonForm(state.fields);
        for (const auto& [name, message] : form.errors.items()) {
            AddError(state, actor, Error::InvalidArgument(message.get<std::string>(), name));
        }
        if (form.data.family_name.empty() && form.data.given_name.empty() && form.data.family_name_kana.empty()) {
            AddError(state, actor,
                     Error::InvalidArgument("検索で本人を選ぶか、新しい本人の氏名（またはふりがな）を入力してください",
                                            "person_id"));
        }
        if (state.errors.empty() && choice != "new_confirmed") {
            auto duplicates = services.persons->FindDuplicates(actor, form.data);
            if (!duplicates) {
                AddError(state, actor, duplicates.error());
            } else if (!duplicates->empty()) {
                state.duplicates = DuplicatesJson(*duplicates, TodayInJapan(*services.clock));
                AddError(state, actor,
                         Error::InvalidArgument("似ている記録があります。同じ人なら選び、別の人なら「新しい人として"
                                                "登録する」を選んでもう一度押してください",
                                                "person_id"));
            }
        }
        new_person = std::move(form.data);
    }
    if (state.errors.empty()) {
        auto joined =
            services.consultations->JoinPerson(actor, *id, version, person_id, person_id ? std::nullopt : new_person);
        if (!joined) {
            if (joined.error().Is(ErrorCode::kNotFound) && joined.error().field.empty()) {
                return ErrorOrNotFound(request, joined.error());
            }
            AddError(state, actor, joined.error());
        }
    }
    if (!state.errors.empty()) return Render(services, request, *id, state);
    return Done(*id, "join");
}

}  // namespace

void AddConsultationThreadPages(http::Router& router, const IntakeServices& services) {
    auto page = [&router, &services](std::string method, std::string pattern, IntakePageHandler handler) {
        AddIntakePage(router, services, std::move(method), std::move(pattern), handler);
    };
    page("GET", "/consultations/{id}", ShowConsultation);
    page("POST", "/consultations/{id}/contacts", SubmitContact);
    page("POST", "/consultations/{id}/outcome", SubmitOutcome);
    page("POST", "/consultations/{id}/close", SubmitClose);
    page("POST", "/consultations/{id}/reopen", SubmitReopen);
    page("POST", "/consultations/{id}/cancel", SubmitCancel);
    page("POST", "/consultations/{id}/contacts/{contact_id}/cancel", SubmitContactCancel);
    page("POST", "/consultations/{id}/next-contact", SubmitNextContact);
    page("POST", "/consultations/{id}/person", SubmitJoinPerson);
}

}  // namespace kasane::web
