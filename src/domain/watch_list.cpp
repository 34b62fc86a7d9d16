// SPDX-License-Identifier: Apache-2.0
#include "domain/watch_list.hpp"

#include "base/japanese_text.hpp"

namespace kasane::domain {

std::string_view WatchBasisCode(WatchBasis basis) {
    return basis == WatchBasis::kOwnConsent ? "own_consent" : "evacuation_roster";
}

std::string_view WatchBasisLabel(WatchBasis basis) {
    return basis == WatchBasis::kOwnConsent ? "本人同意" : "避難行動要支援者名簿（提供に同意）";
}

std::optional<WatchBasis> ParseWatchBasis(std::string_view code) {
    for (WatchBasis basis : kAllWatchBases) {
        if (WatchBasisCode(basis) == code) return basis;
    }
    return std::nullopt;
}

namespace {

Status RequireText(std::string_view text, std::string_view field, std::size_t max, std::string_view what) {
    if (text.empty()) return Fail(Error::InvalidArgument(std::string(what) + "を入力してください", std::string(field)));
    if (auto valid = ValidateFreeText(text, field, max); !valid) return Fail(valid.error());
    return {};
}

}  // namespace

Status ValidateWatchEntry(const WatchEntry& entry, Date today) {
    if (entry.person_id <= 0) return Fail(Error::InvalidArgument("見守る人を選んでください", "person_id"));
    if (auto valid = RequireText(entry.reason, "reason", 200, "見守りの理由"); !valid) return valid;
    if (entry.frequency_days < 1 || entry.frequency_days > 365) {
        return Fail(Error::InvalidArgument("見守りの頻度は1日から365日ごとの間で指定してください", "frequency_days"));
    }
    // The basis is recorded person by person: the consent (to be watched, or to the provision of the 名簿) has a day.
    if (!entry.consent_on.ok() || entry.consent_on > today) {
        return Fail(Error::InvalidArgument("同意した日を今日までの日付で入力してください", "consent_on"));
    }
    if (entry.last_contact_on && *entry.last_contact_on > today) {
        return Fail(Error::InvalidArgument("最後に連絡した日が未来です", "last_contact_on"));
    }
    if (entry.watchers.empty()) return Fail(Error::InvalidArgument("見守る人を一人以上入れてください", "watchers"));
    for (const Watcher& watcher : entry.watchers) {
        if (auto valid = RequireText(watcher.name, "watchers", 50, "見守る人の名前"); !valid) return valid;
        if (auto valid = RequireText(watcher.role, "watchers", 50, "見守る人の役割"); !valid) return valid;
    }
    return {};
}

Date NextContactDue(const WatchEntry& entry) {
    const Date from = entry.last_contact_on.value_or(entry.consent_on);
    return Date{std::chrono::sys_days{from} + std::chrono::days{entry.frequency_days}};
}

bool IsOverdue(const WatchEntry& entry, Date today) {
    return std::chrono::sys_days{today} > std::chrono::sys_days{NextContactDue(entry)};
}

}  // namespace kasane::domain
