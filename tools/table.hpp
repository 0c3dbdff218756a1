#pragma once
// Plain-text output for the CLI: aligned tables for people, and a small JSON writer for
// scripts (`--json`).

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace memchain::tools {

// The terminal width wide tables are wrapped to.
inline constexpr std::size_t terminal_width = 120;

// Columns are left-aligned for text and right-aligned for numbers (cells that parse as one);
// widths count characters, not bytes ("±" is one). Given a `max_width`, a table wider than that
// is printed in blocks of columns one under the other, each repeating the first `key_columns`
// (the columns that say which row it is), so that a terminal of that width does not fold lines;
// columns that read together (a difference and its interval) can be kept in one block.
class Table {
public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    // Columns `first` to `last` (inclusive) are printed in the same block.
    void keep_together(std::size_t first, std::size_t last) { together_.emplace_back(first, last); }
    [[nodiscard]] bool empty() const { return rows_.empty(); }
    void print(std::ostream& out, const std::string& indent = "  ", std::size_t max_width = 0,
               std::size_t key_columns = 1) const;

private:
    void print_columns(std::ostream& out, const std::string& indent,
                       const std::vector<std::size_t>& columns,
                       const std::vector<std::size_t>& width) const;
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
    std::vector<std::pair<std::size_t, std::size_t>> together_;
};

// Prints `text` as lines of at most `width` characters, broken at spaces (a word longer than a
// line keeps its own line), the lines after the first indented by `continuation`; ends with a
// newline. For the sentences that head a table, so that they fold where the table does.
void print_wrapped(std::ostream& out, const std::string& text, std::size_t width = terminal_width,
                   const std::string& continuation = "  ");

// A number with `digits` significant digits, without exponent for ordinary magnitudes
// ("12.3", "0.0456", "1234567").
[[nodiscard]] std::string format_number(double value, int digits = 4);

// Writes JSON values; the caller keeps objects and arrays balanced.
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out) : out_(out) {}
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();

private:
    void separate();
    std::ostream& out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

[[nodiscard]] std::string json_escape(std::string_view text);

}  // namespace memchain::tools
