// SPDX-License-Identifier: Apache-2.0
#pragma once

// Moving in (issue 14, item 4): last year's Excel 相談記録 into Kasane — persons, households, consultations and their
// contacts — in three steps, each its own use case:
//   1. Upload: the file is kept as sent (size refused before it is read), with its SHA-256.
//   2. Dry run: the file's tables, the mapping (GuessMapping, or as edited), every row's problem (import_rows.hpp),
//      the rows already imported from this source (external ids), and likely duplicates (名寄せ) — writing nothing.
//   3. Confirm: the dry run again, then, when the administrator has named exactly the rows with problems as
//      excluded, the rest in one transaction, audited with each file's hash and the excluded rows.
//
// 名寄せ during the import, with the folding of the duplicate check (PersonService::KeysOf, FindDuplicates): rows
// whose name is written the same and whose birth date (or, without one, phone) agrees are one person; rows whose
// names only fold together (渡辺 / 渡邊, 山崎 / 山﨑) or that match a person already recorded are *likely* the same
// person: they are imported as separate persons and listed for review (the 名寄せ screen merges them), never merged
// silently. Persons at the same address form one household.
//
// Importing the same source twice changes nothing: each row's external id (source key + 相談No, contacts by their
// line) is recorded, and rows already imported are skipped.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/import_mapping.hpp"
#include "domain/import_repositories.hpp"
#include "domain/import_rows.hpp"
#include "domain/import_table.hpp"
#include "domain/intake.hpp"

namespace kasane::domain {

// A file as uploaded, read: its tables, each with the kind and mapping guessed.
struct UploadedTable {
    Table table;
    ImportTableKind guessed_kind = ImportTableKind::kConsultations;
    ColumnMapping guessed_mapping;
};
struct UploadedFile {
    ImportUpload upload;  // content left empty
    FileFormat format = FileFormat::kCsv;
    std::vector<UploadedTable> tables;
};

// Where one kind of table comes from: an upload, the table's name in it (a sheet; the file name for CSV), and the
// mapping of its columns.
struct ImportSource {
    ImportUploadId upload_id = 0;
    std::string table_name;
    ColumnMapping mapping;
};

struct ImportRequest {
    std::string source_key;  // names the source for the external ids (default: the consultations file's name)
    ImportSource consultations;
    std::optional<ImportSource> contacts;
    // Confirm only: the 相談受付簿 lines the administrator excludes; must equal the dry run's rows with problems.
    std::vector<int> excluded_lines;
};

struct LikelyDuplicate {
    int line = 0;
    std::string number;
    std::string name;
    // Another row of the file, or a person already recorded.
    int other_line = 0;
    std::string other_number;
    std::optional<PersonId> existing_person_id;
    std::string other_name;
    std::string reason;  // Japanese: 氏名の異体字・生年月日が同じ …
};

struct ImportPlan {
    std::string source_key;
    std::vector<UploadedFile> files;  // the uploads involved (content empty)
    ParsedImport parsed;
    std::vector<std::string> already_imported;  // 相談No of valid rows imported before from this source
    int consultations_to_create = 0;
    int contacts_to_create = 0;
    int persons_to_create = 0;
    int households_to_create = 0;
    std::vector<int> anonymous_lines;
    std::vector<LikelyDuplicate> likely_duplicates;
};

struct ImportResult {
    ImportPlan plan;
    int consultations_created = 0;
    int contacts_created = 0;
    int persons_created = 0;
    int households_created = 0;
};

class ImportService {
public:
    ImportService(Store& store, const Clock& clock, AuditRecorder& audit, PersonService& persons);

    // The largest file accepted. The HTTP layer refuses a larger body before reading it.
    static constexpr std::size_t kMaxFileBytes = 8 * 1024 * 1024;

    // Who may import: the municipality's administrators (市町村管理者).
    static bool MayImport(const Principal& principal);

    // Keeps the file; kPayloadTooLarge (field "file") over kMaxFileBytes, kInvalidArgument for an empty file or one
    // that cannot be read as CSV or XLSX (checked now, so that the mapping screen can open).
    Result<UploadedFile> Upload(const Actor& actor, std::string_view file_name, std::string_view bytes);
    // The upload read again, for the mapping screen.
    Result<UploadedFile> Read(const Actor& actor, ImportUploadId id);
    // Everything the import would do, writing nothing.
    Result<ImportPlan> DryRun(const Actor& actor, const ImportRequest& request);
    // The import. kInvalidArgument (field "excluded_lines") unless the excluded lines are exactly the rows with
    // problems; nothing is written then. One transaction; audited (the files' hashes, the counts, the excluded rows).
    Result<ImportResult> Confirm(const Actor& actor, const ImportRequest& request);

private:
    struct Loaded;
    Result<ImportPlan> Plan(const Actor& actor, const ImportRequest& request, Loaded& loaded);

    Store& store_;
    const Clock& clock_;
    AuditRecorder& audit_;
    PersonService& persons_;
};

}  // namespace kasane::domain
