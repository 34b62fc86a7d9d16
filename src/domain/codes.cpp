// SPDX-License-Identifier: Apache-2.0
// Code and label tables of the intake enums. Codes are stable (API, database); labels are what people read.

#include <array>
#include <utility>

#include "domain/access.hpp"
#include "domain/audit.hpp"
#include "domain/code_table.hpp"
#include "domain/consultation.hpp"
#include "domain/person.hpp"
#include "domain/referral.hpp"

namespace kasane::domain {

namespace {

constexpr CodeTable<Sex, 4> kSexes{{{{Sex::kMale, "male", "男"},
                                     {Sex::kFemale, "female", "女"},
                                     {Sex::kOther, "other", "その他"},
                                     {Sex::kNoAnswer, "no_answer", "未回答"}}}};

constexpr CodeTable<UnknownReason, 3> kUnknownReasons{{{{UnknownReason::kUnknown, "unknown", "不明"},
                                                        {UnknownReason::kRefused, "refused", "回答拒否"},
                                                        {UnknownReason::kNotAsked, "not_asked", "未聴取"}}}};

constexpr CodeTable<Relationship, 10> kRelationships{{{{Relationship::kHead, "head", "世帯主"},
                                                       {Relationship::kSpouse, "spouse", "配偶者"},
                                                       {Relationship::kChild, "child", "子"},
                                                       {Relationship::kParent, "parent", "父母"},
                                                       {Relationship::kGrandchild, "grandchild", "孫"},
                                                       {Relationship::kGrandparent, "grandparent", "祖父母"},
                                                       {Relationship::kSibling, "sibling", "兄弟姉妹"},
                                                       {Relationship::kChildInLaw, "child_in_law", "子の配偶者"},
                                                       {Relationship::kOtherRelative, "other_relative", "その他の親族"},
                                                       {Relationship::kNonRelative, "non_relative", "同居人"}}}};

constexpr CodeTable<Channel, 6> kChannels{{{{Channel::kVisit, "visit", "来所"},
                                            {Channel::kPhone, "phone", "電話"},
                                            {Channel::kHomeVisit, "home_visit", "訪問"},
                                            {Channel::kEmail, "email", "メール"},
                                            {Channel::kViaAgency, "via_agency", "関係機関経由"},
                                            {Channel::kOther, "other", "その他"}}}};

constexpr CodeTable<Source, 8> kSources{{{{Source::kSelf, "self", "本人"},
                                          {Source::kFamily, "family", "家族"},
                                          {Source::kNeighbor, "neighbor", "近隣"},
                                          {Source::kWelfareVolunteer, "welfare_volunteer", "民生委員"},
                                          {Source::kNeighborhoodAssociation, "neighborhood_association", "自治会"},
                                          {Source::kAgency, "agency", "関係機関"},
                                          {Source::kOther, "other", "その他"},
                                          {Source::kAnonymous, "anonymous", "匿名"}}}};

constexpr CodeTable<Outcome, 5> kOutcomes{{{{Outcome::kOpen, "open", "未設定"},
                                            {Outcome::kInformationProvided, "information_provided", "情報提供で終了"},
                                            {Outcome::kReferred, "referred", "他機関へつなぎ"},
                                            {Outcome::kEscalated, "escalated", "多機関協働へ"},
                                            {Outcome::kContinuing, "continuing", "継続"}}}};

constexpr CodeTable<ConsultationStatus, 2> kConsultationStatuses{
    {{{ConsultationStatus::kOpen, "open", "対応中"}, {ConsultationStatus::kClosed, "closed", "終了"}}}};

constexpr CodeTable<ConsultationEventKind, 2> kConsultationEventKinds{
    {{{ConsultationEventKind::kClosed, "closed", "終了"}, {ConsultationEventKind::kReopened, "reopened", "再開"}}}};

constexpr CodeTable<TextTag, 3> kTextTags{{{{TextTag::kFact, "fact", "事実"},
                                            {TextTag::kThirdParty, "third_party", "第三者からの情報"},
                                            {TextTag::kAssessment, "assessment", "所見"}}}};

constexpr CodeTable<ReferralStatus, 5> kReferralStatuses{{{{ReferralStatus::kSent, "sent", "送付"},
                                                           {ReferralStatus::kAccepted, "accepted", "受理"},
                                                           {ReferralStatus::kDeclined, "declined", "辞退"},
                                                           {ReferralStatus::kInProgress, "in_progress", "対応中"},
                                                           {ReferralStatus::kCompleted, "completed", "完了"}}}};

constexpr CodeTable<AccessBasis, 7> kAccessBases{
    {{{AccessBasis::kOwnRecord, "own_record", "自機関の記録"},
      {AccessBasis::kCaseTeam, "case_team", "支援チームの一員"},
      {AccessBasis::kConsent, "consent", "本人の同意"},
      {AccessBasis::kMeeting, "meeting", "法定の会議"},
      {AccessBasis::kReferral, "referral", "つなぎ（紹介）"},
      {AccessBasis::kEmergency, "emergency", "緊急時の閲覧（生命・身体の保護）"},
      {AccessBasis::kIdentityMatch, "identity_match", "名寄せ（本人確認のみ）"}}}};

constexpr CodeTable<AuditAction, 10> kAuditActions{
    {{{AuditAction::kRead, "read", "閲覧"},
      {AuditAction::kSearch, "search", "検索"},
      {AuditAction::kExport, "export", "出力"},
      {AuditAction::kCreate, "create", "登録"},
      {AuditAction::kUpdate, "update", "更新"},
      {AuditAction::kMerge, "merge", "名寄せ"},
      {AuditAction::kUnmerge, "unmerge", "名寄せの取消"},
      {AuditAction::kStatusChange, "status_change", "状態の変更"},
      {AuditAction::kDvProtectionRemoved, "dv_protection_removed", "DV等支援措置の解除"},
      {AuditAction::kHandOver, "hand_over", "記録の引継ぎ"}}}};

}  // namespace

std::string_view SexCode(Sex value) { return kSexes.Code(value); }
std::string_view SexLabel(Sex value) { return kSexes.Label(value); }
std::optional<Sex> ParseSex(std::string_view code) { return kSexes.Parse(code); }

std::string_view UnknownReasonCode(UnknownReason value) { return kUnknownReasons.Code(value); }
std::string_view UnknownReasonLabel(UnknownReason value) { return kUnknownReasons.Label(value); }
std::optional<UnknownReason> ParseUnknownReason(std::string_view code) { return kUnknownReasons.Parse(code); }

std::string_view RelationshipCode(Relationship value) { return kRelationships.Code(value); }
std::string_view RelationshipLabel(Relationship value) { return kRelationships.Label(value); }
std::optional<Relationship> ParseRelationship(std::string_view code) { return kRelationships.Parse(code); }

std::string_view ChannelCode(Channel value) { return kChannels.Code(value); }
std::string_view ChannelLabel(Channel value) { return kChannels.Label(value); }
std::optional<Channel> ParseChannel(std::string_view code) { return kChannels.Parse(code); }

std::string_view SourceCode(Source value) { return kSources.Code(value); }
std::string_view SourceLabel(Source value) { return kSources.Label(value); }
std::optional<Source> ParseSource(std::string_view code) { return kSources.Parse(code); }

std::string_view OutcomeCode(Outcome value) { return kOutcomes.Code(value); }
std::string_view OutcomeLabel(Outcome value) { return kOutcomes.Label(value); }
std::optional<Outcome> ParseOutcome(std::string_view code) { return kOutcomes.Parse(code); }
std::string_view ConsultationStatusCode(ConsultationStatus value) { return kConsultationStatuses.Code(value); }
std::string_view ConsultationStatusLabel(ConsultationStatus value) { return kConsultationStatuses.Label(value); }
std::optional<ConsultationStatus> ParseConsultationStatus(std::string_view code) {
    return kConsultationStatuses.Parse(code);
}
std::string_view ConsultationEventKindCode(ConsultationEventKind value) { return kConsultationEventKinds.Code(value); }
std::string_view ConsultationEventKindLabel(ConsultationEventKind value) {
    return kConsultationEventKinds.Label(value);
}
std::optional<ConsultationEventKind> ParseConsultationEventKind(std::string_view code) {
    return kConsultationEventKinds.Parse(code);
}

std::string_view TextTagCode(TextTag value) { return kTextTags.Code(value); }
std::string_view TextTagLabel(TextTag value) { return kTextTags.Label(value); }
std::optional<TextTag> ParseTextTag(std::string_view code) { return kTextTags.Parse(code); }

std::string_view ReferralStatusCode(ReferralStatus value) { return kReferralStatuses.Code(value); }
std::string_view ReferralStatusLabel(ReferralStatus value) { return kReferralStatuses.Label(value); }
std::optional<ReferralStatus> ParseReferralStatus(std::string_view code) { return kReferralStatuses.Parse(code); }

std::string_view AccessBasisCode(AccessBasis value) { return kAccessBases.Code(value); }
std::string_view AccessBasisLabel(AccessBasis value) { return kAccessBases.Label(value); }

std::string_view AuditActionCode(AuditAction value) { return kAuditActions.Code(value); }

const std::vector<SeedCategory>& DefaultWorryCategories() {
    // Issue #3's list, in the order of the intake form.
    static const std::vector<SeedCategory> kCategories = {
        {"living_alone", "独居"},
        {"illness", "病気・医療"},
        {"mental_health", "こころの問題"},
        {"addiction", "依存症"},
        {"hoarding", "ゴミ屋敷"},
        {"hikikomori", "ひきこもり"},
        {"school_refusal", "不登校"},
        {"family_relations", "家族関係"},
        {"care", "介護"},
        {"child_rearing", "子育て"},
        {"disability", "障がい"},
        {"poverty", "生活困窮"},
        {"debt", "債務"},
        {"employment", "就労"},
        {"housing", "住まい"},
        {"neighbor_trouble", "近隣トラブル"},
        {"guardianship", "成年後見・権利擁護"},
        {"guarantor", "保証人問題"},
        {"abuse_dv", "虐待・DV"},
        {"8050", "8050"},
        {"double_care", "ダブルケア"},
        {"young_carer", "ヤングケアラー"},
        {"isolation", "孤独・孤立"},
        {"animal_hoarding", "多頭飼育"},
        {"other", "その他"},
    };
    return kCategories;
}

}  // namespace kasane::domain
