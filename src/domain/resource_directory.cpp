// SPDX-License-Identifier: Apache-2.0
#include "domain/resource_directory.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace kasane::domain {

namespace {

constexpr std::string_view kKindTaxonomy = "kasane:resource_kind";
constexpr std::string_view kCapacityTaxonomy = "kasane:capacity";
constexpr std::string_view kSectorTaxonomy = "kasane:host_sector";
constexpr std::string_view kCooperatingTaxonomy = "kasane:cooperating_host";

struct KindRow {
    ResourceKind kind;
    std::string_view code;
    std::string_view label;
};
constexpr std::array<KindRow, 10> kKinds{{{ResourceKind::kIbasho, "ibasho", "居場所"},
                                          {ResourceKind::kVolunteer, "volunteer", "ボランティア"},
                                          {ResourceKind::kWorkExperience, "work_experience", "就労体験"},
                                          {ResourceKind::kFarmExperience, "farm_experience", "農業体験"},
                                          {ResourceKind::kHobby, "hobby", "趣味活動"},
                                          {ResourceKind::kSalon, "salon", "サロン"},
                                          {ResourceKind::kKayoinoba, "kayoinoba", "通いの場"},
                                          {ResourceKind::kKodomoShokudo, "kodomo_shokudo", "子ども食堂"},
                                          {ResourceKind::kConsultation, "consultation_desk", "相談窓口"},
                                          {ResourceKind::kOther, "other", "その他"}}};

struct SectorRow {
    HostSector sector;
    std::string_view code;
    std::string_view label;
};
constexpr std::array<SectorRow, 7> kSectors{
    {{HostSector::kCompany, "company", "企業"},
     {HostSector::kFarm, "farm", "農家"},
     {HostSector::kWelfareFacility, "welfare_facility", "福祉施設"},
     {HostSector::kNpo, "npo", "NPO"},
     {HostSector::kNeighborhoodAssociation, "neighborhood_association", "自治会"},
     {HostSector::kPublic, "public", "行政・公共"},
     {HostSector::kOther, "other", "その他"}}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kWeekdays{
    {{"MO", "月"}, {"TU", "火"}, {"WE", "水"}, {"TH", "木"}, {"FR", "金"}, {"SA", "土"}, {"SU", "日"}}};

std::string StringAt(const Json& object, std::string_view key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string()) return {};
    return found->get<std::string>();
}

std::optional<int> IntegerAt(const Json& object, std::string_view key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number()) return std::nullopt;
    return static_cast<int>(found->get<double>());
}

const Json& ArrayAt(const Json& object, std::string_view key) {
    static const Json kEmpty = Json::array();
    const auto found = object.find(key);
    if (found == object.end() || !found->is_array()) return kEmpty;
    return *found;
}

std::vector<std::string> SplitDays(std::string_view byday) {
    std::vector<std::string> days;
    std::string current;
    for (const char c : byday) {
        if (c == ',') {
            if (!current.empty()) days.push_back(current);
            current.clear();
        } else if (c != ' ') {
            current.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
    }
    if (!current.empty()) days.push_back(current);
    return days;
}

std::string JoinDays(const std::vector<std::string>& days) {
    std::string joined;
    for (const std::string& day : days) {
        if (!joined.empty()) joined += ",";
        joined += day;
    }
    return joined;
}

// The attributes of one Kasane taxonomy: their terms' codes and values.
std::vector<std::pair<std::string, std::string>> TermsOf(const Json& object, std::string_view taxonomy) {
    std::vector<std::pair<std::string, std::string>> terms;
    for (const Json& attribute : ArrayAt(object, "attributes")) {
        if (!attribute.is_object()) continue;
        const auto term = attribute.find("taxonomy_term");
        if (term == attribute.end() || !term->is_object() || StringAt(*term, "taxonomy") != taxonomy) continue;
        terms.emplace_back(StringAt(*term, "code"), StringAt(attribute, "value"));
    }
    return terms;
}

Json Attribute(const UuidSource& uuids, std::string_view taxonomy, std::string_view code, std::string_view name,
               std::string_view value) {
    return Json{{"id", uuids()},
                {"value", value},
                {"taxonomy_term",
                 {{"id", uuids()}, {"code", code}, {"name", name}, {"description", name}, {"taxonomy", taxonomy}}}};
}

// Replaces the attributes of the given taxonomies by `added`, keeping every other attribute in its place.
void ReplaceAttributes(Json& document, std::initializer_list<std::string_view> taxonomies, std::vector<Json> added) {
    Json kept = Json::array();
    for (const Json& attribute : ArrayAt(document, "attributes")) {
        bool ours = false;
        if (attribute.is_object()) {
            const auto term = attribute.find("taxonomy_term");
            if (term != attribute.end() && term->is_object()) {
                const std::string taxonomy = StringAt(*term, "taxonomy");
                ours = std::ranges::find(taxonomies, taxonomy) != taxonomies.end();
            }
        }
        if (!ours) kept.push_back(attribute);
    }
    for (Json& attribute : added) kept.push_back(std::move(attribute));
    if (kept.empty() && !document.contains("attributes")) return;
    document["attributes"] = std::move(kept);
}

// Sets a string field, or removes it when emptied (HSDS formats such as email and uri refuse "").
void SetText(Json& document, const char* key, const std::string& value) {
    if (value.empty()) {
        document.erase(key);
    } else {
        document[key] = value;
    }
}

void SetInteger(Json& document, const char* key, const std::optional<int>& value) {
    if (value) {
        document[key] = *value;
    } else {
        document.erase(key);
    }
}

// The first element of an array field (created with an id when there is none).
Json& FirstOf(Json& document, const char* key, const UuidSource& uuids) {
    if (!document.contains(key) || !document[key].is_array()) document[key] = Json::array();
    Json& array = document[key];
    if (array.empty() || !array.front().is_object()) array.insert(array.begin(), Json{{"id", uuids()}});
    return array.front();
}

bool ValidTime(std::string_view text) {
    if (text.empty()) return true;
    if (text.size() != 5 && text.size() != 8) return false;
    const auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
    if (!digit(0) || !digit(1) || text[2] != ':' || !digit(3) || !digit(4)) return false;
    const int hours = ((text[0] - '0') * 10) + (text[1] - '0');
    const int minutes = ((text[3] - '0') * 10) + (text[4] - '0');
    return hours < 24 && minutes < 60;
}

std::string ShortTime(const std::string& time) { return time.size() == 8 ? time.substr(0, 5) : time; }

void Problem(std::vector<HsdsProblem>& problems, std::string path, std::string message) {
    problems.push_back({.path = std::move(path), .message = std::move(message)});
}

// The checks shared by organisations and services: an object with a UUID id and a name.
void CheckCommon(const Json& document, const std::string& path, std::vector<HsdsProblem>& problems) {
    if (!document.is_object()) {
        Problem(problems, path.empty() ? "/" : path, "オブジェクトではありません");
        return;
    }
    const auto id = document.find("id");
    if (id == document.end() || !id->is_string()) {
        Problem(problems, path + "/id", "id（UUID）がありません");
    } else if (!IsUuid(id->get<std::string>())) {
        Problem(problems, path + "/id", "id が UUID ではありません");
    }
    const auto name = document.find("name");
    if (name == document.end() || !name->is_string() || name->get<std::string>().empty()) {
        Problem(problems, path + "/name", "name がありません");
    }
    for (const char* key : {"phones", "contacts", "attributes", "schedules", "service_areas", "service_at_locations",
                            "locations", "funding", "languages", "programs", "organization_identifiers"}) {
        const auto found = document.find(key);
        if (found != document.end() && !found->is_array()) {
            Problem(problems, path + "/" + key, std::string(key) + " が配列ではありません");
        }
    }
}

}  // namespace

std::string_view ResourceKindCode(ResourceKind kind) {
    for (const KindRow& row : kKinds) {
        if (row.kind == kind) return row.code;
    }
    return "other";
}

std::string_view ResourceKindLabel(ResourceKind kind) {
    for (const KindRow& row : kKinds) {
        if (row.kind == kind) return row.label;
    }
    return "その他";
}

std::optional<ResourceKind> ParseResourceKind(std::string_view code) {
    for (const KindRow& row : kKinds) {
        if (row.code == code) return row.kind;
    }
    return std::nullopt;
}

std::string_view HostSectorCode(HostSector sector) {
    for (const SectorRow& row : kSectors) {
        if (row.sector == sector) return row.code;
    }
    return "other";
}

std::string_view HostSectorLabel(HostSector sector) {
    for (const SectorRow& row : kSectors) {
        if (row.sector == sector) return row.label;
    }
    return "その他";
}

std::optional<HostSector> ParseHostSector(std::string_view code) {
    for (const SectorRow& row : kSectors) {
        if (row.code == code) return row.sector;
    }
    return std::nullopt;
}

std::string_view WeekdayLabel(std::string_view code) {
    for (const auto& [day, label] : kWeekdays) {
        if (day == code) return label;
    }
    return "";
}

bool IsWeekdayCode(std::string_view code) { return !WeekdayLabel(code).empty(); }

std::string_view ServiceStatusLabel(std::string_view status) {
    if (status == "active") return "実施中";
    if (status == "inactive") return "休止中";
    if (status == "defunct") return "終了";
    if (status == "temporarily closed") return "一時休止";
    return "不明";
}

bool IsUuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-')) return false;
        if (!dash && std::isxdigit(static_cast<unsigned char>(text[i])) == 0) return false;
    }
    return true;
}

Result<ResourceOrganization> ReadHsdsOrganization(const Json& document, const std::string& path,
                                                  std::vector<HsdsProblem>& problems) {
    const std::size_t before = problems.size();
    CheckCommon(document, path, problems);
    if (problems.size() != before) return Fail(Error::InvalidArgument("HSDS の organization が正しくありません", path));
    ResourceOrganization organization;
    organization.external_id = StringAt(document, "id");
    organization.name = StringAt(document, "name");
    organization.description = StringAt(document, "description");
    organization.email = StringAt(document, "email");
    organization.website = StringAt(document, "website");
    for (const auto& [code, value] : TermsOf(document, kSectorTaxonomy)) {
        if (const auto sector = ParseHostSector(code)) organization.sector = *sector;
    }
    for (const auto& [code, value] : TermsOf(document, kCooperatingTaxonomy)) {
        if (code == "cooperating_host") organization.cooperating = CooperatingHost::kYes;
    }
    organization.document = document;
    organization.document.erase("services");
    return organization;
}

Result<ResourceService> ReadHsdsService(const Json& document, const std::string& path,
                                        std::vector<HsdsProblem>& problems) {
    const std::size_t before = problems.size();
    CheckCommon(document, path, problems);
    if (document.is_object()) {
        const std::string status = StringAt(document, "status");
        if (std::ranges::find(kServiceStatuses, status) == std::end(kServiceStatuses)) {
            Problem(problems, path + "/status", "status は active, inactive, defunct, temporarily closed のどれかです");
        }
    }
    if (problems.size() != before) return Fail(Error::InvalidArgument("HSDS の service が正しくありません", path));
    ResourceService service;
    service.external_id = StringAt(document, "id");
    service.name = StringAt(document, "name");
    service.description = StringAt(document, "description");
    service.status = StringAt(document, "status");
    service.eligibility = StringAt(document, "eligibility_description");
    service.minimum_age = IntegerAt(document, "minimum_age");
    service.maximum_age = IntegerAt(document, "maximum_age");
    service.email = StringAt(document, "email");
    service.url = StringAt(document, "url");
    for (const auto& [code, value] : TermsOf(document, kKindTaxonomy)) {
        if (const auto kind = ParseResourceKind(code)) service.kinds.push_back(*kind);
    }
    for (const auto& [code, value] : TermsOf(document, kCapacityTaxonomy)) {
        if (!value.empty() && std::ranges::all_of(value, [](char c) { return std::isdigit(c) != 0; }) &&
            value.size() < 7) {
            service.capacity = std::stoi(value);
        }
    }
    for (const Json& area : ArrayAt(document, "service_areas")) {
        if (area.is_object() && !StringAt(area, "name").empty()) service.areas_served.push_back(StringAt(area, "name"));
    }
    for (const Json& schedule : ArrayAt(document, "schedules")) {
        if (!schedule.is_object()) continue;
        service.schedules.push_back({.days = SplitDays(StringAt(schedule, "byday")),
                                     .opens_at = ShortTime(StringAt(schedule, "opens_at")),
                                     .closes_at = ShortTime(StringAt(schedule, "closes_at")),
                                     .description = StringAt(schedule, "description")});
    }
    for (const Json& at : ArrayAt(document, "service_at_locations")) {
        if (!at.is_object() || !at.contains("location") || !at["location"].is_object()) continue;
        const Json& location = at["location"];
        service.location_name = StringAt(location, "name");
        for (const Json& address : ArrayAt(location, "addresses")) {
            if (!address.is_object()) continue;
            for (const char* key : {"postal_code", "state_province", "city", "address_1", "address_2"}) {
                const std::string part = StringAt(address, key);
                if (part.empty()) continue;
                if (!service.address.empty()) service.address += " ";
                service.address += part;
            }
            break;
        }
        for (const Json& accessibility : ArrayAt(location, "accessibility")) {
            const std::string text = accessibility.is_object() ? StringAt(accessibility, "description") : "";
            if (text.empty()) continue;
            if (!service.accessibility.empty()) service.accessibility += "／";
            service.accessibility += text;
        }
        break;
    }
    for (const Json& contact : ArrayAt(document, "contacts")) {
        if (contact.is_object()) {
            service.contact_name = StringAt(contact, "name");
            break;
        }
    }
    for (const Json& phone : ArrayAt(document, "phones")) {
        if (phone.is_object()) {
            service.phone = StringAt(phone, "number");
            break;
        }
    }
    service.document = document;
    service.document.erase("organization");
    return service;
}

Json OrganizationFull(const ResourceOrganization& organization, const std::vector<ResourceService>& services) {
    Json document = organization.document;
    Json nested = Json::array();
    for (const ResourceService& service : services) nested.push_back(service.document);
    document["services"] = std::move(nested);
    return document;
}

Json ServiceFull(const ResourceService& service, const ResourceOrganization& organization) {
    Json document = service.document;
    document["organization"] = organization.document;
    return document;
}

Status ValidateOrganizationForm(const OrganizationForm& form) {
    const std::size_t name = CodePointCount(form.name);
    if (name == 0 || name > 200) return Fail(Error::InvalidArgument("名前を200文字以内で入力してください", "name"));
    if (CodePointCount(form.description) > 2000) {
        return Fail(Error::InvalidArgument("説明は2000文字以内で入力してください", "description"));
    }
    return {};
}

Status ValidateServiceForm(const ServiceForm& form) {
    const std::size_t name = CodePointCount(form.name);
    if (name == 0 || name > 200) return Fail(Error::InvalidArgument("名前を200文字以内で入力してください", "name"));
    if (CodePointCount(form.description) > 2000) {
        return Fail(Error::InvalidArgument("説明は2000文字以内で入力してください", "description"));
    }
    if (std::ranges::find(kServiceStatuses, form.status) == std::end(kServiceStatuses)) {
        return Fail(Error::InvalidArgument("状態を選んでください", "status"));
    }
    if (form.kinds.empty()) return Fail(Error::InvalidArgument("種類を一つ以上選んでください", "kinds"));
    for (const auto& age : {form.minimum_age, form.maximum_age}) {
        if (age && (*age < 0 || *age > 120)) {
            return Fail(Error::InvalidArgument("年齢は0から120までです",
                                               age == form.minimum_age ? "minimum_age" : "maximum_age"));
        }
    }
    if (form.minimum_age && form.maximum_age && *form.minimum_age > *form.maximum_age) {
        return Fail(Error::InvalidArgument("下限の年齢が上限より上です", "minimum_age"));
    }
    if (form.capacity && (*form.capacity < 1 || *form.capacity > 10000)) {
        return Fail(Error::InvalidArgument("受入人数は1から10000までです", "capacity"));
    }
    for (const std::string& area : form.areas_served) {
        if (area.empty() || CodePointCount(area) > 500) {
            return Fail(Error::InvalidArgument("対象地域の名前は500文字以内です", "areas_served"));
        }
    }
    if (form.schedule) {
        for (const std::string& day : form.schedule->days) {
            if (!IsWeekdayCode(day)) return Fail(Error::InvalidArgument("曜日が正しくありません", "days"));
        }
        if (!ValidTime(form.schedule->opens_at)) {
            return Fail(Error::InvalidArgument("開始時刻は 10:00 のように入力してください", "opens_at"));
        }
        if (!ValidTime(form.schedule->closes_at)) {
            return Fail(Error::InvalidArgument("終了時刻は 16:00 のように入力してください", "closes_at"));
        }
    }
    for (const auto& [text, field] : {std::pair{&form.location_name, "location_name"},
                                      {&form.address, "address"},
                                      {&form.accessibility, "accessibility"},
                                      {&form.contact_name, "contact_name"},
                                      {&form.phone, "phone"},
                                      {&form.email, "email"},
                                      {&form.url, "url"},
                                      {&form.eligibility, "eligibility"}}) {
        if (CodePointCount(*text) > 500) return Fail(Error::InvalidArgument("500文字以内で入力してください", field));
    }
    return {};
}

ResourceOrganization WriteOrganizationForm(const OrganizationForm& form, Json document, const UuidSource& uuids) {
    if (!document.is_object()) document = Json::object();
    if (!document.contains("id") || !document["id"].is_string()) document["id"] = uuids();
    document["name"] = form.name;
    document["description"] = form.description;  // required by HSDS
    SetText(document, "email", form.email);
    SetText(document, "website", form.website);
    std::vector<Json> attributes{
        Attribute(uuids, kSectorTaxonomy, HostSectorCode(form.sector), HostSectorLabel(form.sector), "")};
    if (form.cooperating == CooperatingHost::kYes) {
        attributes.push_back(Attribute(uuids, kCooperatingTaxonomy, "cooperating_host", "協力事業者", ""));
    }
    ReplaceAttributes(document, {kSectorTaxonomy, kCooperatingTaxonomy}, std::move(attributes));
    std::vector<HsdsProblem> problems;
    return *ReadHsdsOrganization(document, "", problems);
}

ResourceService WriteServiceForm(const ServiceForm& form, Json document, const UuidSource& uuids) {
    if (!document.is_object()) document = Json::object();
    if (!document.contains("id") || !document["id"].is_string()) document["id"] = uuids();
    document["name"] = form.name;
    SetText(document, "description", form.description);
    document["status"] = form.status;
    SetText(document, "eligibility_description", form.eligibility);
    SetInteger(document, "minimum_age", form.minimum_age);
    SetInteger(document, "maximum_age", form.maximum_age);
    SetText(document, "email", form.email);
    SetText(document, "url", form.url);
    std::vector<Json> attributes;
    for (const ResourceKind kind : form.kinds) {
        attributes.push_back(Attribute(uuids, kKindTaxonomy, ResourceKindCode(kind), ResourceKindLabel(kind), ""));
    }
    if (form.capacity) {
        attributes.push_back(
            Attribute(uuids, kCapacityTaxonomy, "capacity", "受入人数", std::to_string(*form.capacity)));
    }
    ReplaceAttributes(document, {kKindTaxonomy, kCapacityTaxonomy}, std::move(attributes));
    // The areas served: kept by name (their ids, and any other field, stay).
    Json areas = Json::array();
    for (const std::string& name : form.areas_served) {
        Json area{{"id", uuids()}, {"name", name}};
        for (const Json& existing : ArrayAt(document, "service_areas")) {
            if (existing.is_object() && StringAt(existing, "name") == name) area = existing;
        }
        areas.push_back(std::move(area));
    }
    if (!areas.empty() || document.contains("service_areas")) document["service_areas"] = std::move(areas);
    if (form.schedule) {
        Json& schedule = FirstOf(document, "schedules", uuids);
        if (!form.schedule->days.empty()) {
            schedule["freq"] = "WEEKLY";
            schedule["byday"] = JoinDays(form.schedule->days);
        } else {
            schedule.erase("byday");
        }
        const auto time = [&](const char* key, const std::string& value) {
            if (value.empty()) {
                schedule.erase(key);
            } else {
                schedule[key] = value.size() == 5 ? value + ":00" : value;
            }
        };
        time("opens_at", form.schedule->opens_at);
        time("closes_at", form.schedule->closes_at);
        SetText(schedule, "description", form.schedule->description);
    }
    if (!form.location_name.empty() || !form.address.empty() || !form.accessibility.empty() ||
        !ArrayAt(document, "service_at_locations").empty()) {
        Json& at = FirstOf(document, "service_at_locations", uuids);
        if (!at.contains("location") || !at["location"].is_object()) {
            at["location"] = Json{{"id", uuids()}, {"location_type", "physical"}};
        }
        Json& location = at["location"];
        SetText(location, "name", form.location_name);
        if (!form.address.empty() || !ArrayAt(location, "addresses").empty()) {
            Json& address = FirstOf(location, "addresses", uuids);
            address["address_1"] = form.address;
            for (const char* key : {"postal_code", "state_province", "city", "address_2"}) address.erase(key);
            if (!address.contains("country")) address["country"] = "JP";
            if (!address.contains("address_type")) address["address_type"] = "physical";
            if (!address.contains("city")) address["city"] = "";
            if (!address.contains("state_province")) address["state_province"] = "";
            if (!address.contains("postal_code")) address["postal_code"] = "";
        }
        if (!form.accessibility.empty() || !ArrayAt(location, "accessibility").empty()) {
            Json& accessibility = FirstOf(location, "accessibility", uuids);
            accessibility["description"] = form.accessibility;
        }
    }
    if (!form.contact_name.empty() || !ArrayAt(document, "contacts").empty()) {
        FirstOf(document, "contacts", uuids)["name"] = form.contact_name;
    }
    if (!form.phone.empty() || !ArrayAt(document, "phones").empty()) {
        FirstOf(document, "phones", uuids)["number"] = form.phone;
    }
    std::vector<HsdsProblem> problems;
    return *ReadHsdsService(document, "", problems);
}

OrganizationForm FormOf(const ResourceOrganization& organization) {
    return {.name = organization.name,
            .description = organization.description,
            .email = organization.email,
            .website = organization.website,
            .sector = organization.sector,
            .cooperating = organization.cooperating};
}

ServiceForm FormOf(const ResourceService& service) {
    ServiceForm form{.name = service.name,
                     .description = service.description,
                     .status = service.status,
                     .kinds = service.kinds,
                     .areas_served = service.areas_served,
                     .schedule = std::nullopt,
                     .eligibility = service.eligibility,
                     .minimum_age = service.minimum_age,
                     .maximum_age = service.maximum_age,
                     .capacity = service.capacity,
                     .location_name = service.location_name,
                     .address = service.address,
                     .accessibility = service.accessibility,
                     .contact_name = service.contact_name,
                     .phone = service.phone,
                     .email = service.email,
                     .url = service.url};
    if (!service.schedules.empty()) form.schedule = service.schedules.front();
    return form;
}

bool IsPublic(const ResourceService& service) {
    return service.status == "active" || service.status == "temporarily closed";
}

bool Matches(const ResourceService& service, const ResourceSearch& search) {
    if (search.kind && std::ranges::find(service.kinds, *search.kind) == service.kinds.end()) return false;
    if (search.area && std::ranges::find(service.areas_served, *search.area) == service.areas_served.end()) {
        return false;
    }
    if (search.day) {
        const bool open = std::ranges::any_of(service.schedules, [&](const ResourceSchedule& schedule) {
            return std::ranges::find(schedule.days, *search.day) != schedule.days.end();
        });
        if (!open) return false;
    }
    if (!search.text.empty() && service.name.find(search.text) == std::string::npos &&
        service.description.find(search.text) == std::string::npos) {
        return false;
    }
    return true;
}

}  // namespace kasane::domain
