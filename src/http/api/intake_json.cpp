// SPDX-License-Identifier: Apache-2.0
#include "http/api/intake_json.hpp"

#include <atomic>
#include <charconv>
#include <cstdio>
#include <map>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "http/api/case_json.hpp"
#include "http/api/common.hpp"
#include "http/api/json_fields.hpp"

namespace kasane::http::api {

namespace {

Json OptionalJson(const std::optional<std::int64_t>& value) { return value ? Json(*value) : Json(nullptr); }

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// "10:30" or "10:30:15", in JST, as an offset from midnight.
std::optional<std::chrono::seconds> ParseTimeOfDay(std::string_view text) {
    int parts[3] = {0, 0, 0};
    int count = 0;
    while (count < 3) {
        const char* begin = text.data();
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(begin, end, parts[count]);
        if (error != std::errc{} || stop == begin || stop - begin > 2) return std::nullopt;
        ++count;
        text.remove_prefix(static_cast<std::size_t>(stop - begin));
        if (text.empty()) break;
        if (text.front() != ':') return std::nullopt;
        text.remove_prefix(1);
    }
    if (!text.empty() || count < 2) return std::nullopt;
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
    return std::chrono::hours(parts[0]) + std::chrono::minutes(parts[1]) + std::chrono::seconds(parts[2]);
}

Result<domain::Address> AddressFromJson(const Json& object) {
    domain::Address address;
    const auto it = object.find("address");
    if (it == object.end() || it->is_null()) return address;
    if (!it->is_object()) return Fail(Error::InvalidArgument("「address」はオブジェクトで指定してください", "address"));
    const std::pair<const char*, std::string*> parts[] = {{"prefecture", &address.prefecture},
                                                          {"municipality", &address.municipality},
                                                          {"town", &address.town},
                                                          {"block", &address.block},
                                                          {"building", &address.building}};
    for (const auto& [name, target] : parts) {
        auto value = TextOf(*it, name);
        if (!value) return Fail(Prefixed(value.error(), "address."));
        *target = std::move(*value);
    }
    return address;
}

Result<std::map<std::string, domain::UnknownReason, std::less<>>> UnknownReasonsFromJson(const Json& object) {
    std::map<std::string, domain::UnknownReason, std::less<>> reasons;
    const auto it = object.find("unknown_reasons");
    if (it == object.end() || it->is_null()) return reasons;
    if (!it->is_object()) {
        return Fail(Error::InvalidArgument("「unknown_reasons」は {\"項目\": \"理由\"} の形で指定してください",
                                           "unknown_reasons"));
    }
    for (const auto& [field, code] : it->items()) {
        if (!domain::IsPersonFieldName(field)) {
            return Fail(Error::InvalidArgument("不明の理由を記録できない項目です: " + field, "unknown_reasons"));
        }
        const auto reason = code.is_string() ? domain::ParseUnknownReason(code.get<std::string>()) : std::nullopt;
        if (!reason) {
            return Fail(
                Error::InvalidArgument("不明の理由は unknown、refused、not_asked のいずれかです", "unknown_reasons"));
        }
        reasons.emplace(field, *reason);
    }
    return reasons;
}

Json AddressJson(const domain::Address& address) {
    return {{"prefecture", address.prefecture},
            {"municipality", address.municipality},
            {"town", address.town},
            {"block", address.block},
            {"building", address.building}};
}

Json BucketsJson(const std::vector<domain::ReportBucket>& buckets) {
    Json array = Json::array();
    for (const domain::ReportBucket& bucket : buckets) {
        array.push_back({{"code", bucket.code},
                         {"label", bucket.label},
                         {"contacts", CountJson(bucket.contacts)},
                         {"persons", CountJson(bucket.persons)}});
    }
    return array;
}

}  // namespace

Json CountJson(const domain::ShownCount& count) {
    if (count.IsSuppressed()) return {{"suppressed", true}};
    return count.Value();
}

namespace {

std::atomic<const Clock*> api_clock{nullptr};

}  // namespace

void SetApiClock(const Clock* clock) { api_clock.store(clock, std::memory_order_release); }

const Clock& ApiClock() {
    static const SystemClock fallback;
    const Clock* clock = api_clock.load(std::memory_order_acquire);
    return clock ? *clock : fallback;
}

Instant Now() { return ApiClock().Now(); }

domain::Date TodayJst() { return TodayInJapan(ApiClock()); }

std::string IsoDate(domain::Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

Result<std::optional<domain::Date>> OptionalDateField(const Json& object, std::string_view field,
                                                      std::string_view label) {
    auto text = OptionalString(object, field, 100);
    if (!text) return Fail(text.error());
    if (!text->has_value() || Trim(**text).empty()) return std::optional<domain::Date>{};
    // ParseJapaneseDate quotes its `field` argument in the message, so it gets the Japanese label; the error then
    // names the JSON field for the client.
    auto date = ParseJapaneseDate(**text, label);
    if (!date) {
        Error error = date.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return std::optional<domain::Date>(*date);
}

Result<Instant> ParseInstantText(std::string_view text, std::string_view field) {
    if (auto iso = ParseIso8601(text)) return *iso;
    const auto invalid = [field] {
        return Error::InvalidArgument("日時の形式が正しくありません（例：2024-05-01T01:30:00Z、令和6年5月1日 10:30）",
                                      std::string(field));
    };
    text = Trim(text);
    // The time of day follows the last space (ASCII or the full-width U+3000), or the "T" of "2024-05-01T10:30".
    std::size_t split = std::string_view::npos;
    std::size_t separator_length = 1;
    if (const std::size_t space = text.rfind(' '); space != std::string_view::npos) split = space;
    if (const std::size_t wide = text.rfind("\u3000");
        wide != std::string_view::npos && (split == std::string_view::npos || wide > split)) {
        split = wide;
        separator_length = 3;
    }
    if (split == std::string_view::npos) {
        if (const std::size_t t = text.find('T'); t != std::string_view::npos) split = t;
    }
    if (split == std::string_view::npos) return Fail(invalid());
    const auto time = ParseTimeOfDay(Trim(text.substr(split + separator_length)));
    if (!time) return Fail(invalid());
    auto date = ParseJapaneseDate(Trim(text.substr(0, split)), "日付");
    if (!date) {
        Error error = date.error();
        error.field = std::string(field);
        return Fail(std::move(error));
    }
    return FromJstLocal(JstLocalTime{std::chrono::sys_days(*date).time_since_epoch() + *time});
}

Result<domain::PersonData> PersonDataFromJson(const Json& object) {
    domain::PersonData data;
    const std::pair<const char*, std::string*> texts[] = {
        {"family_name", &data.family_name},
        {"given_name", &data.given_name},
        {"family_name_kana", &data.family_name_kana},
        {"given_name_kana", &data.given_name_kana},
        {"reading_self_reported", &data.reading_self_reported},
        {"phone", &data.phone},
        {"contact_notes", &data.contact_notes},
    };
    for (const auto& [name, target] : texts) {
        auto value = TextOf(object, name);
        if (!value) return Fail(value.error());
        *target = std::move(*value);
    }
    auto birth_date = OptionalDateField(object, "birth_date", "生年月日");
    if (!birth_date) return Fail(birth_date.error());
    data.birth_date = *birth_date;
    auto sex = OptionalCode<domain::Sex>(object, "sex", domain::ParseSex,
                                         "性別は male、female、other、no_answer のいずれかです");
    if (!sex) return Fail(sex.error());
    data.sex = *sex;
    auto address = AddressFromJson(object);
    if (!address) return Fail(address.error());
    data.address = std::move(*address);
    auto resides_elsewhere = OptionalBool(object, "resides_elsewhere", false);
    if (!resides_elsewhere) return Fail(resides_elsewhere.error());
    data.resides_elsewhere = *resides_elsewhere;
    auto dv_protected = OptionalBool(object, "dv_protected", false);
    if (!dv_protected) return Fail(dv_protected.error());
    data.dv_protected = *dv_protected;
    const std::pair<const char*, std::optional<AreaId>*> areas[] = {
        {"neighborhood_id", &data.neighborhood_id},
        {"elementary_school_district_id", &data.elementary_school_district_id},
        {"junior_high_school_district_id", &data.junior_high_school_district_id},
        {"welfare_volunteer_district_id", &data.welfare_volunteer_district_id},
    };
    for (const auto& [name, target] : areas) {
        auto value = OptionalInteger(object, name);
        if (!value) return Fail(value.error());
        *target = *value;
    }
    auto reasons = UnknownReasonsFromJson(object);
    if (!reasons) return Fail(reasons.error());
    data.unknown_reasons = std::move(*reasons);
    return data;
}

Result<domain::HouseholdMemberInput> HouseholdMemberFromJson(const Json& object, std::string_view field) {
    if (!object.is_object()) {
        return Fail(Error::InvalidArgument("世帯員はオブジェクトで指定してください", std::string(field)));
    }
    const std::string prefix = field.empty() ? std::string{} : std::string(field) + ".";
    domain::HouseholdMemberInput member;
    auto person_id = RequireInteger(object, "person_id");
    if (!person_id) return Fail(Prefixed(person_id.error(), prefix));
    member.person_id = *person_id;
    auto relationship = RequireCode<domain::Relationship>(object, "relationship", domain::ParseRelationship,
                                                          "続柄の指定が正しくありません（head、spouse、child など）");
    if (!relationship) return Fail(Prefixed(relationship.error(), prefix));
    member.relationship = *relationship;
    auto is_head = OptionalBool(object, "is_head", member.relationship == domain::Relationship::kHead);
    if (!is_head) return Fail(Prefixed(is_head.error(), prefix));
    member.is_head = *is_head;
    auto moved_in = OptionalDateField(object, "moved_in", "転入・同居開始日");
    if (!moved_in) return Fail(Prefixed(moved_in.error(), prefix));
    member.moved_in = *moved_in;
    return member;
}

Result<domain::ContactInput> ContactFromJson(const Json& object, std::string_view prefix) {
    domain::ContactInput contact;
    auto occurred_text = RequireString(object, "occurred_at", 100);
    if (!occurred_text) return Fail(Prefixed(occurred_text.error(), prefix));
    auto occurred_at = ParseInstantText(*occurred_text, std::string(prefix) + "occurred_at");
    if (!occurred_at) return Fail(occurred_at.error());
    contact.occurred_at = *occurred_at;
    auto channel =
        RequireCode<domain::Channel>(object, "channel", domain::ParseChannel,
                                     "相談方法は visit、phone、home_visit、email、via_agency、other のいずれかです");
    if (!channel) return Fail(Prefixed(channel.error(), prefix));
    contact.channel = *channel;
    auto source = RequireCode<domain::Source>(object, "source", domain::ParseSource,
                                              "相談経路は self、family、neighbor、welfare_volunteer、"
                                              "neighborhood_association、agency、other のいずれかです");
    if (!source) return Fail(Prefixed(source.error(), prefix));
    contact.source = *source;
    if (const auto caller = object.find("caller"); caller != object.end() && !caller->is_null()) {
        const std::string caller_prefix = std::string(prefix) + "caller.";
        if (!caller->is_object()) {
            return Fail(
                Error::InvalidArgument("「caller」はオブジェクトで指定してください", std::string(prefix) + "caller"));
        }
        const std::pair<const char*, std::string*> texts[] = {{"name", &contact.caller.name},
                                                              {"relationship", &contact.caller.relationship},
                                                              {"phone", &contact.caller.phone}};
        for (const auto& [name, target] : texts) {
            auto value = TextOf(*caller, name);
            if (!value) return Fail(Prefixed(value.error(), caller_prefix));
            *target = std::move(*value);
        }
        auto organization_id = OptionalInteger(*caller, "organization_id");
        if (!organization_id) return Fail(Prefixed(organization_id.error(), caller_prefix));
        contact.caller.organization_id = *organization_id;
    }
    auto summary = TextOf(object, "summary");
    if (!summary) return Fail(Prefixed(summary.error(), prefix));
    contact.summary = std::move(*summary);
    auto tag = OptionalCode<domain::TextTag>(object, "summary_tag", domain::ParseTextTag,
                                             "記録の区分は fact、third_party、assessment のいずれかです");
    if (!tag) return Fail(Prefixed(tag.error(), prefix));
    contact.summary_tag = tag->value_or(domain::TextTag::kFact);
    return contact;
}

Json AccessJson(const domain::AccessDecision& decision) {
    const char* level = "none";
    switch (decision.level) {
        case domain::ViewLevel::kNone: level = "none"; break;
        case domain::ViewLevel::kIdentity: level = "identity"; break;
        case domain::ViewLevel::kReferralSheet: level = "referral_sheet"; break;
        case domain::ViewLevel::kMeetingShared: level = "meeting_shared"; break;
        case domain::ViewLevel::kFull: level = "full"; break;
    }
    return {{"level", level},
            {"basis", domain::AccessBasisCode(decision.basis)},
            {"basis_label", domain::AccessBasisLabel(decision.basis)},
            {"basis_detail", decision.basis_detail},
            {"address_and_contact", decision.address_and_contact}};
}

Json PersonJson(const domain::Person& person, const domain::AccessDecision& decision) {
    const domain::PersonData& data = person.data;
    int age = -1;
    if (data.birth_date) age = AgeOn(*data.birth_date, TodayJst());
    Json json = {
        {"id", person.id},
        {"municipality_id", person.municipality_id},
        {"family_name", data.family_name},
        {"given_name", data.given_name},
        {"family_name_kana", data.family_name_kana},
        {"given_name_kana", data.given_name_kana},
        {"full_name", person.FullName()},
        {"full_name_kana", person.FullNameKana()},
        {"birth_date", DateJson(data.birth_date)},
        {"birth_date_wareki", data.birth_date ? Json(FormatWareki(*data.birth_date)) : Json(nullptr)},
        {"age", age >= 0 ? Json(age) : Json(nullptr)},
        {"sex", data.sex ? Json(domain::SexCode(*data.sex)) : Json(nullptr)},
        {"sex_label", data.sex ? Json(domain::SexLabel(*data.sex)) : Json(nullptr)},
        {"merged_into", OptionalJson(person.merged_into)},
    };
    // Identity matches (名寄せ) and pending referrals show who the person is, and nothing of where they live or how
    // to reach them.
    if (decision.level != domain::ViewLevel::kFull) return json;
    Json reasons = Json::object();
    for (const auto& [field, reason] : data.unknown_reasons) {
        if (!decision.address_and_contact && (field == "phone" || field == "address")) continue;
        reasons[field] = domain::UnknownReasonCode(reason);
    }
    json["unknown_reasons"] = std::move(reasons);
    json["reading_self_reported"] = data.reading_self_reported;
    json["resides_elsewhere"] = data.resides_elsewhere;
    json["neighborhood_id"] = OptionalJson(data.neighborhood_id);
    json["elementary_school_district_id"] = OptionalJson(data.elementary_school_district_id);
    json["junior_high_school_district_id"] = OptionalJson(data.junior_high_school_district_id);
    json["welfare_volunteer_district_id"] = OptionalJson(data.welfare_volunteer_district_id);
    json["dv_protected"] = data.dv_protected;
    json["created_by_organization_id"] = person.created_by_organization_id;
    json["created_by_user_id"] = person.created_by_user_id;
    json["created_at"] = FormatIso8601(person.created_at);
    json["updated_at"] = FormatIso8601(person.updated_at);
    json["version"] = person.version;
    // DV等支援措置: the address and contact go to named staff only.
    if (decision.address_and_contact) {
        json["phone"] = data.phone;
        json["contact_notes"] = data.contact_notes;
        json["address"] = AddressJson(data.address);
        json["address_line"] = data.address.OneLine();
    }
    return json;
}

namespace {

Json KnownToJson(const std::vector<domain::KnownTo>& known_to) {
    Json array = Json::array();
    for (const domain::KnownTo& organization : known_to) {
        array.push_back({{"organization_id", organization.organization_id}, {"name", organization.name}});
    }
    return array;
}

}  // namespace

Json ToJson(const domain::PersonView& view) {
    Json json = PersonJson(view.person, view.decision);
    json["access"] = AccessJson(view.decision);
    json["known_to"] = KnownToJson(view.known_to);
    Json merges = Json::array();
    for (const domain::PersonMerge& merge : view.merges) merges.push_back(ToJson(merge));
    json["merges"] = std::move(merges);
    json["may_change"] = {{"identity", view.may_change.identity},
                          {"address_and_contact", view.may_change.address_and_contact},
                          {"household", view.may_change.household},
                          {"dv_protection_on", view.may_change.dv_protection_on},
                          {"dv_protection_off", view.may_change.dv_protection_off},
                          {"hand_over", view.may_change.hand_over}};
    if (view.decision.level == domain::ViewLevel::kFull) {
        json["holder_organization_id"] = view.holder_organization_id;
    }
    return json;
}

Json ToJson(const domain::PersonSummary& summary) {
    Json json = PersonJson(summary.person, summary.decision);
    json["access"] = AccessJson(summary.decision);
    json["known_to"] = KnownToJson(summary.known_to);
    json["matched_on"] = summary.matched_on;
    return json;
}

Json ToJson(const domain::DuplicateCandidate& candidate) {
    Json json = ToJson(candidate.summary);
    json["reasons"] = candidate.reasons;
    return json;
}

Json ToJson(const domain::PersonMerge& merge) {
    return {{"id", merge.id},
            {"survivor_id", merge.survivor_id},
            {"merged_id", merge.merged_id},
            {"merged_by", merge.merged_by},
            {"merged_at", FormatIso8601(merge.merged_at)},
            {"undone_by", OptionalJson(merge.undone_by)},
            {"undone_at", merge.undone_at ? Json(FormatIso8601(*merge.undone_at)) : Json(nullptr)}};
}

Json ToJson(const domain::Household& household) {
    const domain::Date today = TodayJst();
    Json members = Json::array();
    for (const domain::HouseholdMember& member : household.members) {
        members.push_back({{"id", member.id},
                           {"person_id", member.person_id},
                           {"relationship", domain::RelationshipCode(member.relationship)},
                           {"relationship_label", domain::RelationshipLabel(member.relationship)},
                           {"is_head", member.is_head},
                           {"moved_in", DateJson(member.moved_in)},
                           {"moved_out", DateJson(member.moved_out)},
                           {"moved_out_reason", member.moved_out_reason},
                           {"current", !member.moved_out || *member.moved_out > today}});
    }
    return {{"id", household.id},
            {"municipality_id", household.municipality_id},
            {"name", household.name},
            {"notes", household.notes},
            {"members", std::move(members)},
            {"created_by_organization_id", household.created_by_organization_id},
            {"created_at", FormatIso8601(household.created_at)},
            {"version", household.version}};
}

Json ToJson(const domain::WorryCategory& category) {
    return {{"id", category.id},
            {"code", category.code},
            {"label", category.label},
            {"sort_order", category.sort_order},
            {"active", category.active}};
}

// 取消: who, when and why; null when not cancelled.
Json CancellationJson(const std::optional<domain::Cancellation>& cancellation) {
    if (!cancellation) return nullptr;
    return {
        {"user_id", cancellation->user_id}, {"at", FormatIso8601(cancellation->at)}, {"reason", cancellation->reason}};
}

Json ConsultationJson(const domain::Consultation& consultation, const std::vector<domain::WorryCategory>& categories) {
    Json chosen = Json::array();
    for (const domain::CategoryChoice& choice : consultation.categories) {
        Json item = {{"category_id", choice.category_id}, {"most_pressing", choice.most_pressing}};
        for (const domain::WorryCategory& category : categories) {
            if (category.id != choice.category_id) continue;
            item["code"] = category.code;
            item["label"] = category.label;
        }
        chosen.push_back(std::move(item));
    }
    Json contacts = Json::array();
    for (const domain::Contact& contact : consultation.contacts) {
        contacts.push_back({{"id", contact.id},
                            {"occurred_at", FormatIso8601(contact.occurred_at)},
                            {"occurred_at_jst", FormatJst(contact.occurred_at)},
                            {"channel", domain::ChannelCode(contact.channel)},
                            {"channel_label", domain::ChannelLabel(contact.channel)},
                            {"source", domain::SourceCode(contact.source)},
                            {"source_label", domain::SourceLabel(contact.source)},
                            {"caller",
                             {{"name", contact.caller.name},
                              {"relationship", contact.caller.relationship},
                              {"phone", contact.caller.phone},
                              {"organization_id", OptionalJson(contact.caller.organization_id)}}},
                            {"organization_id", contact.organization_id},
                            {"staff_user_id", contact.staff_user_id},
                            {"summary", contact.summary},
                            {"summary_tag", domain::TextTagCode(contact.summary_tag)},
                            {"summary_tag_label", domain::TextTagLabel(contact.summary_tag)},
                            {"recorded_at", FormatIso8601(contact.recorded_at)},
                            {"counted", domain::IsCounted(consultation, contact)},
                            {"cancelled", CancellationJson(contact.cancelled)}});
    }
    Json events = Json::array();
    for (const domain::ConsultationEvent& event : consultation.events) {
        events.push_back({{"kind", domain::ConsultationEventKindCode(event.kind)},
                          {"kind_label", domain::ConsultationEventKindLabel(event.kind)},
                          {"at", FormatIso8601(event.at)},
                          {"user_id", event.user_id},
                          {"reason", event.reason}});
    }
    return {{"id", consultation.id},
            {"municipality_id", consultation.municipality_id},
            {"receiving_organization_id", consultation.receiving_organization_id},
            {"received_by_user_id", consultation.received_by_user_id},
            {"person_id", consultation.person_id},
            {"household_id", OptionalJson(consultation.household_id)},
            {"chief_complaint", consultation.chief_complaint},
            {"categories", std::move(chosen)},
            {"outcome", domain::OutcomeCode(consultation.outcome)},
            {"outcome_label", domain::OutcomeLabel(consultation.outcome)},
            {"outcome_note", consultation.outcome_note},
            {"outcome_referral_id", OptionalJson(consultation.outcome_referral_id)},
            {"outcome_case_id", OptionalJson(consultation.outcome_case_id)},
            {"status", domain::ConsultationStatusCode(consultation.status)},
            {"status_label", domain::ConsultationStatusLabel(consultation.status)},
            {"next_contact_on", DateJson(consultation.next_contact_on)},
            {"counted", domain::IsCounted(consultation)},
            {"cancelled", CancellationJson(consultation.cancelled)},
            {"events", std::move(events)},
            {"contacts", std::move(contacts)},
            {"created_at", FormatIso8601(consultation.created_at)},
            {"version", consultation.version}};
}

Json ToJson(const domain::ReferralView& view) {
    const domain::Referral& referral = view.referral;
    Json events = Json::array();
    for (const domain::ReferralEvent& event : referral.events) {
        events.push_back({{"status", domain::ReferralStatusCode(event.status)},
                          {"status_label", domain::ReferralStatusLabel(event.status)},
                          {"at", FormatIso8601(event.at)},
                          {"user_id", event.user_id},
                          {"organization_id", event.organization_id},
                          {"note", event.note}});
    }
    return {{"id", referral.id},
            {"municipality_id", referral.municipality_id},
            {"person_id", referral.person_id},
            {"consultation_id", OptionalJson(referral.consultation_id)},
            {"from_organization_id", referral.from_organization_id},
            {"from_organization_name", view.from_organization_name},
            {"to_organization_id", referral.to_organization_id},
            {"to_organization_name", view.to_organization_name},
            {"to_user_id", OptionalJson(referral.to_user_id)},
            {"to_user_name", referral.to_user_id ? Json(view.to_user_name) : Json(nullptr)},
            {"reason", referral.reason},
            {"sheet", referral.sheet},
            {"status", domain::ReferralStatusCode(referral.status)},
            {"status_label", domain::ReferralStatusLabel(referral.status)},
            {"events", std::move(events)},
            {"sent_at", FormatIso8601(referral.sent_at)},
            {"overdue", view.overdue},
            {"version", referral.version}};
}

Json ToJson(const domain::FiscalYearReport& report) {
    const bool suppressed = report.figures == domain::Figures::kSmallCellsSuppressed;
    Json json = {{"fiscal_year", report.fiscal_year},
                 {"label", report.label},
                 {"figures", suppressed ? "small_cells_suppressed" : "exact"},
                 {"contacts", CountJson(report.contacts)},
                 {"persons", CountJson(report.persons)},
                 {"households", CountJson(report.households)},
                 {"consultations", CountJson(report.consultations)},
                 {"partner_share", report.partner_share ? Json(*report.partner_share) : Json(nullptr)},
                 {"by_category", BucketsJson(report.by_category)},
                 {"by_channel", BucketsJson(report.by_channel)},
                 {"by_source", BucketsJson(report.by_source)},
                 {"by_organization", BucketsJson(report.by_organization)},
                 {"by_outcome", BucketsJson(report.by_outcome)},
                 {"cases", ToJson(report.cases)}};
    if (suppressed) {
        json["suppression_note"] =
            "1または2の件数は「χ」（{\"suppressed\": "
            "true}）として秘匿し、合計から逆算できないよう他の件数も秘匿しています";
    }
    return json;
}

namespace schema {

Json PersonInput() {
    return Object({{"family_name", String()},
                   {"given_name", String()},
                   {"family_name_kana", String()},
                   {"given_name_kana", String()},
                   {"reading_self_reported", String()},
                   {"birth_date", {{"type", "string"}, {"description", "2024-04-01, 令和6年4月1日, R6.4.1, ..."}}},
                   {"sex", EnumSchema({"male", "female", "other", "no_answer"})},
                   {"phone", String()},
                   {"contact_notes", String()},
                   {"address", Object({{"prefecture", String()},
                                       {"municipality", String()},
                                       {"town", String()},
                                       {"block", String()},
                                       {"building", String()}},
                                      {})},
                   {"resides_elsewhere", Boolean()},
                   {"neighborhood_id", Integer()},
                   {"elementary_school_district_id", Integer()},
                   {"junior_high_school_district_id", Integer()},
                   {"welfare_volunteer_district_id", Integer()},
                   {"unknown_reasons",
                    {{"type", "object"},
                     {"description", "field (name, name_kana, birth_date, sex, phone, address) -> reason"},
                     {"additionalProperties", EnumSchema({"unknown", "refused", "not_asked"})}}},
                   {"dv_protected", Boolean()}},
                  {});
}

Json Person() {
    Json person = PersonInput();
    person["properties"]["id"] = Integer();
    person["properties"]["full_name"] = String();
    person["properties"]["full_name_kana"] = String();
    person["properties"]["birth_date"] = NullableString();
    person["properties"]["birth_date_wareki"] = NullableString();
    person["properties"]["age"] = NullableInteger();
    person["properties"]["sex_label"] = NullableString();
    // What was not recorded is null in a response (the input leaves it out).
    person["properties"]["sex"] = {{"enum", {"male", "female", "other", "no_answer", nullptr}}};
    for (const char* district : {"neighborhood_id", "elementary_school_district_id", "junior_high_school_district_id",
                                 "welfare_volunteer_district_id"}) {
        person["properties"][district] = NullableInteger();
    }
    person["properties"]["address_line"] = String();
    person["properties"]["merged_into"] = NullableInteger();
    person["properties"]["version"] = Integer();
    person["properties"]["access"] =
        Object({{"level", EnumSchema({"identity", "referral_sheet", "meeting_shared", "full"})},
                {"basis", String()},
                {"basis_label", String()},
                {"basis_detail", String()},
                {"address_and_contact", Boolean()}},
               {"level", "basis"});
    person["properties"]["known_to"] = ArrayOf(Object({{"organization_id", Integer()}, {"name", String()}}, {}));
    person["properties"]["merges"] = ArrayOf(PersonMerge());
    person["properties"]["holder_organization_id"] = Integer();
    person["properties"]["may_change"] = Object({{"identity", Boolean()},
                                                 {"address_and_contact", Boolean()},
                                                 {"household", Boolean()},
                                                 {"dv_protection_on", Boolean()},
                                                 {"dv_protection_off", Boolean()},
                                                 {"hand_over", Boolean()}},
                                                {});
    person["required"] = {"id", "access"};
    person["description"] =
        "Below access level full only identity fields; address, phone and contact notes are "
        "absent for DV-protected persons unless the user is named staff";
    return person;
}

Json PersonSummary() {
    Json summary = Person();
    summary["properties"].erase("merges");
    summary["properties"]["matched_on"] = ArrayOf(String());
    summary["properties"]["reasons"] = ArrayOf(String());
    return summary;
}

Json PersonMerge() {
    return Object({{"id", Integer()},
                   {"survivor_id", Integer()},
                   {"merged_id", Integer()},
                   {"merged_by", Integer()},
                   {"merged_at", String()},
                   {"undone_by", NullableInteger()},
                   {"undone_at", NullableString()}},
                  {"id", "survivor_id", "merged_id"});
}

Json HouseholdMemberInput() {
    return Object({{"person_id", Integer()},
                   {"relationship", EnumSchema({"head", "spouse", "child", "parent", "grandchild", "grandparent",
                                                "sibling", "child_in_law", "other_relative", "non_relative"})},
                   {"is_head", Boolean()},
                   {"moved_in", String()}},
                  {"person_id", "relationship"});
}

Json Household() {
    Json member = HouseholdMemberInput();
    member["properties"]["id"] = Integer();
    member["properties"]["relationship_label"] = String();
    member["properties"]["moved_in"] = NullableString();
    member["properties"]["moved_out"] = NullableString();
    member["properties"]["moved_out_reason"] = String();
    member["properties"]["current"] = Boolean();
    return Object({{"id", Integer()},
                   {"name", String()},
                   {"notes", String()},
                   {"members", ArrayOf(member)},
                   {"created_by_organization_id", Integer()},
                   {"created_at", String()},
                   {"version", Integer()}},
                  {"id", "name", "members", "version"});
}

Json WorryCategory() {
    return Object(
        {{"id", Integer()}, {"code", String()}, {"label", String()}, {"sort_order", Integer()}, {"active", Boolean()}},
        {"id", "code", "label"});
}

Json ContactInput() {
    return Object(
        {{"occurred_at",
          {{"type", "string"}, {"description", "ISO 8601 UTC, or a date and JST time: 令和6年5月1日 10:30"}}},
         {"channel", EnumSchema({"visit", "phone", "home_visit", "email", "via_agency", "other"})},
         {"source", EnumSchema({"self", "family", "neighbor", "welfare_volunteer", "neighborhood_association", "agency",
                                "other"})},
         {"caller",
          Object({{"name", String()}, {"relationship", String()}, {"phone", String()}, {"organization_id", Integer()}},
                 {})},
         {"summary", String()},
         {"summary_tag", EnumSchema({"fact", "third_party", "assessment"})}},
        {"occurred_at", "channel", "source"});
}

Json Consultation() {
    Json contact = ContactInput();
    contact["properties"]["id"] = Integer();
    contact["properties"]["occurred_at_jst"] = String();
    contact["properties"]["channel_label"] = String();
    contact["properties"]["source_label"] = String();
    contact["properties"]["summary_tag_label"] = String();
    contact["properties"]["organization_id"] = Integer();
    contact["properties"]["staff_user_id"] = Integer();
    contact["properties"]["recorded_at"] = String();
    contact["properties"]["caller"]["properties"]["organization_id"] = NullableInteger();
    const Json cancellation = {
        {"oneOf", Json::array({{{"type", "null"}},
                               Object({{"user_id", Integer()}, {"at", String()}, {"reason", String()}},
                                      {"user_id", "at", "reason"})})}};
    contact["properties"]["counted"] = Boolean();
    contact["properties"]["cancelled"] = cancellation;
    return Object(
        {{"id", Integer()},
         {"receiving_organization_id", Integer()},
         {"received_by_user_id", Integer()},
         {"person_id", Integer()},
         {"household_id", NullableInteger()},
         {"chief_complaint", String()},
         {"categories",
          ArrayOf(Object(
              {{"category_id", Integer()}, {"code", String()}, {"label", String()}, {"most_pressing", Boolean()}},
              {"category_id", "most_pressing"}))},
         {"outcome", EnumSchema({"open", "information_provided", "referred", "escalated", "continuing"})},
         {"outcome_label", String()},
         {"outcome_note", String()},
         {"outcome_referral_id", NullableInteger()},
         {"outcome_case_id", NullableInteger()},
         {"status", EnumSchema({"open", "closed"})},
         {"status_label", String()},
         {"next_contact_on", NullableString()},
         {"counted", Boolean()},
         {"cancelled", cancellation},
         {"events", ArrayOf(Object({{"kind", EnumSchema({"closed", "reopened"})},
                                    {"kind_label", String()},
                                    {"at", String()},
                                    {"user_id", Integer()},
                                    {"reason", String()}},
                                   {"kind", "at", "user_id", "reason"}))},
         {"contacts", ArrayOf(contact)},
         {"created_at", String()},
         {"version", Integer()}},
        {"id", "person_id", "categories", "outcome", "status", "contacts", "version"});
}

Json Referral() {
    return Object(
        {{"id", Integer()},
         {"person_id", Integer()},
         {"consultation_id", NullableInteger()},
         {"from_organization_id", Integer()},
         {"from_organization_name", String()},
         {"to_organization_id", Integer()},
         {"to_organization_name", String()},
         {"to_user_id", NullableInteger()},
         {"to_user_name", {{"type", {"string", "null"}}}},
         {"reason", String()},
         {"sheet",
          {{"type", "object"}, {"description", "つなぐシート as sent: person, household, worries, done, reason"}}},
         {"status", EnumSchema({"sent", "accepted", "declined", "in_progress", "completed"})},
         {"status_label", String()},
         {"events", ArrayOf(Object({{"status", String()},
                                    {"status_label", String()},
                                    {"at", String()},
                                    {"user_id", Integer()},
                                    {"organization_id", Integer()},
                                    {"note", String()}},
                                   {"status", "at"}))},
         {"sent_at", String()},
         {"overdue", Boolean()},
         {"version", Integer()}},
        {"id", "person_id", "status", "sheet", "version"});
}

Json ShownCount() {
    return {{"oneOf", Json::array({Integer(),
                                   Object({{"suppressed", {{"type", "boolean"}, {"const", true}}}}, {"suppressed"})})},
            {"description", "an exact count, or {\"suppressed\": true} for a small cell hidden as 「χ」"}};
}

Json FiscalYearReport() {
    const Json bucket = Object(
        {{"code", String()}, {"label", String()}, {"contacts", ShownCount()}, {"persons", ShownCount()}}, {"code"});
    return Object({{"fiscal_year", Integer()},
                   {"label", String()},
                   {"figures", EnumSchema({"exact", "small_cells_suppressed"})},
                   {"suppression_note", String()},
                   {"contacts", ShownCount()},
                   {"persons", ShownCount()},
                   {"households", ShownCount()},
                   {"consultations", ShownCount()},
                   {"partner_share", {{"type", {"number", "null"}}}},
                   {"by_category", ArrayOf(bucket)},
                   {"by_channel", ArrayOf(bucket)},
                   {"by_source", ArrayOf(bucket)},
                   {"by_organization", ArrayOf(bucket)},
                   {"by_outcome", ArrayOf(bucket)},
                   {"cases", CaseCounts()}},
                  {"fiscal_year", "label", "figures", "contacts", "persons"});
}

}  // namespace schema

}  // namespace kasane::http::api
