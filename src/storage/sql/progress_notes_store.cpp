// SPDX-License-Identifier: Apache-2.0
// Progress notes of support cases (domain::ProgressNoteRepository).

#include "storage/sql/read_ahead.hpp"
#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "base/log.hpp"

#include "storage/sql/case_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Progress notes

#define KASANE_NOTE_COLUMNS \
    "id, case_id, occurred_at, method, tag, text, about_person_id, author_user_id, organization_id, created_at"

constexpr SqlStatement kInsertNote{
    "case_insert_note",
    "INSERT INTO progress_notes (case_id, municipality_id, occurred_at, method, tag, text, about_person_id, "
    "author_user_id, organization_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"};
constexpr SqlStatement kSelectNote{
    "case_select_note", "SELECT " KASANE_NOTE_COLUMNS " FROM progress_notes WHERE id = $1 AND municipality_id = $2"};
// progress_notes_by_case, read from its start: the newest first, stopping after `limit`.
constexpr SqlStatement kSelectNotesOfCase{
    "case_select_notes_of_case",
    "SELECT " KASANE_NOTE_COLUMNS
    " FROM progress_notes WHERE case_id = $1 AND municipality_id = $2 ORDER BY occurred_at DESC, id DESC LIMIT $3"};
// The same, the notes one organisation wrote (still read through progress_notes_by_case).
constexpr SqlStatement kSelectNotesOfCaseBy{
    "case_select_notes_of_case_by",
    "SELECT " KASANE_NOTE_COLUMNS
    " FROM progress_notes WHERE case_id = $1 AND municipality_id = $2 AND organization_id = $3"
    " ORDER BY occurred_at DESC, id DESC LIMIT $4"};

Result<ProgressNote> NoteFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto case_id = row.Integer(1);
    auto occurred_at = row.Time(2);
    auto method = domain::ParseNoteMethod(row.Text(3).value_or(""));
    auto tag = domain::ParseTextTag(row.Text(4).value_or(""));
    auto text = row.Text(5);
    auto author = row.Integer(7);
    auto organization_id = row.Integer(8);
    auto created_at = row.Time(9);
    if (!id || !case_id || !occurred_at || !method || !tag || !text || !author || !organization_id || !created_at) {
        return Fail(Corrupt("progress_note"));
    }
    return ProgressNote{.id = *id,
                        .case_id = domain::CaseId{*case_id},
                        .occurred_at = *occurred_at,
                        .method = *method,
                        .tag = *tag,
                        .text = std::move(*text),
                        .about_person_id = row.OptionalId<domain::PersonId>(6),
                        .author_user_id = UserId{*author},
                        .organization_id = OrganizationId{*organization_id},
                        .created_at = *created_at};
}

class SqlProgressNoteRepository final : public domain::ProgressNoteRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<ProgressNote> Create(const ProgressNote& note) override {
        const std::string occurred_at = FormatIso8601(note.occurred_at);
        const std::string created_at = FormatIso8601(note.created_at);
        return WriteInto<ProgressNote>([&](SqlConnection& connection, ProgressNote& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, note.case_id));
            if (note.about_person_id) {
                KASANE_TRY(Exists(connection, kPersonExists, *note.about_person_id, tenant_,
                                  "世帯員の記録が見つかりません", "about_person_id"));
            }
            KASANE_TRY(Exists(connection, kUserExists, note.author_user_id, tenant_, "記録者が見つかりません",
                              "author_user_id"));
            KASANE_TRY(Exists(connection, kOrganizationExists, note.organization_id, tenant_, "機関が見つかりません",
                              "organization_id"));
            KASANE_ASSIGN(inserted,
                          connection.Execute(kInsertNote,
                                             {note.case_id, tenant_, occurred_at, domain::NoteMethodCode(note.method),
                                              domain::TextTagCode(note.tag), note.text, IdOrNull(note.about_person_id),
                                              note.author_user_id, note.organization_id, created_at}));
            KASANE_ASSIGN(id, IdOf(*inserted));
            KASANE_ASSIGN(result, connection.Execute(kSelectNote, {*id, tenant_}));
            if (result->Empty()) return Fail(Corrupt("progress_note"));
            KASANE_ASSIGN(stored, NoteFromRow(SqlRow(result->rows.front())));
            out = std::move(*stored);
            return {};
        });
    }

    Result<std::vector<ProgressNote>> OfCase(CaseId case_id, int limit) override {
        return Notes(case_id, std::nullopt, limit);
    }

    Result<std::vector<ProgressNote>> OfCaseBy(CaseId case_id, OrganizationId organization_id, int limit) override {
        return Notes(case_id, organization_id, limit);
    }

private:
    Result<std::vector<ProgressNote>> Notes(CaseId case_id, std::optional<OrganizationId> organization_id, int limit) {
        using List = std::vector<ProgressNote>;
        // LIMIT of every row: both dialects take a bigint; -1 (SQLite's "no limit") is an error in PostgreSQL.
        const std::int64_t rows = limit > 0 ? std::int64_t{limit} : std::int64_t{0x7fffffffffffffff};
        return ReadInto<List>([&](SqlConnection& connection, List& out) -> Status {
            KASANE_TRY(CaseExists(connection, tenant_, case_id));
            KASANE_ASSIGN(result, organization_id ? connection.Execute(kSelectNotesOfCaseBy,
                                                                       {case_id, tenant_, *organization_id, rows})
                                                  : connection.Execute(kSelectNotesOfCase, {case_id, tenant_, rows}));
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(note, NoteFromRow(SqlRow(values)));
                out.push_back(std::move(*note));
            }
            return {};
        });
    }
};

}  // namespace

std::unique_ptr<domain::ProgressNoteRepository> MakeProgressNoteRepository(SqlExecutor& executor,
                                                                           MunicipalityId tenant) {
    return std::make_unique<SqlProgressNoteRepository>(executor, tenant);
}

const SqlStatement& NotesOfCaseStatementToReadAhead() { return kSelectNotesOfCase; }

}  // namespace kasane::storage
