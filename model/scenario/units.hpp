#pragma once
// The unit grammar of scenarios and CSV plans: numbers, durations ("6w", "90 d"), quantities
// and rates ("60000 wafers/month", "0.9/h", "5 per week", "40000 USD") and unit nouns that
// must fit a product's unit ("wafer" or "wafers" for wafers). Pure text in, numbers out; the
// loader adds file positions to the messages.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "model/scenario/calendar.hpp"

namespace memchain::model {

// Bad unit text; the message says what was found and what was expected, without a position.
class UnitError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Days in one duration unit: s, min, h, d, w, mo (365.25/12 days), q (365.25/4 days),
// y (365.25 days), or a long form (second, minutes, hours, day, weeks, month, quarters, years,
// singular or plural). Nothing for anything else.
[[nodiscard]] std::optional<double> duration_unit_days(std::string_view unit);

// A whole-string decimal number ("42", "-1.5", "2e6"); nothing for anything else, including
// inf, nan and hexadecimal.
[[nodiscard]] std::optional<double> parse_number(std::string_view text);

// The length of the number at the start of `text` (0 when it does not start with one):
// 5 for "60000 wafers/month", 1 for "2w".
[[nodiscard]] std::size_t number_prefix_length(std::string_view text);

// "6w", "90 d", "1.5 months" in days. A bare number is an error: a duration needs its unit.
[[nodiscard]] double parse_duration_days(std::string_view text);

// A number with an optional unit noun and an optional period: "60000 wafers/month" has noun
// "wafers" and a period of 365.25/12 days; "0.9/h" no noun and a period of 1/24 day;
// "40000 USD" noun "USD" and no period; "0.3" neither.
struct Quantity {
    double value = 0.0;
    std::string noun;
    std::optional<double> per_days;

    [[nodiscard]] bool is_rate() const { return per_days.has_value(); }
    // The value in units per day (a rate) or the value itself.
    [[nodiscard]] double normalised() const { return per_days ? value / *per_days : value; }
};
[[nodiscard]] Quantity parse_quantity(std::string_view text);

// A unit without a number, as in a CSV plan's unit column: "wafers/month", "USD/year", "MW",
// "fraction", "" (none).
struct Unit {
    std::string noun;
    std::optional<double> per_days;
};
[[nodiscard]] Unit parse_unit(std::string_view text);

// True when `noun` is the word `unit` in singular or plural form ("wafer" or "wafers" for
// "wafers", "assembly" for "assemblies"), ignoring case.
[[nodiscard]] bool same_unit_word(std::string_view noun, std::string_view unit);

// "60000", "0.25", "8000000", "1.23457e+15": whole numbers in full, others to 6 significant
// digits; for messages and summaries.
[[nodiscard]] std::string format_number(double value);

}  // namespace memchain::model
