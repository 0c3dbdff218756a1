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

// Walks a CSV text field by field, knowing the line and column errors are reported at.
class CsvCursor {
public:
    CsvCursor(const std::string& s, std::size_t start, const std::string& path)
        : s_(s), path_(path), i_(start), line_start_(start) {}

    // The field at the cursor; the cursor stops after it, on ',', a line end or the end.
    CsvField field() {
        CsvField field;
        field.line = line_;
        field.column = column_at(i_);
        if (i_ < s_.size() && s_[i_] == '"')
            read_quoted(field.text);
        else
            read_plain(field.text);
        return field;
    }
    [[nodiscard]] bool at_end() const { return i_ >= s_.size(); }
    [[nodiscard]] bool at_comma() const { return !at_end() && s_[i_] == ','; }
    void skip_comma() { ++i_; }
    // On '\r' or '\n': steps past one line end.
    void end_line() {
        if (s_[i_] == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ++i_;
        ++line_;
        line_start_ = ++i_;
    }

private:
    [[nodiscard]] int column_at(std::size_t at) const {
        return static_cast<int>(at - line_start_) + 1;
    }
    [[nodiscard]] bool at_field_end() const {
        return at_end() || s_[i_] == ',' || s_[i_] == '\n' || s_[i_] == '\r';
    }

    void read_quoted(std::string& text) {
        const int quote_line = line_;
        const int quote_column = column_at(i_);
        ++i_;
        for (;;) {
            if (at_end())
                throw InputError(path_, quote_line, quote_column,
                                 "unterminated quoted field (expected a closing '\"')");
            if (s_[i_] == '"') {
                if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
                    text += '"';
                    i_ += 2;
                    continue;
                }
                ++i_;
                break;
            }
            if (s_[i_] == '\n' || s_[i_] == '\r') {
                text += '\n';
                end_line();
                continue;
            }
            text += s_[i_++];
        }
        if (!at_field_end())
            throw InputError(path_, line_, column_at(i_),
                             "unexpected text after a closing quote (expected ',' or the "
                             "end of the line)");
    }

    void read_plain(std::string& text) {
        const std::size_t start = i_;
        for (; !at_field_end(); ++i_)
            if (s_[i_] == '"')
                throw InputError(path_, line_, column_at(i_),
                                 "quote inside an unquoted field (quote the whole field and "
                                 "double the quote)");
        text.assign(s_, start, i_ - start);
    }

    const std::string& s_;
    const std::string& path_;
    std::size_t i_;
    int line_ = 1;
    std::size_t line_start_;
};

// Keeps a finished record: the first is the header, every other must have as many fields.
void keep_record(CsvTable& table, std::vector<CsvField>& record, bool is_header, int record_line) {
    if (is_header) {
        table.header = std::move(record);
        return;
    }
    if (record.size() != table.header.size())
        throw InputError(table.path, record_line, 1,
                         "expected " + std::to_string(table.header.size()) +
                             " fields as in the header, found " + std::to_string(record.size()));
    table.rows.push_back(std::move(record));
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
    CsvCursor cursor(s, bom, path);
    std::vector<CsvField> record;
    int record_line = 1;
    bool first_record = true;
    for (;;) {
        CsvField field = cursor.field();
        if (record.empty()) record_line = field.line;
        record.push_back(std::move(field));
        if (cursor.at_comma()) {
            cursor.skip_comma();
            continue;
        }
        // End of a record: the cursor is on a line end or at the end; a blank line is skipped.
        const bool blank = record.size() == 1 && record[0].text.empty();
        if (!blank) {
            keep_record(table, record, first_record, record_line);
            first_record = false;
        }
        record.clear();
        if (cursor.at_end()) break;
        cursor.end_line();
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
