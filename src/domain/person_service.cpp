#include <algorithm>
#include <set>
#include <unordered_map>

#include "base/japanese_date.hpp"
#include "base/japanese_text.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

constexpr int kCandidateLimit = 400;

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
    check(before.neighborhood_id != after.neighborhood_id || before.elementary_school_district_id !=
              after.elementary_school_district_id || before.junior_high_school_district_id !=
              after.junior_high_school_district_id || before.welfare_volunteer_district_id !=
              after.welfare_volunteer_district_id,
          "areas");
    check(before.unknown_reasons != after.unknown_reasons, "unknown_reasons");
    check(before.dv_protected != after.dv_protected, "dv_protected");
    std::string joined;
    for (const std::string& field : fields) joined += (joined.empty() ? "" : ",") + field;
    return joined;
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
    return keys;
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

// Organisations that know a person, with names, for identity matches.
std::vector<KnownTo> KnownToOf(TenantStore& tenant, const PersonAccessFacts& facts,
                               std::unordered_map<OrganizationId, std::string>& names) {
    std::vector<KnownTo> known;
    for (const OrganizationId id : facts.recording_organizations) {
        auto it = names.find(id);
        if (it == names.end()) {
            auto organization = tenant.Organizations().Get(id);
            it = names.emplace(id, organization ? organization->name : std::string{}).first;
        }
        known.push_back(KnownTo{.organization_id = id, .name = it->second});
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
    std::unordered_map<OrganizationId, std::string> names;
    view.known_to = KnownToOf(*tenant, *facts, names);
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
    if (key.empty() && !birth_date && phone.empty()) return std::vector<PersonSummary>{};

    auto tenant = store_.Tenant(actor.Tenant());
    PersonRepository& persons = tenant->Persons();
    // Candidates from the most selective criterion, confirmed against every other one below.
    std::vector<PersonSearchHit> hits;
    if (!key.empty()) {
        const std::vector<std::string> grams = Bigrams(key);
        auto by_name = persons.FindByGrams(grams, PersonRepository::SearchField::kName, kCandidateLimit);
        if (!by_name) return Fail(by_name.error());
        hits = std::move(*by_name);
        auto by_address = persons.FindByGrams(grams, PersonRepository::SearchField::kAddress, kCandidateLimit);
        if (!by_address) return Fail(by_address.error());
        for (PersonSearchHit& hit : *by_address) {
            const bool seen = std::any_of(hits.begin(), hits.end(),
                                          [&](const PersonSearchHit& h) { return h.person_id == hit.person_id; });
            if (!seen) hits.push_back(std::move(hit));
        }
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
    std::vector<Ranked> ranked;
    for (PersonSearchHit& hit : hits) {
        Ranked candidate{.hit = std::move(hit)};
        if (!key.empty()) {
            candidate.matched_on = MatchedOn(candidate.hit.keys, key);
            if (candidate.hit.keys.address_key.find(key) != std::string::npos) {
                candidate.matched_on.emplace_back("address");
            }
            if (candidate.matched_on.empty()) continue;  // the grams matched across different keys only
            const PersonSearchKeys& keys = candidate.hit.keys;
            if (keys.name_key == key || keys.kana_key == key || keys.reading_key == key) candidate.score += 4;
            if (keys.name_key.starts_with(key) || keys.kana_key.starts_with(key)) candidate.score += 2;
        }
        if (birth_date) {
            if (candidate.hit.birth_date != birth_date) continue;
            candidate.matched_on.emplace_back("birth_date");
            candidate.score += 1;
        }
        if (!phone.empty()) {
            if (candidate.hit.keys.phone_key != phone) continue;
            candidate.matched_on.emplace_back("phone");
            candidate.score += 1;
        }
        ranked.push_back(std::move(candidate));
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });

    std::vector<PersonSummary> results;
    std::unordered_map<OrganizationId, std::string> names;
    const Instant now = clock_.Now();
    const Viewer viewer = ViewerOf(actor, *kind);
    // The access facts are read for a batch of candidates at a time (one read each, whatever its size): first as
    // many as results are wanted — a municipal division sees most candidates at identity level, so one batch
    // usually fills the page — then twice as many each time, up to every candidate.
    std::size_t batch_begin = 0;
    std::size_t batch_size = static_cast<std::size_t>(limit);
    while (batch_begin < ranked.size() && static_cast<int>(results.size()) < limit) {
        const std::size_t batch_end = std::min(ranked.size(), batch_begin + batch_size);
        std::vector<PersonId> batch_ids;
        for (std::size_t i = batch_begin; i < batch_end; ++i) batch_ids.push_back(ranked[i].hit.person_id);
        auto batch_facts = persons.AccessFactsOfMany(batch_ids);
        if (!batch_facts) return Fail(batch_facts.error());
        std::unordered_map<PersonId, const PersonAccessFacts*> facts_of;
        for (const PersonAccessFacts& facts : *batch_facts) facts_of.emplace(facts.person_id, &facts);
        for (std::size_t i = batch_begin; i < batch_end; ++i) {
            if (static_cast<int>(results.size()) >= limit) break;
            Ranked& candidate = ranked[i];
            const auto found = facts_of.find(candidate.hit.person_id);
            if (found == facts_of.end()) continue;  // gone since the search found it
            const PersonAccessFacts& facts = *found->second;
            const AccessDecision decision = DecideAccess(viewer, facts, now);
            if (decision.level == ViewLevel::kNone || decision.level == ViewLevel::kReferralSheet) continue;
            auto person = persons.Get(candidate.hit.person_id);
            if (!person) continue;
            // A refused person must leave no trace: what matched on a hidden field is not said either.
            if (!decision.address_and_contact || decision.level == ViewLevel::kIdentity) {
                std::erase_if(candidate.matched_on,
                              [](const std::string& on) { return on == "address" || on == "phone"; });
                if (candidate.matched_on.empty()) continue;
            }
            PersonSummary summary{.person = MaskPerson(std::move(*person), decision),
                                  .decision = decision,
                                  .known_to = KnownToOf(*tenant, facts, names),
                                  .matched_on = std::move(candidate.matched_on)};
            AuditEntry entry = EntryFor(actor, now, AuditAction::kSearch, "person", summary.person.id,
                                        summary.person.id, decision.level == ViewLevel::kIdentity ? "identity" : "summary");
            SetBasis(entry, decision);
            entry.detail = std::string(query.substr(0, 200));
            audit_.Record(std::move(entry));
            results.push_back(std::move(summary));
        }
        batch_begin = batch_end;
        batch_size *= 2;
    }
    AuditEntry search = EntryFor(actor, now, AuditAction::kSearch, "person_search", 0, std::nullopt, "");
    search.detail = std::string(query.substr(0, 200)) + " => " + std::to_string(results.size());
    audit_.Record(std::move(search));
    return results;
}

Result<std::vector<DuplicateCandidate>> PersonService::FindDuplicates(const Actor& actor, const PersonData& data) {
    auto kind = OrganizationKindOf(store_, actor);
    if (!kind) return Fail(kind.error());
    const PersonSearchKeys keys = KeysOf(data);
    auto tenant = store_.Tenant(actor.Tenant());
    PersonRepository& persons = tenant->Persons();

    std::map<PersonId, std::set<std::string>> reasons;
    if (data.birth_date) {
        auto same_birth = persons.FindByBirthDate(*data.birth_date, kCandidateLimit);
        if (!same_birth) return Fail(same_birth.error());
        for (const PersonSearchHit& hit : *same_birth) {
            const bool same_reading =
                (!keys.kana_key.empty() && (hit.keys.kana_key == keys.kana_key || hit.keys.reading_key == keys.kana_key)) ||
                (!keys.reading_key.empty() &&
                 (hit.keys.reading_key == keys.reading_key || hit.keys.kana_key == keys.reading_key));
            const bool same_name = !keys.name_key.empty() && hit.keys.name_key == keys.name_key;
            if (same_reading || same_name) reasons[hit.person_id].insert("name_reading_and_birth_date");
        }
    }
    if (keys.phone_key.size() >= 6) {
        auto same_phone = persons.FindByPhone(keys.phone_key, kCandidateLimit);
        if (!same_phone) return Fail(same_phone.error());
        for (const PersonSearchHit& hit : *same_phone) reasons[hit.person_id].insert("phone");
    }
    if (!keys.address_key.empty() && !keys.address_grams.empty()) {
        auto same_address =
            persons.FindByGrams(keys.address_grams, PersonRepository::SearchField::kAddress, kCandidateLimit);
        if (!same_address) return Fail(same_address.error());
        for (const PersonSearchHit& hit : *same_address) {
            if (hit.keys.address_key == keys.address_key) reasons[hit.person_id].insert("address");
        }
    }

    std::vector<DuplicateCandidate> candidates;
    std::unordered_map<OrganizationId, std::string> names;
    const Instant now = clock_.Now();
    const Viewer viewer = ViewerOf(actor, *kind);
    for (const auto& [person_id, why] : reasons) {
        auto facts = persons.AccessFacts(person_id);
        if (!facts) continue;
        const AccessDecision decision = DecideAccess(viewer, *facts, now);
        if (decision.level == ViewLevel::kNone || decision.level == ViewLevel::kReferralSheet) continue;
        // Matching on a hidden address or phone would reveal it.
        std::vector<std::string> shown;
        for (const std::string& reason : why) {
            const bool hidden = (reason == "phone" || reason == "address") &&
                                (!decision.address_and_contact || decision.level == ViewLevel::kIdentity);
            if (!hidden) shown.push_back(reason);
        }
        if (shown.empty()) continue;
        auto person = persons.Get(person_id);
        if (!person) continue;
        DuplicateCandidate candidate{.summary = {.person = MaskPerson(std::move(*person), decision),
                                                 .decision = decision,
                                                 .known_to = KnownToOf(*tenant, *facts, names),
                                                 .matched_on = shown},
                                     .reasons = shown};
        AuditEntry entry = EntryFor(actor, now, AuditAction::kSearch, "person", person_id, person_id, "identity");
        SetBasis(entry, decision);
        entry.detail = "duplicate check";
        audit_.Record(std::move(entry));
        candidates.push_back(std::move(candidate));
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const DuplicateCandidate& a, const DuplicateCandidate& b) {
        return a.reasons.size() > b.reasons.size();
    });
    return candidates;
}

Result<Person> PersonService::Create(const Actor& actor, const PersonData& data) {
    if (!WorksCases(actor.principal)) return Fail(Error::PermissionDenied("本人の記録を登録する権限がありません"));
    if (auto valid = ValidatePersonData(data); !valid) return Fail(valid.error());
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
    auto decision = Authorize(actor, id);
    if (!decision) return Fail(decision.error());
    if (decision->level != ViewLevel::kFull || !WorksCases(actor.principal)) return Fail(Error::NotFound());
    if (auto valid = ValidatePersonData(data); !valid) return Fail(valid.error());
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
        auto saved = tenant->Persons().Update(id, expected_version, merged, now, KeysOf(merged));
        if (!saved) return Fail(saved.error());
        updated = std::move(*saved);
        AuditEntry entry = EntryFor(actor, now, AuditAction::kUpdate, "person", id, id, ChangedFields(before->data, merged));
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
    const Instant now = clock_.Now();
    PersonMerge result;
    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(actor.Tenant());
        auto done = tenant->Persons().Merge(survivor_id, merged_id, actor.principal.user.id, now);
        if (!done) return Fail(done.error());
        result = *done;
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
            EntryFor(actor, now, AuditAction::kUnmerge, "person", result.survivor_id, result.survivor_id, "merged_into"),
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

}  // namespace kasane::domain
