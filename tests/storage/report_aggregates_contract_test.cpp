// SPDX-License-Identifier: Apache-2.0
// The 年度集計's maintained aggregates (issue 18, item 2; domain/report_aggregates.hpp, migrations 53 and 54), on
// SQLite (a fresh file per test) and on PostgreSQL (the throwaway cluster, schema recreated per test). A property
// test: random sequences of consultations, contacts, edits of the 対応結果, voided contacts, persons set on anonymous
// consultations, merges and unmerges, households made, joined and left (dates on both sides of 31 March), persons'
// unknown reasons edited and their 課題と特性 set (the facets of 世帯人員, データの質 and 課題と特性, migration 65) —
// at 23:59 JST on 31 March and 00:00 JST on 1 April among other instants — after which the aggregates equal a recount
// (ReportAggregates::Verify) and the report of each whole 年度, read from them, equals the same 年度 recounted from its
// contacts. The PostgreSQL cases fail, never skip, when the cluster is missing.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <random>
#include <string>
#include <vector>

#include "base/japan_time.hpp"
#include "contract_support.hpp"
#include "domain/consultation.hpp"
#include "domain/report_aggregates.hpp"
#include "domain/repositories.hpp"
#include "storage/bulk_load_port.hpp"
#include "storage/person_traits_port.hpp"
#include "storage/report_aggregates_port.hpp"

namespace kasane::storage {
namespace {

const std::string& PostgresUrl() {
    static const std::string url = CreateDatabase("report_aggregates_contract");
    return url;
}

Instant Jst(int y, unsigned m, unsigned d, int hour, int minute) {
    return FromJstLocal(std::chrono::local_days{std::chrono::year{y} / m / d} + std::chrono::hours{hour} +
                        std::chrono::minutes{minute});
}

void ExpectSameBuckets(const std::vector<domain::CountBucket>& a, const std::vector<domain::CountBucket>& b,
                       const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].code, b[i].code) << what;
        EXPECT_EQ(a[i].contacts, b[i].contacts) << what << " " << a[i].code;
        EXPECT_EQ(a[i].persons, b[i].persons) << what << " " << a[i].code;
    }
}

class ReportAggregatesContractTest : public TwoTownStoreTest {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(OpenTwoTowns(PostgresUrl));
        ASSERT_OK(ta_->Categories().EnsureSeeded(domain::DefaultWorryCategories()));
        auto listed = ta_->Categories().List();
        ASSERT_OK(listed);
        for (const auto& category : *listed) categories_.push_back(category.id);
        ASSERT_GE(categories_.size(), 3U);
        second_org_ = ta_->Organizations().Create(domain::OrganizationKind::kNpo, "NPO").value().id;
    }

    domain::Contact NewContact(Instant at, std::mt19937& random) {
        domain::Contact contact;
        contact.occurred_at = at;
        contact.channel = random() % 2 == 0 ? domain::Channel::kPhone : domain::Channel::kVisit;
        contact.source = random() % 3 == 0 ? domain::Source::kAgency : domain::Source::kSelf;
        contact.organization_id = random() % 2 == 0 ? org_ : second_org_;
        contact.staff_user_id = staff_;
        contact.summary = "対応";
        contact.recorded_at = at;
        return contact;
    }

    // The report of the whole 年度 (read from the aggregates) against the same contacts recounted: the period
    // [1 April, 1 April) less its last millisecond is not a whole 年度, so it is recounted from the contacts.
    void ExpectReportEqualsRecount(int fiscal_year) {
        const Instant from = StartOfFiscalYear(fiscal_year);
        const Instant to = StartOfFiscalYear(fiscal_year + 1);
        auto maintained = ta_->Reports().CountConsultations(from, to);
        auto recounted = ta_->Reports().CountConsultations(from, to - std::chrono::milliseconds{1});
        ASSERT_OK(maintained);
        ASSERT_OK(recounted);
        const std::string year = std::to_string(fiscal_year);
        EXPECT_EQ(maintained->contacts, recounted->contacts) << year;
        EXPECT_EQ(maintained->persons, recounted->persons) << year;
        EXPECT_EQ(maintained->households, recounted->households) << year;
        EXPECT_EQ(maintained->consultations, recounted->consultations) << year;
        ExpectSameBuckets(maintained->by_channel, recounted->by_channel, year + " channel");
        ExpectSameBuckets(maintained->by_source, recounted->by_source, year + " source");
        ExpectSameBuckets(maintained->by_outcome, recounted->by_outcome, year + " outcome");
        ExpectSameBuckets(maintained->by_category, recounted->by_category, year + " category");
        ExpectSameBuckets(maintained->by_field, recounted->by_field, year + " field");
        ExpectSameBuckets(maintained->by_organization, recounted->by_organization, year + " organization");
        ExpectSameBuckets(maintained->by_household_size, recounted->by_household_size, year + " household size");
        auto traits = PersonTraitsOf(*ta_);
        ASSERT_NE(traits, nullptr);
        auto maintained_traits = traits->Count(from, to);
        auto recounted_traits = traits->Count(from, to - std::chrono::milliseconds{1});
        ASSERT_OK(maintained_traits);
        ASSERT_OK(recounted_traits);
        EXPECT_EQ(maintained_traits->persons, recounted_traits->persons) << year;
        EXPECT_EQ(maintained_traits->persons, maintained->persons) << year;
        EXPECT_EQ(maintained_traits->none, recounted_traits->none) << year;
        ASSERT_EQ(maintained_traits->by_trait.size(), recounted_traits->by_trait.size()) << year;
        for (std::size_t i = 0; i < maintained_traits->by_trait.size(); ++i) {
            EXPECT_EQ(maintained_traits->by_trait[i].persons, recounted_traits->by_trait[i].persons)
                << year << " " << domain::PersonTraitCode(maintained_traits->by_trait[i].trait);
        }
        ASSERT_EQ(maintained->person_unknowns.size(), recounted->person_unknowns.size()) << year;
        for (std::size_t i = 0; i < maintained->person_unknowns.size(); ++i) {
            const auto& a = maintained->person_unknowns[i];
            const auto& b = recounted->person_unknowns[i];
            EXPECT_EQ(a.field, b.field) << year;
            EXPECT_EQ(a.unknown, b.unknown) << year << " " << a.field;
            EXPECT_EQ(a.refused, b.refused) << year << " " << a.field;
            EXPECT_EQ(a.not_asked, b.not_asked) << year << " " << a.field;
        }
    }

    // A statement run beside the store, as someone editing the database by hand would.
    void Tamper(const std::string& sql) {
        if (GetParam() == Backend::kPostgres) {
            PostgresExecute(url_, sql);
            return;
        }
        sqlite3* database = nullptr;
        ASSERT_EQ(sqlite3_open(url_.substr(std::string_view("sqlite:").size()).c_str(), &database), SQLITE_OK);
        char* message = nullptr;
        const int status = sqlite3_exec(database, sql.c_str(), nullptr, nullptr, &message);
        const std::string error = message == nullptr ? "" : message;
        sqlite3_free(message);
        sqlite3_close(database);
        ASSERT_EQ(status, SQLITE_OK) << error;
    }

    std::vector<domain::CategoryId> categories_;
    OrganizationId second_org_{};
};

TEST_P(ReportAggregatesContractTest, RandomSequencesLeaveTheAggregatesEqualToARecount) {
    // The instants: both sides of the fiscal boundary in Japan time, and days well inside each 年度.
    const std::vector<Instant> instants{Jst(2025, 3, 31, 23, 59), Jst(2025, 4, 1, 0, 0),    Jst(2024, 4, 1, 0, 0),
                                        Jst(2024, 3, 31, 23, 59), Jst(2024, 9, 15, 10, 30), Jst(2025, 7, 1, 9, 0)};
    auto aggregates = ReportAggregatesOf(*ta_);
    ASSERT_NE(aggregates, nullptr);
    int merges = 0, unmerges = 0, voids = 0, edits = 0;  // what the sequences did, so that each is exercised
    int households_made = 0, joins = 0, leaves = 0, reasons = 0, traits_set = 0;
    auto traits = PersonTraitsOf(*ta_);
    ASSERT_NE(traits, nullptr);
    const std::vector<domain::Date> days{
        domain::Date{std::chrono::year{2025} / 3 / 31}, domain::Date{std::chrono::year{2025} / 4 / 1},
        domain::Date{std::chrono::year{2024} / 3 / 31}, domain::Date{std::chrono::year{2024} / 10 / 1}};
    const std::vector<std::string> fields{"birth_date", "phone", "address", "sex"};
    for (unsigned seed = 1; seed <= 3; ++seed) {
        std::mt19937 random(seed);
        std::vector<domain::PersonId> persons;
        for (int i = 0; i < 6; ++i) {
            persons.push_back(AddPerson("集計" + std::to_string(seed), "太郎" + std::to_string(i)));
        }
        std::vector<domain::ConsultationId> consultations;
        std::vector<std::int64_t> open_merges;
        std::vector<domain::HouseholdId> households;
        auto pick = [&](std::size_t size) { return static_cast<std::size_t>(random() % size); };
        auto member = [&](domain::PersonId person) {
            domain::HouseholdMember added{.person_id = person};
            if (random() % 3 == 0) added.moved_in = days[pick(days.size())];
            if (random() % 4 == 0) added.moved_out = days[pick(days.size())];
            return added;
        };
        for (int step = 0; step < 90; ++step) {
            const Instant at = instants[pick(instants.size())];
            const unsigned action = consultations.empty() ? 0 : random() % 13;
            if (action <= 1) {  // a new consultation, one in five anonymous
                domain::Consultation consultation{.municipality_id = a_.id,
                                                  .receiving_organization_id = org_,
                                                  .received_by_user_id = staff_,
                                                  .chief_complaint = "相談",
                                                  .created_at = at};
                if (random() % 5 != 0) consultation.person_id = persons[pick(persons.size())];
                const domain::CategoryId first = categories_[pick(categories_.size())];
                consultation.categories.push_back({.category_id = first, .most_pressing = true});
                const domain::CategoryId second = categories_[pick(categories_.size())];
                if (second != first) consultation.categories.push_back({.category_id = second, .most_pressing = false});
                consultation.contacts.push_back(NewContact(at, random));
                auto created = ta_->Consultations().Create(consultation);
                ASSERT_OK(created);
                consultations.push_back(created->id);
            } else if (action == 2) {  // another contact
                ASSERT_OK(
                    ta_->Consultations().AddContact(consultations[pick(consultations.size())], NewContact(at, random)));
            } else if (action == 3) {  // an edit: the 対応結果 changes
                auto stored = ta_->Consultations().Get(consultations[pick(consultations.size())]);
                ASSERT_OK(stored);
                const auto outcome =
                    random() % 2 == 0 ? domain::Outcome::kInformationProvided : domain::Outcome::kContinuing;
                ASSERT_OK(ta_->Consultations().SetOutcome(stored->id, stored->version, outcome, "変更"));
                ++edits;
            } else if (action == 4) {  // a contact voided (取消)
                auto stored = ta_->Consultations().Get(consultations[pick(consultations.size())]);
                ASSERT_OK(stored);
                const auto& contact = stored->contacts[pick(stored->contacts.size())];
                if (contact.cancelled) continue;
                ASSERT_OK(ta_->Consultations().CancelContact(
                    stored->id, contact.id, domain::Cancellation{.user_id = staff_, .at = at, .reason = "誤入力"}));
                ++voids;
            } else if (action == 5) {  // an anonymous consultation given its person
                auto stored = ta_->Consultations().Get(consultations[pick(consultations.size())]);
                ASSERT_OK(stored);
                if (stored->person_id) continue;
                ASSERT_OK(ta_->Consultations().SetPerson(stored->id, stored->version, persons[pick(persons.size())]));
            } else if (action == 6) {  // a merge (名寄せ), when both records still stand
                const auto survivor = persons[pick(persons.size())];
                const auto merged = persons[pick(persons.size())];
                auto merge = ta_->Persons().Merge(survivor, merged, staff_, at);
                if (merge) {
                    open_merges.push_back(merge->id);
                    ++merges;
                }
            } else if (action == 7 && !open_merges.empty()) {  // an unmerge
                const std::size_t index = pick(open_merges.size());
                ASSERT_OK(ta_->Persons().Unmerge(open_merges[index], staff_, at));
                open_merges.erase(open_merges.begin() + static_cast<std::ptrdiff_t>(index));
                ++unmerges;
            } else if (action == 8 || (action == 9 && households.empty())) {  // a household of one to three
                domain::Household household{
                    .municipality_id = a_.id, .name = "世帯", .created_by_organization_id = org_, .created_at = at};
                const std::size_t size = 1 + pick(3);
                for (std::size_t i = 0; i < size; ++i)
                    household.members.push_back(member(persons[pick(persons.size())]));
                auto created = ta_->Households().Create(household);
                ASSERT_OK(created);
                households.push_back(created->id);
                ++households_made;
            } else if (action == 9) {  // someone joins a household
                ASSERT_OK(ta_->Households().AddMember(households[pick(households.size())],
                                                      member(persons[pick(persons.size())])));
                ++joins;
            } else if (action == 10 && !households.empty()) {  // someone leaves one (転出), on a boundary day or not
                auto household = ta_->Households().Get(households[pick(households.size())]);
                ASSERT_OK(household);
                const auto& left = household->members[pick(household->members.size())];
                ASSERT_OK(ta_->Households().EndMembership(household->id, left.id, days[pick(days.size())], "転出"));
                ++leaves;
            } else if (action == 11) {  // a person's unknown reasons edited (データの質)
                auto person = ta_->Persons().Get(persons[pick(persons.size())]);
                ASSERT_OK(person);
                domain::PersonData data = person->data;
                const std::string& field = fields[pick(fields.size())];
                const unsigned reason = random() % 4;
                if (reason == 3) {
                    data.unknown_reasons.erase(field);
                } else {
                    data.unknown_reasons[field] = static_cast<domain::UnknownReason>(reason);
                }
                ASSERT_OK(ta_->Persons().Update(person->id, person->version, data, at,
                                                domain::PersonSearchKeys{.name_key = data.family_name}));
                ++reasons;
            } else if (action == 12) {  // a person's 課題と特性 set (an empty set clears them)
                std::vector<domain::PersonTrait> chosen;
                for (const domain::PersonTrait trait : domain::AllPersonTraits()) {
                    if (random() % 4 == 0) chosen.push_back(trait);
                }
                ASSERT_OK(traits->Replace(persons[pick(persons.size())], chosen, staff_, at));
                ++traits_set;
            }
        }
        auto differences = aggregates->Verify();
        ASSERT_OK(differences);
        EXPECT_TRUE(differences->empty()) << "seed " << seed << ": " << differences->front();
        for (int year = 2023; year <= 2025; ++year) ExpectReportEqualsRecount(year);
    }
    EXPECT_GT(merges, 0);
    EXPECT_GT(unmerges, 0);
    EXPECT_GT(voids, 0);
    EXPECT_GT(edits, 0);
    EXPECT_GT(households_made, 0);
    EXPECT_GT(joins, 0);
    EXPECT_GT(leaves, 0);
    EXPECT_GT(reasons, 0);
    EXPECT_GT(traits_set, 0);
}

TEST_P(ReportAggregatesContractTest, ABatchOfConsultationsIsAddedWithMultiRowUpserts) {
    // CreateMany (an import's batch) of more than 256 member rows takes the bulk path of AggregateChange::Flush,
    // onto rows that exist already (the first persons' earlier consultations).
    std::mt19937 random(7);
    std::vector<domain::PersonId> persons;
    for (int i = 0; i < 50; ++i) persons.push_back(AddPerson("一括", "太郎" + std::to_string(i)));
    AddConsultation(persons[0], "先の相談", Jst(2024, 6, 1, 10, 0));
    AddConsultation(persons[1], "先の相談", Jst(2025, 3, 31, 23, 59));
    const std::vector<Instant> instants{Jst(2025, 3, 31, 23, 59), Jst(2025, 4, 1, 0, 0), Jst(2024, 6, 1, 10, 0)};
    std::vector<domain::Consultation> batch;
    for (int i = 0; i < 80; ++i) {
        const Instant at = instants[static_cast<std::size_t>(i) % instants.size()];
        domain::Consultation consultation{.municipality_id = a_.id,
                                          .receiving_organization_id = org_,
                                          .received_by_user_id = staff_,
                                          .person_id = persons[static_cast<std::size_t>(i) % persons.size()],
                                          .chief_complaint = "取込",
                                          .created_at = at};
        consultation.categories.push_back(
            {.category_id = categories_[static_cast<std::size_t>(i) % categories_.size()], .most_pressing = true});
        consultation.contacts.push_back(NewContact(at, random));
        batch.push_back(std::move(consultation));
    }
    ASSERT_OK(ta_->Consultations().CreateMany(batch));
    auto differences = ReportAggregatesOf(*ta_)->Verify();
    ASSERT_OK(differences);
    EXPECT_TRUE(differences->empty()) << differences->front();
    for (int year = 2024; year <= 2025; ++year) ExpectReportEqualsRecount(year);
}

TEST_P(ReportAggregatesContractTest, TheFiscalBoundaryIsJapanTime) {
    const auto person = AddPerson("境界", "花子");
    AddConsultation(person, "三月末", Jst(2025, 3, 31, 23, 59));
    AddConsultation(person, "四月一日", Jst(2025, 4, 1, 0, 0));
    AddConsultation(person, "四月一日", Jst(2025, 4, 1, 0, 0));
    auto last_year = ta_->Reports().CountConsultations(StartOfFiscalYear(2024), StartOfFiscalYear(2025));
    auto this_year = ta_->Reports().CountConsultations(StartOfFiscalYear(2025), StartOfFiscalYear(2026));
    ASSERT_OK(last_year);
    ASSERT_OK(this_year);
    EXPECT_EQ(last_year->contacts, 1);
    EXPECT_EQ(last_year->persons, 1);
    EXPECT_EQ(this_year->contacts, 2);
    EXPECT_EQ(this_year->persons, 1);
    EXPECT_EQ(this_year->consultations, 2);
}

TEST_P(ReportAggregatesContractTest, VerifyNamesATamperedAggregateAndRebuildRepairsIt) {
    const auto person = AddPerson("改竄", "次郎");
    AddConsultation(person, "相談", Jst(2024, 6, 1, 10, 0));
    auto aggregates = ReportAggregatesOf(*ta_);
    ASSERT_NE(aggregates, nullptr);
    ASSERT_TRUE(aggregates->Verify().value().empty());
    ASSERT_NO_FATAL_FAILURE(Tamper("UPDATE report_contact_days SET contacts = contacts + 1 WHERE bucket = 'all'"));
    auto differences = aggregates->Verify();
    ASSERT_OK(differences);
    ASSERT_EQ(differences->size(), 1U);
    EXPECT_EQ(differences->front(), "延べ 2024-06-01 all: 記録から 1, 集計表 2");
    // The other town's aggregates are not this town's.
    EXPECT_TRUE(ReportAggregatesOf(*tb_)->Verify().value().empty());
    ASSERT_OK(aggregates->Rebuild());
    EXPECT_TRUE(aggregates->Verify().value().empty());
    // The facets too (migration 65): the person is in no household, so 世帯人員 不明.
    ASSERT_NO_FATAL_FAILURE(Tamper("UPDATE report_year_facets SET persons = 2 WHERE facet = 'household_size:unknown'"));
    differences = aggregates->Verify();
    ASSERT_OK(differences);
    ASSERT_EQ(differences->size(), 1U);
    EXPECT_EQ(differences->front(), "人数 2024年度 household_size:unknown: 記録から 1, 集計表 2");
    ASSERT_OK(aggregates->Rebuild());
    EXPECT_TRUE(aggregates->Verify().value().empty());
}

// The generator writes its batches inside Store::Transaction: the bulk session's suspension of the upkeep must hold
// there too (it did not, and the 100,000-person set's contacts were kept row by row), and Finish() recounts.
TEST_P(ReportAggregatesContractTest, ABulkSessionPutsTheUpkeepOffInsideTransactionsAndRecountsAtItsEnd) {
    const auto person = AddPerson("一括", "読込");
    auto bulk = BulkLoadOf(*store_, a_.id);
    ASSERT_NE(bulk, nullptr);
    ASSERT_OK(bulk->Begin());
    ASSERT_OK(store_->Transaction([&](domain::Store& transaction) -> Status {
        domain::Consultation consultation{.municipality_id = a_.id,
                                          .receiving_organization_id = org_,
                                          .received_by_user_id = staff_,
                                          .person_id = person,
                                          .chief_complaint = "一括",
                                          .created_at = Jst(2024, 6, 1, 10, 0)};
        std::mt19937 random(3);
        consultation.contacts.push_back(NewContact(Jst(2024, 6, 1, 10, 0), random));
        auto created = transaction.Tenant(a_.id)->Consultations().Create(consultation);
        if (!created) return Fail(created.error());
        return {};
    }));
    auto aggregates = ReportAggregatesOf(*ta_);
    ASSERT_NE(aggregates, nullptr);
    auto during = aggregates->Verify();
    ASSERT_OK(during);
    EXPECT_FALSE(during->empty()) << "the transaction's contact was counted during the bulk session";
    ASSERT_OK(bulk->Finish());
    auto after = aggregates->Verify();
    ASSERT_OK(after);
    EXPECT_TRUE(after->empty()) << after->front();
    ExpectReportEqualsRecount(2024);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportAggregatesContractTest, testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace kasane::storage
