// SPDX-License-Identifier: Apache-2.0
// The loneliness outcomes: one row per measure (domain::LonelinessRepository), migration 38.

#include <array>
#include <string>

#include "domain/loneliness_repositories.hpp"
#include "storage/sql/store_support.hpp"

namespace kasane::storage {

std::unique_ptr<domain::LonelinessRepository> MakeLonelinessRepository(SqlExecutor& executor, MunicipalityId tenant);

namespace {

using domain::LonelinessMeasure;
using sql_support::TenantRepository;

constexpr SqlStatement kInsertMeasure{
    "loneliness_insert_measure",
    "INSERT INTO loneliness_measures (municipality_id, consultation_id, person_id, version, phase, administered_on, "
    "administered_by, direct, ucla_1, ucla_2, ucla_3, contact_in_person, contact_by_phone, contact_online, "
    "takes_part, has_someone, recorded_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id"};
#define KASANE_LONELINESS_COLUMNS                                                                                \
    "id, consultation_id, person_id, version, phase, administered_on, administered_by, direct, ucla_1, ucla_2, " \
    "ucla_3, contact_in_person, contact_by_phone, contact_online, takes_part, has_someone, recorded_at"
constexpr SqlStatement kSelectOfConsultation{
    "loneliness_select_of_consultation",
    "SELECT " KASANE_LONELINESS_COLUMNS
    " FROM loneliness_measures WHERE municipality_id = $1 AND consultation_id = $2 ORDER BY administered_on, id"};
constexpr SqlStatement kSelectOfPerson{
    "loneliness_select_of_person",
    "SELECT " KASANE_LONELINESS_COLUMNS
    " FROM loneliness_measures WHERE municipality_id = $1 AND person_id = $2 ORDER BY administered_on, id"};
constexpr SqlStatement kSelectBetween{
    "loneliness_select_between",
    "SELECT " KASANE_LONELINESS_COLUMNS
    " FROM loneliness_measures WHERE municipality_id = $1 AND administered_on >= $2 AND administered_on < $3"
    " ORDER BY administered_on, id"};
#undef KASANE_LONELINESS_COLUMNS

SqlParam OptionalParam(const std::optional<int>& value) {
    if (!value) return std::monostate{};
    return static_cast<std::int64_t>(*value);
}

SqlParam OptionalParam(const std::optional<bool>& value) {
    if (!value) return std::monostate{};
    return static_cast<std::int64_t>(*value ? 1 : 0);
}

std::optional<int> OptionalInt(const SqlRow& row, std::size_t column) {
    const auto value = row.OptionalInteger(column);
    if (!value) return std::nullopt;
    return static_cast<int>(*value);
}

Result<LonelinessMeasure> MeasureOf(const SqlRow& row) {
    KASANE_ASSIGN(measure_id, row.Id<domain::LonelinessMeasureId>(0));
    KASANE_ASSIGN(consultation_id, row.Id<domain::ConsultationId>(1));
    KASANE_ASSIGN(person_id, row.Id<domain::PersonId>(2));
    KASANE_ASSIGN(version, row.Text(3));
    KASANE_ASSIGN(phase_code, row.Text(4));
    KASANE_ASSIGN(administered_on, sql_support::RequiredDate(row, 5));
    KASANE_ASSIGN(administered_by, row.Id<UserId>(6));
    KASANE_ASSIGN(recorded_at, row.Time(16));
    const auto phase = domain::ParseMeasurePhase(*phase_code);
    if (!phase) return Fail(Error::Internal("孤独感の測定の時点が読めません: " + *phase_code));
    LonelinessMeasure measure{.id = *measure_id,
                              .person_id = *person_id,
                              .phase = *phase,
                              .administered_on = *administered_on,
                              .administered_by = *administered_by,
                              .answers = {.version = *version,
                                          .direct = OptionalInt(row, 7),
                                          .ucla = std::nullopt,
                                          .isolation = {.family_contact_in_person = OptionalInt(row, 11),
                                                        .family_contact_by_phone = OptionalInt(row, 12),
                                                        .family_contact_online = OptionalInt(row, 13),
                                                        .takes_part_in_activities = std::nullopt,
                                                        .has_someone_to_rely_on = std::nullopt}},
                              .consultation_id = *consultation_id,
                              .recorded_at = *recorded_at};
    const auto first = OptionalInt(row, 8);
    const auto second = OptionalInt(row, 9);
    const auto third = OptionalInt(row, 10);
    if (first && second && third)
        measure.answers.ucla = std::array<int, domain::kUclaItemCount>{*first, *second, *third};
    if (const auto takes_part = OptionalInt(row, 14))
        measure.answers.isolation.takes_part_in_activities = *takes_part != 0;
    if (const auto someone = OptionalInt(row, 15)) measure.answers.isolation.has_someone_to_rely_on = *someone != 0;
    return measure;
}

class SqlLonelinessRepository final : public domain::LonelinessRepository, TenantRepository {
public:
    using TenantRepository::TenantRepository;

    Result<LonelinessMeasure> Add(const LonelinessMeasure& measure) override {
        const std::string administered_on = sql_support::DateText(measure.administered_on);
        const std::string recorded_at = FormatIso8601(measure.recorded_at);
        const domain::LonelinessAnswers& answers = measure.answers;
        const domain::IsolationAnswers& isolation = answers.isolation;
        std::array<std::optional<int>, domain::kUclaItemCount> ucla{};
        if (answers.ucla) {
            for (std::size_t item = 0; item < ucla.size(); ++item) ucla.at(item) = answers.ucla->at(item);
        }
        return WriteInto<LonelinessMeasure>([&](SqlConnection& connection, LonelinessMeasure& out) -> Status {
            auto inserted = connection.Execute(
                kInsertMeasure,
                {tenant_, measure.consultation_id.value(), measure.person_id.value(), std::string_view(answers.version),
                 domain::MeasurePhaseCode(measure.phase), std::string_view(administered_on),
                 measure.administered_by.value(), OptionalParam(answers.direct), OptionalParam(ucla[0]),
                 OptionalParam(ucla[1]), OptionalParam(ucla[2]), OptionalParam(isolation.family_contact_in_person),
                 OptionalParam(isolation.family_contact_by_phone), OptionalParam(isolation.family_contact_online),
                 OptionalParam(isolation.takes_part_in_activities), OptionalParam(isolation.has_someone_to_rely_on),
                 std::string_view(recorded_at)});
            if (!inserted) {
                if (inserted.error().Is(ErrorCode::kNotFound)) {
                    return Fail(Error::InvalidArgument("相談・人・利用者がこの市町村にありません", "consultation_id"));
                }
                return Fail(inserted.error());
            }
            KASANE_ASSIGN(new_id, SqlRow(inserted->rows.front()).Id<domain::LonelinessMeasureId>(0));
            out = measure;
            out.id = *new_id;
            return {};
        });
    }

    Result<std::vector<LonelinessMeasure>> OfConsultation(domain::ConsultationId consultation_id) override {
        return SelectRows<LonelinessMeasure>(kSelectOfConsultation, {tenant_, consultation_id.value()}, MeasureOf);
    }

    Result<std::vector<LonelinessMeasure>> OfPerson(domain::PersonId person_id) override {
        return SelectRows<LonelinessMeasure>(kSelectOfPerson, {tenant_, person_id.value()}, MeasureOf);
    }

    Result<std::vector<LonelinessMeasure>> Between(Date first_day, Date end_day) override {
        const std::string from = sql_support::DateText(first_day);
        const std::string to = sql_support::DateText(end_day);
        return SelectRows<LonelinessMeasure>(kSelectBetween, {tenant_, std::string_view(from), std::string_view(to)},
                                             MeasureOf);
    }
};

}  // namespace

std::unique_ptr<domain::LonelinessRepository> MakeLonelinessRepository(SqlExecutor& executor, MunicipalityId tenant) {
    return std::make_unique<SqlLonelinessRepository>(executor, tenant);
}

}  // namespace kasane::storage
