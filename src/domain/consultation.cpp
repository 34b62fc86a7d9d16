// SPDX-License-Identifier: Apache-2.0
// The rules of a consultation's thread (consultation.hpp): what counts, when it may be closed, reopened or cancelled,
// and what an outcome must name.
//
// Sources: the 相談受付票 and 支援経過記録 (docs: /work/shared/docs/forms.md, 生活困窮者自立支援 standard forms reused
// by 重層 systems) record each contact (日時, 手段, 相手, 対応内容) and the 対応結果 of the thread; counts are per
// 年度, 実人数 apart from 延べ (MHLW 重層的支援体制整備事業 実施計画: 相談受付件数). An entry made by mistake is
// cancelled, not deleted: 個人情報の保護に関する法律 第65条 (正確性の確保) asks that records be kept accurate, and the
// audit trail keeps the correction.

#include <algorithm>
#include <chrono>

#include "domain/consultation.hpp"

namespace kasane::domain {

Status RequireStatedReason(std::string_view reason, std::string_view message) {
    if (reason.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return Fail(Error::InvalidArgument(std::string(message), "reason"));
    }
    return {};
}

bool IsCounted(const Consultation& consultation) { return !consultation.cancelled.has_value(); }

bool IsCounted(const Consultation& consultation, const Contact& contact) {
    return IsCounted(consultation) && !contact.cancelled.has_value();
}

std::vector<const Contact*> CountedContacts(const Consultation& consultation) {
    std::vector<const Contact*> counted;
    for (const Contact& contact : consultation.contacts) {
        if (IsCounted(consultation, contact)) counted.push_back(&contact);
    }
    return counted;
}

Status RequireNotCancelled(const Consultation& consultation) {
    if (consultation.cancelled) {
        return Fail(Error::InvalidArgument("取り消された相談は変更できません", "consultation"));
    }
    return {};
}

Status RequireOpen(const Consultation& consultation) {
    if (auto live = RequireNotCancelled(consultation); !live) return live;
    if (consultation.status == ConsultationStatus::kClosed) {
        return Fail(Error::InvalidArgument("終了した相談です。記録するには、理由を添えて再開してください", "status"));
    }
    return {};
}

Status MayClose(const Consultation& consultation, std::string_view reason) {
    if (auto open = RequireOpen(consultation); !open) return open;
    if (consultation.outcome == Outcome::kContinuing) {
        return Fail(Error::InvalidArgument("対応結果が「継続」のままでは終了できません。対応結果を選び直してください",
                                           "outcome"));
    }
    return RequireStatedReason(reason, "終了の理由を入力してください");
}

Status MayReopen(const Consultation& consultation, std::string_view reason) {
    if (auto live = RequireNotCancelled(consultation); !live) return live;
    if (consultation.status != ConsultationStatus::kClosed) {
        return Fail(Error::InvalidArgument("この相談は終了していません", "status"));
    }
    return RequireStatedReason(reason, "再開の理由を入力してください");
}

Status MayCancel(const Consultation& consultation, std::string_view reason) {
    if (consultation.cancelled)
        return Fail(Error::InvalidArgument("この相談はすでに取り消されています", "consultation"));
    return RequireStatedReason(reason, "取消の理由を入力してください");
}

Status MayCancelContact(const Consultation& consultation, ContactId contact_id, std::string_view reason) {
    if (auto live = RequireNotCancelled(consultation); !live) return live;
    const auto found = std::find_if(consultation.contacts.begin(), consultation.contacts.end(),
                                    [&](const Contact& contact) { return contact.id == contact_id; });
    if (found == consultation.contacts.end()) return Fail(Error::NotFound("対応記録が見つかりません"));
    if (found->cancelled) return Fail(Error::InvalidArgument("この対応記録はすでに取り消されています", "contact_id"));
    if (!consultation.contacts.empty() && consultation.contacts.front().id == contact_id) {
        return Fail(Error::InvalidArgument("最初の受付の記録は、相談ごと取り消してください", "contact_id"));
    }
    return RequireStatedReason(reason, "取消の理由を入力してください");
}

bool MayBeReferralOrigin(const Consultation& consultation, PersonId person_id, const std::vector<Household>& households,
                         Date today) {
    if (consultation.person_id == person_id) return true;
    if (!consultation.household_id) return false;
    return std::any_of(households.begin(), households.end(), [&](const Household& household) {
        if (household.id != *consultation.household_id) return false;
        const std::vector<HouseholdMember> members = household.CurrentMembers(today);
        return std::any_of(members.begin(), members.end(),
                           [&](const HouseholdMember& member) { return member.person_id == person_id; });
    });
}

Status ValidateOutcomeLinks(Outcome outcome, std::optional<ReferralId> referral_id, std::optional<CaseId> case_id) {
    if (outcome == Outcome::kReferred && !referral_id) {
        return Fail(
            Error::InvalidArgument("「つなぎ」には、送ったつなぎ（つなぐシート）を選んでください", "referral_id"));
    }
    if (outcome == Outcome::kEscalated && !case_id) {
        return Fail(Error::InvalidArgument("「多機関協働へ」には、そのケースを選んでください", "case_id"));
    }
    if (outcome != Outcome::kReferred && referral_id) {
        return Fail(Error::InvalidArgument("つなぎを選べるのは対応結果が「つなぎ」のときだけです", "referral_id"));
    }
    if (outcome != Outcome::kEscalated && case_id) {
        return Fail(Error::InvalidArgument("ケースを選べるのは対応結果が「多機関協働へ」のときだけです", "case_id"));
    }
    return {};
}

Status ValidateNextContactOn(std::optional<Date> next_contact_on, Date today) {
    if (!next_contact_on) return {};
    if (!next_contact_on->ok())
        return Fail(Error::InvalidArgument("次回連絡予定日が正しくありません", "next_contact_on"));
    if (std::chrono::sys_days{*next_contact_on} < std::chrono::sys_days{today}) {
        return Fail(Error::InvalidArgument("次回連絡予定日が過去の日付です。今日以降の日付を入力してください",
                                           "next_contact_on"));
    }
    return {};
}

std::string_view IntakeNextStepCode(IntakeNextStep step) {
    switch (step) {
        case IntakeNextStep::kNone: return "none";
        case IntakeNextStep::kCallBack: return "call_back";
        case IntakeNextStep::kRefer: return "refer";
        case IntakeNextStep::kOpenCase: return "open_case";
    }
    return "";
}

std::string_view IntakeNextStepLabel(IntakeNextStep step) {
    switch (step) {
        case IntakeNextStep::kNone: return "なし";
        case IntakeNextStep::kCallBack: return "折り返し連絡";
        case IntakeNextStep::kRefer: return "つなぐ";
        case IntakeNextStep::kOpenCase: return "多機関協働（ケースを開く）";
    }
    return "";
}

std::optional<IntakeNextStep> ParseIntakeNextStep(std::string_view code) {
    for (IntakeNextStep step :
         {IntakeNextStep::kNone, IntakeNextStep::kCallBack, IntakeNextStep::kRefer, IntakeNextStep::kOpenCase}) {
        if (IntakeNextStepCode(step) == code) return step;
    }
    return std::nullopt;
}

Status ValidateNextStep(IntakeNextStep step, std::optional<Date> call_back_on,
                        std::optional<OrganizationId> to_organization_id, ConsultationSubject subject, Date today) {
    switch (step) {
        case IntakeNextStep::kNone: return {};
        case IntakeNextStep::kCallBack:
            if (!call_back_on) {
                return Fail(Error::InvalidArgument("折り返し連絡の日付を入力してください", "next_step.call_back_on"));
            }
            if (auto valid = ValidateNextContactOn(call_back_on, today); !valid) {
                return Fail(Error::InvalidArgument(valid.error().message, "next_step.call_back_on"));
            }
            return {};
        case IntakeNextStep::kRefer:
        case IntakeNextStep::kOpenCase:
            if (subject == ConsultationSubject::kAnonymous) {
                return Fail(Error::InvalidArgument(
                    "匿名の相談はつなぐ・ケースを開くことができません（本人を特定してからにしてください）",
                    "next_step"));
            }
            if (step == IntakeNextStep::kRefer && !to_organization_id) {
                return Fail(Error::InvalidArgument("つなぐ先の機関を選んでください", "next_step.to_organization_id"));
            }
            return {};
    }
    return {};
}

bool IsAnonymous(const Consultation& consultation) { return !consultation.person_id.has_value(); }

Status MayJoinPerson(const Consultation& consultation) {
    if (auto alive = RequireNotCancelled(consultation); !alive) return alive;
    if (!IsAnonymous(consultation)) {
        return Fail(Error::Conflict("この相談にはすでに本人が結び付けられています", "person_id"));
    }
    return {};
}

bool ContactDue(const Consultation& consultation, Date today) {
    return IsCounted(consultation) && consultation.status == ConsultationStatus::kOpen &&
           consultation.next_contact_on &&
           std::chrono::sys_days{*consultation.next_contact_on} <= std::chrono::sys_days{today};
}

}  // namespace kasane::domain
