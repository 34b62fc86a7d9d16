// SPDX-License-Identifier: Apache-2.0
// 相談の分類の管理 and 設定 (issue 14, item 2): the town's worry categories (category_master.hpp), its settings and
// its wording of the 分野 (town_settings.hpp). Administrators only; every change audited in its transaction.

#include <algorithm>
#include <string>
#include <utility>

#include "domain/administration.hpp"
#include "domain/audit.hpp"

namespace kasane::domain {

namespace {

constexpr std::string_view kCategoryRecord = "worry_category";
constexpr std::string_view kSettingRecord = "municipality_setting";

Status RequireAdministrator(const Principal& principal) {
    if (!Administration::IsAdministrator(principal)) {
        return Fail(Error::PermissionDenied("この操作は管理者だけが行えます"));
    }
    return {};
}

Status AppendAudit(Store& transaction, const Principal& principal, AuditAction action, std::string_view record_type,
                   std::int64_t id, std::string_view fields, std::string detail, Instant at) {
    std::vector<AuditEntry> entries{EntryBy(principal, at, action, record_type, id, fields)};
    entries.front().detail = std::move(detail);
    return transaction.Tenant(principal.Tenant())->Audit().Append(entries);
}

Result<WorryCategory> Find(const std::vector<WorryCategory>& categories, CategoryId id) {
    const auto found = std::find_if(categories.begin(), categories.end(),
                                    [&](const WorryCategory& category) { return category.id == id; });
    if (found == categories.end()) return Fail(Error::NotFound("分類が見つかりません"));
    return *found;
}

// One category changed by an administrator, in one transaction: the town's categories read once and the one found
// among them; `change(transaction, repository, all categories, the category)` does the rest and audits it.
template <typename Change>
Status ChangeCategory(Store& store, const Principal& principal, CategoryId id, Change&& change) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return allowed;
    return store.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        CategoryRepository& categories = tenant->Categories();
        auto existing = categories.List();
        if (!existing) return Fail(existing.error());
        auto category = Find(*existing, id);
        if (!category) return Fail(category.error());
        return change(transaction, categories, *existing, *category);
    });
}

std::string OrderDetail(const std::vector<CategoryId>& ids) {
    std::string detail = "order=";
    for (std::size_t i = 0; i < ids.size(); ++i) detail += (i == 0 ? "" : ",") + std::to_string(ids[i]);
    return detail;
}

}  // namespace

Result<std::vector<CategoryRow>> Administration::ListCategories(const Principal& principal) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    auto tenant = store_.Tenant(principal.Tenant());
    auto categories = tenant->Categories().List();
    if (!categories) return Fail(categories.error());
    std::vector<CategoryRow> rows;
    for (WorryCategory& category : *categories) {
        auto uses = tenant->Categories().Uses(category.id);
        if (!uses) return Fail(uses.error());
        rows.push_back(CategoryRow{.category = std::move(category), .uses = *uses, .removal = RemovalOf(*uses)});
    }
    return rows;
}

Result<WorryCategory> Administration::AddCategory(const Principal& principal, std::string_view name) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    WorryCategory out;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        CategoryRepository& categories = tenant->Categories();
        auto existing = categories.List();
        if (!existing) return Fail(existing.error());
        auto checked = CheckCategoryName(name, *existing, 0);
        if (!checked) return Fail(checked.error());
        int last = 0;
        for (const WorryCategory& category : *existing) last = std::max(last, category.sort_order);
        auto created = categories.Create(NextLocalCategoryCode(*existing), *checked, last + 10);
        if (!created) return Fail(created.error());
        out = *created;
        return AppendAudit(transaction, principal, AuditAction::kCreate, kCategoryRecord, created->id,
                           "code,label,sort_order", "code=" + created->code, now);
    });
    if (!done) return Fail(done.error());
    return out;
}

Result<WorryCategory> Administration::RenameCategory(const Principal& principal, CategoryId id, std::string_view name) {
    const Instant now = clock_.Now();
    WorryCategory out;
    const Status done =
        ChangeCategory(store_, principal, id,
                       [&](Store& transaction, CategoryRepository& categories,
                           const std::vector<WorryCategory>& existing, const WorryCategory& before) -> Status {
                           out = before;
                           auto checked = CheckCategoryName(name, existing, id);
                           if (!checked) return Fail(checked.error());
                           if (*checked == before.label) return {};
                           if (auto renamed = categories.Rename(id, *checked); !renamed) return renamed;
                           out.label = *checked;
                           // The old name stays in the trail: how a renamed category is found in old reports.
                           return AppendAudit(transaction, principal, AuditAction::kUpdate, kCategoryRecord, id,
                                              "label", "previous_label=" + before.label, now);
                       });
    if (!done) return Fail(done.error());
    return out;
}

Result<WorryCategory> Administration::SetCategoryState(const Principal& principal, CategoryId id, CategoryState state) {
    const bool active = state == CategoryState::kActive;
    const Instant now = clock_.Now();
    WorryCategory out;
    const Status done =
        ChangeCategory(store_, principal, id,
                       [&](Store& transaction, CategoryRepository& categories,
                           const std::vector<WorryCategory>& existing, const WorryCategory& before) -> Status {
                           out = before;
                           if (before.active == active) return {};
                           if (active) {
                               // A name taken meanwhile by an active category must be changed before the old one comes
                               // back.
                               if (auto checked = CheckCategoryName(before.label, existing, id); !checked) {
                                   return Fail(checked.error());
                               }
                           }
                           if (auto set = categories.SetActive(id, active); !set) return set;
                           out.active = active;
                           return AppendAudit(transaction, principal, AuditAction::kUpdate, kCategoryRecord, id,
                                              "active", active ? "復活" : "廃止（記録と集計には残る）", now);
                       });
    if (!done) return Fail(done.error());
    return out;
}

Result<CategoryRemoval> Administration::RemoveCategory(const Principal& principal, CategoryId id) {
    const Instant now = clock_.Now();
    CategoryRemoval removal = CategoryRemoval::kRetire;
    const Status done = ChangeCategory(
        store_, principal, id,
        [&](Store& transaction, CategoryRepository& categories, const std::vector<WorryCategory>&,
            const WorryCategory& before) -> Status {
            auto uses = categories.Uses(id);
            if (!uses) return Fail(uses.error());
            removal = RemovalOf(*uses);
            if (removal == CategoryRemoval::kRetire) {
                if (!before.active) return {};
                if (auto set = categories.SetActive(id, false); !set) return set;
                return AppendAudit(transaction, principal, AuditAction::kUpdate, kCategoryRecord, id, "active",
                                   "廃止（" + std::to_string(*uses) + "件の記録で使用中のため削除せず）", now);
            }
            if (auto deleted = categories.Delete(id); !deleted) return deleted;
            return AppendAudit(transaction, principal, AuditAction::kStatusChange, kCategoryRecord, id, "deleted",
                               "削除（未使用） label=" + before.label + " code=" + before.code, now);
        });
    if (!done) return Fail(done.error());
    return removal;
}

Status Administration::MoveCategory(const Principal& principal, CategoryId id, MoveDirection direction) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        CategoryRepository& categories = tenant->Categories();
        auto existing = categories.List();
        if (!existing) return Fail(existing.error());
        auto order = MovedOrder(*existing, id, direction);
        if (!order) return Fail(order.error());
        if (auto set = categories.SetOrder(*order); !set) return set;
        return AppendAudit(transaction, principal, AuditAction::kUpdate, kCategoryRecord, id, "sort_order",
                           std::string(direction == MoveDirection::kUp ? "上へ " : "下へ ") + OrderDetail(*order), now);
    });
}

Status Administration::SetCategoryOrder(const Principal& principal, const std::vector<CategoryId>& ids) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    const Instant now = clock_.Now();
    return store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        CategoryRepository& categories = tenant->Categories();
        auto existing = categories.List();
        if (!existing) return Fail(existing.error());
        if (auto complete = CheckCompleteOrder(*existing, ids); !complete) return complete;
        if (auto set = categories.SetOrder(ids); !set) return set;
        return AppendAudit(transaction, principal, AuditAction::kUpdate, kCategoryRecord, 0, "sort_order",
                           OrderDetail(ids), now);
    });
}

Result<std::vector<TownSettingRow>> Administration::ListTownSettings(const Principal& principal) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    auto settings = ReadTownSettings(store_.Tenant(principal.Tenant())->Settings());
    if (!settings) return Fail(settings.error());
    std::vector<TownSettingRow> rows;
    for (const TownSettingSpec& spec : AllTownSettings()) {
        rows.push_back(TownSettingRow{
            .spec = spec, .value = settings->Value(spec.setting), .set_by_town = settings->IsSet(spec.setting)});
    }
    return rows;
}

Result<TownSettingRow> Administration::SetTownSetting(const Principal& principal, std::string_view key, int value) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    const TownSettingSpec* spec = FindTownSetting(key);
    if (spec == nullptr) return Fail(Error::NotFound("その設定はありません"));
    if (auto valid = ValidateTownSetting(*spec, value); !valid) return Fail(valid.error());
    const Instant now = clock_.Now();
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        SettingsRepository& settings = tenant->Settings();
        auto before = ReadTownSetting(settings, spec->setting);
        if (!before) return Fail(before.error());
        if (auto set = settings.Set(spec->key, std::to_string(value)); !set) return set;
        return AppendAudit(
            transaction, principal, AuditAction::kUpdate, kSettingRecord, 0, spec->key,
            std::string(spec->key) + "=" + std::to_string(value) + " previous=" + std::to_string(*before), now);
    });
    if (!done) return Fail(done.error());
    return TownSettingRow{.spec = *spec, .value = value, .set_by_town = true};
}

Result<FieldLabels> Administration::TownFieldLabels(const Principal& principal) {
    return ReadFieldLabels(store_.Tenant(principal.Tenant())->Settings());
}

Result<FieldLabels> Administration::SetFieldLabel(const Principal& principal, Field field, std::string_view label) {
    if (auto allowed = RequireAdministrator(principal); !allowed) return Fail(allowed.error());
    auto checked = CheckFieldLabel(label);
    if (!checked) return Fail(checked.error());
    const Instant now = clock_.Now();
    FieldLabels out;
    const Status done = store_.Transaction([&](Store& transaction) -> Status {
        auto tenant = transaction.Tenant(principal.Tenant());
        SettingsRepository& settings = tenant->Settings();
        auto before = ReadFieldLabels(settings);
        if (!before) return Fail(before.error());
        out = *before;
        if (before->Of(field) == *checked) return {};
        const std::string key = FieldLabelKey(field);
        if (auto set = settings.Set(key, *checked); !set) return set;
        out.Set(field, *checked);
        return AppendAudit(transaction, principal, AuditAction::kUpdate, kSettingRecord, 0, key,
                           key + "=" + *checked + " previous=" + std::string(before->Of(field)), now);
    });
    if (!done) return Fail(done.error());
    return out;
}

}  // namespace kasane::domain
