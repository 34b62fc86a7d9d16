// SPDX-License-Identifier: Apache-2.0
#pragma once

// The use cases of 人材育成 (training.hpp). Who records courses, sessions and attendees, and who reads them and the
// 年度's totals, is the access policy's (MayRecordTraining, MayReadTrainingTotals). A course's page names its
// attendees: each read of it is audited; every change is made in one transaction with its audit entry.

#include <optional>
#include <string_view>
#include <vector>

#include "base/time.hpp"
#include "domain/intake.hpp"
#include "domain/report_file.hpp"
#include "domain/repositories.hpp"
#include "domain/training.hpp"
#include "domain/training_repositories.hpp"

namespace kasane::domain {

struct TrainingCourseRow {
    TrainingCourse course;
    TraineeCounts counts;  // the course's own 研修受講者数
};

struct TrainingYear {
    int fiscal_year = 0;
    std::vector<TrainingCourseRow> courses;
    TrainingTotals totals;
    bool may_edit = false;
};

struct TrainingCourseView {
    TrainingCourse course;
    std::vector<TrainingSession> sessions;
    std::vector<TrainingAttendee> attendees;
    TraineeCounts counts;
    bool may_edit = false;
};

class TrainingService {
public:
    TrainingService(Store& store, TrainingRepositories repositories, const Clock& clock);

    // The 年度 in Japan today (the default of the pages).
    int CurrentFiscalYear() const;
    // 研修受講者数 of a 年度 (TrainingTotalsOf), for the 評価指標: MayReadTrainingTotals; an unknown 年度 refused
    // (ValidateFiscalYear).
    Result<TrainingTotals> Totals(const Actor& actor, int fiscal_year);
    // The 年度's courses with their counts and the totals.
    Result<TrainingYear> Year(const Actor& actor, int fiscal_year);
    // The 年度's totals and courses as a file (training_file.hpp): who reads the totals and holds the export right
    // (export_rights.hpp: AuthorizeExport); audited as an export, with its row count, before the file leaves.
    Result<ReportExport> Export(const Actor& actor, int fiscal_year, ReportFormat format);
    // One course with its sessions and named attendees (MayRecordTraining; the read audited).
    Result<TrainingCourseView> Course(const Actor& actor, TrainingCourseId id);

    // MayRecordTraining, and the rules of training.hpp.
    Result<TrainingCourse> AddCourse(const Actor& actor, const TrainingCourse& course);
    Result<TrainingSession> AddSession(const Actor& actor, const TrainingSession& session);
    // A named attendee: a user of the town (user_id; the name is the user's) or a name typed.
    Result<TrainingAttendee> AddAttendee(const Actor& actor, const TrainingAttendee& attendee);
    // 修了 (or not) for an attendee: only one who attended (ValidateAttendee).
    Result<TrainingAttendee> SetCompletion(const Actor& actor, TrainingAttendeeId id, Completion completion);

private:
    Result<OrganizationKind> KindOf(const Actor& actor);
    Status CheckRecorder(const Actor& actor);
    // One recording by a recorder, in one transaction: `write(tenant, training, now)` checks and writes, answering the
    // saved record, whose creation is audited as `record_type`.
    template <class T, class Write>
    Result<T> Record(const Actor& actor, std::string_view record_type, Write write);

    Store& store_;
    TrainingRepositories repositories_;
    const Clock& clock_;
};

}  // namespace kasane::domain
