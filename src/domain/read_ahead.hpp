// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading ahead: a capability some stores have (the PostgreSQL one, where every statement is a round trip to
// another process), asked for with dynamic_cast on the Store a service holds. A use case that knows which reads it
// is about to make announces them; the store runs them together (PostgreSQL: in one pipeline, one round trip) and
// serves the repository reads that ask for exactly those statements from what it read, on this thread, until the
// scope ends. A read the store did not read ahead runs as usual, a read ahead that failed is simply not used, and
// writes (and every read inside a transaction) never see read-ahead results. SQLite, in-process, reads nothing ahead:
// a Session scope holds one reader in one read transaction, begun again once the store commits (sqlite_store.cpp).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.hpp"

namespace kasane::domain {

using CaseId = Id<struct CaseTag>;      // as in support_case.hpp
using PersonId = Id<struct PersonTag>;  // as in person.hpp

// Ends the read-ahead when destroyed: the results are dropped and later reads go to the database again.
class ReadAheadScope {
public:
    virtual ~ReadAheadScope() = default;
};

// What a request reads first once its session is known, named by its route before the session is read, so that a
// store can read it with the session (PostgreSQL: in the session's pipeline, one round trip for both). The read is
// made in the municipality of the session; the route names only a read it makes before any write.
struct SessionFollowUp {
    std::optional<OrganizationId> organization;  // OrganizationRepository::Get of this id
};

class ReadAhead {
public:
    virtual ~ReadAhead() = default;
    // What CaseService::Get reads about case `id` of `tenant` besides the access decision: the case with its
    // programmes, categories and team, its household and members, the current and draft plans with their actions,
    // the latest assessment, the eco-map relations, the last 20 notes and the meetings of its person.
    virtual std::unique_ptr<ReadAheadScope> CasePage(MunicipalityId tenant, CaseId id) = 0;
    // What AuthService::AuthenticateSession reads for a session token's hash: the session with its user, and the
    // user's posts; and with them what the request will read next (`then`), in the session's municipality. Each
    // result is served once (the session's to the authentication, the next read's to the handler), so the scope may
    // last the whole request without a read after a write finding what was read before it.
    virtual std::unique_ptr<ReadAheadScope> Session(std::string_view token_hash, const SessionFollowUp& then) = 0;
    // What PersonService reads for the names of the organisations that know a person (KnownTo): each organisation
    // of `ids` of `tenant`, as OrganizationRepository::Get reads it.
    virtual std::unique_ptr<ReadAheadScope> Organizations(MunicipalityId tenant,
                                                          const std::vector<OrganizationId>& ids) = 0;
    // What PersonService::Search reads first when its caller's reach is the whole town, as
    // PersonRepository::FindByGrams reads it with `limit` before it has any result: the candidates of each gram of
    // `exact` (the exact family and given name) in names, and when `inside` is not empty (the bigrams of the query),
    // the reads of `inside` in names and in addresses.
    virtual std::unique_ptr<ReadAheadScope> NameCandidates(MunicipalityId tenant, const std::vector<std::string>& exact,
                                                           const std::vector<std::string>& inside, int limit) = 0;
    // What PersonService::Search reads for a batch of candidates before deciding which it shows: their records, as
    // PersonRepository::GetMany(ids) reads them, and the versions of their access facts that
    // PersonRepository::AccessFactsOfMany(ids) checks its cache against (the facts themselves, when not cached, are
    // read as usual).
    virtual std::unique_ptr<ReadAheadScope> PersonsAndAccessVersions(MunicipalityId tenant,
                                                                     const std::vector<PersonId>& ids) = 0;
};

}  // namespace kasane::domain
