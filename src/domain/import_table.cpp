// SPDX-License-Identifier: Apache-2.0
#include "domain/import_table.hpp"

#include <expat.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace kasane::domain {

std::string_view TextEncodingCode(TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::kUtf8: return "utf-8";
        case TextEncoding::kUtf8WithBom: return "utf-8-bom";
        case TextEncoding::kWindows31j: return "windows-31j";
    }
    return "utf-8";
}

std::string_view TextEncodingLabel(TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::kUtf8: return "UTF-8";
        case TextEncoding::kUtf8WithBom: return "UTF-8（BOM付き）";
        case TextEncoding::kWindows31j: return "Shift_JIS（Windows-31J）";
    }
    return "UTF-8";
}

std::string_view FileFormatLabel(FileFormat format) { return format == FileFormat::kXlsx ? "Excel（XLSX）" : "CSV"; }

FileFormat DetectFileFormat(std::string_view bytes) {
    return bytes.starts_with(std::string_view("PK\x03\x04", 4)) ? FileFormat::kXlsx : FileFormat::kCsv;
}

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool ValidUtf8(std::string_view text) {
    std::int32_t i = 0;
    const auto length = static_cast<std::int32_t>(text.size());
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(text.data(), i, length, c);
        if (c < 0) return false;
    }
    return true;
}

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// Windows-31J to UTF-8 through ICU, refusing (not replacing) bytes that are not Windows-31J: the conversion stops
// at the first byte sequence the table does not hold.
Result<std::string> FromWindows31j(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, ConverterCloser> from(ucnv_open("windows-31j", &status));
    if (U_FAILURE(status)) return Fail(Error::Internal("Windows-31Jの変換表を開けません"));
    ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return Fail(Error::Internal("Windows-31Jの変換を設定できません"));
    std::u16string units(bytes.size() + 1, u'\0');
    const std::int32_t length = ucnv_toUChars(from.get(), units.data(), static_cast<std::int32_t>(units.size()),
                                              bytes.data(), static_cast<std::int32_t>(bytes.size()), &status);
    if (U_FAILURE(status) && status != U_STRING_NOT_TERMINATED_WARNING) {
        return Fail(Error::InvalidArgument(
            "ファイルの文字コードを判別できません（UTF-8 でも Shift_JIS でもありません）。UTF-8 または Shift_JIS "
            "の CSV として保存し直してください",
            "file"));
    }
    std::string out;
    icu::UnicodeString(units.data(), length).toUTF8String(out);
    return out;
}

bool Blank(const std::vector<std::string>& cells) {
    return std::all_of(cells.begin(), cells.end(),
                       [](const std::string& cell) { return cell.find_first_not_of(" \t\r\n") == std::string::npos; });
}

std::size_t Filled(const std::vector<std::string>& cells) {
    return static_cast<std::size_t>(std::count_if(cells.begin(), cells.end(), [](const std::string& cell) {
        return cell.find_first_not_of(" \t\r\n") != std::string::npos;
    }));
}

std::string Trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// Records (with the 1-based line of each) into a table: header found, rows below it padded to the header's width.
Result<Table> TableOf(std::string name, FileFormat format, std::optional<TextEncoding> encoding,
                      const std::vector<std::vector<std::string>>& records, const std::vector<int>& lines,
                      const TableLimits& limits) {
    auto header_index = FindHeaderRow(records);
    if (!header_index) {
        return Fail(Error::InvalidArgument("「" + name + "」に見出しの行がありません（空のシートです）", "file"));
    }
    Table table{.name = std::move(name), .format = format, .encoding = encoding};
    table.header_line = lines[*header_index];
    for (const std::string& cell : records[*header_index]) table.header.push_back(Trimmed(cell));
    while (!table.header.empty() && table.header.back().empty()) table.header.pop_back();
    if (table.header.size() > limits.max_columns) {
        return Fail(Error::InvalidArgument(
            "「" + table.name + "」の列が多すぎます（" + std::to_string(limits.max_columns) + "列まで）", "file"));
    }
    for (std::size_t i = *header_index + 1; i < records.size(); ++i) {
        if (Blank(records[i])) continue;
        TableRow row{.line = lines[i], .cells = records[i]};
        row.cells.resize(std::max(table.header.size(), row.cells.size()));
        for (std::string& cell : row.cells) cell = Trimmed(cell);
        table.rows.push_back(std::move(row));
        if (table.rows.size() > limits.max_rows) {
            return Fail(Error::InvalidArgument("「" + table.name + "」の行が多すぎます（" +
                                                   std::to_string(limits.max_rows) +
                                                   "行まで）。ファイルを分けてください",
                                               "file"));
        }
    }
    return table;
}

// --- XLSX -------------------------------------------------------------------------------------------------------

struct ZipCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

Error BrokenWorkbook(std::string_view what) {
    return Error::InvalidArgument("Excel ファイル（XLSX）を読み取れません（" + std::string(what) + "）", "file");
}

// One part of the archive, or nullopt when the archive has no such part.
Result<std::optional<std::string>> ReadPart(zip_t* archive, std::string_view path, const TableLimits& limits) {
    std::string name(path);
    if (!name.empty() && name.front() == '/') name.erase(0, 1);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive, name.c_str(), 0, &stat) != 0) return std::optional<std::string>();
    if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > limits.max_part_bytes) {
        return Fail(BrokenWorkbook("シートが大きすぎます"));
    }
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(archive, name.c_str(), 0));
    if (!file) return Fail(BrokenWorkbook(name + " を開けません"));
    std::string content(static_cast<std::size_t>(stat.size), '\0');
    std::size_t done = 0;
    while (done < content.size()) {
        const zip_int64_t read = zip_fread(file.get(), content.data() + done, content.size() - done);
        if (read < 0) return Fail(BrokenWorkbook(name + " が壊れています"));
        if (read == 0) break;
        done += static_cast<std::size_t>(read);
    }
    content.resize(done);
    return std::optional<std::string>(std::move(content));
}

// A small SAX driver over expat: elements by local name (prefix dropped), attributes by local name.
class XmlReader {
public:
    using Attributes = std::map<std::string, std::string, std::less<>>;
    std::function<void(std::string_view, const Attributes&)> on_start;
    std::function<void(std::string_view)> on_end;
    std::function<void(std::string_view)> on_text;

    Status Parse(std::string_view xml, std::string_view part) {
        std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                                             &XML_ParserFree);
        if (!parser) return Fail(Error::Internal("XMLパーサを作れません"));
        XML_SetUserData(parser.get(), this);
        XML_SetElementHandler(parser.get(), &XmlReader::Start, &XmlReader::End);
        XML_SetCharacterDataHandler(parser.get(), &XmlReader::Text);
        if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
            return Fail(BrokenWorkbook(std::string(part) +
                                       " のXMLが正しくありません: " + XML_ErrorString(XML_GetErrorCode(parser.get()))));
        }
        return {};
    }

private:
    static std::string_view Local(const char* name) {
        std::string_view text(name);
        const auto colon = text.rfind(':');
        return colon == std::string_view::npos ? text : text.substr(colon + 1);
    }
    static void Start(void* data, const XML_Char* name, const XML_Char** attributes) {
        auto* self = static_cast<XmlReader*>(data);
        if (!self->on_start) return;
        Attributes map;
        for (int i = 0; attributes[i] != nullptr; i += 2) map[std::string(Local(attributes[i]))] = attributes[i + 1];
        self->on_start(Local(name), map);
    }
    static void End(void* data, const XML_Char* name) {
        auto* self = static_cast<XmlReader*>(data);
        if (self->on_end) self->on_end(Local(name));
    }
    static void Text(void* data, const XML_Char* text, int length) {
        auto* self = static_cast<XmlReader*>(data);
        if (self->on_text) self->on_text(std::string_view(text, static_cast<std::size_t>(length)));
    }
};

std::string Attribute(const XmlReader::Attributes& attributes, std::string_view name) {
    const auto found = attributes.find(name);
    return found == attributes.end() ? std::string() : found->second;
}

// Shared strings: the text of each <si>, its runs joined, leaving out phonetic runs (<rPh>, the furigana Japanese
// Excel stores beside a name), which are not part of the cell's value.
Result<std::vector<std::string>> SharedStrings(std::string_view xml) {
    std::vector<std::string> strings;
    int phonetic_depth = 0;
    bool in_text = false;
    XmlReader reader;
    reader.on_start = [&](std::string_view name, const XmlReader::Attributes&) {
        if (name == "si") strings.emplace_back();
        if (name == "rPh") ++phonetic_depth;
        if (name == "t") in_text = phonetic_depth == 0;
    };
    reader.on_end = [&](std::string_view name) {
        if (name == "rPh") --phonetic_depth;
        if (name == "t") in_text = false;
    };
    reader.on_text = [&](std::string_view text) {
        if (in_text && !strings.empty()) strings.back() += text;
    };
    if (auto parsed = reader.Parse(xml, "sharedStrings.xml"); !parsed) return Fail(parsed.error());
    return strings;
}

enum class NumberKind { kNumber, kDate, kTime };

// The kind of value a number format shows: dates and times are stored as serial numbers (days since 1899-12-30).
NumberKind KindOfFormat(int id, std::string_view code) {
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
        return NumberKind::kDate;
    }
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return NumberKind::kTime;
    bool date = false;
    bool time = false;
    bool quoted = false;
    int bracket = 0;
    for (char c : code) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '[') ++bracket;
        if (c == ']') --bracket;
        if (bracket > 0) continue;
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == 'y' || lower == 'd' || lower == 'e' || lower == 'g') date = true;
        if (lower == 'h' || lower == 's') time = true;
    }
    if (date) return NumberKind::kDate;
    if (time) return NumberKind::kTime;
    return NumberKind::kNumber;
}

// The number kind of each cell style (cellXfs index).
Result<std::vector<NumberKind>> StyleKinds(std::string_view xml) {
    std::map<int, std::string> custom;
    std::vector<int> format_ids;
    bool in_cell_xfs = false;
    XmlReader reader;
    reader.on_start = [&](std::string_view name, const XmlReader::Attributes& attributes) {
        if (name == "numFmt") {
            custom[std::atoi(Attribute(attributes, "numFmtId").c_str())] = Attribute(attributes, "formatCode");
        }
        if (name == "cellXfs") in_cell_xfs = true;
        if (name == "xf" && in_cell_xfs) format_ids.push_back(std::atoi(Attribute(attributes, "numFmtId").c_str()));
    };
    reader.on_end = [&](std::string_view name) {
        if (name == "cellXfs") in_cell_xfs = false;
    };
    if (auto parsed = reader.Parse(xml, "styles.xml"); !parsed) return Fail(parsed.error());
    std::vector<NumberKind> kinds;
    for (int id : format_ids) {
        const auto found = custom.find(id);
        kinds.push_back(KindOfFormat(id, found == custom.end() ? std::string_view() : found->second));
    }
    return kinds;
}

std::string ShowNumber(const std::string& value, NumberKind kind) {
    if (kind == NumberKind::kNumber) return value;
    char* end = nullptr;
    const double serial = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || !std::isfinite(serial) || serial < 0 || serial > 2958465) return value;
    char buffer[32];
    if (kind == NumberKind::kTime) {
        const auto minutes = static_cast<long>(std::lround((serial - std::floor(serial)) * 24 * 60)) % (24 * 60);
        std::snprintf(buffer, sizeof buffer, "%ld:%02ld", minutes / 60, minutes % 60);
        return buffer;
    }
    // Excel counts 1900-02-29, which never was: serials from 61 on are one day ahead of 1899-12-31 + serial.
    auto days = static_cast<long>(std::floor(serial));
    using std::chrono::sys_days;
    const sys_days base = sys_days(std::chrono::year{1899} / 12 / 31) - std::chrono::days(days >= 61 ? 1 : 0);
    const std::chrono::year_month_day date(base + std::chrono::days(days));
    std::snprintf(buffer, sizeof buffer, "%d/%u/%u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return buffer;
}

// "BC12" → 54 (0-based column).
std::optional<std::size_t> ColumnOf(std::string_view reference) {
    std::size_t column = 0;
    std::size_t letters = 0;
    for (char c : reference) {
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
        ++letters;
    }
    if (letters == 0 || letters > 3) return std::nullopt;
    return column - 1;
}

// A worksheet's rows as records with their row numbers.
Status ReadSheet(std::string_view xml, std::string_view sheet_name, const std::vector<std::string>& shared,
                 const std::vector<NumberKind>& styles, const TableLimits& limits,
                 std::vector<std::vector<std::string>>& records, std::vector<int>& lines) {
    std::vector<std::string>* row = nullptr;
    std::string type;
    std::size_t column = 0;
    std::size_t style = 0;
    std::string value;
    bool collecting = false;
    bool in_cell = false;
    int phonetic_depth = 0;
    bool too_many = false;
    XmlReader reader;
    reader.on_start = [&](std::string_view name, const XmlReader::Attributes& attributes) {
        if (name == "row") {
            const int number = std::atoi(Attribute(attributes, "r").c_str());
            lines.push_back(number > 0 ? number : (lines.empty() ? 1 : lines.back() + 1));
            records.emplace_back();
            row = &records.back();
            column = 0;
            if (records.size() > limits.max_rows + 50) too_many = true;
        } else if (name == "c" && row != nullptr) {
            in_cell = true;
            type = Attribute(attributes, "t");
            const std::string reference = Attribute(attributes, "r");
            if (auto found = ColumnOf(reference); found) column = *found;
            style = static_cast<std::size_t>(std::atoi(Attribute(attributes, "s").c_str()));
            value.clear();
        } else if (name == "rPh") {
            ++phonetic_depth;
        } else if ((name == "v" || name == "t") && in_cell && phonetic_depth == 0) {
            collecting = true;
        }
    };
    reader.on_end = [&](std::string_view name) {
        if (name == "rPh") --phonetic_depth;
        if (name == "v" || name == "t") collecting = false;
        if (name == "c" && row != nullptr) {
            in_cell = false;
            std::string shown;
            if (type == "s") {
                const auto index = static_cast<std::size_t>(std::atol(value.c_str()));
                if (index < shared.size()) shown = shared[index];
            } else if (type == "b") {
                shown = value == "1" ? "TRUE" : "FALSE";
            } else if (type.empty() || type == "n") {
                shown = ShowNumber(value, style < styles.size() ? styles[style] : NumberKind::kNumber);
            } else {
                shown = value;  // inlineStr, str (a formula's text), e (an error such as #N/A)
            }
            if (column < limits.max_columns) {
                if (row->size() <= column) row->resize(column + 1);
                (*row)[column] = std::move(shown);
            }
            ++column;
        }
    };
    reader.on_text = [&](std::string_view text) {
        if (collecting) value += text;
    };
    if (auto parsed = reader.Parse(xml, sheet_name); !parsed) return parsed;
    if (too_many) {
        return Fail(Error::InvalidArgument("「" + std::string(sheet_name) + "」の行が多すぎます（" +
                                               std::to_string(limits.max_rows) + "行まで）。ファイルを分けてください",
                                           "file"));
    }
    return {};
}

// A relationship target relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml").
std::string PartPath(std::string_view target) {
    if (target.starts_with('/')) return std::string(target.substr(1));
    return "xl/" + std::string(target);
}

Result<std::vector<Table>> ReadXlsx(std::string_view bytes, const TableLimits& limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) return Fail(BrokenWorkbook("zip を開けません"));
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
        zip_source_free(source);
        zip_error_fini(&error);
        return Fail(BrokenWorkbook("zip 形式ではありません"));
    }
    zip_error_fini(&error);

    auto workbook = ReadPart(archive.get(), "xl/workbook.xml", limits);
    if (!workbook) return Fail(workbook.error());
    if (!*workbook) return Fail(BrokenWorkbook("xl/workbook.xml がありません"));
    struct SheetRef {
        std::string name;
        std::string relationship;
    };
    std::vector<SheetRef> sheets;
    XmlReader workbook_reader;
    workbook_reader.on_start = [&](std::string_view name, const XmlReader::Attributes& attributes) {
        if (name == "sheet") sheets.push_back({Attribute(attributes, "name"), Attribute(attributes, "id")});
    };
    if (auto parsed = workbook_reader.Parse(**workbook, "workbook.xml"); !parsed) return Fail(parsed.error());

    std::map<std::string, std::string, std::less<>> targets;
    auto relationships = ReadPart(archive.get(), "xl/_rels/workbook.xml.rels", limits);
    if (!relationships) return Fail(relationships.error());
    if (*relationships) {
        XmlReader rels_reader;
        rels_reader.on_start = [&](std::string_view name, const XmlReader::Attributes& attributes) {
            if (name == "Relationship") targets[Attribute(attributes, "Id")] = Attribute(attributes, "Target");
        };
        if (auto parsed = rels_reader.Parse(**relationships, "workbook.xml.rels"); !parsed) return Fail(parsed.error());
    }
    std::vector<std::string> shared;
    auto shared_part = ReadPart(archive.get(), "xl/sharedStrings.xml", limits);
    if (!shared_part) return Fail(shared_part.error());
    if (*shared_part) {
        auto strings = SharedStrings(**shared_part);
        if (!strings) return Fail(strings.error());
        shared = std::move(*strings);
    }
    std::vector<NumberKind> styles;
    auto styles_part = ReadPart(archive.get(), "xl/styles.xml", limits);
    if (!styles_part) return Fail(styles_part.error());
    if (*styles_part) {
        auto kinds = StyleKinds(**styles_part);
        if (!kinds) return Fail(kinds.error());
        styles = std::move(*kinds);
    }

    std::vector<Table> tables;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const auto target = targets.find(sheets[i].relationship);
        const std::string path =
            target != targets.end() ? PartPath(target->second) : "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
        auto part = ReadPart(archive.get(), path, limits);
        if (!part) return Fail(part.error());
        if (!*part) return Fail(BrokenWorkbook("シート「" + sheets[i].name + "」がありません"));
        std::vector<std::vector<std::string>> records;
        std::vector<int> lines;
        if (auto read = ReadSheet(**part, sheets[i].name, shared, styles, limits, records, lines); !read) {
            return Fail(read.error());
        }
        if (records.empty()) continue;  // an empty sheet is no table
        auto table = TableOf(sheets[i].name, FileFormat::kXlsx, std::nullopt, records, lines, limits);
        if (!table) {
            if (records.empty() || std::all_of(records.begin(), records.end(), Blank)) continue;
            return Fail(table.error());
        }
        tables.push_back(std::move(*table));
    }
    if (tables.empty()) return Fail(BrokenWorkbook("データのあるシートがありません"));
    return tables;
}

}  // namespace

Result<DecodedText> DecodeText(std::string_view bytes) {
    if (bytes.starts_with(kBom)) {
        const std::string_view rest = bytes.substr(kBom.size());
        if (!ValidUtf8(rest)) {
            return Fail(Error::InvalidArgument(
                "ファイルは UTF-8 と宣言されていますが、UTF-8 として正しくない文字があります", "file"));
        }
        return DecodedText{.text = std::string(rest), .encoding = TextEncoding::kUtf8WithBom};
    }
    if (ValidUtf8(bytes)) return DecodedText{.text = std::string(bytes), .encoding = TextEncoding::kUtf8};
    auto text = FromWindows31j(bytes);
    if (!text) return Fail(text.error());
    return DecodedText{.text = std::move(*text), .encoding = TextEncoding::kWindows31j};
}

Result<std::vector<std::vector<std::string>>> ParseCsvRecords(std::string_view text, const TableLimits& limits) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    bool field_started = false;
    int line = 1;
    int quote_line = 0;
    auto end_field = [&] {
        record.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        records.push_back(std::move(record));
        record.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
            quote_line = line;
        } else if (c == ',') {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_record();
            ++line;
            if (records.size() > limits.max_rows + 50) {
                return Fail(Error::InvalidArgument(
                    "行が多すぎます（" + std::to_string(limits.max_rows) + "行まで）。ファイルを分けてください",
                    "file"));
            }
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted) {
        return Fail(Error::InvalidArgument(std::to_string(quote_line) + "行目: 「\"」で始まる項目が閉じられていません",
                                           "file"));
    }
    if (field_started || !record.empty()) end_record();
    return records;
}

std::optional<std::size_t> FindHeaderRow(const std::vector<std::vector<std::string>>& records) {
    constexpr std::size_t kLookAhead = 20;
    std::size_t widest = 0;
    for (std::size_t i = 0; i < records.size() && i < kLookAhead; ++i) widest = std::max(widest, Filled(records[i]));
    if (widest == 0) return std::nullopt;
    for (std::size_t i = 0; i < records.size() && i < kLookAhead; ++i) {
        if (Filled(records[i]) * 2 >= widest && Filled(records[i]) > 0) return i;
    }
    return std::nullopt;
}

Result<std::vector<Table>> ReadTables(std::string_view file_name, std::string_view bytes, const TableLimits& limits) {
    if (bytes.empty()) return Fail(Error::InvalidArgument("ファイルが空です", "file"));
    if (DetectFileFormat(bytes) == FileFormat::kXlsx) return ReadXlsx(bytes, limits);
    auto decoded = DecodeText(bytes);
    if (!decoded) return Fail(decoded.error());
    auto records = ParseCsvRecords(decoded->text, limits);
    if (!records) return Fail(records.error());
    std::vector<int> lines;
    // Lines of records, counting line breaks inside quoted fields as the file's lines.
    int line = 1;
    for (const auto& record : *records) {
        lines.push_back(line);
        int breaks = 1;
        for (const std::string& cell : record) breaks += static_cast<int>(std::count(cell.begin(), cell.end(), '\n'));
        line += breaks;
    }
    auto table = TableOf(std::string(file_name), FileFormat::kCsv, decoded->encoding, *records, lines, limits);
    if (!table) return Fail(table.error());
    return std::vector<Table>{std::move(*table)};
}

}  // namespace kasane::domain
