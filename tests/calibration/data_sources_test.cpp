// Every number in data/ has a source: a public page (a URL in the `source` column) or the word
// `assumption` there with the reason in `note` (data/README.md). A row added without either
// fails here, naming its file and line.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "model/scenario/csv.hpp"

namespace {

std::vector<std::filesystem::path> data_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(MEMCHAIN_SOURCE_DIR) + "/data"))
        if (entry.path().extension() == ".csv") out.push_back(entry.path());
    return out;
}

bool cites_a_page(const std::string& source) {
    return source.find("https://") != std::string::npos ||
           source.find("http://") != std::string::npos;
}

}  // namespace

TEST_SUITE("calibration") {
    TEST_CASE("Data: every row of every data/ file has a source or says it is an assumption") {
        const auto files = data_files();
        REQUIRE(files.size() >= 10);
        for (const auto& file : files) {
            const memchain::model::CsvTable t = memchain::model::read_csv(file.string());
            CAPTURE(t.path);
            const int source = t.column("source");
            const int note = t.column("note");
            REQUIRE_MESSAGE(source >= 0, "no source column");
            REQUIRE_MESSAGE(note >= 0, "no note column");
            CHECK(!t.rows.empty());
            for (const auto& row : t.rows) {
                const auto& s = row[static_cast<std::size_t>(source)];
                const auto& n = row[static_cast<std::size_t>(note)];
                CAPTURE(s.line);
                CHECK_MESSAGE((cites_a_page(s.text) || s.text == "assumption"),
                              "source is neither a URL nor `assumption`: ", s.text);
                if (s.text == "assumption")
                    CHECK_MESSAGE(!n.text.empty(), "an assumption without a reason");
                for (const auto& field : row) CHECK_MESSAGE(!field.text.empty(), "an empty cell");
            }
        }
    }
}  // TEST_SUITE
