// SPDX-License-Identifier: Apache-2.0
#pragma once

// 相談 (包括的相談支援事業, 断らない相談): any window of any agency records any worry about anyone. A
// consultation is a thread: the first contact opens it, follow-up contacts attach to it, so that 延べ (all
// contacts) and 実人数 (distinct persons) are both exact.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

using ConsultationId = Id<struct ConsultationTag>;
using ContactId = std::int64_t;
using CategoryId = std::int64_t;
using ReferralId = Id<struct ReferralTag>;  // as in referral.hpp (which includes this header)
using CaseId = Id<struct CaseTag>;          // as in support_case.hpp

// A reason a later reader can follow: not empty and not only white space, else kInvalidArgument naming "reason"
// with `message`. The one home of "a stated reason", for ending a case (RequireReasonToEnd) and for closing,
// reopening and cancelling a consultation.
Status RequireStatedReason(std::string_view reason, std::string_view message);

enum class Channel {
    kVisit,
    kPhone,
    kHomeVisit,
    kEmail,
    kViaAgency,
    kOther
};                                              // 来所 / 電話 / 訪問 / メール / 関係機関経由 / その他
std::string_view ChannelCode(Channel channel);  // "visit", "phone", "home_visit", "email", "via_agency", "other"
std::string_view ChannelLabel(Channel channel);
std::optional<Channel> ParseChannel(std::string_view code);

// 相談経路: who brought the worry. 匿名 is a caller who does not give their name (whoever they are); a consultation
// whose *person* is not identified is an anonymous consultation (Consultation::person_id empty), which is another
// thing: a named neighbour may call about someone they cannot name.
enum class Source {
    kSelf,
    kFamily,
    kNeighbor,
    kWelfareVolunteer,
    kNeighborhoodAssociation,
    kAgency,
    kOther,
    kAnonymous
};
// "self", "family", "neighbor", "welfare_volunteer", "neighborhood_association", "agency", "other", "anonymous"
std::string_view SourceCode(Source source);
std::string_view SourceLabel(Source source);  // 本人 / 家族 / 近隣 / 民生委員 / 自治会 / 関係機関 / その他 / 匿名
std::optional<Source> ParseSource(std::string_view code);

// 対応結果 (the 相談受付票's 「対応結果」 and the 支援経過記録's outcome of the thread). Separate from the status
// (対応中 / 終了, ConsultationStatus): a consultation may be 継続 and still open, or closed with a result.
enum class Outcome {
    kOpen,                 // 未設定 (no outcome yet; the code "open" is kept for the API and the stored rows)
    kInformationProvided,  // 情報提供で終了
    kReferred,             // 他機関へつなぎ (with the referral: Consultation::outcome_referral_id)
    kEscalated,            // 多機関協働へ (with the case: Consultation::outcome_case_id)
    kContinuing,           // 継続 (the window keeps supporting the person itself)
};
// "open", "information_provided", "referred", "escalated", "continuing"
std::string_view OutcomeCode(Outcome outcome);
std::string_view OutcomeLabel(Outcome outcome);
std::optional<Outcome> ParseOutcome(std::string_view code);

// The status of the thread: 対応中 (open) until it is closed with a reason; reopened with a reason.
enum class ConsultationStatus { kOpen, kClosed };                    // 対応中 / 終了
std::string_view ConsultationStatusCode(ConsultationStatus status);  // "open", "closed"
std::string_view ConsultationStatusLabel(ConsultationStatus status);
std::optional<ConsultationStatus> ParseConsultationStatus(std::string_view code);

// 取消: an entry made by mistake (a consultation, or one contact of it) is never deleted — the record keeps who
// cancelled it, when and why, the audit trail has the change, and the entry is out of every count and list
// (IsCounted below).
struct Cancellation {
    UserId user_id{};
    Instant at{};
    std::string reason;
};

// Free text is tagged for disclosure requests (開示請求): facts can be disclosed; information from third parties
// and staff assessment (所見) are often withheld.
enum class TextTag { kFact, kThirdParty, kAssessment };  // 事実 / 第三者からの情報 / 所見
std::string_view TextTagCode(TextTag tag);               // "fact", "third_party", "assessment"
std::string_view TextTagLabel(TextTag tag);
std::optional<TextTag> ParseTextTag(std::string_view code);

// The per-municipality master of worry categories (独居, ひきこもり, 8050 …).
struct WorryCategory {
    CategoryId id = 0;
    MunicipalityId municipality_id{};
    std::string code;   // stable, e.g. "hikikomori"
    std::string label;  // ひきこもり
    int sort_order = 0;
    bool active = true;
};

// The categories every municipality starts with (issue #3's list), in display order.
struct SeedCategory {
    std::string_view code;
    std::string_view label;
};
const std::vector<SeedCategory>& DefaultWorryCategories();

struct CategoryChoice {
    CategoryId category_id = 0;
    bool most_pressing = false;  // ◎ on the paper form; exactly one per consultation when any is chosen
};

struct Caller {  // who called, when not the person
    std::string name;
    std::string relationship;  // 本人との関係 (長男, 隣人 …)
    std::string phone;
    std::optional<OrganizationId> organization_id;  // when the source is an agency of the municipality
};

struct Contact {
    ContactId id = 0;
    ConsultationId consultation_id{};
    Instant occurred_at{};
    Channel channel = Channel::kPhone;
    Source source = Source::kSelf;
    Caller caller;
    OrganizationId organization_id{};  // the window that took this contact
    UserId staff_user_id{};
    std::string summary;  // what was said and done
    TextTag summary_tag = TextTag::kFact;
    Instant recorded_at{};
    std::optional<Cancellation> cancelled;  // 取消 of this contact
};

// A close or a reopen of the thread, with its reason (kept in order, oldest first).
enum class ConsultationEventKind { kClosed, kReopened };
std::string_view ConsultationEventKindCode(ConsultationEventKind kind);   // "closed", "reopened"
std::string_view ConsultationEventKindLabel(ConsultationEventKind kind);  // 終了 / 再開
std::optional<ConsultationEventKind> ParseConsultationEventKind(std::string_view code);
struct ConsultationEvent {
    ConsultationEventKind kind = ConsultationEventKind::kClosed;
    Instant at{};
    UserId user_id{};
    std::string reason;
};

struct Consultation {
    ConsultationId id{};
    MunicipalityId municipality_id{};
    OrganizationId receiving_organization_id{};
    UserId received_by_user_id{};
    // The subject person; empty for an anonymous consultation (匿名の相談: the person concerned is not identified),
    // which counts in 延べ but not in 実人数 until it joins a person (MayJoinPerson, ConsultationService::JoinPerson).
    std::optional<PersonId> person_id;
    std::optional<HouseholdId> household_id;
    std::string chief_complaint;  // 主訴, in the person's or caller's words
    std::vector<CategoryChoice> categories;
    Outcome outcome = Outcome::kOpen;
    std::string outcome_note;
    std::optional<ReferralId> outcome_referral_id;  // Outcome::kReferred: the referral (つなぐシート) sent
    std::optional<CaseId> outcome_case_id;          // Outcome::kEscalated: the 多機関協働 case
    ConsultationStatus status = ConsultationStatus::kOpen;
    std::optional<Date> next_contact_on;  // 次回連絡予定 (a JST date), for the home page's reminder
    std::optional<Cancellation> cancelled;
    std::vector<ConsultationEvent> events;  // closes and reopens, oldest first
    std::vector<Contact> contacts;          // oldest first; the first opened the thread
    Instant created_at{};
    int version = 1;
};

// --- the rules of the thread (consultation.cpp) -------------------------------------------------------------------

// Counts exclude cancelled entries: the one home of that rule. 延べ counts every contact for which
// IsCounted(consultation, contact); 実人数, households and lists count a consultation when IsCounted(consultation).
// Storage keeps contacts.counted equal to this (ConsultationRepository), for the yearly count's index.
bool IsCounted(const Consultation& consultation);
bool IsCounted(const Consultation& consultation, const Contact& contact);
// The contacts that count (not cancelled), oldest first.
std::vector<const Contact*> CountedContacts(const Consultation& consultation);

// A consultation that is cancelled takes no change (kInvalidArgument, field "consultation"); one that is closed
// takes no contact, outcome or next-contact date until reopened (field "status").
Status RequireNotCancelled(const Consultation& consultation);
Status RequireOpen(const Consultation& consultation);
// Closing needs a stated reason (like 終結 of a case: RequireStatedReason), and an outcome that is not 継続.
Status MayClose(const Consultation& consultation, std::string_view reason);
// Reopening needs a closed, not cancelled consultation and a stated reason.
Status MayReopen(const Consultation& consultation, std::string_view reason);
// 取消 needs a stated reason; a contact must be of the consultation and not cancelled yet, and the first contact
// (the intake itself) is cancelled by cancelling the consultation.
Status MayCancel(const Consultation& consultation, std::string_view reason);
Status MayCancelContact(const Consultation& consultation, ContactId contact_id, std::string_view reason);
// 'referred' names a referral, 'escalated' a case, and nothing else names either (kInvalidArgument, fields
// "referral_id" / "case_id"). Whether they exist and concern the same person or household is the service's check.
Status ValidateOutcomeLinks(Outcome outcome, std::optional<ReferralId> referral_id, std::optional<CaseId> case_id);
// The もとの相談 a referral of `person_id` may name: a consultation about the person, or one about a household the
// person is a current member of on `today` (`households`: those the person was ever in) — a neighbour's call about
// an old man and his son is where the son's referral to another window starts too. Pure.
bool MayBeReferralOrigin(const Consultation& consultation, PersonId person_id, const std::vector<Household>& households,
                         Date today);
// 次回連絡予定: today or later in Japan (kInvalidArgument, field "next_contact_on").
Status ValidateNextContactOn(std::optional<Date> next_contact_on, Date today);
// The reminder: open, not cancelled, with a next-contact date today or before (overdue when before).
bool ContactDue(const Consultation& consultation, Date today);

// The next step chosen on the intake screen of a call: none, 折り返し連絡 on a date, つなぐ (a referral to another
// organisation), or 多機関協働 (open a case).
enum class IntakeNextStep { kNone, kCallBack, kRefer, kOpenCase };
std::string_view IntakeNextStepCode(IntakeNextStep step);  // "none", "call_back", "refer", "open_case"
std::string_view IntakeNextStepLabel(IntakeNextStep step);  // なし / 折り返し連絡 / つなぐ / 多機関協働（ケースを開く）
std::optional<IntakeNextStep> ParseIntakeNextStep(std::string_view code);
// 折り返し連絡 needs a date that ValidateNextContactOn accepts (field "next_step.call_back_on"); つなぐ needs the
// receiving organisation (field "next_step.to_organization_id"); つなぐ and 多機関協働 need an identified person
// (field "next_step": a referral sheet and a case are about someone). Pure.
enum class ConsultationSubject { kIdentified, kAnonymous };  // whether the person concerned is identified
Status ValidateNextStep(IntakeNextStep step, std::optional<Date> call_back_on,
                        std::optional<OrganizationId> to_organization_id, ConsultationSubject subject, Date today);

// 匿名の相談: recorded without a person (the person concerned is not identified).
bool IsAnonymous(const Consultation& consultation);
// Joining a person to an anonymous consultation once identified: not cancelled (field "consultation"), and not
// linked already — a consultation's person never changes once set (kConflict, field "person_id"; a wrong person is
// put right by 取消 and a new entry, so that what was counted stays explainable). A closed consultation may join
// (the person is identified after the thread ended).
Status MayJoinPerson(const Consultation& consultation);

}  // namespace kasane::domain
