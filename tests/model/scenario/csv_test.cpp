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
    TEST_CASE("parse_csv: control characters and invalid UTF-8 are refused where they are") {
        // The escape byte is the 7th byte of line 2; the stray continuation byte (0x80) the
        // 3rd of line 3, after a CRLF; a quoted line break and a tab are allowed.
        CHECK(error_of("a,b\n1,hb\x1bm\n") ==
              "x.csv:2:5: error: control character 0x1b (data files must be UTF-8 text; names "
              "and values are shown on terminals and in files)");
        CHECK(error_of("a,b\r\n1,2\r\nx,\x80\n").rfind("x.csv:3:3: error: invalid UTF-8", 0) == 0);
        CHECK(error_of("a,b\n1,\xed\xa0\x80\n").rfind("x.csv:2:3: error: invalid UTF-8", 0) ==
              0);  // a surrogate
        CHECK(error_of("a,b\n1,\xc0\xaf\n").rfind("x.csv:2:3: error: invalid UTF-8", 0) ==
              0);  // an overlong '/'
        CHECK(error_of("a,b\n1,\"x\ny\"\n2,\tz\n").empty());
        const CsvTable t = parse_csv("a,b\nSK \xe3\x83\x8f\xe3\x82\xa4,1\n", "x.csv");
        CHECK(t.rows[0][0].text == "SK \xe3\x83\x8f\xe3\x82\xa4");
    }

    TEST_CASE("parse_csv: a byte order mark is not part of the first column's name") {
        const CsvTable t = parse_csv(
            "\xef\xbb\xbf"
            "date,value\n2026-01-01,1\n",
            "x.csv");
        CHECK(t.column("date") == 0);
        CHECK(t.header[0].column == 1);
        CHECK(t.content.size() == 27);  // the bytes as read (3 + 11 + 13), for the hash
        CHECK(error_of("\xef\xbb\xbf"
                       "a,b\n1,\x07\n")
                  .rfind("x.csv:2:3: error:", 0) == 0);
    }
}  // TEST_SUITE
