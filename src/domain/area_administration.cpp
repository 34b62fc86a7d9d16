// SPDX-License-Identifier: Apache-2.0
// 地域の管理 (issue 14, item 2): areas of several kinds that need not nest (自治会, 班, 校区, 民生委員区, 地区), each
// with its 世帯数 as of a year; added, renamed, retired (never deleted: records and reports name them) and imported
// from a list — 63 自治会 in one go — with a dry run that names every row's error before anything is written. The
// list is read by the import's table readers (import_table.hpp) and kept as the import's uploads.

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "base/japan_time.hpp"
#include "domain/administration.hpp"
#include "domain/audit.hpp"
#include "domain/import_table.hpp"
#include "domain/list_upload.hpp"

namespace kasane::domain {

namespace {

Status RequireAreaAdministrator(const Principal& principal) {
    if (!Administration::IsAdministrator(principal)) {
        return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    }
    return {};
}

int ThisYear(Instant now) { return static_cast<int>(JstDate(now).year()); }

Status ValidateAreaInput(const AreaInput& input, Instant now) {
    if (auto valid = ValidateName(input.name, "name", 100); !valid) return valid;
    return ValidateHouseholds(input.households, input.households_year, ThisYear(now));
}

std::string HouseholdsDetail(const Area& area) {
    return "households=" + (area.households ? std::to_string(*area.households) : std::string("-")) +
           " households_year=" + (area.households_year ? std::to_string(*area.households_year) : std::string("-"));
}

Status AppendAreaAudit(Store& transaction, const Principal& principal, AuditAction action, AreaId id,
                       std::string_view fields, std::string detail, Instant at) {
    std::vector<AuditEntry> entries{EntryBy(principal, at, action, "area", id, fields)};
    entries.front().detail = std::move(detail);
    return transaction.Tenant(principal.Tenant())->Audit().Append(entries);
}

// Creates an area with its count in `transaction`, audited.
Result<Area> CreateAudited(Store& transaction, const Principal& principal, const AreaInput& input, Instant now,
                           std::string_view detail_suffix) {
    auto tenant = transaction.Tenant(principal.Tenant());
    AreaRepository* areas = &tenant->Areas();
    auto created = areas->Create(input.kind, input.name);
    if (!created) return Fail(created.error());
    if (input.households) {
        if (auto set = areas->SetHouseholds(created->id, input.households, input.households_year); !set) {
            return Fail(set.error());
        }
        created->households = input.households;
        created->households_year = input.households_year;
    }
    if (auto audited = AppendAreaAudit(transaction, principal, AuditAction::kCreate, created->id,
                                       "kind,name,households,households_year",
                                       "kind=" + std::string(AreaKindCode(input.kind)) + " " +
                                           HouseholdsDetail(*created) + std::string(detail_suffix),
                                       now);
        !audited) {
        return Fail(audited.error());
    }
    return created;
}

// --- reading a list ---

// "1,234", "１２３４", "1234世帯" → 1234; nullopt for empty; kInvalidArgument for anything else.
Result<std::optional<int>> ParseCount(std::string_view cell) {
    std::string text = CleanedCell(cell);
    std::erase(text, ',');
    if (text.ends_with("世帯")) text.resize(text.size() - std::string_view("世帯").size());
    if (text.empty()) return std::optional<int>();
    if (text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Fail(Error::InvalidArgument("世帯数「" + std::string(cell) + "」は数字で書いてください", "households"));
    }
    return std::optional<int>(std::stoi(text));
}

// "2024", "2024年", "令和6年", "R6", "平成30" → the western year; nullopt for empty.
Result<std::optional<int>> ParseYear(std::string_view cell) {
    std::string text = CleanedCell(cell);
    if (text.ends_with("年度")) text.resize(text.size() - std::string_view("年度").size());
    if (text.ends_with("年")) text.resize(text.size() - std::string_view("年").size());
    if (text.empty()) return std::optional<int>();
    int base = 0;
    for (const auto& [prefix, first] : {std::pair<std::string_view, int>{"令和", 2018},
                                        {"R", 2018},
                                        {"平成", 1988},
                                        {"H", 1988},
                                        {"昭和", 1925},
                                        {"S", 1925}}) {
        if (text.starts_with(prefix)) {
            base = first;
            text = text.substr(prefix.size());
            break;
        }
    }
    if (text == "元" && base != 0) text = "1";
    if (text.empty() || text.size() > 4 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Fail(Error::InvalidArgument("年「" + std::string(cell) + "」を読み取れません（例：2025、令和7年）",
                                           "households_year"));
    }
    const int number = std::stoi(text);
    if (base != 0 && (number < 1 || number > 99)) {
        return Fail(Error::InvalidArgument("年「" + std::string(cell) + "」を読み取れません", "households_year"));
    }
    return std::optional<int>(base + number);
}

std::optional<AreaKind> KindOfCell(std::string_view cell) {
    const std::string text = CleanedCell(cell);
    for (AreaKind kind : kAllAreaKinds) {
        if (text == AreaKindCode(kind) || text == AreaKindLabel(kind)) return kind;
    }
    if (text == "校区") return AreaKind::kElementarySchoolDistrict;
    if (text == "民生委員の担当区域" || text == "民生委員担当区域") return AreaKind::kWelfareVolunteerDistrict;
    if (text == "町内会" || text == "自治会・町内会") return AreaKind::kNeighborhood;
    return std::nullopt;
}

struct Columns {
    std::optional<std::size_t> name;
    std::optional<std::size_t> kind;
    std::optional<std::size_t> households;
    std::optional<std::size_t> year;
};

Columns ColumnsOf(const std::vector<std::string>& header) {
    Columns columns;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (!columns.name && HeaderIs(header[i], {"名称", "自治会名", "地域名", "地区名", "名前", "区域名", "班名"})) {
            columns.name = i;
        } else if (!columns.kind && HeaderIs(header[i], {"種別", "種類", "区分"})) {
            columns.kind = i;
        } else if (!columns.households && HeaderIs(header[i], {"世帯数", "世帯"})) {
            columns.households = i;
        } else if (!columns.year && HeaderIs(header[i], {"年", "時点", "年度", "基準年", "世帯数の年"})) {
            columns.year = i;
        }
    }
    return columns;
}

std::string RowError(const Error& error) { return error.message; }

}  // namespace

Result<Area> Administration::AddArea(const Principal& principal, const AreaInput& input) {
    if (auto allowed = RequireAreaAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    if (auto valid = ValidateAreaInput(input, now); !valid) return Fail(valid.error());
    Area out;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto created = CreateAudited(transaction, principal, input, now, "");
        if (!created) return Fail(created.error());
        out = *created;
        return {};
    });
    if (!done) return Fail(done.error());
    return out;
}

Result<Area> Administration::UpdateArea(const Principal& principal, AreaId id, const AreaInput& input) {
    if (auto allowed = RequireAreaAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    if (auto valid = ValidateAreaInput(input, now); !valid) return Fail(valid.error());
    Area out;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        AreaRepository& areas = tenant->Areas();
        auto before = areas.Get(id);
        if (!before) return Fail(before.error());
        out = *before;
        std::string fields;
        std::string detail;
        if (before->name != input.name) {
            if (auto renamed = areas.Rename(id, input.name); !renamed) return renamed;
            fields = "name";
            // The old name stays in the trail: how a renamed 自治会 is found in old records.
            detail = "previous_name=" + before->name;
            out.name = input.name;
        }
        if (before->households != input.households || before->households_year != input.households_year) {
            if (auto set = areas.SetHouseholds(id, input.households, input.households_year); !set) return set;
            fields += fields.empty() ? "households,households_year" : ",households,households_year";
            out.households = input.households;
            out.households_year = input.households_year;
            detail += (detail.empty() ? "" : " ") + HouseholdsDetail(out) + " previous_" + HouseholdsDetail(*before);
        }
        if (fields.empty()) return {};
        return AppendAreaAudit(transaction, principal, AuditAction::kUpdate, id, fields, detail, now);
    });
    if (!done) return Fail(done.error());
    return out;
}

Result<Area> Administration::SetAreaActive(const Principal& principal, AreaId id, bool active) {
    if (auto allowed = RequireAreaAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    Area out;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        AreaRepository& areas = tenant->Areas();
        auto before = areas.Get(id);
        if (!before) return Fail(before.error());
        out = *before;
        if (before->active == active) return {};
        if (auto set = areas.SetActive(id, active); !set) return set;
        out.active = active;
        return AppendAreaAudit(transaction, principal, AuditAction::kUpdate, id, "active",
                               active ? "復活" : "廃止（記録と集計には残る）", now);
    });
    if (!done) return Fail(done.error());
    return out;
}

Result<std::int64_t> Administration::UploadAreaList(const Principal& principal, std::string_view file_name,
                                                    std::string_view bytes) {
    if (auto allowed = RequireAreaAdministrator(principal); !allowed) return Fail(allowed.error());
    return KeepListUpload(store_, clock_, principal, file_name, bytes, kMaxAreaListBytes, "areas.csv");
}

Result<AreaImportPlan> Administration::PlanAreaImport(const Principal& principal, std::int64_t upload_id,
                                                      AreaKind default_kind) {
    if (auto allowed = RequireAreaAdministrator(principal); !allowed) return Fail(allowed.error());
    auto list = ReadListUpload(store_, principal, upload_id);
    if (!list) return Fail(list.error());
    const Table& table = list->table;
    AreaImportPlan plan{.file_name = list->upload.file_name,
                        .sha256 = list->upload.sha256,
                        .table_name = table.name,
                        .encoding = list->encoding,
                        .rows = {},
                        .errors = 0,
                        .to_create = 0,
                        .to_update = 0};
    const Columns columns = ColumnsOf(table.header);
    if (!columns.name) {
        return Fail(
            Error::InvalidArgument("名称の列（見出し「名称」「自治会名」「地域名」など）が見つかりません（見出しは" +
                                       std::to_string(table.header_line) + "行目）",
                                   "file"));
    }
    auto existing = store_.Tenant(principal.Tenant())->Areas().List(std::nullopt);
    if (!existing) return Fail(existing.error());
    std::map<std::pair<AreaKind, std::string>, AreaId> by_name;
    for (const Area& area : *existing) by_name[{area.kind, area.name}] = area.id;
    std::map<std::pair<AreaKind, std::string>, int> seen;  // → the first line naming it
    const int this_year = ThisYear(clock_.Now());
    auto cell = [](const TableRow& row, std::optional<std::size_t> column) -> std::string_view {
        if (!column || *column >= row.cells.size()) return {};
        return row.cells[*column];
    };
    for (const TableRow& row : table.rows) {
        AreaImportRow out{.line = row.line, .area = {}, .existing = std::nullopt, .error = {}};
        out.area.name = TrimmedCell(cell(row, columns.name));
        out.area.kind = default_kind;
        std::vector<std::string> problems;
        if (const std::string_view kind_cell = cell(row, columns.kind); !CleanedCell(kind_cell).empty()) {
            if (const auto kind = KindOfCell(kind_cell)) {
                out.area.kind = *kind;
            } else {
                problems.push_back("種別「" + std::string(kind_cell) +
                                   "」はありません（自治会・班・小学校区・中学校区・"
                                   "民生委員区・地区のいずれか）");
            }
        }
        if (auto valid = ValidateName(out.area.name, "name", 100); !valid) problems.push_back(RowError(valid.error()));
        auto households = ParseCount(cell(row, columns.households));
        if (!households) {
            problems.push_back(RowError(households.error()));
        } else {
            out.area.households = *households;
        }
        auto year = ParseYear(cell(row, columns.year));
        if (!year) {
            problems.push_back(RowError(year.error()));
        } else {
            out.area.households_year = *year;
        }
        if (households && year) {
            if (auto valid = ValidateHouseholds(out.area.households, out.area.households_year, this_year); !valid) {
                problems.push_back(RowError(valid.error()));
            }
        }
        const std::pair<AreaKind, std::string> key{out.area.kind, out.area.name};
        if (problems.empty()) {
            if (const auto first = seen.find(key); first != seen.end()) {
                problems.push_back("同じ種別・名称の行が" + std::to_string(first->second) + "行目にもあります");
            } else {
                seen[key] = row.line;
            }
        }
        if (!problems.empty()) {
            for (const std::string& problem : problems) out.error += (out.error.empty() ? "" : "／") + problem;
            ++plan.errors;
        } else if (const auto found = by_name.find(key); found != by_name.end()) {
            out.existing = found->second;
            ++plan.to_update;
        } else {
            ++plan.to_create;
        }
        plan.rows.push_back(std::move(out));
    }
    if (plan.rows.empty()) return Fail(Error::InvalidArgument("取り込む行がありません", "file"));
    return plan;
}

Result<AreaImportPlan> Administration::ConfirmAreaImport(const Principal& principal, std::int64_t upload_id,
                                                         AreaKind default_kind) {
    auto plan = PlanAreaImport(principal, upload_id, default_kind);
    if (!plan) return Fail(plan.error());
    if (auto refused = RefuseWhileRowsHaveErrors(plan->errors); !refused) return Fail(refused.error());
    const Instant now = clock_.Now();
    const std::string suffix = " import_sha256=" + plan->sha256;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        AreaRepository& areas = tenant->Areas();
        for (const AreaImportRow& row : plan->rows) {
            if (!row.existing) {
                auto created = CreateAudited(transaction, principal, row.area, now, suffix);
                if (!created) return Fail(created.error());
                continue;
            }
            auto before = areas.Get(*row.existing);
            if (!before) return Fail(before.error());
            if (before->households == row.area.households && before->households_year == row.area.households_year) {
                continue;
            }
            if (auto set = areas.SetHouseholds(*row.existing, row.area.households, row.area.households_year); !set) {
                return set;
            }
            Area after = *before;
            after.households = row.area.households;
            after.households_year = row.area.households_year;
            if (auto audited = AppendAreaAudit(
                    transaction, principal, AuditAction::kUpdate, after.id, "households,households_year",
                    HouseholdsDetail(after) + " previous_" + HouseholdsDetail(*before) + suffix, now);
                !audited) {
                return audited;
            }
        }
        return {};
    });
    if (!done) return Fail(done.error());
    return plan;
}

}  // namespace kasane::domain
