// SPDX-License-Identifier: Apache-2.0
// Japanese date and fiscal-year parsing on arbitrary bytes: base/japanese_date.hpp's promises. A parsed date is
// valid and formats, with and without the western year, to text that parses back to the same date; a failure is
// an input error naming the field. The same for fiscal years and their labels.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/japanese_date.hpp"
#include "base/json.hpp"

namespace {

void Check(bool condition) {
    if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    if (auto date = kasane::ParseJapaneseDate(input, "date")) {
        Check(date->ok());
        const std::string wareki = kasane::FormatWareki(*date);
        Check(!wareki.empty() && kasane::IsValidUtf8(wareki));
        auto again = kasane::ParseJapaneseDate(wareki, "date");
        Check(again.has_value() && *again == *date);
        auto with_western = kasane::ParseJapaneseDate(kasane::FormatWarekiWithWestern(*date), "date");
        Check(with_western.has_value() && *with_western == *date);
        const int fiscal_year = kasane::FiscalYearOf(*date);
        auto fiscal_again = kasane::ParseFiscalYear(kasane::FiscalYearLabel(fiscal_year), "fiscal_year");
        Check(fiscal_again.has_value() && *fiscal_again == fiscal_year);
        Check(kasane::AgeOn(*date, *date) == 0);
    } else {
        Check(date.error().code == kasane::ErrorCode::kInvalidArgument && date.error().field == "date");
        Check(!date.error().message.empty() && kasane::IsValidUtf8(date.error().message));
    }

    if (auto fiscal_year = kasane::ParseFiscalYear(input, "fiscal_year")) {
        auto again = kasane::ParseFiscalYear(kasane::FiscalYearLabel(*fiscal_year), "fiscal_year");
        Check(again.has_value() && *again == *fiscal_year);
    } else {
        Check(fiscal_year.error().code == kasane::ErrorCode::kInvalidArgument &&
              fiscal_year.error().field == "fiscal_year");
    }
    return 0;
}
