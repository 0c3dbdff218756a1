// Every number in data/ has a source: a public page (a URL in the `source` column) or the word
// `assumption` there with the reason in `note`, and a `grade` saying what kind of page the source
// is (data/README.md): `filing` (the company, a standards body or a government), `analyst` (the
// market-research firm's or bank's own page), `relay` (a press, blog or informal page that relays
// someone's figure) or `assumption`. A row added without either, or graded against its source,
// fails here, naming its file and line. data/history/ is held to the same rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "model/scenario/csv.hpp"

namespace {

std::vector<std::filesystem::path> data_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(std::string(MEMCHAIN_SOURCE_DIR) + "/data"))
        if (entry.path().extension() == ".csv") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

bool cites_a_page(const std::string& source) {
    return source.find("https://") != std::string::npos ||
           source.find("http://") != std::string::npos;
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool is_grade(const std::string& grade) {
    return grade == "filing" || grade == "analyst" || grade == "relay" || grade == "assumption";
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

    TEST_CASE("Data: every row's grade is one of the four and agrees with its source and note") {
        for (const auto& file : data_files()) {
            const memchain::model::CsvTable t = memchain::model::read_csv(file.string());
            CAPTURE(t.path);
            const int grade = t.column("grade");
            const int source = t.column("source");
            const int note = t.column("note");
            REQUIRE_MESSAGE(grade >= 0, "no grade column");
            REQUIRE(source >= 0);
            REQUIRE(note >= 0);
            for (const auto& row : t.rows) {
                const std::string& g = row[static_cast<std::size_t>(grade)].text;
                const std::string& s = row[static_cast<std::size_t>(source)].text;
                const std::string& n = row[static_cast<std::size_t>(note)].text;
                CAPTURE(row[static_cast<std::size_t>(grade)].line);
                CAPTURE(g);
                CHECK_MESSAGE(is_grade(g), "grade is not filing, analyst, relay or assumption");
                CHECK_MESSAGE((g == "assumption") == (s == "assumption"),
                              "grade `assumption` exactly when the source is `assumption`");
                // A press report or an informal post is a relay whatever it quotes; a filing is
                // what a company or agency said itself; an analyst row is an estimate or
                // arithmetic on one.
                if (starts_with(n, "press report") || starts_with(n, "informal"))
                    CHECK_MESSAGE(g == "relay", "a press report or informal post graded ", g);
                if (g == "filing") CHECK_MESSAGE(starts_with(n, "official"), "filing: ", n);
                if (g == "analyst")
                    CHECK_MESSAGE((starts_with(n, "estimate") || starts_with(n, "derived") ||
                                   starts_with(n, "assumption-based derived")),
                                  "analyst: ", n);
            }
        }
    }
}  // TEST_SUITE
