#pragma once
// Words and numbers for people: what each KPI is called and measured in, numbers with units
// and thousands separators, calendar dates from run days. One place, so that the summary, the
// tables and the charts say the same thing the same way.

#include <string>
#include <string_view>

#include "model/scenario/calendar.hpp"

namespace memchain::report {

enum class Unit {
    Days,
    Share,        // a fraction 0..1, shown as a percentage; differences in percentage points
    Units,        // of the product, in the product's own unit when the caller names it
    UnitsPerDay,  // the same, a day
    UsdPerUnit,   // a price: USD per one of the product's units
    Usd,          // an amount of money (revenue)
    Plain,
};

// Which way is bad news for a KPI: a rise (lead times, backlog), a fall (fill rate,
// throughput), or neither.
enum class Worse { Up, Down, Neither };

struct KpiInfo {
    std::string label;  // "mean order lead time"
    Unit unit = Unit::Plain;
    Worse worse = Worse::Neither;
    bool headline = false;  // worth a line in the executive summary
};

[[nodiscard]] KpiInfo kpi_info(std::string_view kpi);

// Counts and prices are in `counted`, the unit the product is counted in ("stacks", "GB"; the
// products table holds it), or "units" when a count mixes products or the file does not say.
// "84.6 days", "93.2%", "12,400 stacks", "1,020 GB/day", "449.4 USD per stack", "0.42".
[[nodiscard]] std::string format_value(double value, Unit unit, std::string_view counted = "units");
// The number alone, as format_value writes it ("84.6", "93.2%", "12,400").
[[nodiscard]] std::string format_number(double value, Unit unit);
// A signed difference: "+23.4 days", "-3.1 pp", "+1,200 stacks".
[[nodiscard]] std::string format_change(double diff, Unit unit, std::string_view counted = "units");
// The unit's name for an axis title or a table's unit column: "days", "%", "stacks",
// "GB/day", "USD per stack", "USD", "".
[[nodiscard]] std::string unit_name(Unit unit, std::string_view counted = "units");
// One of a unit: "stack" for "stacks", "die" for "dies"; "GB" and "MW" stay.
[[nodiscard]] std::string singular(std::string_view counted);
// A shock's size as the scenario wrote it, from the recorded magnitude of its `kind`: a fraction
// as a percentage of what it acts on ("30% of capacity", "+20% demand"), a capacity expansion
// (recorded in units a day) per month in `unit`, the unit of the target's product ("+10,000
// accelerators/month"); "–" for kinds without a size (outages, lane closures, policy changes).
[[nodiscard]] std::string shock_size(const std::string& kind, double magnitude,
                                     const std::string& unit);
// Fixed decimals with thousands separators: format_fixed(12400.5, 0) == "12,401".
[[nodiscard]] std::string format_fixed(double value, int decimals);

// "14 Mar 2026" for run day 68 of a run that starts on 2026-01-05 (fractions truncate).
[[nodiscard]] std::string pretty_date(model::Date start, double day);
// "2026-03-14" for a whole day, "2026-03-14T06:00:00Z" otherwise: what a chart's UTC time
// scale reads.
[[nodiscard]] std::string chart_date(model::Date start, double day);
// "Mar 2026" for "2026-03-01".
[[nodiscard]] std::string month_label(std::string_view iso_month);
// "6 weeks", "10 days", "1 day": a duration in days for a sentence.
[[nodiscard]] std::string format_duration(double days);

// "GPU module, hyperscaler-a", "hyperscaler-a (all products)", "GPU module (all buyers)",
// "node fab-1", "all products and buyers".
[[nodiscard]] std::string scope_label(const std::string& product, const std::string& buyer,
                                      const std::string& node);

// Names in the order people count them: "fab-2" before "fab-10".
[[nodiscard]] bool natural_less(std::string_view a, std::string_view b);

// "1 replication", "3 replications".
[[nodiscard]] std::string count_of(long long n, std::string_view singular,
                                   std::string_view plural = {});

}  // namespace memchain::report
