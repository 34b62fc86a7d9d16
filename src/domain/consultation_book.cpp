// SPDX-License-Identifier: Apache-2.0
// 相談受付簿 (consultation_book.hpp): the filter, the 分野 of each category, and the use cases of
// ConsultationService that list and export the book.

#include "domain/consultation_book.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>

#include "base/japan_time.hpp"
#include "base/japanese_date.hpp"
#include "domain/code_table.hpp"
#include "domain/consultation_book_file.hpp"
#include "domain/directory.hpp"
#include "domain/export_rights.hpp"
#include "domain/intake.hpp"
#include "domain/intake_support.hpp"
#include "domain/town_settings.hpp"

namespace kasane::domain {

using namespace intake_support;

namespace {

constexpr CodeTable<Field, 5> kFields{{{{Field::kElderly, "elderly", "高齢"},
                                        {Field::kDisability, "disability", "障がい"},
                                        {Field::kChild, "child", "子ども"},
                                        {Field::kPoverty, "poverty", "生活困窮"},
                                        {Field::kOther, "other", "その他"}}}};

constexpr CodeTable<BookStatus, 3> kBookStatuses{{{{BookStatus::kAny, "any", "すべて"},
                                                   {BookStatus::kOpen, "open", "対応中"},
                                                   {BookStatus::kDone, "done", "終了"}}}};

// The field of each default category (DefaultWorryCategories): where a worry is first taken up among the
// 高齢 (介護保険法の地域支援事業), 障がい (障害者総合支援法の相談支援), 子ども (子ども・子育て支援法の利用者支援) and
// 生活困窮 (生活困窮者自立支援法の自立相談支援) windows the 重層的支援体制整備事業 brings together (社会福祉法
// 第106条の4第2項第1号). A worry that spans fields (8050, ダブルケア) goes where it usually arrives.
constexpr std::array<std::pair<std::string_view, Field>, 24> kCategoryFields{{
    {"living_alone", Field::kElderly}, {"care", Field::kElderly},           {"guardianship", Field::kElderly},
    {"8050", Field::kElderly},         {"illness", Field::kDisability},     {"mental_health", Field::kDisability},
    {"addiction", Field::kDisability}, {"disability", Field::kDisability},  {"hikikomori", Field::kDisability},
    {"school_refusal", Field::kChild}, {"child_rearing", Field::kChild},    {"young_carer", Field::kChild},
    {"double_care", Field::kChild},    {"poverty", Field::kPoverty},        {"debt", Field::kPoverty},
    {"employment", Field::kPoverty},   {"housing", Field::kPoverty},        {"guarantor", Field::kPoverty},
    {"hoarding", Field::kOther},       {"family_relations", Field::kOther}, {"neighbor_trouble", Field::kOther},
    {"abuse_dv", Field::kOther},       {"isolation", Field::kOther},        {"animal_hoarding", Field::kOther},
}};

Result<std::int64_t> ParseId(std::string_view text, std::string_view field, std::string_view label) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value <= 0) {
        return Fail(Error::InvalidArgument(std::string(label) + "の指定が正しくありません", std::string(field)));
    }
    return value;
}

std::string IsoDate(Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

}  // namespace

std::string_view FieldCode(Field field) { return kFields.Code(field); }
std::string_view FieldLabel(Field field) { return kFields.Label(field); }
std::optional<Field> ParseField(std::string_view code) { return kFields.Parse(code); }
const std::vector<Field>& AllFields() {
    static const std::vector<Field> kAll = {Field::kElderly, Field::kDisability, Field::kChild, Field::kPoverty,
                                            Field::kOther};
    return kAll;
}

FieldLabels::FieldLabels() {
    for (const Field field : AllFields()) labels_.at(static_cast<std::size_t>(field)) = std::string(FieldLabel(field));
}

std::string FieldReportLabel(Field field, const FieldLabels& labels) {
    const std::string_view national = FieldLabel(field);
    const std::string_view town = labels.Of(field);
    if (town == national) return std::string(national);
    return std::string(town) + "（" + std::string(national) + "）";
}

Field FieldOfCategory(std::string_view category_code) {
    for (const auto& [code, field] : kCategoryFields) {
        if (code == category_code) return field;
    }
    return Field::kOther;
}

BookCategoryTexts BookCategoryText(const BookRow& row, const std::map<CategoryId, WorryCategory>& categories,
                                   const FieldLabels& field_labels) {
    BookCategoryTexts texts;
    std::vector<Field> seen;
    for (const CategoryId id : row.category_ids) {
        const auto found = categories.find(id);
        if (found == categories.end()) continue;
        if (!texts.labels.empty()) texts.labels += "・";
        texts.labels += found->second.label;
        const Field field = FieldOfCategory(found->second.code);
        if (std::find(seen.begin(), seen.end(), field) != seen.end()) continue;
        seen.push_back(field);
        if (!texts.fields.empty()) texts.fields += "・";
        texts.fields += field_labels.Of(field);
    }
    return texts;
}

std::string BookPersonName(const BookRow& row) { return row.person_id ? row.person_name : std::string("匿名"); }

std::string BookStatusText(const BookRow& row) {
    std::string text(ConsultationStatusLabel(row.status));
    if (row.outcome != Outcome::kOpen) text += "（" + std::string(OutcomeLabel(row.outcome)) + "）";
    return text;
}

std::string_view BookStatusCode(BookStatus status) { return kBookStatuses.Code(status); }
std::string_view BookStatusLabel(BookStatus status) { return kBookStatuses.Label(status); }
std::optional<BookStatus> ParseBookStatus(std::string_view code) { return kBookStatuses.Parse(code); }
const std::vector<BookStatus>& AllBookStatuses() {
    static const std::vector<BookStatus> kAll = {BookStatus::kAny, BookStatus::kOpen, BookStatus::kDone};
    return kAll;
}

Result<BookFilter> ParseBookFilter(const std::function<std::string(std::string_view)>& get, Date today, UserId me) {
    BookFilter filter;
    const std::string preset = get("preset");
    if (preset == "today") {
        filter.from = today;
        filter.to = today;
    } else if (preset == "mine") {
        filter.worker = me;
        filter.status = BookStatus::kOpen;
    } else if (!preset.empty()) {
        return Fail(Error::InvalidArgument("表示の指定が正しくありません", "preset"));
    }
    bool any = !preset.empty();
    if (const std::string text = get("window"); !text.empty()) {
        auto id = ParseId(text, "window", "受付窓口");
        if (!id) return Fail(id.error());
        filter.window = OrganizationId{*id};
        any = true;
    }
    for (const auto& [name, label, target] :
         {std::tuple{"from", "受付日（から）", &filter.from}, std::tuple{"to", "受付日（まで）", &filter.to}}) {
        const std::string text = get(name);
        if (text.empty()) continue;
        auto date = ParseJapaneseDate(text, label);
        if (!date) {
            Error error = date.error();
            error.field = name;
            return Fail(std::move(error));
        }
        *target = *date;
        any = true;
    }
    if (filter.from && filter.to && std::chrono::sys_days{*filter.to} < std::chrono::sys_days{*filter.from}) {
        return Fail(Error::InvalidArgument("受付日の期間は終わりが始まりより前にならないようにしてください", "to"));
    }
    if (const std::string text = get("status"); !text.empty()) {
        auto status = ParseBookStatus(text);
        if (!status) return Fail(Error::InvalidArgument("状態の指定が正しくありません", "status"));
        filter.status = *status;
        any = true;
    }
    if (const std::string text = get("worker"); !text.empty()) {
        auto id = ParseId(text, "worker", "受付職員");
        if (!id) return Fail(id.error());
        filter.worker = UserId{*id};
        any = true;
    }
    if (const std::string text = get("source"); !text.empty()) {
        auto source = ParseSource(text);
        if (!source) return Fail(Error::InvalidArgument("相談経路の指定が正しくありません", "source"));
        filter.source = *source;
        any = true;
    }
    if (const std::string text = get("category"); !text.empty()) {
        auto id = ParseId(text, "category", "相談分類");
        if (!id) return Fail(id.error());
        filter.category = *id;
        any = true;
    }
    if (const std::string text = get("field"); !text.empty()) {
        auto field = ParseField(text);
        if (!field) return Fail(Error::InvalidArgument("分野の指定が正しくありません", "field"));
        filter.field = *field;
        any = true;
    }
    if (const std::string text = get("page"); !text.empty()) {
        auto page = ParseId(text, "page", "ページ");
        if (!page || *page > 100000) return Fail(Error::InvalidArgument("ページの指定が正しくありません", "page"));
        filter.page = static_cast<int>(*page);
    }
    // With no filter at all, the book opens on today.
    if (!any) {
        filter.from = today;
        filter.to = today;
    }
    return filter;
}

Result<BookFilter> ParseBookQueryString(std::string_view query, Date today, UserId me) {
    std::map<std::string, std::string, std::less<>> values;
    std::string_view rest = query;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos) values[std::string(pair.substr(0, equals))] = pair.substr(equals + 1);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    return ParseBookFilter(
        [&](std::string_view name) {
            const auto found = values.find(name);
            return found == values.end() ? std::string() : found->second;
        },
        today, me);
}

std::string ReceivedAtLabel(Instant instant) {
    const JstLocalTime local = ToJstLocal(instant);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::minutes>(local - day)};
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return FormatWareki(JstDate(instant)) + " " + clock;
}

std::string BookQueryString(const BookFilter& filter) {
    std::string query;
    const auto add = [&](std::string_view name, std::string_view value) {
        if (!query.empty()) query += '&';
        query += name;
        query += '=';
        query += value;
    };
    if (filter.window) add("window", std::to_string(*filter.window));
    if (filter.from) add("from", IsoDate(*filter.from));
    if (filter.to) add("to", IsoDate(*filter.to));
    add("status", BookStatusCode(filter.status));
    if (filter.worker) add("worker", std::to_string(*filter.worker));
    if (filter.source) add("source", SourceCode(*filter.source));
    if (filter.category) add("category", std::to_string(*filter.category));
    if (filter.field) add("field", FieldCode(*filter.field));
    if (filter.page > 1) add("page", std::to_string(filter.page));
    return query;
}

// --- the use cases ---------------------------------------------------------------------------------------------

// The storage query for a filter: dates as the instants of Japan's days, the category and 分野 as category ids.
Result<BookQuery> BookQueryOf(const BookScope& scope, const BookFilter& filter,
                              const std::vector<WorryCategory>& categories) {
    BookQuery query{.scope = scope,
                    .window = filter.window,
                    .from = std::nullopt,
                    .to = std::nullopt,
                    .status = filter.status,
                    .worker = filter.worker,
                    .source = filter.source,
                    .categories = std::nullopt,
                    .offset = (filter.page - 1) * kBookPageSize,
                    .limit = kBookPageSize};
    if (filter.from) query.from = StartOfJstDay(*filter.from);
    if (filter.to) query.to = EndOfJstDay(*filter.to);
    if (filter.category || filter.field) {
        std::vector<CategoryId> ids;
        for (const WorryCategory& category : categories) {
            if (filter.category && category.id != *filter.category) continue;
            if (filter.field && FieldOfCategory(category.code) != *filter.field) continue;
            ids.push_back(category.id);
        }
        query.categories = std::move(ids);
    }
    return query;
}

std::vector<std::string> BookHeadingCells() {
    return {"受付番号", "受付日時", "受付窓口", "受付職員", "本人", "ふりがな", "相談経路",
            "方法",     "相談分類", "分野",     "主訴",     "状態", "対応回数"};
}

std::string BookCsvHeading() { return csv::Line(BookHeadingCells()); }

XlsxSheetHead BookXlsxHead(const BookFilter& filter) {
    std::string title = "相談受付簿";
    if (filter.from || filter.to) {
        title += "（" + (filter.from ? FormatWareki(*filter.from) : std::string()) + "～" +
                 (filter.to ? FormatWareki(*filter.to) : std::string()) + "）";
    }
    std::vector<XlsxCell> columns;
    for (std::string& name : BookHeadingCells()) columns.emplace_back(std::move(name));
    return XlsxSheetHead{.name = "受付簿",
                         .heading = {{XlsxCell(std::move(title))}, std::move(columns)},
                         .column_widths = {10, 18, 18, 12, 14, 16, 12, 8, 20, 16, 40, 10, 10}};
}

std::vector<XlsxCell> BookXlsxRow(const BookRow& row, const BookNames& names) {
    std::vector<XlsxCell> cells;
    std::vector<std::string> text = BookCells(row, names);
    cells.reserve(text.size());
    for (std::string& cell : text) cells.emplace_back(std::move(cell));
    cells.back() = static_cast<long long>(row.contacts);  // 対応回数, a number Excel can sum
    return cells;
}

std::vector<std::string> BookCells(const BookRow& row, const BookNames& names) {
    const auto [labels, fields] = BookCategoryText(row, names.categories, names.field_labels);
    const auto window = names.windows.find(row.window);
    const auto worker = names.workers.find(row.received_by_user_id);
    return {std::to_string(row.id),
            ReceivedAtLabel(row.received_at),
            window == names.windows.end() ? std::string() : window->second,
            worker == names.workers.end() ? std::string() : worker->second,
            BookPersonName(row),
            row.person_name_kana,
            std::string(SourceLabel(row.source)),
            std::string(ChannelLabel(row.channel)),
            labels,
            fields,
            row.chief_complaint,
            BookStatusText(row),
            std::to_string(row.contacts)};
}

std::string BookCsvLine(const BookRow& row, const BookNames& names) { return csv::Line(BookCells(row, names)); }

std::string BookFileName(const BookFilter& filter, std::string_view extension) {
    std::string name = "soudan-uketsukebo";
    if (filter.from) name += "-" + IsoDate(*filter.from);
    if (filter.to) name += "-" + IsoDate(*filter.to);
    name += extension;
    return name;
}

namespace {

Result<std::vector<WorryCategory>> TownCategories(Store& store, MunicipalityId tenant_id) {
    auto tenant = store.Tenant(tenant_id);
    auto categories = tenant->Categories().List();
    if (!categories) return Fail(categories.error());
    if (!categories->empty()) return categories;
    if (auto seeded = tenant->Categories().EnsureSeeded(DefaultWorryCategories()); !seeded) return Fail(seeded.error());
    return tenant->Categories().List();
}

}  // namespace

Result<BookNames> ReadBookNames(Store& store, MunicipalityId tenant_id) {
    BookNames names;
    auto tenant = store.Tenant(tenant_id);
    auto organizations = tenant->Organizations().List();
    if (!organizations) return Fail(organizations.error());
    for (const Organization& organization : *organizations) names.windows[organization.id] = organization.name;
    auto users = tenant->Users().List();
    if (!users) return Fail(users.error());
    for (const User& user : *users) names.workers[user.id] = user.display_name;
    auto categories = TownCategories(store, tenant_id);
    if (!categories) return Fail(categories.error());
    for (const WorryCategory& category : *categories) names.categories[category.id] = category;
    auto field_labels = ReadFieldLabels(tenant->Settings());
    if (!field_labels) return Fail(field_labels.error());
    names.field_labels = std::move(*field_labels);
    return names;
}

Result<long long> CountBook(Store& store, const BookPagesOf& pages, MunicipalityId tenant, const BookScope& scope,
                            const BookFilter& filter) {
    if (scope.kind == BookScope::Kind::kNone) return Fail(Error::PermissionDenied("相談受付簿を見る権限がありません"));
    auto categories = TownCategories(store, tenant);
    if (!categories) return Fail(categories.error());
    auto query = BookQueryOf(scope, filter, *categories);
    if (!query) return Fail(query.error());
    if (query->categories && query->categories->empty()) return 0LL;
    auto reader = pages(*store.Tenant(tenant));
    if (!reader) return Fail(Error::Internal("相談受付簿を読めません"));
    return reader->Count(*query);
}

Status StreamBook(Store& store, const BookPagesOf& pages, MunicipalityId tenant, const BookScope& scope,
                  const BookFilter& filter, int chunk_rows,
                  const std::function<Status(const std::vector<BookRow>&)>& chunk) {
    if (scope.kind == BookScope::Kind::kNone) return Fail(Error::PermissionDenied("相談受付簿を見る権限がありません"));
    auto categories = TownCategories(store, tenant);
    if (!categories) return Fail(categories.error());
    auto query = BookQueryOf(scope, filter, *categories);
    if (!query) return Fail(query.error());
    if (query->categories && query->categories->empty()) return {};
    auto reader = pages(*store.Tenant(tenant));
    if (!reader) return Fail(Error::Internal("相談受付簿を読めません"));
    query->offset = 0;
    query->limit = chunk_rows;
    std::optional<BookCursor> after;
    for (;;) {
        auto rows = reader->Page(*query, after);
        if (!rows) return Fail(rows.error());
        if (rows->empty()) return {};
        if (auto passed = chunk(*rows); !passed) return passed;
        if (static_cast<int>(rows->size()) < chunk_rows) return {};
        after = BookCursor{.received_at = rows->back().received_at, .id = rows->back().id};
    }
}

bool ConsultationService::HasBook(const Principal& principal) {
    return BookScopeOf(principal).kind != BookScope::Kind::kNone;
}

Result<BookPage> ConsultationService::Book(const Actor& actor, const BookFilter& filter) {
    const BookScope scope = BookScopeOf(actor.principal);
    if (scope.kind == BookScope::Kind::kNone) return Fail(Error::PermissionDenied("相談受付簿を見る権限がありません"));
    auto categories = Categories(actor);
    if (!categories) return Fail(categories.error());
    auto query = BookQueryOf(scope, filter, *categories);
    if (!query) return Fail(query.error());
    BookPage page{.filter = filter, .rows = {}, .has_next = false};
    if (query->categories && query->categories->empty()) return page;  // a 分野 with no category in the master
    ++query->limit;                                                    // one more row tells whether a next page exists
    auto rows = store_.Tenant(actor.Tenant())->Consultations().Book(*query);
    if (!rows) return Fail(rows.error());
    if (static_cast<int>(rows->size()) > kBookPageSize) {
        page.has_next = true;
        rows->resize(kBookPageSize);
    }
    page.rows = std::move(*rows);
    // Listing names a person: each listed consultation is a search hit in the trail, as in person search.
    const Instant now = clock_.Now();
    for (const BookRow& row : page.rows) {
        AuditEntry entry = EntryFor(actor, now, AuditAction::kSearch, "consultation", row.id, row.person_id, "book");
        audit_.Record(std::move(entry));
    }
    return page;
}

Result<BookExport> ConsultationService::ExportBook(const Actor& actor, const BookFilter& filter,
                                                   csv::Encoding encoding) {
    const BookScope scope = BookScopeOf(actor.principal);
    if (scope.kind == BookScope::Kind::kNone) return Fail(Error::PermissionDenied("相談受付簿を見る権限がありません"));
    if (auto allowed = AuthorizeExport(store_, actor, ExportKind::kPersonalData); !allowed)
        return Fail(allowed.error());
    auto categories = Categories(actor);
    if (!categories) return Fail(categories.error());
    auto query = BookQueryOf(scope, filter, *categories);
    if (!query) return Fail(query.error());
    // Every page of the filter, up to a bound that keeps one file to what a person can check.
    constexpr int kMaxRows = 20000;
    std::vector<BookRow> rows;
    if (!query->categories || !query->categories->empty()) {
        query->offset = 0;
        query->limit = kMaxRows + 1;
        auto found = store_.Tenant(actor.Tenant())->Consultations().Book(*query);
        if (!found) return Fail(found.error());
        rows = std::move(*found);
    }
    if (static_cast<int>(rows.size()) > kMaxRows) {
        return Fail(Error::InvalidArgument("出力が2万件を超えます。受付日の期間などで絞り込んでください", "from"));
    }

    auto names = ReadBookNames(store_, actor.Tenant());
    if (!names) return Fail(names.error());
    std::string text = BookCsvHeading();
    for (const BookRow& row : rows) text += BookCsvLine(row, *names);
    auto encoded = csv::Encode(text, encoding);
    if (!encoded) return Fail(encoded.error());

    BookExport file{.bytes = std::move(encoded->bytes),
                    .file_name = BookFileName(filter, encoding == csv::Encoding::kUtf8 ? ".csv" : "-sjis.csv"),
                    .encoding = encoding,
                    .rows = static_cast<long long>(rows.size()),
                    .substituted = encoded->substituted};

    // Recorded before the file leaves, with its row count (export_rights.hpp).
    AuditEntry entry = EntryFor(actor, clock_.Now(), AuditAction::kExport, "consultation_book", 0, std::nullopt,
                                std::string("csv:") + std::string(csv::EncodingCode(encoding)));
    std::string what = "相談受付簿のCSV出力（" + BookQueryString(filter) + "）";
    if (file.substituted > 0) what += "、Windows-31Jにない文字" + std::to_string(file.substituted) + "字を〓で出力";
    entry.detail = ExportDetail(file.rows, what);
    std::vector<AuditEntry> entries{std::move(entry)};
    const Status recorded = store_.Transaction(
        [&](Store& transaction) -> Status { return transaction.Tenant(actor.Tenant())->Audit().Append(entries); });
    if (!recorded) return Fail(recorded.error());
    return file;
}

}  // namespace kasane::domain
