#include "tools/report/json.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using memchain::report::Json;
using memchain::report::json_quote;

TEST_SUITE("report") {
    TEST_CASE("Json: escapes what could end a <script> element or break the string") {
        CHECK(json_quote("plain") == "\"plain\"");
        CHECK(json_quote("say \"hi\"") == R"("say \"hi\"")");
        CHECK(json_quote("back\\slash") == R"("back\\slash")");
        CHECK(json_quote("</script><script>alert(1)</script>") ==
              R"("\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e")");
        CHECK(json_quote("a & b <!-- c -->") == R"("a \u0026 b \u003c!-- c --\u003e")");
        CHECK(json_quote("line\nbreak\ttab\r") == R"("line\nbreak\ttab\r")");
        CHECK(json_quote(std::string("nul\0bell\a", 9)) == R"("nul\u0000bell\u0007")");
        CHECK(json_quote("sep\u2028par\u2029") == R"("sep\u2028par\u2029")");
        CHECK(json_quote("Küche 東京") == "\"Küche 東京\"");  // other UTF-8 passes through
    }

    TEST_CASE("Json: numbers read back exactly; non-finite numbers become null") {
        CHECK(Json(3).dump() == "3");
        CHECK(Json(-0.0).dump() == "0");
        CHECK(Json(0.1).dump() == "0.1");
        CHECK(Json(1767571200000.0).dump() == "1767571200000");
        CHECK(Json(std::numeric_limits<double>::quiet_NaN()).dump() == "null");
        CHECK(Json(std::numeric_limits<double>::infinity()).dump() == "null");
        CHECK(Json(true).dump() == "true");
        CHECK(Json(nullptr).dump() == "null");
        CHECK(Json(std::optional<double>()).dump() == "null");
        CHECK(Json(std::optional<double>(2.5)).dump() == "2.5");
    }

    TEST_CASE("Json: objects keep their key order; set replaces, push appends") {
        auto j = Json::object({{"b", 1}, {"a", "x"}});
        j.set("c", Json::array({1, "two", nullptr}));
        j.set("b", 2);
        CHECK(j.dump() == R"({"b":2,"a":"x","c":[1,"two",null]})");
        Json list;
        list.push(1).push(Json::object());
        CHECK(list.dump() == "[1,{}]");
        REQUIRE(j.find("a") != nullptr);
        CHECK(j.find("a")->dump() == "\"x\"");
        CHECK(j.find("zzz") == nullptr);
        CHECK(j.size() == 3);
        auto keyed = Json::object({{"</script>", 1}});
        CHECK(keyed.dump() == R"({"\u003c/script\u003e":1})");
    }
}  // TEST_SUITE
