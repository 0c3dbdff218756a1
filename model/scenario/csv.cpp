#include "model/scenario/csv.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "model/scenario/input_error.hpp"
#include "model/scenario/text.hpp"

namespace memchain::model {

int CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i].text == name) return static_cast<int>(i);
    return -1;
}

namespace {

// Refuses a control character or invalid UTF-8 at its line and column (in bytes, from after a
// byte order mark), with line ends counted as the parser counts them.
void check_text(const std::string& s, std::size_t bom, const std::string& path) {
    const auto fault = find_text_fault(s, true);
    if (!fault) return;
    int line = 1;
    std::size_t line_start = bom;
    for (std::size_t k = bom; k < fault->offset; ++k)
        if (s[k] == '\n' || (s[k] == '\r' && s[k + 1] != '\n')) {
            ++line;
            line_start = k + 1;
        }
    throw InputError(path, line, static_cast<int>(fault->offset - line_start) + 1,
                     fault->what +
                         " (data files must be UTF-8 text; names and values are shown "
                         "on terminals and in files)");
}

}  // namespace

CsvTable parse_csv(std::string content, const std::string& path) {
    CsvTable table;
    table.path = path;
    table.content = std::move(content);
    const std::string& s = table.content;
    // A byte order mark (spreadsheets write one) is not part of the first column's name.
    const std::size_t bom = s.rfind("\xef\xbb\xbf", 0) == 0 ? 3 : 0;
    check_text(s, bom, path);
    std::size_t i = bom;
    int line = 1;
    std::size_t line_start = bom;
    const auto column_at = [&](std::size_t at) { return static_cast<int>(at - line_start) + 1; };
    const auto end_line = [&](std::size_t at) {
        // `at` is on '\r' or '\n'; step past one line end.
        if (s[at] == '\r' && at + 1 < s.size() && s[at + 1] == '\n') ++at;
        ++line;
        line_start = at + 1;
        return at + 1;
    };

    std::vector<CsvField> record;
    int record_line = 1;
    bool first_record = true;
    while (i <= s.size()) {
        CsvField field;
        field.line = line;
        field.column = column_at(i);
        if (i < s.size() && s[i] == '"') {
            const int quote_line = line;
            const int quote_column = column_at(i);
            ++i;
            for (;;) {
                if (i >= s.size())
                    throw InputError(path, quote_line, quote_column,
                                     "unterminated quoted field (expected a closing '\"')");
                if (s[i] == '"') {
                    if (i + 1 < s.size() && s[i + 1] == '"') {
                        field.text += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (s[i] == '\n' || s[i] == '\r') {
                    field.text += '\n';
                    i = end_line(i);
                    continue;
                }
                field.text += s[i++];
            }
            if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
                throw InputError(path, line, column_at(i),
                                 "unexpected text after a closing quote (expected ',' or the "
                                 "end of the line)");
        } else {
            const std::size_t start = i;
            while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                if (s[i] == '"')
                    throw InputError(path, line, column_at(i),
                                     "quote inside an unquoted field (quote the whole field and "
                                     "double the quote)");
                ++i;
            }
            field.text.assign(s, start, i - start);
        }
        if (record.empty()) record_line = field.line;
        record.push_back(std::move(field));

        const bool at_end = i >= s.size();
        if (!at_end && s[i] == ',') {
            ++i;
            continue;
        }
        // End of a record.
        const bool blank = record.size() == 1 && record[0].text.empty() &&
                           (at_end || s[i] == '\n' || s[i] == '\r');
        if (!blank) {
            if (first_record) {
                table.header = std::move(record);
                first_record = false;
            } else {
                if (record.size() != table.header.size())
                    throw InputError(path, record_line, 1,
                                     "expected " + std::to_string(table.header.size()) +
                                         " fields as in the header, found " +
                                         std::to_string(record.size()));
                table.rows.push_back(std::move(record));
            }
        }
        record.clear();
        if (at_end) break;
        i = end_line(i);
    }
    if (first_record) throw InputError(path, 1, 1, "empty file (expected a header line)");
    return table;
}

std::optional<std::string> read_file(const std::string& path, std::string& why) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        if (!why.empty())
            why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

CsvTable read_csv(const std::string& path) {
    std::string why;
    auto content = read_file(path, why);
    if (!content) throw InputError(path, "cannot read file (" + why + ")");
    return parse_csv(std::move(*content), path);
}

}  // namespace memchain::model
