// SPDX-License-Identifier: Apache-2.0
#pragma once

// The port of 人材育成 (training.hpp). Same conventions as repositories.hpp: every method acts within the
// TenantStore's municipality; a record of another municipality is kNotFound, and a reference to one (a course, a
// session, a user) is kInvalidArgument naming the field.

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "base/result.hpp"
#include "domain/training.hpp"

namespace kasane::domain {

class TrainingRepository {
public:
    virtual ~TrainingRepository() = default;
    virtual Result<TrainingCourse> AddCourse(const TrainingCourse& course) = 0;
    virtual Result<TrainingCourse> GetCourse(TrainingCourseId id) = 0;
    // The courses of one 年度, or of every 年度; by 年度, then id.
    virtual Result<std::vector<TrainingCourse>> Courses(std::optional<int> fiscal_year) = 0;
    virtual Result<TrainingSession> AddSession(const TrainingSession& session) = 0;
    // The sessions of one course, or of every course of a 年度 (course_id empty); by date, then id.
    virtual Result<std::vector<TrainingSession>> Sessions(std::optional<TrainingCourseId> course_id,
                                                          std::optional<int> fiscal_year) = 0;
    // Stores a new attendee with the sessions attended.
    virtual Result<TrainingAttendee> AddAttendee(const TrainingAttendee& attendee) = 0;
    virtual Result<TrainingAttendee> GetAttendee(TrainingAttendeeId id) = 0;
    // The attendees of one course, or of every course of a 年度; by id, each with its sessions.
    virtual Result<std::vector<TrainingAttendee>> Attendees(std::optional<TrainingCourseId> course_id,
                                                            std::optional<int> fiscal_year) = 0;
    virtual Status SetCompletion(TrainingAttendeeId id, Completion completion) = 0;
};

class TenantStore;
// The repository of a tenant store (of the store or of a transaction), given by the composition root
// (storage::TrainingOf), as CommunityRepositories is.
using TrainingRepositories = std::function<std::unique_ptr<TrainingRepository>(TenantStore&)>;

}  // namespace kasane::domain
