// SPDX-License-Identifier: Apache-2.0
#include "domain/report_explain.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/access_policy.hpp"
#include "domain/intake_support.hpp"
#include "domain/report_aggregates.hpp"
#include "domain/report_definition.hpp"
#include "domain/town_period_counts.hpp"

namespace kasane::domain {

using namespace intake_support;  // NOLINT(google-build-using-namespace)

namespace {

std::optional<ExplainMeasure> MeasureOf(std::string_view text) {
    if (text == "contacts") return ExplainMeasure::kContacts;
    if (text == "persons") return ExplainMeasure::kPersons;
    if (text == "households") return ExplainMeasure::kHouseholds;
    if (text == "consultations") return ExplainMeasure::kConsultations;
    return std::nullopt;
}

std::string_view MeasureCode(ExplainMeasure measure) {
    switch (measure) {
        case ExplainMeasure::kContacts: return "contacts";
        case ExplainMeasure::kPersons: return "persons";
        case ExplainMeasure::kHouseholds: return "households";
        case ExplainMeasure::kConsultations: return "consultations";
        case ExplainMeasure::kMeetingsHeld: return "held";
        case ExplainMeasure::kCases: return "cases";
    }
    return "contacts";
}

bool InCell(const ExplainCell& cell, const CountedContact& contact, const HouseholdSizes& sizes) {
    if (cell.breakdown.empty()) return true;
    if (cell.breakdown == "trait") return false;  // by the person's traits (TraitContactsBehind)
    if (cell.breakdown == "channel") return contact.channel == cell.code;
    if (cell.breakdown == "source") return contact.source == cell.code;
    if (cell.breakdown == "organization") return contact.organization == cell.code;
    if (cell.breakdown == "outcome") return contact.outcome == cell.code;
    // 世帯人員: the person's household on the period's last day; an anonymous contact, or a person in none, is 不明.
    if (cell.breakdown == "household_size") {
        std::optional<long long> size;
        if (contact.person_id) {
            if (auto found = sizes.find(*contact.person_id); found != sizes.end()) size = found->second;
        }
        return HouseholdSizeBuckets().at(HouseholdSizeIndex(size)).code == cell.code;
    }
    // 分野: a contact is under each 分野 its categories touch, once (as CountConsultations counts it).
    if (cell.breakdown == "field") {
        return std::ranges::any_of(contact.category_codes, [&cell](const std::string& code) {
            return FieldCode(FieldOfCategory(code)) == cell.code;
        });
    }
    return std::ranges::find(contact.category_codes, cell.code) != contact.category_codes.end();
}

std::string_view BreakdownTitle(std::string_view breakdown) {
    const ReportCellDefinition* definition = FindCellDefinition(FiscalYearReportDefinition(), breakdown);
    return definition ? definition->label : breakdown;
}

// The body a `meetings:body:<id>` cell names.
std::optional<MeetingBodyId> BodyOfCell(const ExplainCell& cell) {
    if (!cell.code.starts_with("body:")) return std::nullopt;
    const std::string_view digits = std::string_view(cell.code).substr(5);
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (error != std::errc{} || end != digits.data() + digits.size() || digits.empty() || id <= 0) return std::nullopt;
    return MeetingBodyId{id};
}

std::optional<std::pair<long long, std::string>> MeetingsFigure(const ReportCaseCounts& cases,
                                                                const ExplainCell& cell) {
    if (cell.code.empty())
        return std::pair{cases.all_meetings.meetings_held.Value(), std::string("会議の開催回数（合計）")};
    if (cell.code == "internal") {
        return std::pair{cases.internal_meetings.meetings_held.Value(), std::string("法定外の庁内会議の開催回数")};
    }
    const std::optional<MeetingBodyId> body = BodyOfCell(cell);
    for (const ReportMeetings& row : cases.by_body) {
        if (body && row.body_id == body) return std::pair{row.meetings_held.Value(), "「" + row.name + "」の開催回数"};
    }
    return std::nullopt;
}

// The report's figure of the cell, and its label: nullopt for a row the report does not have.
std::optional<std::pair<long long, std::string>> ReportFigure(const FiscalYearReport& report, const ExplainCell& cell) {
    if (cell.breakdown == kMeetingsBreakdown) return MeetingsFigure(report.cases, cell);
    if (cell.breakdown == kCasesBreakdown) {
        if (cell.code == "opened") return std::pair{report.cases.cases_opened.Value(), std::string("ケース開始件数")};
        if (cell.code == "closed") return std::pair{report.cases.cases_closed.Value(), std::string("ケース終結件数")};
        return std::pair{report.cases.plans_approved.Value(), std::string("プラン作成件数")};
    }
    if (cell.breakdown.empty()) {
        const ReportCellDefinition* definition =
            FindCellDefinition(FiscalYearReportDefinition(), MeasureCode(cell.measure));
        const std::string label(definition ? definition->label : MeasureCode(cell.measure));
        switch (cell.measure) {
            case ExplainMeasure::kContacts: return std::pair{report.contacts.Value(), label};
            case ExplainMeasure::kPersons: return std::pair{report.persons.Value(), label};
            case ExplainMeasure::kHouseholds: return std::pair{report.households.Value(), label};
            case ExplainMeasure::kConsultations: return std::pair{report.consultations.Value(), label};
            case ExplainMeasure::kMeetingsHeld:
            case ExplainMeasure::kCases: return std::nullopt;
        }
    }
    const std::vector<ReportBucket>* buckets = BucketsOf(report, cell.breakdown);
    if (buckets == nullptr) return std::nullopt;
    for (const ReportBucket& bucket : *buckets) {
        if (bucket.code != cell.code) continue;
        const bool persons = cell.measure == ExplainMeasure::kPersons;
        return std::pair{(persons ? bucket.persons : bucket.contacts).Value(),
                         std::string(BreakdownTitle(cell.breakdown)) + "「" +
                             (bucket.label.empty() ? bucket.code : bucket.label) + "」の" +
                             (persons ? "実人数" : "延べ件数")};
    }
    return std::nullopt;
}

std::map<std::string, std::string, std::less<>> LabelsOf(const std::vector<ReportBucket>& buckets) {
    std::map<std::string, std::string, std::less<>> labels;
    for (const ReportBucket& bucket : buckets) labels.emplace(bucket.code, bucket.label);
    return labels;
}

std::string LabelOf(const std::map<std::string, std::string, std::less<>>& labels, const std::string& code) {
    auto found = labels.find(code);
    return found == labels.end() || found->second.empty() ? code : found->second;
}

}  // namespace

const std::vector<ReportBucket>* BucketsOf(const FiscalYearReport& report, std::string_view breakdown) {
    if (breakdown == "category") return &report.by_category;
    if (breakdown == "channel") return &report.by_channel;
    if (breakdown == "source") return &report.by_source;
    if (breakdown == "organization") return &report.by_organization;
    if (breakdown == "outcome") return &report.by_outcome;
    if (breakdown == "field") return &report.by_field;
    if (breakdown == "household_size") return &report.by_household_size;
    if (breakdown == "trait") return &report.by_trait;
    return nullptr;
}

Result<ExplainCell> ParseExplainCell(std::string_view text) {
    const Error bad = Error::InvalidArgument(
        "集計の欄の指定が正しくありません（例: contacts, persons, category:debt:contacts）", "cell");
    if (auto measure = MeasureOf(text)) return ExplainCell{.breakdown = "", .code = "", .measure = *measure};
    if (text == "cases:opened" || text == "cases:closed" || text == "cases:plans_approved") {
        return ExplainCell{.breakdown = std::string(kCasesBreakdown),
                           .code = std::string(text.substr(6)),
                           .measure = ExplainMeasure::kCases};
    }
    // 会議の開催状況: meetings:held, meetings:internal:held, meetings:body:<id>:held.
    if (text.starts_with("meetings:") && text.ends_with(":held")) {
        ExplainCell cell{
            .breakdown = std::string(kMeetingsBreakdown), .code = "", .measure = ExplainMeasure::kMeetingsHeld};
        if (text == "meetings:held") return cell;
        if (text.size() <= 14) return Fail(bad);
        cell.code = std::string(text.substr(9, text.size() - 9 - 5));
        if (cell.code == "internal" || BodyOfCell(cell)) return cell;
        return Fail(bad);
    }
    const std::size_t first = text.find(':');
    const std::size_t last = text.rfind(':');
    if (first == std::string_view::npos || first == last || first == 0 || last == first + 1) return Fail(bad);
    const std::string_view breakdown = text.substr(0, first);
    const std::string_view code = text.substr(first + 1, last - first - 1);
    auto measure = MeasureOf(text.substr(last + 1));
    if (std::ranges::find(kExplainBreakdowns, breakdown) == std::end(kExplainBreakdowns) || !measure ||
        (*measure != ExplainMeasure::kContacts && *measure != ExplainMeasure::kPersons) || code.size() > 100 ||
        (breakdown == "trait" && *measure != ExplainMeasure::kPersons)) {
        return Fail(bad);
    }
    return ExplainCell{.breakdown = std::string(breakdown), .code = std::string(code), .measure = *measure};
}

std::string ExplainCellKey(const ExplainCell& cell) {
    if (cell.breakdown.empty()) return std::string(MeasureCode(cell.measure));
    if (cell.breakdown == kCasesBreakdown) return "cases:" + cell.code;
    if (cell.breakdown == kMeetingsBreakdown) return "meetings:" + (cell.code.empty() ? "" : cell.code + ":") + "held";
    return cell.breakdown + ":" + cell.code + ":" + std::string(MeasureCode(cell.measure));
}

std::vector<CountedContact> ContactsBehind(const ExplainCell& cell, const std::vector<CountedContact>& counted,
                                           const HouseholdSizes& sizes) {
    std::vector<CountedContact> behind;
    for (const CountedContact& contact : counted) {
        if (InCell(cell, contact, sizes)) behind.push_back(contact);
    }
    return behind;
}

Result<HouseholdSizes> HouseholdSizesOf(TenantStore& tenant, const std::vector<CountedContact>& counted,
                                        Date last_day) {
    // Each person counted (a survivor) with the records merged into it, as the count maps a membership to its
    // survivor.
    std::unordered_map<PersonId, PersonId> survivor_of;
    std::vector<PersonId> members;
    for (const CountedContact& contact : counted) {
        if (!contact.person_id || survivor_of.contains(*contact.person_id)) continue;
        auto group = tenant.Persons().IdentityGroup(*contact.person_id);
        if (!group) return Fail(group.error());
        for (PersonId id : *group) {
            if (survivor_of.emplace(id, *contact.person_id).second) members.push_back(id);
        }
    }
    HouseholdSizes sizes;
    if (members.empty()) return sizes;
    auto households = tenant.Households().OfPersons(members);
    if (!households) return Fail(households.error());
    // Each survivor's group and households, then the rule the 年度集計 counts by (HouseholdSizeOn).
    std::unordered_map<PersonId, std::vector<PersonId>> groups;
    for (const auto& [record, survivor] : survivor_of) groups[survivor].push_back(record);
    std::unordered_map<PersonId, std::vector<const Household*>> households_of;
    for (const Household& household : *households) {
        for (const HouseholdMember& member : household.members) {
            const auto survivor = survivor_of.find(member.person_id);
            if (survivor == survivor_of.end()) continue;
            auto& own = households_of[survivor->second];
            if (std::find(own.begin(), own.end(), &household) == own.end()) own.push_back(&household);
        }
    }
    for (const auto& [survivor, own] : households_of) {
        if (const auto size = HouseholdSizeOn(groups[survivor], own, last_day)) sizes[survivor] = *size;
    }
    return sizes;
}

std::vector<CountedContact> TraitContactsBehind(const ExplainCell& cell, const std::vector<CountedContact>& counted,
                                                const std::vector<CountedPersonTraits>& traits) {
    std::set<PersonId> carrying;
    std::set<PersonId> with_any;
    for (const CountedPersonTraits& person : traits) {
        if (!person.traits.empty()) with_any.insert(person.person_id);
        for (const PersonTrait trait : person.traits) {
            if (PersonTraitCode(trait) == cell.code) carrying.insert(person.person_id);
        }
    }
    const bool none = cell.code == kNoTraitCode;
    std::vector<CountedContact> behind;
    for (const CountedContact& contact : counted) {
        if (!contact.person_id) continue;
        if (none ? !with_any.contains(*contact.person_id) : carrying.contains(*contact.person_id)) {
            behind.push_back(contact);
        }
    }
    return behind;
}

long long FigureOfContacts(const ExplainCell& cell, const std::vector<CountedContact>& behind) {
    std::set<std::int64_t> distinct;
    for (const CountedContact& contact : behind) {
        switch (cell.measure) {
            case ExplainMeasure::kContacts: distinct.insert(contact.contact_id); break;
            case ExplainMeasure::kPersons:
                if (contact.person_id) distinct.insert(contact.person_id->value());
                break;
            case ExplainMeasure::kHouseholds:
                if (contact.household_id) distinct.insert(contact.household_id->value());
                break;
            case ExplainMeasure::kConsultations: distinct.insert(contact.consultation_id.value()); break;
            case ExplainMeasure::kMeetingsHeld:
            case ExplainMeasure::kCases: break;  // meetings or cases, not contacts
        }
    }
    return static_cast<long long>(distinct.size());
}

std::vector<Meeting> MeetingsBehind(const ExplainCell& cell, const std::vector<Meeting>& meetings,
                                    const std::vector<MeetingBody>& bodies, Date first_day, Date end_day) {
    std::unordered_map<std::int64_t, LegalBasis> basis;
    for (const MeetingBody& body : bodies) basis.emplace(body.id.value(), body.legal_basis);
    const std::optional<MeetingBodyId> named = BodyOfCell(cell);
    std::vector<Meeting> behind;
    for (const Meeting& meeting : meetings) {
        if (meeting.held_on < first_day || !(meeting.held_on < end_day)) continue;
        bool in = false;
        if (named) {
            in = meeting.body_id == *named || meeting.joint_body_id == named;
        } else {
            // By the basis of the meeting's own body, a joint meeting once (as CaseRepository::Count).
            auto found = basis.find(meeting.body_id.value());
            const bool internal = found != basis.end() && found->second == LegalBasis::kInternalLiaison;
            in = found != basis.end() && internal == (cell.code == "internal");
        }
        if (in) behind.push_back(meeting);
    }
    return behind;
}

std::vector<SupportCase> CasesBehind(const ExplainCell& cell, const std::vector<SupportCase>& cases, Date first_day,
                                     Date end_day) {
    std::vector<SupportCase> behind;
    for (const SupportCase& support_case : cases) {
        const bool in = cell.code == "opened"
                            ? !(support_case.opened_on < first_day) && support_case.opened_on < end_day
                            : support_case.status == CaseStatus::kClosed && support_case.closed_on &&
                                  !(*support_case.closed_on < first_day) && *support_case.closed_on < end_day;
        if (in) behind.push_back(support_case);
    }
    return behind;
}

std::vector<SupportPlan> PlansApprovedBehind(const std::vector<SupportPlan>& plans, Date first_day, Date end_day) {
    std::vector<SupportPlan> behind;
    for (const SupportPlan& plan : plans) {
        if (plan.approved_on && !(*plan.approved_on < first_day) && *plan.approved_on < end_day) {
            behind.push_back(plan);
        }
    }
    return behind;
}

namespace {

// The cases behind a `cases` cell: every case of the town read once (CaseRepository::List), those the cell counts
// kept; the title only where the reader sees the person in full (as the case list shows a case), each shown case
// audited as a search of it (as the case list does).
Status ExplainCases(TenantStore& tenant, const Actor& actor, OrganizationKind kind, const Clock& clock,
                    AuditRecorder& audit, const ExplainCell& cell, const ReportPeriod& period,
                    ReportExplanation& explanation) {
    CaseFilter all;
    all.limit = std::numeric_limits<int>::max();
    auto listed = tenant.Cases().List(all);
    if (!listed) return Fail(listed.error());
    std::vector<SupportCase> cases;
    for (CaseListItem& item : *listed) cases.push_back(std::move(item.support_case));
    std::ranges::sort(cases, {}, [](const SupportCase& support_case) { return support_case.id.value(); });
    const Date first = period.first_day;
    const Date end = period.EndDay();
    std::vector<SupportCase> behind;
    if (cell.code == "plans_approved") {
        behind = cases;
    } else {
        behind = CasesBehind(cell, cases, first, end);
    }
    for (const SupportCase& support_case : behind) {
        if (cell.code == "plans_approved") {
            auto plans = tenant.Plans().OfCase(support_case.id);
            if (!plans) return Fail(plans.error());
            std::vector<SupportPlan> approved = PlansApprovedBehind(*plans, first, end);
            std::ranges::sort(approved, {}, &SupportPlan::plan_version);
            for (const SupportPlan& plan : approved) {
                explanation.cases.push_back({.case_id = support_case.id,
                                             .title = support_case.title,
                                             .on = *plan.approved_on,
                                             .plan_version = plan.plan_version});
            }
        } else {
            explanation.cases.push_back(
                {.case_id = support_case.id,
                 .title = support_case.title,
                 .on = cell.code == "opened" ? support_case.opened_on : support_case.closed_on.value_or(Date{}),
                 .plan_version = std::nullopt});
        }
    }
    // The reader's decision on each case's person: the title only in full view (CaseService::List).
    std::unordered_map<std::int64_t, PersonId> person_of;
    std::vector<PersonId> person_ids;
    for (const SupportCase& support_case : behind) person_of.emplace(support_case.id.value(), support_case.person_id);
    for (const ExplainedCase& row : explanation.cases) {
        const PersonId person = person_of.at(row.case_id.value());
        if (std::ranges::find(person_ids, person) == person_ids.end()) person_ids.push_back(person);
    }
    std::set<PersonId> full;
    if (!person_ids.empty()) {
        auto facts = tenant.Persons().AccessFactsOfMany(person_ids);
        if (!facts) return Fail(facts.error());
        const Viewer viewer = ViewerOf(actor, kind);
        for (const PersonAccessFacts& person_facts : *facts) {
            if (DecideAccess(viewer, person_facts, clock.Now()).level == ViewLevel::kFull) {
                full.insert(person_facts.person_id);
            }
        }
    }
    const Instant now = clock.Now();
    std::set<std::int64_t> audited;
    for (ExplainedCase& row : explanation.cases) {
        const PersonId person = person_of.at(row.case_id.value());
        if (!full.contains(person)) {
            row.title = std::nullopt;
            continue;
        }
        if (audited.insert(row.case_id.value()).second) {
            audit.Record(
                EntryFor(actor, now, AuditAction::kSearch, "case", row.case_id.value(), person, "report_explain"));
        }
    }
    explanation.listed_figure = static_cast<long long>(explanation.cases.size());
    return {};
}

// The meetings behind a `meetings` cell, as listed: the bodies' names, the numbers of the agenda, no person.
Status ExplainMeetings(TenantStore& tenant, const ExplainCell& cell, const ReportPeriod& period,
                       ReportExplanation& explanation) {
    auto bodies = tenant.Meetings().ListBodies();
    if (!bodies) return Fail(bodies.error());
    auto meetings = tenant.Meetings().ListMeetings(std::nullopt);
    if (!meetings) return Fail(meetings.error());
    std::unordered_map<std::int64_t, const MeetingBody*> by_id;
    for (const MeetingBody& body : *bodies) by_id.emplace(body.id.value(), &body);
    const auto name_of = [&by_id](MeetingBodyId id) {
        auto found = by_id.find(id.value());
        return found == by_id.end() ? std::to_string(id.value()) : found->second->display_name;
    };
    for (const Meeting& meeting : MeetingsBehind(cell, *meetings, *bodies, period.first_day, period.EndDay())) {
        auto own = by_id.find(meeting.body_id.value());
        ExplainedMeeting row{.meeting_id = meeting.id,
                             .held_on = meeting.held_on,
                             .body = name_of(meeting.body_id),
                             .joint_body = std::nullopt,
                             .internal = own != by_id.end() && own->second->legal_basis == LegalBasis::kInternalLiaison,
                             .person_items = 0,
                             .case_items = 0};
        if (meeting.joint_body_id) row.joint_body = name_of(*meeting.joint_body_id);
        for (const AgendaItem& item : meeting.agenda) {
            if (item.person_id.value() != 0) ++row.person_items;
            if (item.case_id) ++row.case_items;
        }
        explanation.meetings.push_back(std::move(row));
    }
    explanation.listed_figure = static_cast<long long>(explanation.meetings.size());
    return {};
}

}  // namespace

Result<ReportExplanation> ExplainReportCell(Store& store, const PersonTraitRepositories& traits, const Clock& clock,
                                            AuditRecorder& audit, const Actor& actor, const ReportPeriod& period,
                                            std::string_view cell_text) {
    auto kind = OrganizationKindOf(store, actor);
    if (!kind) return Fail(kind.error());
    // Only exact figures are explained: a list of two records is a small cell shown.
    if (!MayReadTownReports(actor.principal, *kind) || FiguresFor(actor.principal, *kind) != Figures::kExact) {
        return Fail(Error::NotFound());
    }
    auto cell = ParseExplainCell(cell_text);
    if (!cell) return Fail(cell.error());
    auto report = ReadTownPeriod(store, traits, actor.Tenant(), period, Figures::kExact);
    if (!report) return Fail(report.error());
    auto figure = ReportFigure(*report, *cell);
    if (!figure) return Fail(Error::NotFound("集計にこの欄はありません"));
    auto tenant = store.Tenant(actor.Tenant());
    const ReportDefinition& definition = FiscalYearReportDefinition();
    if (cell->breakdown == kMeetingsBreakdown || cell->breakdown == kCasesBreakdown) {
        const ReportCellDefinition* listing_definition = FindCellDefinition(definition, cell->breakdown);
        ReportExplanation explanation{
            .period = period,
            .label = report->label,
            .definition = DefinitionLabel(definition),
            .cell = ExplainCellKey(*cell),
            .cell_label = figure->second,
            .cell_definition = std::string(listing_definition ? listing_definition->definition : ""),
            .figure = figure->first,
            .listed_figure = 0,
            .records = {},
            .meetings = {},
            .cases = {}};
        auto listed = cell->breakdown == kCasesBreakdown
                          ? ExplainCases(*tenant, actor, *kind, clock, audit, *cell, period, explanation)
                          : ExplainMeetings(*tenant, *cell, period, explanation);
        if (!listed) return Fail(listed.error());
        AuditEntry entry = EntryFor(actor, clock.Now(), AuditAction::kRead, "report", period.fiscal_year, std::nullopt,
                                    "report_explain");
        entry.detail = "cell=" + explanation.cell + " meetings=" + std::to_string(explanation.meetings.size()) +
                       " cases=" + std::to_string(explanation.cases.size());
        audit.Record(std::move(entry));
        return explanation;
    }
    auto counted = tenant->Reports().ListCountedContacts(period.From(), period.To());
    if (!counted) return Fail(counted.error());
    std::vector<CountedContact> behind;
    if (cell->breakdown == "trait") {
        // A row of by_trait exists only when `traits` reads (ReadTownPeriod), so the repository is there.
        auto repository = traits(*tenant);
        if (!repository) return Fail(Error::NotFound("集計にこの欄はありません"));
        auto persons = repository->CountedPersons(period.From(), period.To());
        if (!persons) return Fail(persons.error());
        behind = TraitContactsBehind(*cell, *counted, *persons);
    } else {
        HouseholdSizes sizes;
        if (cell->breakdown == "household_size") {
            auto read = HouseholdSizesOf(*tenant, *counted, period.last_day);
            if (!read) return Fail(read.error());
            sizes = std::move(*read);
        }
        behind = ContactsBehind(*cell, *counted, sizes);
    }

    // The persons as the reader may see them: the same decision as the person's page (DecideAccess, masked).
    std::vector<PersonId> person_ids;
    for (const CountedContact& contact : behind) {
        if (contact.person_id && std::ranges::find(person_ids, *contact.person_id) == person_ids.end()) {
            person_ids.push_back(*contact.person_id);
        }
    }
    std::unordered_map<PersonId, std::string> names;
    if (!person_ids.empty()) {
        auto facts = tenant->Persons().AccessFactsOfMany(person_ids);
        if (!facts) return Fail(facts.error());
        const Viewer viewer = ViewerOf(actor, *kind);
        std::vector<PersonId> visible;
        std::unordered_map<PersonId, AccessDecision> decisions;
        for (const PersonAccessFacts& person_facts : *facts) {
            AccessDecision decision = DecideAccess(viewer, person_facts, clock.Now());
            if (!decision.Allowed()) continue;
            visible.push_back(person_facts.person_id);
            decisions.emplace(person_facts.person_id, std::move(decision));
        }
        if (!visible.empty()) {
            auto persons = tenant->Persons().GetMany(visible);
            if (!persons) return Fail(persons.error());
            for (Person& person : *persons) {
                const PersonId id = person.id;
                names.emplace(id, MaskPerson(std::move(person), decisions.at(id)).FullName());
            }
        }
    }

    const ReportCellDefinition* cell_definition =
        FindCellDefinition(definition, cell->breakdown.empty() ? MeasureCode(cell->measure) : cell->breakdown);
    ReportExplanation explanation{.period = period,
                                  .label = report->label,
                                  .definition = DefinitionLabel(definition),
                                  .cell = ExplainCellKey(*cell),
                                  .cell_label = figure->second,
                                  .cell_definition = std::string(cell_definition ? cell_definition->definition : ""),
                                  .figure = figure->first,
                                  .listed_figure = FigureOfContacts(*cell, behind),
                                  .records = {},
                                  .meetings = {},
                                  .cases = {}};
    const auto categories = LabelsOf(report->by_category);
    const auto channels = LabelsOf(report->by_channel);
    const auto sources = LabelsOf(report->by_source);
    const Instant now = clock.Now();
    std::set<ConsultationId> audited;
    for (const CountedContact& contact : behind) {
        ExplainedRecord record{.contact_id = contact.contact_id,
                               .consultation_id = contact.consultation_id,
                               .occurred_at = contact.occurred_at,
                               .person_id = std::nullopt,
                               .person = "匿名",
                               .categories = {},
                               .channel = LabelOf(channels, contact.channel),
                               .source = LabelOf(sources, contact.source)};
        if (contact.person_id) {
            auto name = names.find(*contact.person_id);
            if (name != names.end()) {
                record.person_id = contact.person_id;
                record.person = name->second;
            } else {
                record.person = "閲覧できない方";
            }
        }
        for (const std::string& code : contact.category_codes) record.categories.push_back(LabelOf(categories, code));
        if (audited.insert(contact.consultation_id).second) {
            audit.Record(EntryFor(actor, now, AuditAction::kSearch, "consultation", contact.consultation_id.value(),
                                  record.person_id, "report_explain"));
        }
        explanation.records.push_back(std::move(record));
    }
    AuditEntry entry =
        EntryFor(actor, now, AuditAction::kRead, "report", period.fiscal_year, std::nullopt, "report_explain");
    entry.detail = "cell=" + explanation.cell + " records=" + std::to_string(explanation.records.size());
    audit.Record(std::move(entry));
    return explanation;
}

}  // namespace kasane::domain
