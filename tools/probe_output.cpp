#include "tools/probe_output.hpp"

#include <cmath>

#include "model/scenario/calendar.hpp"
#include "tools/run_support.hpp"
#include "tools/table.hpp"

namespace memchain::tools {

namespace {

std::string interval(const sim::ConfidenceInterval& ci) {
    if (!std::isfinite(ci.half_width)) return "n/a";
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "[" + std::string.
    std::string text = "[";
    ((text += format_number(ci.low())) += ", ") += format_number(ci.high());
    return text += "]";
}

std::string date_or_dash(const model::Scenario& sc, const std::optional<double>& day) {
    return day ? model::date_string(sc.start, *day) : "-";
}

std::string window_text(const ProbeReport& r) {
    const model::Scenario& sc = *r.scenario;
    const double to = r.settings->window_to_day.value_or(sc.horizon.to_days());
    return model::date_string(sc.start, r.settings->window_from_day) + " to " +
           model::date_string(sc.start, to);
}

std::string days_text(double days, int censored) {
    std::string text = censored > 0 ? ">=" : "";
    return text += format_number(days, 3);
}

void print_knockouts(std::ostream& out, const ProbeReport& r) {
    const model::ProbeOutcome& o = *r.outcome;
    out << "\nresilience: each candidate out for "
        << format_number(r.settings->knockout_days.value_or(0.0), 3) << " days from "
        << model::date_string(r.scenario->start, r.settings->from_day)
        << " (output lost paired, 95% CI; TTS: days until output first falls behind the "
           "base; TTR: days until it is back on the base's pace; >= censored at the horizon):\n";
    Table table({"rank", "constraint", "output lost", "95% CI", "TTS days", "TTR days"});
    for (std::size_t i = 0; i < o.knockouts.size() && (r.top == 0 || i < r.top); ++i) {
        const model::KnockoutLoss& k = o.knockouts[i];
        table.add({std::to_string(i + 1), k.candidate.name, format_number(k.lost.mean),
                   interval(k.lost), days_text(k.tts_days, k.tts_censored),
                   days_text(k.ttr_days, k.ttr_censored)});
    }
    table.print(out);
}

void print_text(std::ostream& out, const ProbeReport& r) {
    const model::Scenario& sc = *r.scenario;
    const model::ProbeOutcome& o = *r.outcome;
    const model::ProbeSettings& s = *r.settings;
    out << "probe of " << sc.name << ": " << s.kpi << " from " << window_text(r);
    if (s.knockout_days)
        out << ", each candidate knocked out";
    else
        out << ", relief +" << format_number(100.0 * s.relief, 3) << "% from "
            << model::date_string(sc.start, s.from_day);
    out << "\n"
        << o.candidates.size() << " candidates (by " << model::to_string(s.by) << "), "
        << r.replications << " replications, seed " << r.seed << ": " << o.runs << " runs in "
        << format_number(o.wall_seconds, 3) << " s ("
        << format_number(o.wall_seconds > 0 ? double(o.runs) / o.wall_seconds : 0.0, 3)
        << " runs/s)\n";
    if (!o.knockouts.empty()) {
        print_knockouts(out, r);
        print_recorded_in(out, r.database, r.experiment_id);
        return;
    }
    if (o.rounds.empty()) return;
    const model::ProbeRound& first = o.rounds.front();
    out << "\nbase: " << format_number(first.base_mean) << "\n\nwhat limits output (gain of +"
        << format_number(100.0 * s.relief, 3) << "% capacity, paired, 95% CI):\n";
    Table ranking({"rank", "constraint", "gain", "95% CI", "per +100%", "binds from", "util"});
    for (std::size_t i = 0; i < first.gains.size() && (r.top == 0 || i < r.top); ++i) {
        const model::CandidateGain& g = first.gains[i];
        ranking.add({std::to_string(i + 1), g.candidate.name, format_number(g.gain.mean),
                     interval(g.gain), format_number(g.gain_per_relief),
                     date_or_dash(sc, g.binds_from_day), format_number(g.utilization, 3)});
    }
    ranking.print(out);
    if (!first.years.empty() && !first.gains.empty()) {
        out << "\nwhich constraint limits each year's output:\n";
        Table years({"year", "output", "constraint", "gain"});
        for (std::size_t y = 0; y < first.years.size(); ++y) {
            const model::CandidateGain* best = nullptr;
            for (const auto& g : first.gains)
                if (best == nullptr || g.year_gains[y] > best->year_gains[y]) best = &g;
            const bool binds = best->year_gains[y] > 0.0;
            years.add({std::to_string(first.years[y]), format_number(first.year_base[y]),
                       binds ? best->candidate.name : "(none binds)",
                       format_number(binds ? best->year_gains[y] : 0.0)});
        }
        years.print(out);
    }
    if (!o.ladder.empty() || !o.stopped_because.empty()) {
        out << "\nthe ladder (each step lifts its constraint as far as output follows, up to x"
            << format_number(s.lift) << "):\n";
        Table ladder(
            {"step", "constraint", "lift", "binds from", "output before", "gain", "95% CI"});
        for (const model::LadderStep& step : o.ladder)
            ladder.add({std::to_string(step.step), step.constraint.name,
                        "x" + format_number(step.lift, 3), date_or_dash(sc, step.binds_from_day),
                        format_number(step.output_before), format_number(step.gain.mean),
                        interval(step.gain)});
        ladder.print(out);
        for (const model::LadderStep& step : o.ladder) {
            out << "  step " << step.step << " tried:";
            for (const auto& [factor, gain] : step.tried)
                out << " x" << format_number(factor, 3) << " " << (gain.mean >= 0.0 ? "+" : "")
                    << format_number(gain.mean);
            out << "\n";
        }
        if (!o.stopped_because.empty()) out << "  stopped: " << o.stopped_because << "\n";
    }
    print_recorded_in(out, r.database, r.experiment_id);
}

void write_gain(JsonWriter& w, const model::Scenario& sc, const model::CandidateGain& g) {
    w.begin_object();
    w.key("constraint").value(g.candidate.name);
    w.key("nodes").begin_array();
    for (const auto& n : g.candidate.nodes) w.value(n);
    w.end_array();
    w.key("base_mean").value(g.base_mean);
    w.key("gain").value(g.gain.mean);
    w.key("gain_ci_low").value(g.gain.low());
    w.key("gain_ci_high").value(g.gain.high());
    w.key("gain_per_relief").value(g.gain_per_relief);
    w.key("utilization").value(g.utilization);
    if (g.binds_from_day)
        w.key("binds_from").value(model::date_string(sc.start, *g.binds_from_day));
    else
        w.key("binds_from").null();
    w.end_object();
}

void print_json(std::ostream& out, const ProbeReport& r) {
    const model::Scenario& sc = *r.scenario;
    const model::ProbeOutcome& o = *r.outcome;
    JsonWriter w(out);
    w.begin_object();
    w.key("scenario").value(sc.name);
    w.key("kpi").value(r.settings->kpi);
    w.key("relief").value(r.settings->relief);
    w.key("by").value(model::to_string(r.settings->by));
    w.key("runs").value(static_cast<std::int64_t>(o.runs));
    w.key("wall_seconds").value(o.wall_seconds);
    w.key("database").value(r.database);
    w.key("experiment_id").value(r.experiment_id);
    w.key("rounds").begin_array();
    for (const model::ProbeRound& round : o.rounds) {
        w.begin_object();
        w.key("base_mean").value(round.base_mean);
        w.key("ranking").begin_array();
        for (const auto& g : round.gains) write_gain(w, sc, g);
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("knockouts").begin_array();
    for (const model::KnockoutLoss& k : o.knockouts) {
        w.begin_object();
        w.key("constraint").value(k.candidate.name);
        w.key("base_mean").value(k.base_mean);
        w.key("lost").value(k.lost.mean);
        w.key("lost_ci_low").value(k.lost.low());
        w.key("lost_ci_high").value(k.lost.high());
        w.key("tts_days").value(k.tts_days);
        w.key("tts_censored").value(k.tts_censored);
        w.key("ttr_days").value(k.ttr_days);
        w.key("ttr_censored").value(k.ttr_censored);
        w.end_object();
    }
    w.end_array();
    w.key("ladder").begin_array();
    for (const model::LadderStep& step : o.ladder) {
        w.begin_object();
        w.key("step").value(step.step);
        w.key("constraint").value(step.constraint.name);
        w.key("output_before").value(step.output_before);
        w.key("gain").value(step.gain.mean);
        w.key("gain_ci_low").value(step.gain.low());
        w.key("gain_ci_high").value(step.gain.high());
        w.key("lift").value(step.lift);
        w.key("tried").begin_array();
        for (const auto& [factor, gain] : step.tried) {
            w.begin_object();
            w.key("factor").value(factor);
            w.key("gain").value(gain.mean);
            w.key("gain_ci_low").value(gain.low());
            w.key("gain_ci_high").value(gain.high());
            w.end_object();
        }
        w.end_array();
        if (step.binds_from_day)
            w.key("binds_from").value(model::date_string(sc.start, *step.binds_from_day));
        else
            w.key("binds_from").null();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out << "\n";
}

}  // namespace

void print_probe(std::ostream& out, const ProbeReport& report, bool json) {
    if (json)
        print_json(out, report);
    else
        print_text(out, report);
}

}  // namespace memchain::tools
