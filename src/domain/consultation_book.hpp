// SPDX-License-Identifier: Apache-2.0
#pragma once

// 相談受付簿: the register of consultations a window keeps — by window, date of the first contact (受付日), status,
// worker, 相談経路, category and 分野 — newest first and paged. The search starts from what the caller may see
// (BookScopeOf in access_policy.hpp), expressed in the query itself, never by reading all and filtering after.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv.hpp"
#include "base/japanese_date.hpp"
#include "base/result.hpp"
#include "base/time.hpp"
#include "domain/consultation.hpp"

namespace kasane::domain {

// 分野: the field of welfare a worry belongs to, as the town's windows and the 重層的支援体制整備事業 reports group
// them (高齢・障がい・子ども・生活困窮 and the rest).
enum class Field { kElderly, kDisability, kChild, kPoverty, kOther };
std::string_view FieldCode(Field field);   // "elderly", "disability", "child", "poverty", "other"
std::string_view FieldLabel(Field field);  // 高齢 / 障がい / 子ども / 生活困窮 / その他
std::optional<Field> ParseField(std::string_view code);
const std::vector<Field>& AllFields();
// The 分野 labels a town's pages show: the national codes stay (FieldCode), the town may word the labels (設定,
// town_settings.hpp: ReadFieldLabels). Every page and export that shows a 分野 shows it through one of these.
class FieldLabels {
public:
    FieldLabels();  // the national wording (FieldLabel)
    std::string_view Of(Field field) const { return labels_.at(static_cast<std::size_t>(field)); }
    void Set(Field field, std::string label) { labels_.at(static_cast<std::size_t>(field)) = std::move(label); }

private:
    std::array<std::string, 5> labels_;
};
// A 分野 on a report (the 年度集計's 分野別 rows: page, API, files): the town's wording with the national one beside
// it where they differ (「高齢者支援（高齢）」), the national wording alone where the town kept it. The code stays the
// national one (FieldCode), so that figures compare across towns.
std::string FieldReportLabel(Field field, const FieldLabels& labels);
// The field of a worry category, by its code in the master: the default categories (DefaultWorryCategories) each
// belong to one field; a category the town added itself belongs to その他.
Field FieldOfCategory(std::string_view category_code);

// The status a book lists. Cancelled entries (取消) are never listed unless a status asks for them by name.
enum class BookStatus {
    kAny,   // every status but 取消
    kOpen,  // 対応中 (no outcome yet)
    kDone,  // an outcome was recorded (情報提供で終了, つなぎ, 多機関協働へ)
};
std::string_view BookStatusCode(BookStatus status);   // "any", "open", "done"
std::string_view BookStatusLabel(BookStatus status);  // すべて / 対応中 / 対応済み
std::optional<BookStatus> ParseBookStatus(std::string_view code);
const std::vector<BookStatus>& AllBookStatuses();

inline constexpr int kBookPageSize = 50;

struct BookFilter {
    std::optional<OrganizationId> window;  // the receiving organisation (受付窓口)
    std::optional<Date> from;              // 受付日 in Japan, both ends included
    std::optional<Date> to;
    BookStatus status = BookStatus::kAny;
    std::optional<UserId> worker;  // the staff member who received it
    std::optional<Source> source;  // 相談経路
    std::optional<CategoryId> category;
    std::optional<Field> field;
    int page = 1;  // from 1
};

// The filter from request parameters (the page's GET form and the API's query): window, from, to (ISO or 和暦,
// ParseJapaneseDate), status, worker, source, category, field, page, and preset=today|mine. With no filter
// parameter at all the book opens on today; preset=today is today's consultations of every status, preset=mine
// the caller's own open ones (any date). Errors are kInvalidArgument naming the parameter, in Japanese.
// `get` returns a parameter's value, "" when absent.
Result<BookFilter> ParseBookFilter(const std::function<std::string(std::string_view)>& get, Date today, UserId me);
// The same filter as query parameters (page included when > 1), for links that keep it: "from=2024-04-01&to=…".
std::string BookQueryString(const BookFilter& filter);

// 受付日時 as the book shows it, in Japan: "令和6年4月1日 09:05".
std::string ReceivedAtLabel(Instant instant);

// Who the caller is in the book's scope (access_policy.hpp, BookScopeOf).
struct BookScope {
    enum class Kind {
        kNone,          // no book (the scope of roles that do not work cases)
        kEnteredBy,     // only what the user entered themselves (民生委員)
        kOrganization,  // what the user's organisation took part in or was given by an accepted referral
    };
    Kind kind = Kind::kNone;
    UserId user_id{};
    OrganizationId organization_id{};
};

// What storage is asked: the scope, the filter with its dates as instants and its category and field as the
// category ids to match (any of them), and the rows wanted.
struct BookQuery {
    BookScope scope;
    std::optional<OrganizationId> window;
    std::optional<Instant> from;  // inclusive
    std::optional<Instant> to;    // exclusive
    BookStatus status = BookStatus::kAny;
    std::optional<UserId> worker;
    std::optional<Source> source;
    std::optional<std::vector<CategoryId>> categories;  // any of them; unset: no category condition
    int offset = 0;
    int limit = kBookPageSize;
};

struct BookRow {
    ConsultationId id{};
    std::optional<PersonId> person_id;  // empty for an anonymous consultation (shown 「匿名」)
    std::string person_name;            // 佐藤 和子; empty when anonymous
    std::string person_name_kana;       // さとう かずこ
    Instant received_at{};              // the first contact
    Channel channel = Channel::kPhone;
    Source source = Source::kSelf;
    OrganizationId window{};
    UserId received_by_user_id{};
    ConsultationStatus status = ConsultationStatus::kOpen;
    Outcome outcome = Outcome::kOpen;
    std::string chief_complaint;
    std::vector<CategoryId> category_ids;
    int contacts = 0;  // 延べ of the thread (counted contacts)
};
// 相談分類 and 分野 as the book shows and exports them: the row's category labels, and each 分野 once, joined by ・.
struct BookCategoryTexts {
    std::string labels;
    std::string fields;
};
BookCategoryTexts BookCategoryText(const BookRow& row, const std::map<CategoryId, WorryCategory>& categories,
                                   const FieldLabels& field_labels);
// 本人 as the book shows and exports it: the name, or 「匿名」 for an anonymous consultation (no person).
std::string BookPersonName(const BookRow& row);
// 状態 as the book shows and exports it: 対応中, or 終了 with the 対応結果 (終了（情報提供で終了）).
std::string BookStatusText(const BookRow& row);

struct BookPage {
    BookFilter filter;
    std::vector<BookRow> rows;
    bool has_next = false;
};

// The book as a file: what ConsultationService::ExportBook returns.
struct BookExport {
    std::string bytes;
    std::string file_name;  // soudan-uketsukebo-20240401-20240430.csv
    csv::Encoding encoding = csv::Encoding::kUtf8;
    long long rows = 0;
    int substituted = 0;  // characters Windows-31J could not hold, written as 〓 (base/csv.hpp)
};

}  // namespace kasane::domain
