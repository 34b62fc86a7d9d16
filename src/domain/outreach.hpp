// SPDX-License-Identifier: Apache-2.0
#pragma once

// アウトリーチ等を通じた継続的支援 (issue 15, item 1; 社会福祉法 第106条の4第2項第4号): a person (and, when known,
// their household) whom the town keeps reaching out to, often someone withdrawn (ひきこもり) who does not come to a
// window. The record follows the engagement stage (把握 … 終了), with each stage change dated; every attempt to reach
// the person is logged with its method, its outcome, the organisation that went and who went, and — for 精神科
// outreach — the person's 受診状況. The next planned visit is kept so that a caseload shows the overdue ones.
// Sources and terms: docs/outreach.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/person.hpp"

namespace kasane::domain {

using ConsultationId = Id<struct ConsultationTag>;  // as in consultation.hpp

enum class OutreachKind {
    kGeneral,      // 一般
    kPsychiatric,  // 精神科アウトリーチ: 受診状況 recorded with each attempt
};
inline constexpr OutreachKind kAllOutreachKinds[] = {OutreachKind::kGeneral, OutreachKind::kPsychiatric};
std::string_view OutreachKindCode(OutreachKind kind);   // "general", "psychiatric"
std::string_view OutreachKindLabel(OutreachKind kind);  // 一般, 精神科
std::optional<OutreachKind> ParseOutreachKind(std::string_view code);

// The engagement stage, in the order a relationship usually grows; 終了 ends the record (reopened with a reason).
enum class OutreachStage {
    kIdentified,            // 把握: the town knows of the person (from a neighbour, a 民生委員, another agency)
    kTryingContact,         // 接触試行: visits, calls, letters, not yet met
    kFirstContact,          // 初回接触: met once
    kBuildingRelationship,  // 関係づくり
    kOngoingSupport,        // 支援継続
    kConnected,             // 他事業へつなぎ: handed to another programme or service
    kClosed,                // 終了
};
inline constexpr OutreachStage kAllOutreachStages[] = {
    OutreachStage::kIdentified,     OutreachStage::kTryingContact,
    OutreachStage::kFirstContact,   OutreachStage::kBuildingRelationship,
    OutreachStage::kOngoingSupport, OutreachStage::kConnected,
    OutreachStage::kClosed};
// "identified", "trying_contact", "first_contact", "building_relationship", "ongoing_support", "connected", "closed"
std::string_view OutreachStageCode(OutreachStage stage);
std::string_view OutreachStageLabel(OutreachStage stage);  // 把握 / 接触試行 / 初回接触 / … / 終了
std::optional<OutreachStage> ParseOutreachStage(std::string_view code);

enum class OutreachMethod { kVisit, kPhone, kLetter, kAccompany };  // 訪問 / 電話 / 手紙 / 同行
inline constexpr OutreachMethod kAllOutreachMethods[] = {OutreachMethod::kVisit, OutreachMethod::kPhone,
                                                         OutreachMethod::kLetter, OutreachMethod::kAccompany};
std::string_view OutreachMethodCode(OutreachMethod method);  // "visit", "phone", "letter", "accompany"
std::string_view OutreachMethodLabel(OutreachMethod method);
std::optional<OutreachMethod> ParseOutreachMethod(std::string_view code);

enum class OutreachOutcome { kMet, kAbsent, kRefused, kMoved, kUnknown };  // 会えた / 不在 / 拒否 / 転居 / 不明
inline constexpr OutreachOutcome kAllOutreachOutcomes[] = {OutreachOutcome::kMet, OutreachOutcome::kAbsent,
                                                           OutreachOutcome::kRefused, OutreachOutcome::kMoved,
                                                           OutreachOutcome::kUnknown};
std::string_view OutreachOutcomeCode(OutreachOutcome outcome);  // "met", "absent", "refused", "moved", "unknown"
std::string_view OutreachOutcomeLabel(OutreachOutcome outcome);
std::optional<OutreachOutcome> ParseOutreachOutcome(std::string_view code);

// 受診状況 of 精神科 outreach.
enum class TreatmentStatus { kNeverTreated, kInterrupted, kInTreatment };  // 未受診 / 受診中断 / 受診中
inline constexpr TreatmentStatus kAllTreatmentStatuses[] = {
    TreatmentStatus::kNeverTreated, TreatmentStatus::kInterrupted, TreatmentStatus::kInTreatment};
std::string_view TreatmentStatusCode(TreatmentStatus status);  // "never_treated", "interrupted", "in_treatment"
std::string_view TreatmentStatusLabel(TreatmentStatus status);
std::optional<TreatmentStatus> ParseTreatmentStatus(std::string_view code);

struct OutreachStageChange {
    OutreachStage from = OutreachStage::kIdentified;
    OutreachStage to = OutreachStage::kIdentified;
    Date on{};
    std::string reason;  // required to close and to reopen
    UserId changed_by{};
    Instant changed_at{};
};

struct OutreachAttempt {
    OutreachAttemptId id{};
    OutreachId outreach_id{};
    Instant attempted_at{};  // shown and entered in Japan time
    OutreachMethod method = OutreachMethod::kVisit;
    OutreachOutcome outcome = OutreachOutcome::kMet;
    OrganizationId visiting_organization_id{};
    std::string visitors;  // who went: 「保健師 田中、相談員 佐藤」
    std::string note;
    std::optional<TreatmentStatus> treatment;       // 精神科 outreach only
    std::optional<ConsultationId> consultation_id;  // the consultation this attempt became, if any
    UserId recorded_by{};
    Instant recorded_at{};
};

struct OutreachRecord {
    OutreachId id{};
    PersonId person_id{};
    std::optional<HouseholdId> household_id;
    OutreachKind kind = OutreachKind::kGeneral;
    std::string reason;                // why the town reaches out: 「長期のひきこもり、親から相談」
    UserId worker_id{};                // the responsible worker
    OrganizationId organization_id{};  // the responsible organisation
    OutreachStage stage = OutreachStage::kIdentified;
    Date opened_on{};
    std::optional<Date> next_visit_on;
    UserId created_by{};
    Instant created_at{};
    std::vector<OutreachStageChange> stage_changes;  // oldest first
    std::vector<OutreachAttempt> attempts;           // oldest first
};

// kInvalidArgument naming the field: a person, a worker, an organisation, a reason (1..200), an opening day not after
// today, a next visit not before the opening day.
Status ValidateOutreachRecord(const OutreachRecord& record, Date today);

// A stage change from the record's stage: to another stage (not back to 把握, which is only where a record starts);
// 終了 with a reason; out of 終了 (再開) with a reason; the day not after today and not before the opening day.
Status ValidateStageChange(const OutreachRecord& record, OutreachStage to, Date on, std::string_view reason,
                           Date today);

// An attempt on the record: not on a closed record; in the past (not after `now`) and not before the record's
// opening day in Japan; a visiting organisation; who went (1..100) and a note (0..2000); a 受診状況 only for 精神科
// outreach. Each refusal names its field.
Status ValidateAttempt(const OutreachRecord& record, const OutreachAttempt& attempt, Instant now);

// Whether the next planned visit is overdue: the record is not closed and the day is before today (in Japan).
bool IsVisitOverdue(const OutreachRecord& record, Date today);

// The organisations involved in the record: the responsible one, and every one that went on an attempt.
std::vector<OrganizationId> OutreachOrganizations(const OutreachRecord& record);

}  // namespace kasane::domain
