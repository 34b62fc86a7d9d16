// SPDX-License-Identifier: Apache-2.0
// The areas of a municipality: 自治会, school districts, 民生委員区 (domain::AreaRepository).

#include "storage/sql/sql_repositories.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "storage/sql/account_support.hpp"

namespace kasane::storage {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// Areas

constexpr SqlStatement kInsertArea{"insert_area",
                                   "INSERT INTO areas (municipality_id, kind, name) VALUES ($1, $2, $3) RETURNING id"};
constexpr SqlStatement kSelectArea{
    "select_area", "SELECT id, municipality_id, kind, name FROM areas WHERE id = $1 AND municipality_id = $2"};
constexpr SqlStatement kListAreas{
    "list_areas", "SELECT id, municipality_id, kind, name FROM areas WHERE municipality_id = $1 ORDER BY id"};
constexpr SqlStatement kListAreasOfKind{
    "list_areas_of_kind",
    "SELECT id, municipality_id, kind, name FROM areas WHERE municipality_id = $1 AND kind = $2 ORDER BY id"};

Result<Area> AreaFromRow(const SqlRow& row) {
    auto id = row.Integer(0);
    auto municipality_id = row.Integer(1);
    auto kind_code = row.Text(2);
    auto name = row.Text(3);
    if (!id || !municipality_id || !kind_code || !name) return Fail(Error::Internal());
    auto kind = domain::ParseAreaKind(*kind_code);
    if (!kind) return Fail(Error::Internal());
    return Area{
        .id = *id, .municipality_id = MunicipalityId{*municipality_id}, .kind = *kind, .name = std::move(*name)};
}

// The enum's order, not the code's spelling: "ordered by kind" means 自治会, 小学校区, 中学校区, 民生委員区.
int AreaKindOrder(AreaKind kind) {
    int order = 0;
    for (AreaKind candidate : domain::kAllAreaKinds) {
        if (candidate == kind) return order;
        ++order;
    }
    return order;
}

class SqlAreaRepository final : public domain::AreaRepository {
public:
    SqlAreaRepository(SqlExecutor& executor, MunicipalityId tenant) : executor_(executor), tenant_(tenant) {}

    Result<Area> Create(AreaKind kind, std::string_view name) override {
        return WriteInto<Area>(executor_, [&](SqlConnection& connection, Area& out) -> Status {
            auto result = connection.Execute(kInsertArea, {tenant_, domain::AreaKindCode(kind), name});
            if (!result) {
                if (result.error().Is(ErrorCode::kConflict)) {
                    return Fail(Error::Conflict("同じ種類・同じ名前の地区が既に登録されています", "name"));
                }
                if (result.error().Is(ErrorCode::kNotFound)) return Fail(Error::NotFound("市町村が見つかりません"));
                return Fail(result.error());
            }
            auto id = SqlRow(result->rows.at(0)).Integer(0);
            if (!id) return Fail(id.error());
            out = Area{.id = *id, .municipality_id = tenant_, .kind = kind, .name = std::string(name)};
            return {};
        });
    }

    Result<Area> Get(AreaId id) override {
        return ReadInto<Area>(executor_, [&](SqlConnection& connection, Area& out) -> Status {
            auto result = connection.Execute(kSelectArea, {id, tenant_});
            if (!result) return Fail(result.error());
            if (result->Empty()) return Fail(Error::NotFound("地区が見つかりません"));
            auto area = AreaFromRow(SqlRow(result->rows.front()));
            if (!area) return Fail(area.error());
            out = std::move(*area);
            return {};
        });
    }

    Result<std::vector<Area>> List(std::optional<AreaKind> kind) override {
        using List = std::vector<Area>;
        return ReadInto<List>(executor_, [&](SqlConnection& connection, List& out) -> Status {
            auto result = kind ? connection.Execute(kListAreasOfKind, {tenant_, domain::AreaKindCode(*kind)})
                               : connection.Execute(kListAreas, {tenant_});
            if (!result) return Fail(result.error());
            for (const auto& values : result->rows) {
                auto area = AreaFromRow(SqlRow(values));
                if (!area) return Fail(area.error());
                out.push_back(std::move(*area));
            }
            // Rows come ordered by id; a stable sort by kind keeps that order within a kind.
            std::stable_sort(out.begin(), out.end(), [](const Area& a, const Area& b) {
                return AreaKindOrder(a.kind) < AreaKindOrder(b.kind);
            });
            return {};
        });
    }

private:
    SqlExecutor& executor_;
    MunicipalityId tenant_;
};

}  // namespace

std::unique_ptr<domain::AreaRepository> MakeAreaRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlAreaRepository>(executor, tenant);
}

}  // namespace kasane::storage
