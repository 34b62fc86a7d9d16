// SPDX-License-Identifier: Apache-2.0
#include "domain/import_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/crypto.hpp"
#include "base/japan_time.hpp"
#include "base/japanese_text.hpp"
#include "domain/import_matching.hpp"
#include "domain/intake_support.hpp"

namespace kasane::domain {

using intake_support::EntryFor;

namespace {

constexpr std::string_view kPerson = "person";
constexpr std::string_view kHousehold = "household";
constexpr std::string_view kConsultation = "consultation";
constexpr std::string_view kContact = "contact";

std::string ContactKey(const ImportedContact& contact, int consultation_line) {
    return contact.line > 0 ? "contacts:" + std::to_string(contact.line)
                            : "consultations:" + std::to_string(consultation_line);
}

std::string FullName(const PersonData& data) {
    return data.given_name.empty() ? data.family_name : data.family_name + "　" + data.given_name;
}

}  // namespace

struct ImportService::Loaded {
    ImportUpload consultation_upload;
    std::optional<ImportUpload> contact_upload;
    // Per valid row (index into plan.parsed.consultations): its person group's first row, when it has a person.
    std::vector<std::optional<std::size_t>> group_of;
    // The records this source's rows became in earlier imports, by row key: typed where they are read
    // (ExternalIdsOf). A contact's id stays an integer (only its presence is asked).
    std::map<std::string, ConsultationId> consultation_ids;
    std::map<std::string, std::int64_t> contact_ids;
    std::map<std::string, PersonId> person_ids;
    std::map<std::string, HouseholdId> household_ids;
};

ImportService::ImportService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons)
    : store_(store), clock_(clock), audit_(audit), persons_(persons) {}

bool ImportService::MayImport(const Principal& principal) { return principal.HasRole(Role::kMunicipalAdministrator); }

namespace {

Result<UploadedFile> ReadUpload(const ImportUpload& upload) {
    auto tables = ReadTables(upload.file_name, upload.content);
    if (!tables) return Fail(tables.error());
    UploadedFile file{.upload = upload, .format = DetectFileFormat(upload.content), .tables = {}};
    file.upload.content.clear();
    for (Table& table : *tables) {
        const ImportTableKind kind = GuessTableKind(table);
        ColumnMapping mapping = GuessMapping(table, kind);
        file.tables.push_back({.table = std::move(table), .guessed_kind = kind, .guessed_mapping = std::move(mapping)});
    }
    return file;
}

// The external ids of one source and kind (ImportRepository::ExternalIds), each as the record's id type.
template <class IdType>
Status ExternalIdsOf(ImportRepository& imports, std::string_view source, std::string_view kind,
                     std::map<std::string, IdType>& ids) {
    auto found = imports.ExternalIds(source, kind);
    if (!found) return Fail(found.error());
    ids.clear();
    for (const auto& [key, record_id] : *found) ids.emplace(key, IdType{record_id});
    return {};
}

const Table* FindTable(const UploadedFile& file, std::string_view name) {
    for (const UploadedTable& table : file.tables) {
        if (table.table.name == name || name.empty()) return &table.table;
    }
    return nullptr;
}

}  // namespace

Result<UploadedFile> ImportService::Upload(const Actor& actor, std::string_view file_name, std::string_view bytes) {
    if (!MayImport(actor.principal)) return Fail(Error::PermissionDenied("取り込みは市町村管理者が行います"));
    if (bytes.size() > kMaxFileBytes) {
        return Fail(Error::PayloadTooLarge(
            "ファイルが大きすぎます（" + std::to_string(kMaxFileBytes / (1024 * 1024)) + "MBまで）", "file"));
    }
    if (bytes.empty()) return Fail(Error::InvalidArgument("ファイルを選んでください", "file"));
    std::string name(file_name.empty() ? std::string_view("upload") : file_name);
    if (auto valid = ValidateFreeText(name, "file_name", 200); !valid || name.find('\n') != std::string::npos) {
        return Fail(Error::InvalidArgument("ファイル名が正しくありません", "file"));
    }
    ImportUpload upload{.id = 0,
                        .file_name = name,
                        .sha256 = Sha256Hex(bytes),
                        .content = std::string(bytes),
                        .uploaded_by = actor.principal.user.id,
                        .uploaded_at = clock_.Now()};
    auto read = ReadUpload(upload);  // refused now when it cannot be read, before it is kept
    if (!read) return Fail(read.error());
    auto saved = store_.Tenant(actor.Tenant())->Imports().SaveUpload(upload);
    if (!saved) return Fail(saved.error());
    read->upload.id = saved->id;
    return read;
}

Result<UploadedFile> ImportService::Read(const Actor& actor, ImportUploadId id) {
    if (!MayImport(actor.principal)) return Fail(Error::PermissionDenied("取り込みは市町村管理者が行います"));
    auto upload = store_.Tenant(actor.Tenant())->Imports().GetUpload(id);
    if (!upload) return Fail(upload.error());
    return ReadUpload(*upload);
}

Result<ImportPlan> ImportService::Plan(const Actor& actor, const ImportRequest& request, Loaded& loaded) {
    if (!MayImport(actor.principal)) return Fail(Error::PermissionDenied("取り込みは市町村管理者が行います"));
    auto tenant = store_.Tenant(actor.Tenant());
    ImportPlan plan;

    auto consultation_upload = tenant->Imports().GetUpload(request.consultations.upload_id);
    if (!consultation_upload) return Fail(consultation_upload.error());
    loaded.consultation_upload = *consultation_upload;
    auto consultation_file = ReadUpload(*consultation_upload);
    if (!consultation_file) return Fail(consultation_file.error());
    plan.files.push_back(*consultation_file);
    const Table* consultations = FindTable(plan.files.back(), request.consultations.table_name);
    if (consultations == nullptr) {
        return Fail(Error::InvalidArgument("「" + request.consultations.table_name + "」というシートがありません",
                                           "consultations.table_name"));
    }
    ColumnMapping consultation_mapping = request.consultations.mapping;
    consultation_mapping.kind = ImportTableKind::kConsultations;
    if (auto valid = CheckMapping(*consultations, consultation_mapping); !valid) return Fail(valid.error());

    const Table* contacts = nullptr;
    ColumnMapping contact_mapping;
    if (request.contacts) {
        if (request.contacts->upload_id == request.consultations.upload_id) {
            contacts = FindTable(plan.files.back(), request.contacts->table_name);
        } else {
            auto contact_upload = tenant->Imports().GetUpload(request.contacts->upload_id);
            if (!contact_upload) return Fail(contact_upload.error());
            loaded.contact_upload = *contact_upload;
            auto contact_file = ReadUpload(*contact_upload);
            if (!contact_file) return Fail(contact_file.error());
            plan.files.push_back(*contact_file);
            contacts = FindTable(plan.files.back(), request.contacts->table_name);
            // plan.files grew: the consultations table lives in plan.files.front(), read again below.
            consultations = FindTable(plan.files.front(), request.consultations.table_name);
        }
        if (contacts == nullptr) {
            return Fail(Error::InvalidArgument("「" + request.contacts->table_name + "」というシートがありません",
                                               "contacts.table_name"));
        }
        contact_mapping = request.contacts->mapping;
        contact_mapping.kind = ImportTableKind::kContacts;
        if (auto valid = CheckMapping(*contacts, contact_mapping); !valid) return Fail(valid.error());
    }

    plan.source_key = request.source_key.empty() ? consultation_upload->file_name : request.source_key;
    if (auto valid = ValidateFreeText(plan.source_key, "source_key", 200); !valid) return Fail(valid.error());

    auto categories = tenant->Categories().List();
    if (!categories) return Fail(categories.error());
    plan.parsed = ParseImportRows(*consultations, consultation_mapping, contacts,
                                  contacts != nullptr ? &contact_mapping : nullptr, *categories, TodayInJapan(clock_));

    ImportRepository& imports = tenant->Imports();
    if (auto read = ExternalIdsOf(imports, plan.source_key, kConsultation, loaded.consultation_ids); !read)
        return Fail(read.error());
    if (auto read = ExternalIdsOf(imports, plan.source_key, kContact, loaded.contact_ids); !read)
        return Fail(read.error());
    if (auto read = ExternalIdsOf(imports, plan.source_key, kPerson, loaded.person_ids); !read)
        return Fail(read.error());
    if (auto read = ExternalIdsOf(imports, plan.source_key, kHousehold, loaded.household_ids); !read)
        return Fail(read.error());

    // 名寄せ inside the file (import_matching.hpp).
    const auto& rows = plan.parsed.consultations;
    std::vector<PersonSearchKeys> keys(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].person) {
            keys[i] = PersonService::KeysOf(*rows[i].person);
        } else {
            plan.anonymous_lines.push_back(rows[i].line);
        }
    }
    const PersonGroups groups = GroupPersons(rows);
    for (const RowPair& pair : groups.likely_same) {
        const ImportedConsultation& a = rows[pair.first];
        const ImportedConsultation& b = rows[pair.second];
        plan.likely_duplicates.push_back(
            {.line = a.line,
             .number = a.number,
             .name = FullName(*a.person),
             .other_line = b.line,
             .other_number = b.number,
             .existing_person_id = std::nullopt,
             .other_name = FullName(*b.person),
             .reason = (pair.variant_kanji ? "氏名が異体字で同じ・" : "氏名の読みが同じ・") + pair.reason});
    }

    loaded.group_of = groups.group_of;
    std::map<std::size_t, std::vector<std::size_t>> members;  // group's first row → rows
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (groups.group_of[i]) members[*groups.group_of[i]].push_back(i);
    }
    const auto known = [&](const std::vector<std::size_t>& indexes) {
        return std::any_of(indexes.begin(), indexes.end(),
                           [&](std::size_t index) { return loaded.person_ids.contains(rows[index].number); });
    };
    // Against the persons already recorded: the duplicate check of the intake screen (FindDuplicates), which finds
    // a candidate only through a recorded birth date, phone or address. Those of all the new persons are asked
    // once (PersonRepository::RecordedKeys), and the check runs only for a person one of whose keys is recorded:
    // the same candidates without three statements for each of a year's thousands of persons.
    std::set<Date> birth_dates;
    std::set<std::string> phone_keys;
    std::set<std::string> address_keys;
    for (const auto& [root, indexes] : members) {
        if (known(indexes)) continue;
        const PersonSearchKeys& head = keys[indexes.front()];
        if (const auto& born = rows[indexes.front()].person->birth_date; born) birth_dates.insert(*born);
        if (!head.phone_key.empty()) phone_keys.insert(head.phone_key);
        if (!head.address_key.empty()) address_keys.insert(head.address_key);
    }
    auto recorded = tenant->Persons().RecordedKeys(birth_dates, phone_keys, address_keys);
    if (!recorded) return Fail(recorded.error());
    std::set<std::string> new_addresses;
    for (const auto& [root, indexes] : members) {
        if (known(indexes)) continue;
        ++plan.persons_to_create;
        const PersonSearchKeys& head = keys[indexes.front()];
        new_addresses.insert(head.address_key.empty() ? "row:" + rows[indexes.front()].number : head.address_key);
        const std::optional<Date>& born = rows[indexes.front()].person->birth_date;
        if (!(born && recorded->birth_dates.contains(*born)) && !recorded->phone_keys.contains(head.phone_key) &&
            !recorded->address_keys.contains(head.address_key)) {
            continue;  // nothing recorded that it could be a duplicate of
        }
        auto candidates = persons_.FindDuplicates(actor, *rows[indexes.front()].person);
        if (!candidates) return Fail(candidates.error());
        for (const DuplicateCandidate& candidate : *candidates) {
            const bool strong =
                std::any_of(candidate.reasons.begin(), candidate.reasons.end(), [](const std::string& r) {
                    return r == "name_reading_and_birth_date" || r == "name_and_phone" || r == "name_and_address";
                });
            if (!strong) continue;
            plan.likely_duplicates.push_back({.line = rows[indexes.front()].line,
                                              .number = rows[indexes.front()].number,
                                              .name = FullName(*rows[indexes.front()].person),
                                              .other_line = 0,
                                              .other_number = {},
                                              .existing_person_id = candidate.summary.person.id,
                                              .other_name = candidate.summary.person.FullName(),
                                              .reason = "登録済みの本人と氏名（読み）が同じ"});
        }
    }
    plan.households_to_create = static_cast<int>(new_addresses.size());
    for (const ImportedConsultation& row : rows) {
        const bool imported = loaded.consultation_ids.contains(row.number);
        if (imported)
            plan.already_imported.push_back(row.number);
        else
            ++plan.consultations_to_create;
        for (const ImportedContact& contact : row.contacts) {
            if (!loaded.contact_ids.contains(ContactKey(contact, row.line))) ++plan.contacts_to_create;
        }
    }
    return plan;
}

Result<ImportPlan> ImportService::DryRun(const Actor& actor, const ImportRequest& request) {
    Loaded loaded;
    return Plan(actor, request, loaded);
}

Result<ImportResult> ImportService::Confirm(const Actor& actor, const ImportRequest& request) {
    Loaded loaded;
    auto plan = Plan(actor, request, loaded);
    if (!plan) return Fail(plan.error());
    std::vector<int> excluded = request.excluded_lines;
    std::sort(excluded.begin(), excluded.end());
    excluded.erase(std::unique(excluded.begin(), excluded.end()), excluded.end());
    if (excluded != plan->parsed.excluded_lines) {
        return Fail(Error::InvalidArgument(
            "問題のある行（" + std::to_string(plan->parsed.excluded_lines.size()) +
                "行）を除外することを確認してください。ファイルを直した場合は、もう一度試行してください",
            "excluded_lines"));
    }
    const Instant now = clock_.Now();
    const OrganizationId organization = actor.principal.user.organization_id;
    ImportResult result{.plan = *plan};
    const auto& rows = plan->parsed.consultations;

    const Status stored = store_.Transaction([&](Store& transaction) -> Status {
        result.consultations_created = result.contacts_created = result.persons_created = result.households_created = 0;
        auto tenant = transaction.Tenant(actor.Tenant());
        std::vector<AuditEntry> entries;
        std::vector<ExternalId> external;
        const std::string& source = plan->source_key;

        // Persons (one per group) and their households (one per address among the new persons).
        // A group whose rows were imported before keeps its person (the last such row's, as the rows go).
        std::map<std::size_t, PersonId> person_of_group;
        for (std::size_t j = 0; j < rows.size(); ++j) {
            if (!loaded.group_of[j]) continue;
            if (auto found = loaded.person_ids.find(rows[j].number); found != loaded.person_ids.end()) {
                person_of_group[*loaded.group_of[j]] = found->second;
            }
        }
        // The new ones in one write each for the persons and for the households, nothing read back.
        std::vector<NewPerson> new_persons;
        std::vector<std::size_t> new_heads;  // the group (its first row) of each new person
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (!loaded.group_of[i] || *loaded.group_of[i] != i || person_of_group.contains(i)) continue;
            const PersonData& data = *rows[i].person;
            new_persons.push_back({.person = Person{.municipality_id = actor.Tenant(),
                                                    .data = data,
                                                    .created_by_organization_id = organization,
                                                    .created_by_user_id = actor.principal.user.id,
                                                    .created_at = now,
                                                    .updated_at = now},
                                   .keys = PersonService::KeysOf(data)});
            new_heads.push_back(i);
        }
        auto person_ids = tenant->Persons().CreateMany(new_persons);
        if (!person_ids) return Fail(person_ids.error());
        std::map<std::string, std::vector<std::size_t>> new_by_address;
        for (std::size_t n = 0; n < new_heads.size(); ++n) {
            const std::size_t i = new_heads[n];
            const PersonId id = (*person_ids)[n];
            person_of_group[i] = id;
            ++result.persons_created;
            entries.push_back(EntryFor(actor, now, AuditAction::kCreate, "person", id, id, "*"));
            const std::string& address = new_persons[n].keys.address_key;
            new_by_address[address.empty() ? "row:" + rows[i].number : address].push_back(i);
        }
        std::vector<Household> new_households;
        std::vector<const std::vector<std::size_t>*> household_heads;  // the groups of each new household
        for (const auto& [address, heads] : new_by_address) {
            Household household{.municipality_id = actor.Tenant(),
                                .name = rows[heads.front()].person->family_name + "さん世帯",
                                .notes = "取り込み（" + source + "）",
                                .created_by_organization_id = organization,
                                .created_at = now};
            for (std::size_t k = 0; k < heads.size(); ++k) {
                household.members.push_back(
                    {.person_id = person_of_group[heads[k]],
                     .relationship = k == 0 ? Relationship::kHead : Relationship::kOtherRelative,
                     .is_head = k == 0});
            }
            new_households.push_back(std::move(household));
            household_heads.push_back(&heads);
        }
        auto household_ids = tenant->Households().CreateMany(new_households);
        if (!household_ids) return Fail(household_ids.error());
        std::map<std::size_t, HouseholdId> household_of_group;
        for (std::size_t n = 0; n < household_heads.size(); ++n) {
            const std::vector<std::size_t>& heads = *household_heads[n];
            const HouseholdId id = (*household_ids)[n];
            ++result.households_created;
            entries.push_back(
                EntryFor(actor, now, AuditAction::kCreate, "household", id, person_of_group[heads.front()], "*"));
            for (std::size_t head : heads) household_of_group[head] = id;
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (!loaded.group_of[i]) continue;
            if (!loaded.person_ids.contains(rows[i].number)) {
                external.push_back(
                    {source, std::string(kPerson), rows[i].number, person_of_group[*loaded.group_of[i]]});
            }
            if (auto household = household_of_group.find(*loaded.group_of[i]); household != household_of_group.end()) {
                if (!loaded.household_ids.contains(rows[i].number)) {
                    external.push_back({source, std::string(kHousehold), rows[i].number, household->second});
                }
            }
        }

        // Consultations and contacts.
        std::vector<Consultation> new_consultations;
        std::vector<std::size_t> new_rows;  // the row of each new consultation
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const ImportedConsultation& row = rows[i];
            std::optional<PersonId> person;
            if (loaded.group_of[i]) person = person_of_group[*loaded.group_of[i]];
            auto contact_of = [&](const ImportedContact& contact) {
                return Contact{.occurred_at = contact.occurred_at,
                               .channel = contact.channel,
                               .source = row.source,
                               .organization_id = organization,
                               .staff_user_id = actor.principal.user.id,
                               .summary = contact.summary,
                               .recorded_at = now};
            };
            if (auto existing = loaded.consultation_ids.find(row.number); existing != loaded.consultation_ids.end()) {
                for (const ImportedContact& contact : row.contacts) {
                    const std::string key = ContactKey(contact, row.line);
                    if (loaded.contact_ids.contains(key)) continue;
                    auto added = tenant->Consultations().AddContact(existing->second, contact_of(contact));
                    if (!added) return Fail(added.error());
                    ++result.contacts_created;
                    external.push_back({source, std::string(kContact), key, added->contacts.back().id});
                    entries.push_back(EntryFor(actor, now, AuditAction::kUpdate, "consultation", added->id,
                                               added->person_id, "contacts"));
                }
                continue;
            }
            Consultation consultation{.municipality_id = actor.Tenant(),
                                      .receiving_organization_id = organization,
                                      .received_by_user_id = actor.principal.user.id,
                                      .person_id = person,
                                      .chief_complaint = row.chief_complaint,
                                      .outcome = row.outcome,
                                      .outcome_note = row.outcome_note,
                                      .created_at = now};
            if (loaded.group_of[i]) {
                if (auto household = household_of_group.find(*loaded.group_of[i]);
                    household != household_of_group.end()) {
                    consultation.household_id = household->second;
                } else if (auto known = loaded.household_ids.find(row.number); known != loaded.household_ids.end()) {
                    consultation.household_id = known->second;
                }
            }
            for (std::size_t k = 0; k < row.categories.size(); ++k) {
                consultation.categories.push_back({.category_id = row.categories[k], .most_pressing = k == 0});
            }
            for (const ImportedContact& contact : row.contacts) consultation.contacts.push_back(contact_of(contact));
            new_consultations.push_back(std::move(consultation));
            new_rows.push_back(i);
        }
        // The new ones in one write: the records they name checked once, nothing read back (a year's 受付簿 is
        // tens of thousands of rows).
        auto saved = tenant->Consultations().CreateMany(new_consultations);
        if (!saved) return Fail(saved.error());
        for (std::size_t n = 0; n < new_rows.size(); ++n) {
            const ImportedConsultation& row = rows[new_rows[n]];
            const CreatedConsultation& created = (*saved)[n];
            ++result.consultations_created;
            result.contacts_created += static_cast<int>(created.contact_ids.size());
            external.push_back({source, std::string(kConsultation), row.number, created.id});
            // The contacts are stored in the order given, which is the rows' order (oldest first).
            for (std::size_t k = 0; k < row.contacts.size() && k < created.contact_ids.size(); ++k) {
                external.push_back(
                    {source, std::string(kContact), ContactKey(row.contacts[k], row.line), created.contact_ids[k]});
            }
            entries.push_back(EntryFor(actor, now, AuditAction::kCreate, "consultation", created.id,
                                       new_consultations[n].person_id, "*"));
        }
        if (auto recorded = tenant->Imports().RecordExternalIds(external); !recorded) return recorded;

        // The import itself: the files' hashes, what was made, and the rows left out.
        AuditEntry entry =
            EntryFor(actor, now, AuditAction::kCreate, "import", loaded.consultation_upload.id, std::nullopt, "*");
        std::string excluded_text;
        for (int line : plan->parsed.excluded_lines)
            excluded_text += (excluded_text.empty() ? "" : " ") + std::to_string(line);
        entry.detail = "source=" + source + "; file=" + loaded.consultation_upload.file_name +
                       " sha256=" + loaded.consultation_upload.sha256;
        if (loaded.contact_upload) {
            entry.detail += "; file=" + loaded.contact_upload->file_name + " sha256=" + loaded.contact_upload->sha256;
        }
        entry.detail += "; consultations=" + std::to_string(result.consultations_created) +
                        " contacts=" + std::to_string(result.contacts_created) +
                        " persons=" + std::to_string(result.persons_created) +
                        " households=" + std::to_string(result.households_created) +
                        "; excluded_lines=" + excluded_text +
                        "; likely_duplicates=" + std::to_string(plan->likely_duplicates.size());
        entries.push_back(std::move(entry));
        return tenant->Audit().Append(entries);
    });
    if (!stored) return Fail(stored.error());
    return result;
}

}  // namespace kasane::domain
