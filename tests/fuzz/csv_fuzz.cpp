// libFuzzer target: any bytes as a CSV data file. Bad input ends in an InputError with a
// position, never a crash or another exception; a table that parses has as many fields in every
// row as in its header, each with a position inside the file.

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "model/scenario/csv.hpp"
#include "model/scenario/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string content(reinterpret_cast<const char*>(data), size);
    try {
        const memchain::model::CsvTable table = memchain::model::parse_csv(content, "fuzz.csv");
        for (const auto& row : table.rows) {
            if (row.size() != table.header.size()) {
                std::fprintf(stderr, "a row of %zu fields under a header of %zu\n", row.size(),
                             table.header.size());
                std::abort();
            }
            for (const auto& field : row)
                if (field.line < 1 || field.column < 1) {
                    std::fprintf(stderr, "a field without a position: '%s'\n", field.text.c_str());
                    std::abort();
                }
        }
        (void)table.column("day");
    } catch (const memchain::model::InputError& e) {
        if (e.line() < 1) {
            std::fprintf(stderr, "an InputError without a line: %s\n", e.what());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "not an InputError: %s\n", e.what());
        std::abort();
    }
    return 0;
}
