// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/grapheme.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "base/log.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/person_search_reach.hpp"
#include "domain/read_ahead.hpp"
#include "domain/reads.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

constexpr int kCandidateLimit = 400;

// The candidates a name search reads from each of its lists (exact family name, exact given name, name grams, address
// grams), in person order: five times the page, at least 100 and at most kCandidateLimit. The ranking below orders
// these; what they cost — reading them with their keys, and the one read of which of them the user's organisation
// worked with — then grows with the page asked for, not with how many persons of the town share a common name (a
// bare 佐藤 has tens of thousands at prefecture scale, and the window of a fixed 400 cost about 8 ms of CPU a search;
// docs/performance.md). The access facts are read for the persons a page shows only.
int NameCandidateLimit(int limit) { return std::clamp(limit * 5, 100, kCandidateLimit); }

bool IsSpace(std::string_view text, std::size_t at, std::size_t& width) {
    if (text[at] == ' ' || text[at] == '\t') {
        width = 1;
        return true;
    }
    if (text.substr(at, 3) == "\u3000") {
        width = 3;
        return true;
    }
    return false;
}

std::vector<std::string> Tokens(std::string_view query) {
    std::vector<std::string> tokens;
    std::string current;
    for (std::size_t i = 0; i < query.size();) {
        std::size_t width = 0;
        if (IsSpace(query, i, width)) {
            if (!current.empty()) tokens.push_back(std::move(current));
            current.clear();
            i += width;
        } else {
            current.push_back(query[i]);
            ++i;
        }
    }
    if (!current.empty()) tokens.push_back(std::move(current));
    return tokens;
}

// Whether a folded search key has a letter or a digit (of any script): a query of only spaces, punctuation and symbols
// has nothing to look up, and is refused before any read (issue 18, bad input).
bool HasLetterOrDigit(std::string_view key) {
    for (std::size_t i = 0; i < key.size();) {
        const auto lead = static_cast<unsigned char>(key[i]);
        const std::size_t width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t code = lead < 0x80 ? lead : lead < 0xE0 ? (lead & 0x1F) : lead < 0xF0 ? (lead & 0x0F) : (lead & 0x07);
        for (std::size_t k = 1; k < width && i + k < key.size(); ++k) {
            code = (code << 6) | (static_cast<unsigned char>(key[i + k]) & 0x3F);
        }
        i += width;
        if (code < 0x80) {
            if ((code >= '0' && code <= '9') || (code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z'))
                return true;
            continue;
        }
        const bool punctuation_or_symbol =
            (code >= 0x80 && code <= 0xBF) || (code >= 0x2000 && code <= 0x2BFF) ||  // Latin-1, general punctuation,
            (code >= 0x3000 && code <= 0x303F) ||                                    // symbols; CJK punctuation;
            (code >= 0xFE30 && code <= 0xFE4F) || (code >= 0xFF00 && code <= 0xFF0F) ||  // full-width forms' marks
            (code >= 0xFF1A && code <= 0xFF20) || (code >= 0xFF3B && code <= 0xFF40) ||
            (code >= 0xFF5B && code <= 0xFF65) || code == 0xFFFD;
        if (!punctuation_or_symbol) return true;
    }
    return false;
}

// A token that is a phone number: at least six digits and nothing but digits and separators.
bool LooksLikePhone(std::string_view token) {
    const std::string digits = NormalizePhone(token);
    if (digits.size() < 6) return false;
    const std::string normalized = NormalizeNfkc(token);
    return std::all_of(normalized.begin(), normalized.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '(' || c == ')' || c == '+' || c == ' ' ||
               static_cast<unsigned char>(c) >= 0x80;  // ー and similar dashes after NFKC
    });
}

void AddDistinct(std::vector<std::string>& into, const std::vector<std::string>& grams) {
    for (const std::string& gram : grams) {
        if (std::find(into.begin(), into.end(), gram) == into.end()) into.push_back(gram);
    }
}

std::vector<std::string> MatchedOn(const PersonSearchKeys& keys, std::string_view key) {
    std::vector<std::string> matched;
    if (key.empty()) return matched;
    if (keys.name_key.find(key) != std::string::npos) matched.emplace_back("name");
    if (keys.kana_key.find(key) != std::string::npos) matched.emplace_back("kana");
    if (keys.reading_key.find(key) != std::string::npos) matched.emplace_back("reading");
    return matched;
}

// The rank of a candidate for a search key (issue 13): an exact full name first, then the full reading, then an
// exact family or given name (a bare family name), then a name or reading that starts with the query; anything
// else that matched last. Birth date and phone add to it below; the user's organisation breaks ties.
int SearchRank(const PersonSearchKeys& keys, std::string_view key, bool exact_part) {
    if (keys.name_key == key) return 50;
    if (keys.kana_key == key || keys.reading_key == key) return 40;
    if (exact_part) return 30;
    if (keys.name_key.starts_with(key) || keys.kana_key.starts_with(key) || keys.reading_key.starts_with(key)) {
        return 20;
    }
    return 0;
}

// Which fields of two versions of a person differ, for the audit entry of an update.
std::string ChangedFields(const PersonData& before, const PersonData& after) {
    std::vector<std::string> fields;
    auto check = [&](bool differs, const char* name) {
        if (differs) fields.emplace_back(name);
    };
    check(before.family_name != after.family_name || before.given_name != after.given_name, "name");
    check(before.family_name_kana != after.family_name_kana || before.given_name_kana != after.given_name_kana,
          "name_kana");
    check(before.reading_self_reported != after.reading_self_reported, "reading_self_reported");
    check(before.birth_date != after.birth_date, "birth_date");
    check(before.sex != after.sex, "sex");
    check(before.phone != after.phone, "phone");
    check(before.contact_notes != after.contact_notes, "contact_notes");
    check(before.address.OneLine() != after.address.OneLine(), "address");
    check(before.resides_elsewhere != after.resides_elsewhere, "resides_elsewhere");
    check(before.neighborhood_id != after.neighborhood_id ||
              before.elementary_school_district_id != after.elementary_school_district_id ||
              before.junior_high_school_district_id != after.junior_high_school_district_id ||
              before.welfare_volunteer_district_id != after.welfare_volunteer_district_id,
          "areas");
    check(before.unknown_reasons != after.unknown_reasons, "unknown_reasons");
    check(before.dv_protected != after.dv_protected, "dv_protected");
    std::string joined;
    for (const std::string& field : fields) joined += (joined.empty() ? "" : ",") + field;
    return joined;
}

// Whether the identity fields differ (change_policy.hpp's kIdentity).
bool IdentityDiffers(const PersonData& before, const PersonData& after) {
    return before.family_name != after.family_name || before.given_name != after.given_name ||
           before.family_name_kana != after.family_name_kana || before.given_name_kana != after.given_name_kana ||
           before.reading_self_reported != after.reading_self_reported || before.birth_date != after.birth_date ||
           before.sex != after.sex;
}

// Whether the address, contact or areas differ (kAddressAndContact).
bool AddressOrContactDiffers(const PersonData& before, const PersonData& after) {
    return before.phone != after.phone || before.contact_notes != after.contact_notes ||
           before.address.OneLine() != after.address.OneLine() || before.resides_elsewhere != after.resides_elsewhere ||
           before.neighborhood_id != after.neighborhood_id ||
           before.elementary_school_district_id != after.elementary_school_district_id ||
           before.junior_high_school_district_id != after.junior_high_school_district_id ||
           before.welfare_volunteer_district_id != after.welfare_volunteer_district_id;
}

ChangeRights RightsOf(const Viewer& viewer, const PersonAccessFacts& facts, const AccessDecision& decision) {
    ChangeRights rights;
    const ChangeDecision identity = DecideChange(viewer, facts, decision, ChangeKind::kIdentity);
    rights.identity = identity.Allowed();
    if (!rights.identity) rights.refusal = identity.reason;
    rights.address_and_contact = DecideChange(viewer, facts, decision, ChangeKind::kAddressAndContact).Allowed();
    rights.household = DecideChange(viewer, facts, decision, ChangeKind::kHousehold).Allowed();
    rights.dv_protection_on = DecideChange(viewer, facts, decision, ChangeKind::kDvProtectionOn).Allowed();
    rights.dv_protection_off = DecideChange(viewer, facts, decision, ChangeKind::kDvProtectionOff).Allowed();
    rights.hand_over = HoldsPrimaryRecord(viewer, facts) && IsProfessional(viewer.principal);
    return rights;
}

}  // namespace

PersonService::PersonService(Store& store, const Clock& clock, AuditRecorder& audit)
    : store_(store), clock_(clock), audit_(audit) {}

PersonSearchKeys PersonService::KeysOf(const PersonData& data) {
    PersonSearchKeys keys;
    keys.name_key = NormalizeForSearch(data.family_name + data.given_name);
    keys.kana_key = NormalizeForSearch(data.family_name_kana + data.given_name_kana);
    keys.reading_key = NormalizeForSearch(data.reading_self_reported);
    keys.address_key = NormalizeForSearch(data.address.OneLine());
    keys.phone_key = NormalizePhone(data.phone);
    AddDistinct(keys.grams, Bigrams(keys.name_key));
    AddDistinct(keys.grams, Bigrams(keys.kana_key));
    AddDistinct(keys.grams, Bigrams(keys.reading_key));
    AddDistinct(keys.address_grams, Bigrams(keys.address_key));
    std::vector<std::string> exact;
    for (const auto& [part, text] : {std::pair{'f', &data.family_name}, std::pair{'g', &data.given_name},
                                     std::pair{'f', &data.family_name_kana}, std::pair{'g', &data.given_name_kana}}) {
        const std::string key = NormalizeForSearch(*text);
        if (!key.empty()) exact.push_back(ExactNameGram(part, key));
    }
    AddDistinct(keys.grams, exact);
    return keys;
}

std::string PersonService::ExactNameGram(char part, std::string_view key) {
    std::string gram = " ";
    gram.push_back(part);
    gram.push_back(':');
    gram += key;
    return gram;
}

Result<std::int64_t> PersonService::RebuildSearchKeys(Store& store) {
    constexpr std::string_view kSetting = "person_search_keys_version";
    constexpr int kBatch = 500;
    auto municipalities = store.Municipalities().List();
    if (!municipalities) return Fail(municipalities.error());
    std::int64_t rebuilt = 0;
    for (const Municipality& municipality : *municipalities) {
        auto tenant = store.Tenant(municipality.id);
        auto version = tenant->Settings().Get(kSetting);
        if (!version) return Fail(version.error());
        if (*version == kSearchKeysVersion) continue;
        PersonId after{};
        for (;;) {
            auto ids = tenant->Persons().IdsAfter(after, kBatch);
            if (!ids) return Fail(ids.error());
            if (ids->empty()) break;
            after = ids->back();
            auto persons = tenant->Persons().GetMany(*ids);
            if (!persons) return Fail(persons.error());
            const Status batch = store.Transaction([&](Store& transaction) -> Status {
                auto tx = transaction.Tenant(municipality.id);
                for (const Person& person : *persons) {
                    if (auto replaced = tx->Persons().ReplaceSearchKeys(person.id, KeysOf(person.data)); !replaced) {
                        return replaced;
                    }
                }
                return {};
            });
            if (!batch) return Fail(batch.error());
            rebuilt += static_cast<std::int64_t>(persons->size());
        }
        if (auto set = tenant->Settings().Set(kSetting, kSearchKeysVersion); !set) return Fail(set.error());
        Log(LogLevel::kInfo, "person search keys rebuilt",
            {{"municipality_id", municipality.id}, {"version", std::string(kSearchKeysVersion)}});
    }
    return rebuilt;
}

Result<AccessDecision> PersonService::Authorize(const Actor& actor, PersonId id) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto facts = store_.Tenant(actor.Tenant())->Persons().AccessFacts(id);
    if (!facts) return Fail(Hidden(facts.error()));
    const AccessDecision decision = DecideAccess(ViewerOf(actor, *kind), *facts, clock_.Now());
    if (!decision.Allowed()) return Fail(Error::NotFound());
    return decision;
}

Result<std::vector<std::optional<AccessDecision>>> PersonService::AuthorizeMany(const Actor& actor,
                                                                                const std::vector<PersonId>& ids) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto facts = store_.Tenant(actor.Tenant())->Persons().AccessFactsOfMany(ids);
    if (!facts) return Fail(facts.error());
    std::unordered_map<PersonId, const PersonAccessFacts*> facts_of;
    for (const PersonAccessFacts& person_facts : *facts) facts_of.emplace(person_facts.person_id, &person_facts);
    const Viewer viewer = ViewerOf(actor, *kind);
    const Instant now = clock_.Now();
    std::vector<std::optional<AccessDecision>> decisions;
    decisions.reserve(ids.size());
    for (PersonId id : ids) {
        const auto found = facts_of.find(id);
        std::optional<AccessDecision> decision;
        if (found != facts_of.end()) {
            AccessDecision decided = DecideAccess(viewer, *found->second, now);
            if (decided.Allowed()) decision = std::move(decided);
        }
        decisions.push_back(std::move(decision));
    }
    return decisions;
}

namespace {

// Reads into `names` the name of each organisation of `ids` not yet there. On PostgreSQL those are read in one round
// trip (domain/read_ahead.hpp), not one each. A failed read is an error, not a nameless organisation; an
// organisation not found is named "".
Status ReadOrganizationNames(Store& store, TenantStore& tenant, const std::vector<OrganizationId>& ids,
                             std::unordered_map<OrganizationId, std::string>& names) {
    std::vector<OrganizationId> unknown;
    for (const OrganizationId id : ids) {
        if (!names.contains(id) && std::ranges::find(unknown, id) == unknown.end()) unknown.push_back(id);
    }
    if (unknown.empty()) return {};
    std::unique_ptr<ReadAheadScope> read_ahead;
    if (auto* ahead = dynamic_cast<ReadAhead*>(&store)) read_ahead = ahead->Organizations(tenant.Tenant(), unknown);
    for (const OrganizationId id : unknown) {
        auto organization = tenant.Organizations().Get(id);
        if (ReadFailed(organization)) return Fail(organization.error());
        names.emplace(id, organization ? organization->name : std::string{});
    }
    return {};
}

// Organisations that know a person, with names, for identity matches.
Result<std::vector<KnownTo>> KnownToOf(Store& store, TenantStore& tenant, const PersonAccessFacts& facts,
                                       std::unordered_map<OrganizationId, std::string>& names) {
    if (auto read = ReadOrganizationNames(store, tenant, facts.recording_organizations, names); !read) {
        return Fail(read.error());
    }
    std::vector<KnownTo> known;
    for (const OrganizationId id : facts.recording_organizations) {
        known.push_back(KnownTo{.organization_id = id, .name = names.at(id)});
    }
    return known;
}

}  // namespace

Result<PersonView> PersonService::Get(const Actor& actor, PersonId id) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto facts = tenant->Persons().AccessFacts(id);
    if (!facts) return Fail(Hidden(facts.error()));
    const AccessDecision decision = DecideAccess(ViewerOf(actor, *kind), *facts, clock_.Now());
    // A pending referral opens the sheet (ReferralService::Get), not the record.
    if (decision.level == ViewLevel::kNone || decision.level == ViewLevel::kReferralSheet) {
        return Fail(Error::NotFound());
    }
    auto person = tenant->Persons().Get(id);
    if (!person) return Fail(Hidden(person.error()));
    PersonView view;
    view.person = MaskPerson(std::move(*person), decision);
    view.decision = decision;
    view.holder_organization_id = facts->holder_organization_id;
    view.may_change = RightsOf(ViewerOf(actor, *kind), *facts, decision);
    std::unordered_map<OrganizationId, std::string> names;
    auto known_to = KnownToOf(store_, *tenant, *facts, names);
    if (!known_to) return Fail(known_to.error());
    view.known_to = std::move(*known_to);
    if (decision.level == ViewLevel::kFull) {
        auto merges = tenant->Persons().Merges(id);
        if (!merges) return Fail(merges.error());
        view.merges = std::move(*merges);
    }
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kRead, "person", id, id,
                                decision.level == ViewLevel::kIdentity ? "identity" : "*");
    SetBasis(entry, decision);
    audit_.Record(std::move(entry));
    return view;
}

Result<std::vector<PersonSummary>> PersonService::Search(const Actor& actor, std::string_view query, int limit) {
    if (limit < 1 || limit > 200) return Fail(Error::InvalidArgument("件数は1〜200で指定してください", "limit"));
    if (query.size() > 400) return Fail(Error::PayloadTooLarge("検索語が長すぎます", "q"));
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());

    std::optional<Date> birth_date;
    std::string phone;
    std::string text;
    for (const std::string& token : Tokens(query)) {
        if (!birth_date) {
            if (auto date = ParseJapaneseDate(token, "q")) {
                birth_date = *date;
                continue;
            }
        }
        if (phone.empty() && LooksLikePhone(token)) {
            phone = NormalizePhone(token);
            continue;
        }
        text += token;
    }
    const std::string key = NormalizeForSearch(text);
    if (!HasLetterOrDigit(key) && !birth_date && phone.empty()) {
        return Fail(
            Error::InvalidArgument("検索語には文字か数字を入れてください（空白や記号だけでは探せません）", "q"));
    }

    auto tenant = store_.Tenant(actor.Tenant());
    PersonRepository& persons = tenant->Persons();
    const Viewer viewer = ViewerOf(actor, *kind);
    // Whom this caller may find (access_policy.cpp): the candidates are drawn from it, so a partner's or a 民生委員's
    // search reads the persons tied to them and not the town (issue 18, item 1). The SQL stores search within a reach;
    // any other store falls back to the town's postings, the policy below still deciding every person shown.
    const PersonSearchReach reach = PersonSearchReachOf(viewer);
    auto* const reach_source = dynamic_cast<PersonSearchSource*>(tenant.get());
    const int candidate_limit = NameCandidateLimit(limit);
    const auto find_by_grams = [&](const std::vector<std::string>& grams,
                                   PersonRepository::SearchField field) -> Result<std::vector<PersonSearchHit>> {
        if (reach.kind == PersonSearchReach::Kind::kNobody) return std::vector<PersonSearchHit>{};
        if (reach_source == nullptr || reach.kind == PersonSearchReach::Kind::kTown) {
            return persons.FindByGrams(grams, field, candidate_limit);
        }
        return reach_source->PersonSearch().FindByGramsWithin(grams, field, reach, candidate_limit);
    };
    // Candidates from the most selective criterion, confirmed against every other one below.
    std::vector<PersonSearchHit> hits;
    // The query as an exact family or given name: the only way a one-character query (林, 森, 原) is found, and
    // the first candidates of a bare family name shared by many.
    const std::string exact_family = ExactNameGram('f', key);
    const std::string exact_given = ExactNameGram('g', key);
    // One character, not one bigram: a key of two characters is one bigram too, and is found inside names.
    const bool one_character = GraphemeCount(key) == 1;
    if (!key.empty()) {
        std::unordered_set<PersonId> seen;
        auto add = [&hits, &seen](std::vector<PersonSearchHit>& found) {
            for (PersonSearchHit& hit : found) {
                if (seen.insert(hit.person_id).second) hits.push_back(std::move(hit));
            }
        };
        // One character matches by exact name only: a 2-gram index cannot say "contains 林" without flooding the
        // page with every 林 inside other names and addresses.
        const std::vector<std::string> grams = one_character ? std::vector<std::string>{} : Bigrams(key);
        // A search of the town reads the exact names' candidates and the bigrams' first reads together (one round
        // trip on PostgreSQL).
        std::unique_ptr<ReadAheadScope> read_ahead;
        if (auto* ahead = dynamic_cast<ReadAhead*>(&store_);
            ahead != nullptr && reach.kind != PersonSearchReach::Kind::kNobody &&
            (reach_source == nullptr || reach.kind == PersonSearchReach::Kind::kTown)) {
            read_ahead = ahead->NameCandidates(actor.Tenant(), {exact_family, exact_given}, grams, candidate_limit);
        }
        for (const std::string* exact : {&exact_family, &exact_given}) {
            auto by_exact = find_by_grams({*exact}, PersonRepository::SearchField::kName);
            if (!by_exact) return Fail(by_exact.error());
            add(*by_exact);
        }
        if (!grams.empty()) {
            auto by_name = find_by_grams(grams, PersonRepository::SearchField::kName);
            if (!by_name) return Fail(by_name.error());
            add(*by_name);
            auto by_address = find_by_grams(grams, PersonRepository::SearchField::kAddress);
            if (!by_address) return Fail(by_address.error());
            add(*by_address);
        }
    } else if (reach.kind == PersonSearchReach::Kind::kNobody) {
        // Nobody to find: nothing is read.
    } else if (!phone.empty()) {
        auto by_phone = persons.FindByPhone(phone, kCandidateLimit);
        if (!by_phone) return Fail(by_phone.error());
        hits = std::move(*by_phone);
    } else {
        auto by_birth = persons.FindByBirthDate(*birth_date, kCandidateLimit);
        if (!by_birth) return Fail(by_birth.error());
        hits = std::move(*by_birth);
    }

    struct Ranked {
        PersonSearchHit hit;
        std::vector<std::string> matched_on;
        int score = 0;
    };
    // A query that is a DV-protected person's phone or address is itself that value: the audit trail records it
    // as 「秘匿」 (the trail must hold no protected value). Known from the candidates, before any access decision.
    bool conceal_phone = false;
    bool conceal_text = false;
    for (const PersonSearchHit& hit : hits) {
        if (!hit.dv_protected) continue;
        if (!phone.empty() && hit.keys.phone_key == phone) conceal_phone = true;
        if (!key.empty() && hit.keys.address_key.find(key) != std::string::npos) conceal_text = true;
    }
    std::string recorded_query;
    {
        bool birth_seen = false;
        bool phone_seen = false;
        bool text_concealed = false;
        for (const std::string& token : Tokens(query)) {
            std::string shown = token;
            if (!birth_seen && ParseJapaneseDate(token, "q")) {
                birth_seen = true;
            } else if (!phone_seen && LooksLikePhone(token)) {
                phone_seen = true;
                if (conceal_phone) shown = std::string(kConcealed);
            } else if (conceal_text) {
                if (text_concealed) continue;
                text_concealed = true;
                shown = std::string(kConcealed);
            }
            recorded_query += (recorded_query.empty() ? "" : " ") + shown;
        }
        if (recorded_query.size() > 200) {
            std::size_t cut = 200;  // at a character's first byte, never inside one
            while (cut > 0 && (static_cast<unsigned char>(recorded_query[cut]) & 0xC0) == 0x80) --cut;
            recorded_query.resize(cut);
        }
    }

    std::vector<Ranked> ranked;
    for (PersonSearchHit& hit : hits) {
        Ranked candidate{.hit = std::move(hit)};
        if (!key.empty()) {
            candidate.matched_on = MatchedOn(candidate.hit.keys, key);
            if (candidate.hit.keys.address_key.find(key) != std::string::npos) {
                candidate.matched_on.emplace_back("address");
            }
            const PersonSearchKeys& keys = candidate.hit.keys;
            const bool exact_part = std::ranges::find(keys.grams, exact_family) != keys.grams.end() ||
                                    std::ranges::find(keys.grams, exact_given) != keys.grams.end();
            if (exact_part && candidate.matched_on.empty()) candidate.matched_on.emplace_back("name");
            if (candidate.matched_on.empty()) continue;  // the grams matched across different keys only
            if (one_character && !exact_part) continue;  // one character: exact names only
            candidate.score += SearchRank(keys, key, exact_part);
        }
        if (birth_date) {
            if (candidate.hit.birth_date != birth_date) continue;
            candidate.matched_on.emplace_back("birth_date");
            candidate.score += 5;
        }
        if (!phone.empty()) {
            if (candidate.hit.keys.phone_key != phone) continue;
            candidate.matched_on.emplace_back("phone");
            candidate.score += 5;
        }
        ranked.push_back(std::move(candidate));
    }
    // Within a rank, persons the user's organisation has worked with (it recorded them or took one of their
    // consultations, or holds their record) come first. The SQL stores answer that for the candidates in one read
    // (RecordedByAmong), so the access facts are read only for the persons a page shows, below; any other store
    // reads the candidates' access facts once, which then serve the access decisions below as well.
    std::vector<PersonAccessFacts> all_facts;
    if (ranked.size() > 1) {
        std::vector<PersonId> ids;
        ids.reserve(ranked.size());
        for (const Ranked& candidate : ranked) ids.push_back(candidate.hit.person_id);
        const OrganizationId own = actor.principal.user.organization_id;
        std::unordered_set<PersonId> worked_with;
        if (reach_source != nullptr) {
            auto recorded = reach_source->PersonSearch().RecordedByAmong(ids, own);
            if (!recorded) return Fail(recorded.error());
            worked_with.insert(recorded->begin(), recorded->end());
        } else {
            auto facts = persons.AccessFactsOfMany(ids);
            if (!facts) return Fail(facts.error());
            all_facts = std::move(*facts);
            for (const PersonAccessFacts& person_facts : all_facts) {
                if (person_facts.holder_organization_id == own ||
                    std::ranges::find(person_facts.recording_organizations, own) !=
                        person_facts.recording_organizations.end()) {
                    worked_with.insert(person_facts.person_id);
                }
            }
        }
        for (Ranked& candidate : ranked) {
            candidate.score = candidate.score * 2 + (worked_with.contains(candidate.hit.person_id) ? 1 : 0);
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });

    std::vector<PersonSummary> results;
    std::unordered_map<OrganizationId, std::string> names;
    const Instant now = clock_.Now();
    // The access facts are read for a batch of candidates at a time (one read each, whatever its size): first as
    // many as results are wanted — a municipal division sees most candidates at identity level, so one batch
    // usually fills the page — then twice as many each time, up to every candidate.
    std::size_t batch_begin = 0;
    std::size_t batch_size = static_cast<std::size_t>(limit);
    while (batch_begin < ranked.size() && static_cast<int>(results.size()) < limit) {
        const std::size_t batch_end = std::min(ranked.size(), batch_begin + batch_size);
        std::vector<PersonId> batch_ids;
        for (std::size_t i = batch_begin; i < batch_end; ++i) batch_ids.push_back(ranked[i].hit.person_id);
        // The batch's records and the versions of its access facts together (one round trip on PostgreSQL).
        std::unique_ptr<ReadAheadScope> read_ahead;
        if (auto* ahead = dynamic_cast<ReadAhead*>(&store_); ahead != nullptr && all_facts.empty()) {
            read_ahead = ahead->PersonsAndAccessVersions(actor.Tenant(), batch_ids);
        }
        std::vector<PersonAccessFacts> read_now;
        if (all_facts.empty()) {
            auto batch_facts = persons.AccessFactsOfMany(batch_ids);
            if (!batch_facts) return Fail(batch_facts.error());
            read_now = std::move(*batch_facts);
        }
        std::unordered_map<PersonId, const PersonAccessFacts*> facts_of;
        for (const PersonAccessFacts& facts : all_facts.empty() ? read_now : all_facts) {
            facts_of.emplace(facts.person_id, &facts);
        }
        // The batch's records in one read (not one read a person shown).
        auto batch_persons = persons.GetMany(batch_ids);
        if (!batch_persons) return Fail(batch_persons.error());
        read_ahead.reset();
        std::unordered_map<PersonId, Person*> person_of;
        for (Person& person : *batch_persons) person_of.emplace(person.id, &person);
        // The persons of the batch the page shows, decided first, so that the names of the organisations that know
        // them are read together (one round trip on PostgreSQL) rather than person by person.
        struct Shown {
            Ranked* candidate;
            const PersonAccessFacts* facts;
            AccessDecision decision;
            Person* record;
        };
        std::vector<Shown> shown;
        for (std::size_t i = batch_begin; i < batch_end; ++i) {
            if (static_cast<int>(results.size() + shown.size()) >= limit) break;
            Ranked& candidate = ranked[i];
            const auto found = facts_of.find(candidate.hit.person_id);
            if (found == facts_of.end()) continue;  // gone since the search found it
            const PersonAccessFacts& facts = *found->second;
            AccessDecision decision = DecideAccess(viewer, facts, now);
            if (decision.level == ViewLevel::kNone || decision.level == ViewLevel::kReferralSheet) continue;
            const auto record = person_of.find(candidate.hit.person_id);
            if (record == person_of.end()) continue;  // gone since the search found it
            // DV等支援措置 and identity-level views: an address or phone the viewer may not see is not searchable for
            // this viewer at all. A query that names a phone keeps only persons whose phone matched (above), so the
            // phone is a criterion, not a mere label: a person whose phone is hidden is not found by it, whatever
            // else matched; likewise a person found only through a hidden address.
            if (!decision.address_and_contact || decision.level != ViewLevel::kFull) {
                if (!phone.empty()) continue;
                std::erase_if(candidate.matched_on,
                              [](const std::string& on) { return on == "address" || on == "phone"; });
                if (candidate.matched_on.empty()) continue;
            }
            shown.push_back(Shown{
                .candidate = &candidate, .facts = &facts, .decision = std::move(decision), .record = record->second});
        }
        std::vector<OrganizationId> organizations;
        for (const Shown& person : shown) {
            organizations.insert(organizations.end(), person.facts->recording_organizations.begin(),
                                 person.facts->recording_organizations.end());
        }
        if (auto read = ReadOrganizationNames(store_, *tenant, organizations, names); !read) return Fail(read.error());
        for (Shown& person : shown) {
            auto known_to = KnownToOf(store_, *tenant, *person.facts, names);
            if (!known_to) return Fail(known_to.error());
            PersonSummary summary{.person = MaskPerson(std::move(*person.record), person.decision),
                                  .decision = person.decision,
                                  .known_to = std::move(*known_to),
                                  .matched_on = std::move(person.candidate->matched_on)};
            AuditEntry entry =
                EntryFor(actor, now, AuditAction::kSearch, "person", summary.person.id, summary.person.id,
                         person.decision.level == ViewLevel::kIdentity ? "identity" : "summary");
            SetBasis(entry, person.decision);
            entry.detail = recorded_query;
            audit_.Record(std::move(entry));
            results.push_back(std::move(summary));
        }
        batch_begin = batch_end;
        batch_size *= 2;
    }
    AuditEntry search = EntryFor(actor, now, AuditAction::kSearch, "person_search", 0, std::nullopt, "");
    search.detail = recorded_query + " => " + std::to_string(results.size());
    audit_.Record(std::move(search));
    return results;
}

Result<std::vector<DuplicateCandidate>> PersonService::FindDuplicates(const Actor& actor, const PersonData& data) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    const PersonSearchKeys keys = KeysOf(data);
    auto tenant = store_.Tenant(actor.Tenant());
    PersonRepository& persons = tenant->Persons();

    // The same name or reading, compared on the folded keys (NormalizeForSearch: the one folding of search and of
    // this check, so 髙橋 = 高橋, ヅ = ズ, サトー = さとう).
    const auto same_name_or_reading = [&keys](const PersonSearchHit& hit) {
        const bool same_reading =
            (!keys.kana_key.empty() && (hit.keys.kana_key == keys.kana_key || hit.keys.reading_key == keys.kana_key)) ||
            (!keys.reading_key.empty() &&
             (hit.keys.reading_key == keys.reading_key || hit.keys.kana_key == keys.reading_key));
        const bool same_name = !keys.name_key.empty() && hit.keys.name_key == keys.name_key;
        return same_reading || same_name;
    };
    std::map<PersonId, std::set<std::string>> reasons;
    if (data.birth_date) {
        auto same_birth = persons.FindByBirthDate(*data.birth_date, kCandidateLimit);
        if (!same_birth) return Fail(same_birth.error());
        for (const PersonSearchHit& hit : *same_birth) {
            if (same_name_or_reading(hit)) reasons[hit.person_id].insert("name_reading_and_birth_date");
        }
    }
    // Without a birth date, the name (or reading) together with the address or the phone is the strong sign of a
    // person already recorded (issue 13): "name_and_phone", "name_and_address", beside the weaker "phone" and
    // "address" alone.
    const bool birth_date_missing = !data.birth_date.has_value();
    if (keys.phone_key.size() >= 6) {
        auto same_phone = persons.FindByPhone(keys.phone_key, kCandidateLimit);
        if (!same_phone) return Fail(same_phone.error());
        for (const PersonSearchHit& hit : *same_phone) {
            reasons[hit.person_id].insert("phone");
            if (birth_date_missing && same_name_or_reading(hit)) reasons[hit.person_id].insert("name_and_phone");
        }
    }
    if (!keys.address_key.empty() && !keys.address_grams.empty()) {
        auto same_address =
            persons.FindByGrams(keys.address_grams, PersonRepository::SearchField::kAddress, kCandidateLimit);
        if (!same_address) return Fail(same_address.error());
        for (const PersonSearchHit& hit : *same_address) {
            if (hit.keys.address_key != keys.address_key) continue;
            reasons[hit.person_id].insert("address");
            if (birth_date_missing && same_name_or_reading(hit)) reasons[hit.person_id].insert("name_and_address");
        }
    }

    std::vector<DuplicateCandidate> candidates;
    std::unordered_map<OrganizationId, std::string> names;
    const Instant now = clock_.Now();
    const Viewer viewer = ViewerOf(actor, *kind);
    for (const auto& [person_id, why] : reasons) {
        auto facts = persons.AccessFacts(person_id);
        // A failed read must not pass the duplicate check silently (the person would be entered twice).
        if (ReadFailed(facts)) return Fail(facts.error());
        if (!facts) continue;
        const AccessDecision decision = DecideAccess(viewer, *facts, now);
        if (decision.level == ViewLevel::kNone || decision.level == ViewLevel::kReferralSheet) continue;
        // Matching on a hidden address or phone would reveal it.
        std::vector<std::string> shown;
        for (const std::string& reason : why) {
            const bool hidden = (reason == "phone" || reason == "address" || reason == "name_and_phone" ||
                                 reason == "name_and_address") &&
                                (!decision.address_and_contact || decision.level == ViewLevel::kIdentity);
            if (!hidden) shown.push_back(reason);
        }
        if (shown.empty()) continue;
        auto person = persons.Get(person_id);
        if (ReadFailed(person)) return Fail(person.error());
        if (!person) continue;
        auto known_to = KnownToOf(store_, *tenant, *facts, names);
        if (!known_to) return Fail(known_to.error());
        DuplicateCandidate candidate{.summary = {.person = MaskPerson(std::move(*person), decision),
                                                 .decision = decision,
                                                 .known_to = std::move(*known_to),
                                                 .matched_on = shown},
                                     .reasons = shown};
        AuditEntry entry = EntryFor(actor, now, AuditAction::kSearch, "person", person_id, person_id, "identity");
        SetBasis(entry, decision);
        entry.detail = "duplicate check";
        audit_.Record(std::move(entry));
        candidates.push_back(std::move(candidate));
    }
    std::stable_sort(
        candidates.begin(), candidates.end(),
        [](const DuplicateCandidate& a, const DuplicateCandidate& b) { return a.reasons.size() > b.reasons.size(); });
    return candidates;
}

Result<Person> PersonService::Create(const Actor& actor, const PersonData& data) {
    if (!WorksCases(actor.principal)) return Fail(Error::PermissionDenied("本人の記録を登録する権限がありません"));
    if (auto valid = ValidatePersonData(data, TodayInJapan(clock_)); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    Person person{.municipality_id = actor.Tenant(),
                  .data = data,
                  .created_by_organization_id = actor.principal.user.organization_id,
                  .created_by_user_id = actor.principal.user.id,
                  .created_at = now,
                  .updated_at = now};
    Person created;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto saved = tenant->Persons().Create(person, KeysOf(data));
        if (!saved) return Fail(saved.error());
        created = std::move(*saved);
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kCreate, "person", created.id, created.id, "*")};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return created;
}

Result<Person> PersonService::Update(const Actor& actor, PersonId id, int expected_version, const PersonData& data) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    auto facts = store_.Tenant(actor.Tenant())->Persons().AccessFacts(id);
    if (!facts) return Fail(Hidden(facts.error()));
    const Viewer viewer = ViewerOf(actor, *kind);
    const AccessDecision access = DecideAccess(viewer, *facts, clock_.Now());
    const std::optional<AccessDecision> decision =
        access.level == ViewLevel::kNone || access.level == ViewLevel::kReferralSheet
            ? std::nullopt
            : std::optional<AccessDecision>(access);
    if (!decision) return Fail(Error::NotFound());
    if (auto valid = ValidatePersonData(data, TodayInJapan(clock_)); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    Person updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto before = tenant->Persons().Get(id);
        if (!before) return Fail(before.error());
        PersonData merged = data;
        // Fields the viewer could not see are kept as they are, never blanked by an edit made without them.
        if (!decision->address_and_contact) {
            merged.address = before->data.address;
            merged.phone = before->data.phone;
            merged.contact_notes = before->data.contact_notes;
        }
        // Each part that changes is decided by the change policy; one refusal refuses the whole edit.
        if (IdentityDiffers(before->data, merged)) {
            if (auto may = DecideChange(viewer, *facts, *decision, ChangeKind::kIdentity).AsStatus(); !may) return may;
        }
        if (AddressOrContactDiffers(before->data, merged)) {
            auto may = DecideChange(viewer, *facts, *decision, ChangeKind::kAddressAndContact).AsStatus();
            if (!may) return may;
        }
        if (!before->data.dv_protected && merged.dv_protected) {
            auto may = DecideChange(viewer, *facts, *decision, ChangeKind::kDvProtectionOn).AsStatus();
            if (!may) return may;
        }
        if (before->data.dv_protected && !merged.dv_protected) {
            // Lifting the protection needs a reason and alerts the administrators: only through SetDvProtection.
            auto may = DecideChange(viewer, *facts, *decision, ChangeKind::kDvProtectionOff).AsStatus();
            if (!may) return may;
            return Fail(Error::InvalidArgument(
                "DV等支援措置の解除は、理由を添えて「DV等支援措置の解除」から行ってください", "dv_protected"));
        }
        if (merged.unknown_reasons != before->data.unknown_reasons && !IdentityDiffers(before->data, merged) &&
            !AddressOrContactDiffers(before->data, merged)) {
            if (auto may = DecideChange(viewer, *facts, *decision, ChangeKind::kIdentity).AsStatus(); !may) return may;
        }
        auto saved = tenant->Persons().Update(id, expected_version, merged, now, KeysOf(merged));
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kUpdate, "person", id, id, ChangedFields(before->data, merged));
        SetBasis(entry, *decision);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return MaskPerson(std::move(updated), *decision);
}

Result<PersonMerge> PersonService::Merge(const Actor& actor, PersonId survivor_id, PersonId merged_id) {
    if (!actor.principal.HasRole(Role::kCaseworker) && !actor.principal.HasRole(Role::kCoordinator)) {
        return Fail(Error::PermissionDenied("名寄せを行う権限がありません"));
    }
    if (survivor_id == merged_id) return Fail(Error::InvalidArgument("同じ記録どうしは名寄せできません", "merged_id"));
    auto survivor = Authorize(actor, survivor_id);
    if (!survivor) return Fail(survivor.error());
    auto merged = Authorize(actor, merged_id);
    if (!merged) return Fail(Error::NotFound("名寄せする記録が見つかりません"));
    if (survivor->level != ViewLevel::kFull || merged->level != ViewLevel::kFull) {
        return Fail(Error::PermissionDenied("名寄せには両方の記録を閲覧できる必要があります"));
    }
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    const Instant now = clock_.Now();
    PersonMerge result;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto done = tenant->Persons().Merge(survivor_id, merged_id, actor.principal.user.id, now);
        if (!done) return Fail(done.error());
        result = *done;
        // 名寄せ by the municipality's division makes it the holder of the merged identity (issue 11): the records of
        // several windows now form one, and the municipality keeps it until it hands it over.
        if (*kind == OrganizationKind::kMunicipalDivision) {
            if (auto held = tenant->Persons().SetHolder(survivor_id, actor.principal.user.organization_id); !held) {
                return held;
            }
        }
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kMerge, "person", survivor_id, survivor_id, "merged_into"),
            EntryFor(actor, now, AuditAction::kMerge, "person", merged_id, merged_id, "merged_into")};
        SetBasis(entries[0], *survivor);
        SetBasis(entries[1], *merged);
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return result;
}

Result<PersonMerge> PersonService::Unmerge(const Actor& actor, std::int64_t merge_id) {
    if (!actor.principal.HasRole(Role::kCaseworker) && !actor.principal.HasRole(Role::kCoordinator)) {
        return Fail(Error::PermissionDenied("名寄せを取り消す権限がありません"));
    }
    const Instant now = clock_.Now();
    PersonMerge result;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto undone = tenant->Persons().Unmerge(merge_id, actor.principal.user.id, now);
        if (!undone) return Fail(undone.error());
        result = *undone;
        // Checked inside the transaction: a refusal rolls the undo back.
        auto kind = OrganizationKindOf(store_, actor);
        if (!kind) return Fail(kind.error());
        auto facts = tenant->Persons().AccessFacts(result.survivor_id);
        if (!facts) return Fail(facts.error());
        const AccessDecision decision = DecideAccess(ViewerOf(actor, *kind), *facts, now);
        if (decision.level != ViewLevel::kFull) return Fail(Error::NotFound());
        std::vector<AuditEntry> entries{
            EntryFor(actor, now, AuditAction::kUnmerge, "person", result.survivor_id, result.survivor_id,
                     "merged_into"),
            EntryFor(actor, now, AuditAction::kUnmerge, "person", result.merged_id, result.merged_id, "merged_into")};
        SetBasis(entries[0], decision);
        SetBasis(entries[1], decision);
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return result;
}

Status PersonService::SetDvNamedStaff(const Actor& actor, PersonId id, const std::vector<UserId>& user_ids) {
    const bool administrator = actor.principal.HasRole(Role::kMunicipalAdministrator);
    if (!administrator) {
        if (!actor.principal.HasRole(Role::kCoordinator)) {
            return Fail(Error::PermissionDenied("DV 支援措置の担当者を指定する権限がありません"));
        }
        auto decision = Authorize(actor, id);
        if (!decision) return Fail(decision.error());
        if (decision->level != ViewLevel::kFull) return Fail(Error::NotFound());
    }
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        for (const UserId user_id : user_ids) {
            if (auto user = tenant->Users().Get(user_id); !user) {
                return Fail(Error::NotFound("指定した職員が見つかりません"));
            }
        }
        if (auto set = tenant->Persons().SetDvNamedStaff(id, user_ids); !set) return set;
        std::vector<AuditEntry> entries{EntryFor(actor, now, AuditAction::kUpdate, "person", id, id, "dv_named_staff")};
        return tenant->Audit().Append(entries);
    });
}

Result<ChangeDecision> PersonService::DecideChangeOf(const Actor& actor, PersonId id, ChangeKind kind,
                                                     const ChangeTarget& target) {
    auto organization_kind = OrganizationKindOf(store_, actor);
    if (!organization_kind) return Fail(organization_kind.error());
    auto facts = store_.Tenant(actor.Tenant())->Persons().AccessFacts(id);
    if (!facts) return Fail(Hidden(facts.error()));
    ChangeDecision decision = DecideChange(ViewerOf(actor, *organization_kind), *facts, kind, clock_.Now(), target);
    if (decision.outcome == ChangeDecision::Outcome::kHidden) return Fail(Error::NotFound());
    return decision;
}

Status PersonService::RequireChange(const Actor& actor, PersonId id, ChangeKind kind, const ChangeTarget& target) {
    auto decision = DecideChangeOf(actor, id, kind, target);
    if (!decision) return Fail(decision.error());
    return decision->AsStatus();
}

Result<Person> PersonService::SetDvProtection(const Actor& actor, PersonId id, DvProtection protection,
                                              std::string_view reason) {
    const bool protect = protection == DvProtection::kProtected;
    auto change = DecideChangeOf(actor, id, protect ? ChangeKind::kDvProtectionOn : ChangeKind::kDvProtectionOff);
    if (!change) return Fail(change.error());
    if (auto may = change->AsStatus(); !may) return Fail(may.error());
    if (!protect) {
        if (auto valid = ValidateDvRemovalReason(reason); !valid) return Fail(valid.error());
    } else if (auto valid = ValidateFreeText(reason, "reason", 1000); !valid) {
        return Fail(valid.error());
    }
    const Instant now = clock_.Now();
    Person updated;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto before = tenant->Persons().Get(id);
        if (!before) return Fail(Hidden(before.error()));
        updated = *before;
        if (before->data.dv_protected == protect) return {};  // nothing to change, nothing to record
        PersonData data = before->data;
        data.dv_protected = protect;
        auto saved = tenant->Persons().Update(id, before->version, data, now, KeysOf(data));
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        // The entry names the action and the reason, never the address or contact it concerns.
        AuditEntry entry = EntryFor(actor, now, protect ? AuditAction::kUpdate : AuditAction::kDvProtectionRemoved,
                                    "person", id, id, "dv_protected");
        entry.basis_detail = change->basis;
        entry.detail = std::string(reason.substr(0, 1000));
        std::vector<AuditEntry> entries{std::move(entry)};
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    if (!protect) {
        Log(LogLevel::kWarning, "DV protection removed; administrators alerted",
            {{"request_id", actor.request_id}, {"user_id", actor.principal.user.id}, {"person_id", id}});
    }
    AccessDecision shown;
    if (auto decision = Authorize(actor, id)) shown = *decision;
    return MaskPerson(std::move(updated), shown);
}

Result<std::vector<DvProtectionAlert>> PersonService::DvProtectionAlerts(const Actor& actor, int days,
                                                                         AlertListing listing) {
    const bool unacknowledged_only = listing == AlertListing::kUnacknowledgedOnly;
    if (!actor.principal.HasRole(Role::kMunicipalAdministrator) && !actor.principal.HasRole(Role::kAuditor)) {
        return Fail(Error::PermissionDenied("DV等支援措置の解除の通知は管理者と監査担当が確認します"));
    }
    if (days < 1 || days > 366) return Fail(Error::InvalidArgument("日数は1〜366で指定してください", "days"));
    const Instant now = clock_.Now();
    auto tenant = store_.Tenant(actor.Tenant());
    auto entries = tenant->Audit().ByAction(AuditActionCode(AuditAction::kDvProtectionRemoved),
                                            now - std::chrono::days{days}, now + std::chrono::seconds{1}, 200);
    if (!entries) return Fail(entries.error());
    auto acknowledged = tenant->AlertAcknowledgements().List(AlertKind::kDvProtectionRemoved);
    if (!acknowledged) return Fail(acknowledged.error());
    std::vector<DvProtectionAlert> alerts;
    for (auto entry = entries->rbegin(); entry != entries->rend(); ++entry) {
        auto reviewer = acknowledged->find(entry->sequence);
        if (unacknowledged_only && reviewer != acknowledged->end()) continue;
        alerts.push_back(DvProtectionAlert{
            .entry = *entry,
            .acknowledged_by = reviewer == acknowledged->end() ? std::nullopt : std::optional(reviewer->second)});
    }
    return alerts;
}

Result<DvProtectionAlert> PersonService::AcknowledgeDvProtectionAlert(const Actor& actor, std::int64_t sequence) {
    if (!actor.principal.HasRole(Role::kMunicipalAdministrator)) {
        return Fail(Error::PermissionDenied("確認済みにできるのは管理者です"));
    }
    auto tenant = store_.Tenant(actor.Tenant());
    // The subject must be this municipality's audit entry of a removal: read that one entry of the chain.
    std::optional<AuditEntry> found;
    if (sequence >= 1) {
        auto scanned = tenant->Audit().Scan(sequence, [&](const AuditEntry& entry) {
            if (entry.sequence == sequence) found = entry;
            return false;
        });
        if (!scanned) return Fail(scanned.error());
    }
    if (!found || found->action != AuditActionCode(AuditAction::kDvProtectionRemoved)) {
        return Fail(Error::NotFound("DV等支援措置の解除の通知が見つかりません"));
    }
    if (auto done = tenant->AlertAcknowledgements().Acknowledge(AlertKind::kDvProtectionRemoved, sequence,
                                                                actor.principal.user.id);
        !done) {
        return Fail(done.error());
    }
    return DvProtectionAlert{.entry = std::move(*found), .acknowledged_by = actor.principal.user.id};
}

Status PersonService::HandOver(const Actor& actor, PersonId id, OrganizationId to_organization_id) {
    auto organization_kind = OrganizationKindOf(store_, actor);
    if (!organization_kind) return Fail(organization_kind.error());
    auto tenant = store_.Tenant(actor.Tenant());
    auto facts = tenant->Persons().AccessFacts(id);
    if (!facts) return Fail(Hidden(facts.error()));
    const Viewer viewer = ViewerOf(actor, *organization_kind);
    const AccessDecision access = DecideAccess(viewer, *facts, clock_.Now());
    const bool administrator = actor.principal.HasRole(Role::kMunicipalAdministrator);
    if (!administrator && (access.level == ViewLevel::kNone || access.level == ViewLevel::kReferralSheet)) {
        return Fail(Error::NotFound());
    }
    if (!administrator && !(HoldsPrimaryRecord(viewer, *facts) && IsProfessional(actor.principal))) {
        return Fail(Error::PermissionDenied("記録を引き継げるのは、本人の記録を保有する機関と管理者です"));
    }
    if (to_organization_id == facts->holder_organization_id) {
        return Fail(Error::InvalidArgument("すでにその機関が記録を保有しています", "organization_id"));
    }
    if (auto organization = tenant->Organizations().Get(to_organization_id); !organization) {
        return Fail(Error::InvalidArgument("引き継ぐ機関は同じ市町村の機関を選んでください", "organization_id"));
    }
    auto group = tenant->Persons().IdentityGroup(id);
    if (!group) return Fail(group.error());
    const PersonId survivor = group->front();
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tx = transaction.Tenant(actor.Tenant());
        if (auto set = tx->Persons().SetHolder(survivor, to_organization_id); !set) return set;
        AuditEntry entry = EntryFor(actor, now, AuditAction::kHandOver, "person", survivor, survivor, "holder");
        if (access.Allowed()) SetBasis(entry, access);
        entry.detail =
            "from:" + std::to_string(facts->holder_organization_id) + " to:" + std::to_string(to_organization_id);
        std::vector<AuditEntry> entries{std::move(entry)};
        return tx->Audit().Append(entries);
    });
}

}  // namespace kasane::domain
