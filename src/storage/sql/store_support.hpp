// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to src/storage/sql: the helpers every repository source (the *_store.cpp files) and the migration
// sources (*_schema.cpp) share. Not a contract for other layers; include it only from
// src/storage/sql/*.cpp.

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/ids.hpp"
#include "base/log.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sql/sql.hpp"

// Returns the error of a failed Result/Status from the enclosing function.
#define KASANE_TRY(expression)                                           \
    do {                                                                 \
        if (auto kasane_try_result = (expression); !kasane_try_result) { \
            return Fail(std::move(kasane_try_result).error());           \
        }                                                                \
    } while (false)
// Declares `name` as the Result of `expression`, returning its error from the enclosing function.
#define KASANE_ASSIGN(name, expression) \
    auto name = (expression);           \
    if (!name) return Fail(std::move(name).error())
// Executes a statement that must succeed, reading nothing.
#define KASANE_EXECUTE(connection, statement, ...) KASANE_TRY((connection).Execute(statement, {__VA_ARGS__}))

namespace kasane::storage::sql_support {

using SqlDate = std::chrono::year_month_day;

// Repositories report a violated rule with the field the caller understands.
inline Error WithField(Error error, std::string field) {
    error.field = std::move(field);
    return error;
}

inline Error NotFoundField(std::string message, std::string field) {
    return WithField(Error::NotFound(std::move(message)), std::move(field));
}

inline Error VersionConflict() {
    return Error::Conflict("他の人が先に更新しました。画面を読み込み直してからやり直してください", "version");
}

// A value the schema guarantees was missing or malformed.
inline Error Corrupt(std::string_view what) {
    Log(LogLevel::kError, "unexpected value in the database", {{"what", std::string(what)}});
    return Error::Internal();
}

// Dates travel as 'YYYY-MM-DD' (SQLite TEXT; PostgreSQL date with DateStyle ISO).
inline std::string DateText(SqlDate date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

inline std::optional<SqlDate> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (std::from_chars(text.data(), text.data() + 4, year).ec != std::errc{} ||
        std::from_chars(text.data() + 5, text.data() + 7, month).ec != std::errc{} ||
        std::from_chars(text.data() + 8, text.data() + 10, day).ec != std::errc{}) {
        return std::nullopt;
    }
    const SqlDate date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok()) return std::nullopt;
    return date;
}

inline Result<SqlDate> RequiredDate(const SqlRow& row, std::size_t column) {
    if (row.IsNull(column)) return Fail(Corrupt("date"));
    auto date = ParseDate(*row.Text(column));
    if (!date) return Fail(Corrupt("date"));
    return *date;
}

inline Result<std::optional<SqlDate>> OptionalDate(const SqlRow& row, std::size_t column) {
    if (row.IsNull(column)) return std::optional<SqlDate>{};
    KASANE_ASSIGN(date, RequiredDate(row, column));
    return std::optional<SqlDate>(*date);
}

inline std::optional<std::string> OptionalDateText(const std::optional<SqlDate>& date) {
    if (!date) return std::nullopt;
    return DateText(*date);
}

inline std::optional<std::string> OptionalTimeText(const std::optional<Instant>& instant) {
    if (!instant) return std::nullopt;
    return FormatIso8601(*instant);
}

inline SqlParam TextOrNull(const std::optional<std::string>& text) {
    if (!text) return std::monostate{};
    return std::string_view(*text);
}

inline SqlParam IdOrNull(std::optional<std::int64_t> id) {
    if (!id) return std::monostate{};
    return *id;
}

// "'a', 'b', 'c'": the allowed codes of an enumeration, for a CHECK constraint.
template <class Range, class Code>
std::string CodeList(const Range& values, Code code) {
    std::string list;
    for (auto value : values) {
        if (!list.empty()) list += ", ";
        list += "'";
        list += code(value);
        list += "'";
    }
    return list;
}

// Reports a reference to a row the tenant does not have as NotFound with the field it came from (a composite
// foreign key would refuse it too, but cannot say which one). `statement` takes ($1 id, $2 municipality).
inline Status Exists(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, MunicipalityId tenant,
                     std::string message, std::string field) {
    KASANE_ASSIGN(result, connection.Execute(statement, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField(std::move(message), std::move(field)));
    return {};
}

// Runs a read that fills `out`; the common shape of every getter.
// The one row `statement` selects by (id, tenant), converted by `from_row` (SqlRow -> Result<T>) into `out`;
// kNotFound with `message` and `field` when there is none.
template <class T, class FromRow>
Status ReadOneRow(SqlConnection& connection, const SqlStatement& statement, std::int64_t id, MunicipalityId tenant,
                  FromRow from_row, std::string message, std::string field, T& out) {
    KASANE_ASSIGN(result, connection.Execute(statement, {id, tenant}));
    if (result->Empty()) return Fail(NotFoundField(std::move(message), std::move(field)));
    KASANE_ASSIGN(value, from_row(SqlRow(result->rows.front())));
    out = std::move(*value);
    return {};
}

template <class T, class Fill>
Result<T> ReadInto(SqlExecutor& executor, Fill&& fill) {
    T out{};
    const Status status = executor.Read([&](SqlConnection& connection) { return fill(connection, out); });
    if (!status) return Fail(status.error());
    return out;
}

template <class T, class Fill>
Result<T> WriteInto(SqlExecutor& executor, Fill&& fill) {
    T out{};
    const Status status = executor.Write([&](SqlConnection& connection) { return fill(connection, out); });
    if (!status) return Fail(status.error());
    return out;
}

// A set of ids bound as one parameter, for reads of many records in one statement: the text of a JSON object whose
// keys are the ids ({"12":0,"40":0}, IdSetText), expanded by `x IN (KASANE_ID_SET("$2"))`. Both backends have
// json_each over an object with the same key column (SQLite's JSON1 table function; PostgreSQL's json_each(json),
// which also types the untyped parameter as json), so one statement text serves both; a JSON array would need
// jsonb_array_elements_text on PostgreSQL. SQLite drives the IN list through the column's index like `x = ?`.
#define KASANE_ID_SET(parameter) "SELECT CAST(key AS BIGINT) FROM json_each(" parameter ")"

// A set of ids to bind as $2 of an IdSetStatement: one id is bound as itself, more as IdSetText.
class IdSet {
public:
    explicit IdSet(const std::vector<std::int64_t>& ids);
    template <class Tag>
    explicit IdSet(const std::vector<Id<Tag>>& ids) : IdSet(IdValues(ids)) {}
    bool Single() const { return single_.has_value(); }
    SqlParam Param() const { return single_ ? SqlParam(*single_) : SqlParam(std::string_view(text_)); }

private:
    std::optional<std::int64_t> single_;
    std::string text_;
};

// One statement over an id set in two forms generated from one text (KASANE_ID_SET_STATEMENT): `many` reads $2 as
// the JSON object of IdSetText through json_each, `one` compares with $2 as a single id. Reading one person (the
// common read) so skips setting up json_each in every statement of the access facts.
struct IdSetStatement {
    SqlStatement many;
    SqlStatement one;

    const SqlStatement& For(const IdSet& ids) const { return ids.Single() ? one : many; }
};
// `prefix` and `suffix` are the SQL around the set: "... person_id IN (" and ") ORDER BY ...".
#define KASANE_ID_SET_STATEMENT(name, prefix, suffix)                                  \
    {                                                                                  \
        {name, prefix KASANE_ID_SET("$2") suffix}, { name "_one", prefix "$2" suffix } \
    }

inline std::string IdSetText(const std::vector<std::int64_t>& ids) {
    std::string text = "{";
    for (std::int64_t id : ids) {
        if (text.size() > 1) text += ',';
        text += '"';
        text += std::to_string(id);
        text += "\":0";
    }
    text += '}';
    return text;
}

inline IdSet::IdSet(const std::vector<std::int64_t>& ids) {
    if (ids.size() == 1) {
        single_ = ids.front();
    } else {
        text_ = IdSetText(ids);
    }
}

// The rows of a result grouped by the integer in `column` (a person id), each group in result order. The rows
// must outlive the map. kInternal when a key is NULL or not an integer.
using SqlValues = std::vector<std::optional<std::string>>;
using SqlRowsByKey = std::unordered_map<std::int64_t, std::vector<const SqlValues*>>;
inline Result<SqlRowsByKey> RowsByKey(const SqlResult& result, std::size_t column = 0) {
    SqlRowsByKey rows;
    for (const auto& values : result.rows) {
        auto key = SqlRow(values).Integer(column);
        if (!key) return Fail(Corrupt("row key"));
        rows[*key].push_back(&values);
    }
    return rows;
}

// The rows of one key (none when the key has none).
inline const std::vector<const SqlValues*>& RowsOf(const SqlRowsByKey& rows, std::int64_t key) {
    static const std::vector<const SqlValues*> kNone;
    const auto found = rows.find(key);
    return found == rows.end() ? kNone : found->second;
}

// A shared base of the tenant's repositories: the executor, the tenant, and reads and writes into a value.
class TenantRepository {
public:
    TenantRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    template <class T, class Fill>
    Result<T> ReadInto(Fill&& fill) {
        return sql_support::ReadInto<T>(executor_, std::forward<Fill>(fill));
    }

    template <class T, class Fill>
    Result<T> WriteInto(Fill&& fill) {
        return sql_support::WriteInto<T>(executor_, std::forward<Fill>(fill));
    }

    // The rows `statement` selects with `params`, each read by `read` (SqlRow -> Result<T>), in the result's order.
    template <class T, class Read>
    Result<std::vector<T>> SelectRows(const SqlStatement& statement, std::vector<SqlParam> params, Read read) {
        using Rows = std::vector<T>;
        return ReadInto<Rows>([&](SqlConnection& connection, Rows& out) -> Status {
            KASANE_ASSIGN(result, connection.Execute(statement, std::span<const SqlParam>(params)));
            out.reserve(result->rows.size());
            for (const auto& values : result->rows) {
                KASANE_ASSIGN(record, read(SqlRow(values)));
                out.push_back(std::move(*record));
            }
            return {};
        });
    }

protected:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

// The column types and table endings of a migration's DDL, for a structured binding:
// `const auto [id, integer, text, instant, date, table_end, clustered_end] = DdlColumnsOf(t);`.
struct DdlColumns {
    std::string id;
    std::string integer;
    std::string text;
    std::string instant;
    std::string date;
    std::string table_end;
    std::string clustered_end;
};

inline DdlColumns DdlColumnsOf(const DdlTypes& t) {
    return DdlColumns{.id = t.id_primary_key,
                      .integer = t.integer,
                      .text = t.text,
                      .instant = t.instant,
                      .date = t.date,
                      .table_end = std::string(")") + t.table_options,
                      .clustered_end = std::string(")") + t.clustered_table_options};
}

// A NOT NULL boolean column with its trailing comma. SQLite has no boolean type: INTEGER 0/1 with a CHECK;
// PostgreSQL's boolean needs none.
inline std::string BooleanColumn(const DdlTypes& t, const std::string& name) {
    std::string column = " " + name + " " + t.boolean_column + " NOT NULL";
    if (t.boolean_needs_check) column += " CHECK (" + name + " IN (0, 1))";
    return column + ",";
}

}  // namespace kasane::storage::sql_support
