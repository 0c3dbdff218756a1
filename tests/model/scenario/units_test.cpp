#include "model/scenario/units.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace memchain::model;

namespace {

std::string duration_error(const std::string& text) {
    try {
        (void)parse_duration_days(text);
    } catch (const UnitError& e) {
        return e.what();
    }
    return "";
}

std::string quantity_error(const std::string& text) {
    try {
        (void)parse_quantity(text);
    } catch (const UnitError& e) {
        return e.what();
    }
    return "";
}

constexpr double month = 365.25 / 12.0;

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("parse_number: whole decimal strings only") {
        CHECK(parse_number("42") == 42.0);
        CHECK(parse_number(" -1.5 ") == -1.5);
        CHECK(parse_number("+3") == 3.0);
        CHECK(parse_number("2e6") == 2e6);
        CHECK(parse_number(".5") == 0.5);
        CHECK_FALSE(parse_number(""));
        CHECK_FALSE(parse_number("12 w"));
        CHECK_FALSE(parse_number("inf"));
        CHECK_FALSE(parse_number("nan"));
        CHECK_FALSE(parse_number("0x10"));
        CHECK_FALSE(parse_number("1,000"));
    }

    TEST_CASE("parse_duration_days: every unit, short and long, with or without a space") {
        CHECK(parse_duration_days("6w") == 42.0);
        CHECK(parse_duration_days("90d") == 90.0);
        CHECK(parse_duration_days("90 d") == 90.0);
        CHECK(parse_duration_days("36h") == doctest::Approx(1.5));
        CHECK(parse_duration_days("30min") == doctest::Approx(30.0 / 1440.0));
        CHECK(parse_duration_days("3600s") == doctest::Approx(1.0 / 24.0));
        CHECK(parse_duration_days("1mo") == doctest::Approx(month));
        CHECK(parse_duration_days("1q") == doctest::Approx(365.25 / 4.0));
        CHECK(parse_duration_days("2y") == doctest::Approx(730.5));
        CHECK(parse_duration_days("1 second") == doctest::Approx(1.0 / 86400.0));
        CHECK(parse_duration_days("2 minutes") == doctest::Approx(2.0 / 1440.0));
        CHECK(parse_duration_days("1 hour") == doctest::Approx(1.0 / 24.0));
        CHECK(parse_duration_days("1 day") == 1.0);
        CHECK(parse_duration_days("2 weeks") == 14.0);
        CHECK(parse_duration_days("6 months") == doctest::Approx(6 * month));
        CHECK(parse_duration_days("1 quarter") == doctest::Approx(91.3125));
        CHECK(parse_duration_days("1.5 years") == doctest::Approx(547.875));
        CHECK(parse_duration_days("0d") == 0.0);
    }

    TEST_CASE("parse_duration_days: a bare number or an unknown unit is an error") {
        CHECK(duration_error("14") == "expected a duration like 6w or 90d, found '14'");
        CHECK(duration_error("soon") == "expected a duration like 6w or 90d, found 'soon'");
        CHECK(duration_error("3m") ==
              "unknown duration unit 'm' in '3m' (expected s, min, h, d, w, mo, q or y)");
        CHECK(
            duration_error("2 fortnights") ==
            "unknown duration unit 'fortnights' in '2 fortnights' (expected s, min, h, d, w, mo, q "
            "or y)");
    }

    TEST_CASE("parse_quantity: nouns, periods and both spellings of a rate") {
        Quantity q = parse_quantity("60000 wafers/month");
        CHECK(q.value == 60000);
        CHECK(q.noun == "wafers");
        CHECK(q.per_days == doctest::Approx(month));
        CHECK(q.normalised() == doctest::Approx(60000 / month));

        q = parse_quantity("0.9/h");
        CHECK(q.noun.empty());
        CHECK(q.normalised() == doctest::Approx(0.9 * 24));

        q = parse_quantity("2 stacks/day");
        CHECK(q.noun == "stacks");
        CHECK(q.normalised() == 2.0);

        q = parse_quantity("5 per week");
        CHECK(q.noun.empty());
        CHECK(q.normalised() == doctest::Approx(5.0 / 7.0));

        q = parse_quantity("3 wafers per month");
        CHECK(q.noun == "wafers");
        CHECK(q.normalised() == doctest::Approx(3 / month));

        q = parse_quantity("40000 USD");
        CHECK(q.noun == "USD");
        CHECK_FALSE(q.is_rate());
        CHECK(q.normalised() == 40000);

        q = parse_quantity("0.3");
        CHECK(q.noun.empty());
        CHECK_FALSE(q.is_rate());
    }

    TEST_CASE("parse_quantity: malformed text is an error") {
        CHECK(quantity_error("lots") == "expected a number, found 'lots'");
        CHECK(quantity_error("5 wafers/fortnight") ==
              "unknown period 'fortnight' in '5 wafers/fortnight' (expected s, min, h, d, w, mo, q "
              "or "
              "y)");
        CHECK(quantity_error("5 wafers/") ==
              "missing period after '/' in '5 wafers/' (expected one of s, min, h, d, w, mo, q or "
              "y)");
        CHECK(quantity_error("5 wafers a month") ==
              "unexpected 'a month' in '5 wafers a month' (expected a unit like wafers/month)");
    }

    TEST_CASE("parse_unit: a CSV unit column") {
        Unit u = parse_unit("wafers/month");
        CHECK(u.noun == "wafers");
        CHECK(u.per_days == doctest::Approx(month));
        u = parse_unit("USD/year");
        CHECK(u.noun == "USD");
        CHECK(u.per_days == doctest::Approx(365.25));
        u = parse_unit("MW");
        CHECK(u.noun == "MW");
        CHECK_FALSE(u.per_days);
        u = parse_unit("");
        CHECK(u.noun.empty());
        CHECK_FALSE(u.per_days);
    }

    TEST_CASE("same_unit_word: singular and plural forms, any case") {
        CHECK(same_unit_word("wafer", "wafers"));
        CHECK(same_unit_word("wafers", "wafers"));
        CHECK(same_unit_word("Wafers", "wafers"));
        CHECK(same_unit_word("die", "dies"));
        CHECK(same_unit_word("box", "boxes"));
        CHECK(same_unit_word("assembly", "assemblies"));
        CHECK_FALSE(same_unit_word("stacks", "wafers"));
        CHECK_FALSE(same_unit_word("wafe", "wafers"));
    }

    TEST_CASE("format_number: whole numbers in full, others to six digits") {
        CHECK(format_number(8000000.0) == "8000000");
        CHECK(format_number(60000 / month * month) == "60000");
        CHECK(format_number(0.3) == "0.3");
        CHECK(format_number(-2.0) == "-2");
        CHECK(format_number(4931.5067) == "4931.51");
    }
}  // TEST_SUITE
