#include "model/scenario/csv.hpp"

#include <doctest/doctest.h>

#include "model/scenario/input_error.hpp"

using memchain::model::CsvTable;
using memchain::model::InputError;
using memchain::model::parse_csv;

namespace {

std::string error_of(const std::string& content) {
    try {
        (void)parse_csv(content, "x.csv");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("parse_csv: header, rows and the position of every field") {
        const CsvTable t = parse_csv("a,b,c\n1,22,333\n4,5,6\n", "x.csv");
        REQUIRE(t.header.size() == 3);
        CHECK(t.header[1].text == "b");
        REQUIRE(t.rows.size() == 2);
        CHECK(t.rows[0][2].text == "333");
        CHECK(t.rows[0][2].line == 2);
        CHECK(t.rows[0][2].column == 6);
        CHECK(t.rows[1][0].line == 3);
        CHECK(t.column("c") == 2);
        CHECK(t.column("d") == -1);
        CHECK(t.content == "a,b,c\n1,22,333\n4,5,6\n");
    }

    TEST_CASE("parse_csv: quoted fields hold commas, doubled quotes and line breaks") {
        const CsvTable t = parse_csv(
            "series,note\nx,\"a, b\"\ny,\"say \"\"hi\"\"\"\nz,\"two\nlines\"\nw,last\n", "x.csv");
        REQUIRE(t.rows.size() == 4);
        CHECK(t.rows[0][1].text == "a, b");
        CHECK(t.rows[1][1].text == "say \"hi\"");
        CHECK(t.rows[2][1].text == "two\nlines");
        CHECK(t.rows[3][0].line == 6);  // the line break inside quotes counts
    }

    TEST_CASE("parse_csv: CRLF line ends, blank lines and a missing final newline") {
        const CsvTable t = parse_csv("a,b\r\n1,2\r\n\r\n3,4", "x.csv");
        REQUIRE(t.rows.size() == 2);
        CHECK(t.rows[0][1].text == "2");
        CHECK(t.rows[1][0].text == "3");
        CHECK(t.rows[1][0].line == 4);
    }

    TEST_CASE("parse_csv: malformed files name file:line:column") {
        CHECK(error_of("a,b\n1,\"open\n") ==
              "x.csv:2:3: error: unterminated quoted field (expected a closing '\"')");
        CHECK(error_of("a,b\n1,\"x\"y\n") ==
              "x.csv:2:6: error: unexpected text after a closing quote (expected ',' or the end of "
              "the line)");
        CHECK(error_of("a,b\n1,x\"y\n") ==
              "x.csv:2:4: error: quote inside an unquoted field (quote the whole field and double "
              "the "
              "quote)");
        CHECK(error_of("a,b\n1,2\n3\n") ==
              "x.csv:3:1: error: expected 2 fields as in the header, found 1");
        CHECK(error_of("") == "x.csv:1:1: error: empty file (expected a header line)");
    }
}  // TEST_SUITE
