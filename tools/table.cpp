#include "tools/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace memchain::tools {

namespace {

bool looks_numeric(const std::string& cell) {
    if (cell.empty()) return false;
    char* end = nullptr;
    std::strtod(cell.c_str(), &end);
    return end && (*end == '\0' || *end == '%');
}

// Characters in UTF-8 text: every byte but continuation bytes (10xxxxxx) starts one.
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

}  // namespace

void Table::print(std::ostream& out, const std::string& indent, std::size_t max_width,
                  std::size_t key_columns) const {
    std::vector<std::size_t> width(header_.size(), 0);
    for (std::size_t c = 0; c < header_.size(); ++c) width[c] = display_width(header_[c]);
    for (const auto& row : rows_)
        for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], display_width(row[c]));
    const std::size_t keys = std::min(key_columns, width.size());
    std::size_t key_width = indent.size();
    for (std::size_t c = 0; c < keys; ++c) key_width += width[c] + 2;
    // Blocks of columns: the key columns, then as many others as fit (at least one); a run of
    // columns kept together goes to one block whole.
    std::vector<std::vector<std::size_t>> blocks(1);
    std::size_t used = key_width;
    for (std::size_t c = keys; c < width.size();) {
        std::size_t end = c + 1;
        for (const auto& [first, last] : together_)
            if (first == c) end = std::min(std::max(end, last + 1), width.size());
        std::size_t run_width = 0;
        for (std::size_t i = c; i < end; ++i) run_width += width[i] + (i + 1 < end ? 2 : 0);
        if (max_width > 0 && !blocks.back().empty() && used + run_width > max_width) {
            blocks.emplace_back();
            used = key_width;
        }
        for (; c < end; ++c) {
            blocks.back().push_back(c);
            used += width[c] + 2;
        }
    }
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        std::vector<std::size_t> columns;
        for (std::size_t k = 0; k < keys; ++k) columns.push_back(k);
        columns.insert(columns.end(), blocks[b].begin(), blocks[b].end());
        if (b > 0) out << "\n";
        print_columns(out, indent, columns, width);
    }
}

void Table::print_columns(std::ostream& out, const std::string& indent,
                          const std::vector<std::size_t>& columns,
                          const std::vector<std::size_t>& width) const {
    auto line = [&](const std::vector<std::string>& row, bool header) {
        out << indent;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::size_t c = columns[i];
            const bool last = i + 1 == columns.size();
            const std::string cell = c < row.size() ? row[c] : "";
            const std::size_t pad = width[c] - display_width(cell);
            const bool right = !header && looks_numeric(cell);
            if (right)
                out << std::string(pad, ' ') << cell;
            else
                out << cell << (last ? "" : std::string(pad, ' '));
            if (!last) out << "  ";
        }
        out << "\n";
    };
    line(header_, true);
    for (const auto& row : rows_) line(row, false);
}

void print_wrapped(std::ostream& out, const std::string& text, std::size_t width,
                   const std::string& continuation) {
    std::size_t used = 0;
    bool line_empty = true;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        const std::size_t w = display_width(word);
        if (!line_empty && used + 1 + w > width) {
            out << "\n" << continuation;
            used = display_width(continuation);
            line_empty = true;
        }
        if (!line_empty) {
            out << ' ';
            ++used;
        }
        out << word;
        used += w;
        line_empty = false;
    }
    out << "\n";
}

std::string format_number(double value, int digits) {
    if (std::isnan(value)) return "n/a";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    const double magnitude = std::fabs(value);
    char buffer[64];
    if (magnitude != 0.0 && (magnitude >= 1e9 || magnitude < 1e-4)) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
        return buffer;
    }
    // Enough decimals for `digits` significant digits, none for large values.
    const int integer_digits =
        magnitude >= 1.0 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 0;
    int decimals = std::max(0, digits - integer_digits);
    if (magnitude < 1.0 && magnitude > 0.0)
        decimals = digits - 1 - static_cast<int>(std::floor(std::log10(magnitude)));
    std::snprintf(buffer, sizeof buffer, "%.*f", std::min(decimals, 10), value);
    std::string s = buffer;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ << ",";
    first_.back() = false;
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_ << "{";
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_ << "}";
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    out_ << "[";
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_ << "]";
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    out_ << "\"" << json_escape(name) << "\":";
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    out_ << "\"" << json_escape(text) << "\"";
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    separate();
    if (!std::isfinite(number)) {
        out_ << "null";
        return *this;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", number);
    out_ << buffer;
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    separate();
    out_ << number;
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    separate();
    out_ << (flag ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ << "null";
    return *this;
}

}  // namespace memchain::tools
