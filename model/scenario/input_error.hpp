#pragma once
// Bad input from a user: a scenario, a CSV file or a flag. Carries where it was found so the
// CLI can print `file:line:column: error: what` and exit with code 2.

#include <stdexcept>
#include <string>

namespace memchain::model {

class InputError : public std::runtime_error {
public:
    // A position in a file (line and column 1-based; 0 when unknown).
    InputError(std::string file, int line, int column, const std::string& what)
        : std::runtime_error(format(file, line, column, what)),
          file_(std::move(file)),
          line_(line),
          column_(column),
          message_(what) {}
    // A command-line flag or other input without a position.
    InputError(std::string where, const std::string& what)
        : InputError(std::move(where), 0, 0, what) {}

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] int line() const { return line_; }
    [[nodiscard]] int column() const { return column_; }
    [[nodiscard]] const std::string& message() const { return message_; }

private:
    static std::string format(const std::string& file, int line, int column,
                              const std::string& what) {
        std::string out = file;
        // Appending ':' on its own avoids GCC 12's false -Wrestrict on ":" + std::string.
        if (line > 0) (out += ':') += std::to_string(line);
        if (line > 0 && column > 0) (out += ':') += std::to_string(column);
        return out + ": error: " + what;
    }
    std::string file_;
    int line_;
    int column_;
    std::string message_;
};

}  // namespace memchain::model
