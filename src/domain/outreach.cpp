// SPDX-License-Identifier: Apache-2.0
#include "domain/outreach.hpp"

#include <algorithm>
#include <chrono>

#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"

namespace kasane::domain {

namespace {

template <class Enum, std::size_t N>
std::optional<Enum> ParseCode(std::string_view code, const Enum (&all)[N], std::string_view (*code_of)(Enum)) {
    for (Enum value : all) {
        if (code_of(value) == code) return value;
    }
    return std::nullopt;
}

Status RequireText(std::string_view text, std::string_view field, std::size_t max, std::string_view what) {
    if (text.empty()) return Fail(Error::InvalidArgument(std::string(what) + "を入力してください", std::string(field)));
    if (auto valid = ValidateFreeText(text, field, max); !valid) return Fail(valid.error());
    return {};
}

}  // namespace

std::string_view OutreachKindCode(OutreachKind kind) {
    return kind == OutreachKind::kGeneral ? "general" : "psychiatric";
}
std::string_view OutreachKindLabel(OutreachKind kind) { return kind == OutreachKind::kGeneral ? "一般" : "精神科"; }
std::optional<OutreachKind> ParseOutreachKind(std::string_view code) {
    return ParseCode(code, kAllOutreachKinds, OutreachKindCode);
}

std::string_view OutreachStageCode(OutreachStage stage) {
    switch (stage) {
        case OutreachStage::kIdentified: return "identified";
        case OutreachStage::kTryingContact: return "trying_contact";
        case OutreachStage::kFirstContact: return "first_contact";
        case OutreachStage::kBuildingRelationship: return "building_relationship";
        case OutreachStage::kOngoingSupport: return "ongoing_support";
        case OutreachStage::kConnected: return "connected";
        case OutreachStage::kClosed: return "closed";
    }
    return "identified";
}
std::string_view OutreachStageLabel(OutreachStage stage) {
    switch (stage) {
        case OutreachStage::kIdentified: return "把握";
        case OutreachStage::kTryingContact: return "接触試行";
        case OutreachStage::kFirstContact: return "初回接触";
        case OutreachStage::kBuildingRelationship: return "関係づくり";
        case OutreachStage::kOngoingSupport: return "支援継続";
        case OutreachStage::kConnected: return "他事業へつなぎ";
        case OutreachStage::kClosed: return "終了";
    }
    return "把握";
}
std::optional<OutreachStage> ParseOutreachStage(std::string_view code) {
    return ParseCode(code, kAllOutreachStages, OutreachStageCode);
}

std::string_view OutreachMethodCode(OutreachMethod method) {
    switch (method) {
        case OutreachMethod::kVisit: return "visit";
        case OutreachMethod::kPhone: return "phone";
        case OutreachMethod::kLetter: return "letter";
        case OutreachMethod::kAccompany: return "accompany";
    }
    return "visit";
}
std::string_view OutreachMethodLabel(OutreachMethod method) {
    switch (method) {
        case OutreachMethod::kVisit: return "訪問";
        case OutreachMethod::kPhone: return "電話";
        case OutreachMethod::kLetter: return "手紙";
        case OutreachMethod::kAccompany: return "同行";
    }
    return "訪問";
}
std::optional<OutreachMethod> ParseOutreachMethod(std::string_view code) {
    return ParseCode(code, kAllOutreachMethods, OutreachMethodCode);
}

std::string_view OutreachOutcomeCode(OutreachOutcome outcome) {
    switch (outcome) {
        case OutreachOutcome::kMet: return "met";
        case OutreachOutcome::kAbsent: return "absent";
        case OutreachOutcome::kRefused: return "refused";
        case OutreachOutcome::kMoved: return "moved";
        case OutreachOutcome::kUnknown: return "unknown";
    }
    return "unknown";
}
std::string_view OutreachOutcomeLabel(OutreachOutcome outcome) {
    switch (outcome) {
        case OutreachOutcome::kMet: return "会えた";
        case OutreachOutcome::kAbsent: return "不在";
        case OutreachOutcome::kRefused: return "拒否";
        case OutreachOutcome::kMoved: return "転居";
        case OutreachOutcome::kUnknown: return "不明";
    }
    return "不明";
}
std::optional<OutreachOutcome> ParseOutreachOutcome(std::string_view code) {
    return ParseCode(code, kAllOutreachOutcomes, OutreachOutcomeCode);
}

std::string_view TreatmentStatusCode(TreatmentStatus status) {
    switch (status) {
        case TreatmentStatus::kNeverTreated: return "never_treated";
        case TreatmentStatus::kInterrupted: return "interrupted";
        case TreatmentStatus::kInTreatment: return "in_treatment";
    }
    return "never_treated";
}
std::string_view TreatmentStatusLabel(TreatmentStatus status) {
    switch (status) {
        case TreatmentStatus::kNeverTreated: return "未受診";
        case TreatmentStatus::kInterrupted: return "受診中断";
        case TreatmentStatus::kInTreatment: return "受診中";
    }
    return "未受診";
}
std::optional<TreatmentStatus> ParseTreatmentStatus(std::string_view code) {
    return ParseCode(code, kAllTreatmentStatuses, TreatmentStatusCode);
}

Status ValidateOutreachRecord(const OutreachRecord& record, Date today) {
    if (record.person_id <= 0) return Fail(Error::InvalidArgument("対象の人を選んでください", "person_id"));
    if (auto valid = RequireText(record.reason, "reason", 200, "アウトリーチの理由"); !valid) return valid;
    if (record.worker_id <= 0) return Fail(Error::InvalidArgument("担当者を選んでください", "worker_id"));
    if (record.organization_id <= 0) {
        return Fail(Error::InvalidArgument("担当機関を選んでください", "organization_id"));
    }
    if (!record.opened_on.ok() || record.opened_on > today) {
        return Fail(Error::InvalidArgument("把握した日を今日までの日付で入力してください", "opened_on"));
    }
    if (record.next_visit_on && *record.next_visit_on < record.opened_on) {
        return Fail(Error::InvalidArgument("次回訪問予定日が把握した日より前です", "next_visit_on"));
    }
    return {};
}

Status ValidateStageChange(const OutreachRecord& record, OutreachStage to, Date on, std::string_view reason,
                           Date today) {
    if (to == record.stage) return Fail(Error::InvalidArgument("いまと同じ段階です", "stage"));
    // 把握 is where a record starts: a relationship that breaks off goes back to 接触試行, not to not knowing.
    if (to == OutreachStage::kIdentified) {
        return Fail(
            Error::InvalidArgument("「把握」には戻せません。会えなくなったときは「接触試行」にしてください", "stage"));
    }
    if (to == OutreachStage::kClosed && reason.empty()) {
        return Fail(Error::InvalidArgument("終了する理由を入力してください", "reason"));
    }
    if (record.stage == OutreachStage::kClosed && reason.empty()) {
        return Fail(Error::InvalidArgument("再開する理由を入力してください", "reason"));
    }
    if (!reason.empty()) {
        if (auto valid = ValidateFreeText(reason, "reason", 200); !valid) return Fail(valid.error());
    }
    if (!on.ok() || on > today) return Fail(Error::InvalidArgument("変更日を今日までの日付で入力してください", "on"));
    if (on < record.opened_on) return Fail(Error::InvalidArgument("変更日が把握した日より前です", "on"));
    return {};
}

Status ValidateAttempt(const OutreachRecord& record, const OutreachAttempt& attempt, Instant now) {
    if (record.stage == OutreachStage::kClosed) {
        return Fail(Error::InvalidArgument("終了した記録には記録できません。再開してから記録してください", "stage"));
    }
    if (attempt.attempted_at > now) {
        return Fail(Error::InvalidArgument("訪問等の日時が未来です", "attempted_at"));
    }
    if (JstDate(attempt.attempted_at) < record.opened_on) {
        return Fail(Error::InvalidArgument("訪問等の日時が把握した日より前です", "attempted_at"));
    }
    if (attempt.visiting_organization_id <= 0) {
        return Fail(Error::InvalidArgument("訪問した機関を選んでください", "visiting_organization_id"));
    }
    if (auto valid = RequireText(attempt.visitors, "visitors", 100, "対応した人"); !valid) return valid;
    if (auto valid = ValidateFreeText(attempt.note, "note", 2000); !valid) return Fail(valid.error());
    // 受診状況 is a health fact (要配慮個人情報): recorded only where the outreach is 精神科, where it is the point.
    if (attempt.treatment && record.kind != OutreachKind::kPsychiatric) {
        return Fail(Error::InvalidArgument("受診状況は精神科アウトリーチでのみ記録します", "treatment"));
    }
    return {};
}

bool IsVisitOverdue(const OutreachRecord& record, Date today) {
    return record.stage != OutreachStage::kClosed && record.next_visit_on && *record.next_visit_on < today;
}

std::vector<OrganizationId> OutreachOrganizations(const OutreachRecord& record) {
    std::vector<OrganizationId> organizations{record.organization_id};
    for (const OutreachAttempt& attempt : record.attempts) {
        if (std::find(organizations.begin(), organizations.end(), attempt.visiting_organization_id) ==
            organizations.end()) {
            organizations.push_back(attempt.visiting_organization_id);
        }
    }
    return organizations;
}

}  // namespace kasane::domain
