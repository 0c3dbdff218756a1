#pragma once
// RFC 4180 CSV with positions: every field knows its line and column, so that a bad number or
// date in a data file is reported as data/x.csv:12:21. Quoted fields may hold commas, line
// breaks and doubled quotes; CRLF and LF line ends are both accepted; blank lines are skipped;
// a leading byte order mark is skipped. The file must be UTF-8 without control characters
// (model/scenario/text.hpp) other than line ends and tabs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memchain::model {

struct CsvField {
    std::string text;
    int line = 0;    // 1-based, where the field starts
    int column = 0;  // 1-based, in bytes
};

struct CsvTable {
    std::string path;
    std::string content;  // the file's bytes, for hashing
    std::vector<CsvField> header;
    std::vector<std::vector<CsvField>> rows;  // each with as many fields as the header

    // Index of the header column `name`, or -1.
    [[nodiscard]] int column(std::string_view name) const;
};

// Parses `content` read from `path`. Throws InputError (path:line:column) on an unterminated
// quote, text after a closing quote, a control character or invalid UTF-8, a row whose field count
// differs from the header's, or an empty file.
[[nodiscard]] CsvTable parse_csv(std::string content, const std::string& path);

// The bytes of the file at `path`, or nothing with `why` set ("no such file or directory").
[[nodiscard]] std::optional<std::string> read_file(const std::string& path, std::string& why);

// Reads and parses the file at `path`; a file that cannot be read is an InputError naming it.
[[nodiscard]] CsvTable read_csv(const std::string& path);

}  // namespace memchain::model
