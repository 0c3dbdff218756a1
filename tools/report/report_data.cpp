#include "tools/report/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "model/record/run_owner.hpp"
#include "model/record/sqlite.hpp"
#include "model/scenario/input_error.hpp"
#include "sim/stats.hpp"
#include "tools/report/format.hpp"

namespace memchain::report {

namespace {

using model::InputError;

constexpr int supported_schema_version = 7;  // and 1 to 6: the same columns (lift when present)

std::optional<std::int64_t> optional_int(const sqlite::Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.column_int(column);
}

std::optional<double> optional_double(const sqlite::Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.column_double(column);
}

// A missing, empty or foreign file is bad input; only a valid SQLite file goes to SQLite, so
// that a failure after this point is an environment error.
void check_is_sqlite_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw InputError(path, "no such file (expected a memchain run database)");
    if (std::filesystem::is_directory(path, ec))
        throw InputError(path, "is a directory (expected a memchain run database)");
    if (std::filesystem::file_size(path, ec) == 0)
        throw InputError(path, "not a memchain database (empty file)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot be opened for reading");
    char header[16] = {};
    in.read(header, sizeof header);
    static constexpr char magic[] = "SQLite format 3";  // 15 characters and a NUL
    if (in.gcount() != static_cast<std::streamsize>(sizeof header) ||
        !std::equal(magic, magic + sizeof magic, header))
        throw InputError(path, "not a memchain database (not an SQLite file)");
}

void check_schema(sqlite::Database& db) {
    auto has_meta =
        db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    has_meta.step();
    if (has_meta.column_int(0) == 0)
        throw InputError(db.path(), "not a memchain database (no meta table)");
    auto version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (!version.step())
        throw InputError(db.path(), "not a memchain database (meta has no schema_version)");
    const std::string text = version.column_text(0);
    int found = 0;
    try {
        found = std::stoi(text);
    } catch (const std::exception&) {
        throw InputError(db.path(), "not a memchain database (schema_version '" + text + "')");
    }
    if (found > supported_schema_version)
        throw InputError(db.path(), "written by a newer memchain (schema version " + text +
                                        "); this report understands version " +
                                        std::to_string(supported_schema_version));
    if (found < 1)
        throw InputError(db.path(), "not a memchain database (schema_version " + text + ")");
}

std::string meta_value(sqlite::Database& db, const char* key) {
    auto st = db.prepare("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    return st.step() ? st.column_text(0) : std::string();
}

ExperimentRow read_experiment(sqlite::Statement& st) {
    ExperimentRow e;
    e.id = st.column_int(0);
    e.kind = st.column_text(1);
    e.label = st.column_text(2);
    e.command = st.column_text(3);
    e.master_seed = st.column_int(4);
    e.replications = static_cast<int>(st.column_int(5));
    e.created_at = st.column_text(6);
    return e;
}

// The common filter: rows of completed runs of the experiment, bound as parameter 1.
constexpr const char* completed = "r.experiment_id = ?1 AND r.status = 'completed'";

std::string sql(const std::string& head, const std::string& tail = "") {
    return head + " WHERE " + completed + (tail.empty() ? "" : " " + tail);
}

class Loader {
public:
    Loader(sqlite::Database& db, ReportData& out) : db_(db), out_(out) {}

    void load(std::optional<std::int64_t> experiment) {
        read_experiments(experiment);
        read_runs();
        read_variants();
        read_nodes();
        read_shocks();
        read_product_points();
        read_orders();
        read_stage_cells();
        read_bottlenecks();
        read_starvation();
        read_stage_times();
        read_kpis();
        read_comparisons();
        read_configs();
        read_product_units();
        read_installed();
        out_.probe = read_probe_data(db_, out_.experiment.id);
        out_.markets = read_market_data(db_, out_.experiment.id);
        mark_base();
        order_variants();
    }

private:
    sqlite::Statement prepare(const std::string& text) {
        auto st = db_.prepare(text);
        st.bind(1, out_.experiment.id);
        return st;
    }

    void read_experiments(std::optional<std::int64_t> wanted) {
        auto st = db_.prepare(
            "SELECT experiment_id, kind, label, command, master_seed, replications, created_at "
            "FROM experiments ORDER BY experiment_id");
        std::vector<ExperimentRow> all;
        while (st.step()) all.push_back(read_experiment(st));
        for (const auto& e : all) out_.experiment_ids.push_back(e.id);
        if (all.empty()) throw InputError(db_.path(), "the database holds no experiments yet");
        if (!wanted) {
            out_.experiment = all.back();
            return;
        }
        for (const auto& e : all) {
            if (e.id == *wanted) {
                out_.experiment = e;
                return;
            }
        }
        std::string ids;
        for (const auto& e : all) ids += (ids.empty() ? "" : ", ") + std::to_string(e.id);
        throw InputError("--experiment", "no experiment " + std::to_string(*wanted) + " in " +
                                             db_.path() + " (it holds " + ids + ")");
    }

    void read_runs() {
        auto st = prepare(
            "SELECT run_id, scenario, variant, replication, seed, config_hash, start_date, "
            "horizon_days, coalesce(parameters, ''), status, coalesce(error, ''), events, "
            "wall_seconds FROM runs WHERE experiment_id = ?1 ORDER BY run_id");
        while (st.step()) {
            RunRow r;
            r.id = st.column_int(0);
            r.scenario = st.column_text(1);
            r.variant = st.column_text(2);
            r.replication = static_cast<int>(st.column_int(3));
            r.seed = st.column_int(4);
            r.config_hash = st.column_text(5);
            r.start_date = st.column_text(6);
            r.horizon_days = st.column_double(7);
            r.parameters = st.column_text(8);
            r.status = st.column_text(9);
            r.error = st.column_text(10);
            r.events = optional_int(st, 11);
            r.wall_seconds = optional_double(st, 12);
            out_.runs.push_back(std::move(r));
        }
        mark_abandoned_runs();
    }

    // A run left `running` by a process that has ended is shown as what it is, interrupted,
    // although this read-only reader does not change the file (the next writer does).
    void mark_abandoned_runs() {
        auto has_owner =
            db_.prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'owner_pid'");
        if (!has_owner.step() || has_owner.column_int(0) == 0) return;
        auto st = prepare(
            "SELECT run_id, coalesce(owner_host, ''), coalesce(owner_pid, 0), "
            "coalesce(started_at, '') FROM runs WHERE experiment_id = ?1 AND status = "
            "'running'");
        while (st.step()) {
            const model::RunOwner owner{st.column_text(1), st.column_int(2), st.column_text(3)};
            if (model::owner_alive(owner)) continue;
            for (RunRow& r : out_.runs) {
                if (r.id != st.column_int(0)) continue;
                r.status = "interrupted";
                r.error = "process ended without closing the run";
            }
        }
    }

    void read_variants() {
        std::optional<model::Date> start;
        for (const RunRow& r : out_.runs) {
            if (r.status != "completed") continue;
            Variant* v = find_variant(r.variant);
            if (!v) {
                out_.variants.push_back({r.variant, r.scenario, r.config_hash, false, {}, {}});
                v = &out_.variants.back();
            }
            v->runs.push_back(r.id);
            const auto date = model::Date::parse(r.start_date);
            if (!date)
                throw InputError(db_.path(), "run " + std::to_string(r.id) + " has start date '" +
                                                 r.start_date + "' (expected YYYY-MM-DD)");
            if (start && *start != *date) out_.mixed_start_dates = true;
            if (!start || *date < *start) start = date;
            out_.horizon_days = std::max(out_.horizon_days, r.horizon_days);
        }
        if (start) out_.start_date = *start;
        // Heatmap cells of a week, widened for long horizons to keep about 160 columns.
        out_.bin_days = 7.0 * std::max(1.0, std::ceil(out_.horizon_days / (7.0 * 160.0)));

        auto st = prepare(
            "SELECT r.variant, j.key, j.type, CAST(j.value AS TEXT), "
            "CASE WHEN j.type IN ('integer', 'real') THEN j.value END "
            "FROM runs r, json_each(r.parameters) j "
            "WHERE r.experiment_id = ?1 AND r.status = 'completed' AND json_valid(r.parameters) "
            "AND r.run_id = (SELECT min(run_id) FROM runs r2 WHERE r2.experiment_id = ?1 "
            "AND r2.status = 'completed' AND r2.variant = r.variant) ORDER BY j.id");
        while (st.step()) {
            Variant* v = find_variant(st.column_text(0));
            if (!v) continue;
            Parameter p;
            p.name = st.column_text(1);
            p.value = st.column_text(3);
            if (st.column_text(2) == "text") p.value = "\"" + p.value + "\"";
            p.number = optional_double(st, 4);
            v->parameters.push_back(std::move(p));
        }
    }

    Variant* find_variant(const std::string& name) {
        for (auto& v : out_.variants)
            if (v.name == name) return &v;
        return nullptr;
    }

    void read_nodes() {
        auto st = prepare(
            sql("SELECT n.name, n.block, n.stage, n.region, n.owner, n.product, min(n.run_id) "
                "FROM nodes n JOIN runs r ON r.run_id = n.run_id",
                "GROUP BY n.name"));
        std::map<std::string, Node> nodes;
        while (st.step()) {
            Node n{st.column_text(0),
                   st.column_text(1),
                   st.column_text(2),
                   st.column_text(3),
                   st.column_text(4),
                   st.column_text(5),
                   0};
            nodes.emplace(n.name, n);
        }
        auto edges = prepare(
            sql("SELECT DISTINCT f.name, t.name FROM edges e JOIN runs r ON r.run_id = e.run_id "
                "JOIN nodes f ON f.run_id = e.run_id AND f.node_id = e.from_node "
                "JOIN nodes t ON t.run_id = e.run_id AND t.node_id = e.to_node"));
        std::vector<std::pair<std::string, std::string>> links;
        while (edges.step()) links.emplace_back(edges.column_text(0), edges.column_text(1));
        // Longest path from the sources; a cycle stops growing after one pass per node.
        for (std::size_t pass = 0; pass < nodes.size(); ++pass) {
            bool changed = false;
            for (const auto& [from, to] : links) {
                auto f = nodes.find(from);
                auto t = nodes.find(to);
                if (f == nodes.end() || t == nodes.end()) continue;
                if (t->second.depth < f->second.depth + 1) {
                    t->second.depth = f->second.depth + 1;
                    changed = true;
                }
            }
            if (!changed) break;
        }
        for (auto& [name, node] : nodes) out_.nodes.push_back(node);
        std::stable_sort(out_.nodes.begin(), out_.nodes.end(),
                         [](const Node& a, const Node& b) { return a.depth < b.depth; });

        std::map<std::string, std::pair<double, std::vector<std::string>>> stages;
        for (const Node& n : out_.nodes) {
            if (!is_producing(n)) continue;
            auto& s = stages[n.stage];
            s.first += n.depth;
            s.second.push_back(n.name);
        }
        for (auto& [name, s] : stages) {
            std::stable_sort(
                s.second.begin(), s.second.end(),
                [](const std::string& a, const std::string& b) { return natural_less(a, b); });
            out_.stages.push_back({name, std::move(s.second)});
        }
        auto mean_depth = [&](const Stage& s) {
            return stages.at(s.name).first / static_cast<double>(s.nodes.size());
        };
        std::stable_sort(
            out_.stages.begin(), out_.stages.end(),
            [&](const Stage& a, const Stage& b) { return mean_depth(a) < mean_depth(b); });
    }

    static bool is_producing(const Node& n) {
        return !n.stage.empty() && n.block != "buyer" && n.block != "source";
    }

    void read_shocks() {
        auto st = prepare(sql(
            "SELECT r.variant, s.name, s.kind, s.target, s.start_day, s.end_day, s.magnitude, "
            "s.origin, s.description, count(*) FROM shocks s JOIN runs r ON r.run_id = s.run_id",
            "GROUP BY r.variant, s.name, s.kind, s.target, s.start_day, s.end_day, s.magnitude, "
            "s.origin, s.description ORDER BY s.start_day, s.name, r.variant"));
        while (st.step()) {
            Shock s;
            s.variant = st.column_text(0);
            s.name = st.column_text(1);
            s.kind = st.column_text(2);
            s.target = st.column_text(3);
            s.start_day = st.column_double(4);
            s.end_day = optional_double(st, 5);
            s.magnitude = st.column_double(6);
            s.random = st.column_text(7) == "random";
            s.description = st.column_text(8);
            s.runs = static_cast<int>(st.column_int(9));
            out_.shocks.push_back(std::move(s));
        }
    }

    void read_product_points() {
        auto st = prepare(
            sql("SELECT r.variant, p.product, p.day, p.backlog, p.throughput_per_day, "
                "p.quoted_lead_time_days FROM product_samples p JOIN runs r ON r.run_id = p.run_id",
                "ORDER BY p.product, p.day"));
        struct Values {
            std::vector<double> quoted, backlog, throughput;
        };
        // Sample days of different replications match when the engine samples on a fixed grid;
        // keying on a micro-day rounding keeps float noise from splitting a point.
        std::map<std::tuple<std::string, std::string, std::int64_t>, Values> points;
        std::set<std::string> products;
        while (st.step()) {
            const auto key = std::make_tuple(st.column_text(0), st.column_text(1),
                                             std::llround(st.column_double(2) * 1e6));
            products.insert(std::get<1>(key));
            Values& v = points[key];
            v.backlog.push_back(st.column_double(3));
            v.throughput.push_back(st.column_double(4));
            if (!st.is_null(5)) v.quoted.push_back(st.column_double(5));
        }
        for (auto& [key, v] : points) {
            ProductPoint p;
            p.variant = std::get<0>(key);
            p.product = std::get<1>(key);
            p.day = static_cast<double>(std::get<2>(key)) / 1e6;
            if (!v.quoted.empty()) p.quoted_lead_time_days = band_of(std::move(v.quoted));
            p.backlog = band_of(std::move(v.backlog));
            p.throughput_per_day = band_of(std::move(v.throughput));
            out_.product_points.push_back(std::move(p));
        }
        out_.products.assign(products.begin(), products.end());
    }

    void read_orders() {
        auto counts =
            prepare(sql("SELECT r.variant, count(*), sum(o.status = 'open') FROM orders o "
                        "JOIN runs r ON r.run_id = o.run_id",
                        "GROUP BY r.variant"));
        while (counts.step())
            out_.order_counts.push_back(
                {counts.column_text(0), counts.column_int(1), counts.column_int(2)});

        auto st =
            prepare(sql("SELECT r.variant, o.product, o.buyer, "
                        "date(r.start_date, printf('%+d days', CAST(o.completed_day AS INTEGER)), "
                        "'start of month') AS month, count(*), avg(o.lead_time_days) "
                        "FROM orders o JOIN runs r ON r.run_id = o.run_id",
                        "AND o.completed_day IS NOT NULL AND o.lead_time_days IS NOT NULL "
                        "GROUP BY r.run_id, o.product, o.buyer, month "
                        "ORDER BY r.variant, o.product, o.buyer, month"));
        struct Acc {
            int orders = 0;
            double total = 0.0;
            std::vector<double> run_means;
        };
        std::map<std::tuple<std::string, std::string, std::string, std::string>, Acc> months;
        std::set<std::string> buyers;
        while (st.step()) {
            const auto key = std::make_tuple(st.column_text(0), st.column_text(1),
                                             st.column_text(2), st.column_text(3));
            buyers.insert(std::get<2>(key));
            Acc& a = months[key];
            const auto n = static_cast<int>(st.column_int(4));
            const double mean = st.column_double(5);
            a.orders += n;
            a.total += mean * n;
            a.run_means.push_back(mean);
        }
        for (auto& [key, a] : months) {
            OrderMonth m;
            std::tie(m.variant, m.product, m.buyer, m.month) = key;
            m.orders = a.orders;
            m.mean_lead_time_days = a.total / a.orders;
            m.replication_means = band_of(std::move(a.run_means));
            out_.order_months.push_back(std::move(m));
        }
        // Buyers that ordered but saw nothing completed still count as buyers.
        auto all_buyers = prepare(
            sql("SELECT DISTINCT o.buyer FROM orders o JOIN runs r ON r.run_id = o.run_id"));
        while (all_buyers.step()) buyers.insert(all_buyers.column_text(0));
        auto kpi_buyers =
            prepare(sql("SELECT DISTINCT k.buyer FROM kpis k JOIN runs r ON r.run_id = k.run_id",
                        "AND k.buyer <> ''"));
        while (kpi_buyers.step()) buyers.insert(kpi_buyers.column_text(0));
        out_.buyers.assign(buyers.begin(), buyers.end());
    }

    void read_stage_cells() {
        auto st = prepare(
            sql("SELECT r.variant, n.stage, CAST(s.day / ?2 AS INTEGER) AS bin, avg(s.utilization) "
                "FROM samples s JOIN runs r ON r.run_id = s.run_id "
                "JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id",
                "AND n.stage <> '' AND n.block NOT IN ('buyer', 'source') "
                "GROUP BY r.variant, n.stage, bin ORDER BY r.variant, n.stage, bin"));
        st.bind(2, out_.bin_days);
        while (st.step())
            out_.stage_cells.push_back({st.column_text(0), st.column_text(1),
                                        static_cast<double>(st.column_int(2)) * out_.bin_days,
                                        st.column_double(3)});
    }

    void read_bottlenecks() {
        auto st =
            prepare(sql("SELECT r.variant, r.replication, n.name, p.start_day, p.end_day, p.kind "
                        "FROM bottleneck_periods p JOIN runs r ON r.run_id = p.run_id "
                        "JOIN nodes n ON n.run_id = p.run_id AND n.node_id = p.node_id",
                        "ORDER BY r.run_id, p.start_day, p.end_day"));
        while (st.step())
            out_.bottleneck_spans.push_back({st.column_text(0), static_cast<int>(st.column_int(1)),
                                             st.column_text(2), st.column_double(3),
                                             st.column_double(4), st.column_text(5) == "shifting"});
        auto shifts =
            prepare(sql("SELECT r.variant, r.replication, b.day, f.name, t.name "
                        "FROM bottleneck_shifts b JOIN runs r ON r.run_id = b.run_id "
                        "LEFT JOIN nodes f ON f.run_id = b.run_id AND f.node_id = b.from_node "
                        "JOIN nodes t ON t.run_id = b.run_id AND t.node_id = b.to_node",
                        "ORDER BY r.run_id, b.day"));
        while (shifts.step()) {
            BottleneckShiftRow s;
            s.variant = shifts.column_text(0);
            s.replication = static_cast<int>(shifts.column_int(1));
            s.day = shifts.column_double(2);
            if (!shifts.is_null(3)) s.from = shifts.column_text(3);
            s.to = shifts.column_text(4);
            out_.bottleneck_shifts.push_back(std::move(s));
        }
    }

    void read_starvation() {
        auto st = prepare(
            sql("SELECT r.variant, n.name, s.input, sum(s.days) FROM starvation s "
                "JOIN runs r ON r.run_id = s.run_id "
                "JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id",
                "GROUP BY r.variant, n.name, s.input ORDER BY r.variant, sum(s.days) DESC"));
        while (st.step()) {
            const Variant* v = find_variant(st.column_text(0));
            if (!v) continue;
            out_.starvation.push_back({v->name, st.column_text(1), st.column_text(2),
                                       st.column_double(3) / v->replications()});
        }
    }

    void read_stage_times() {
        auto st =
            prepare(sql("SELECT r.variant, n.stage, count(*), avg(l.started_day - l.arrived_day), "
                        "avg(l.finished_day - l.started_day) FROM lot_stages l "
                        "JOIN runs r ON r.run_id = l.run_id "
                        "JOIN nodes n ON n.run_id = l.run_id AND n.node_id = l.node_id",
                        "AND n.stage <> '' GROUP BY r.variant, n.stage"));
        while (st.step())
            out_.stage_times.push_back({st.column_text(0), st.column_text(1), st.column_int(2),
                                        st.column_double(3), st.column_double(4)});
        auto rank = [&](const std::string& stage) {
            for (std::size_t i = 0; i < out_.stages.size(); ++i)
                if (out_.stages[i].name == stage) return i;
            return out_.stages.size();
        };
        std::stable_sort(out_.stage_times.begin(), out_.stage_times.end(),
                         [&](const StageTime& a, const StageTime& b) {
                             return std::make_pair(a.variant, rank(a.stage)) <
                                    std::make_pair(b.variant, rank(b.stage));
                         });
    }

    void read_kpis() {
        auto st = prepare(
            "SELECT variant, kpi, product, buyer, node, n, mean, sd, ci95_half_width "
            "FROM kpi_summary WHERE experiment_id = ?1 ORDER BY kpi, product, buyer, node");
        while (st.step()) {
            KpiStat k;
            k.variant = st.column_text(0);
            k.kpi = st.column_text(1);
            k.product = st.column_text(2);
            k.buyer = st.column_text(3);
            k.node = st.column_text(4);
            k.n = static_cast<int>(st.column_int(5));
            k.mean = st.column_double(6);
            k.sd = optional_double(st, 7);
            k.ci95_half_width = optional_double(st, 8);
            out_.kpis.push_back(std::move(k));
        }
    }

    void read_comparisons() {
        auto st = prepare(
            "SELECT variant, kpi, product, buyer, node, n, base_mean, variant_mean, diff_mean, "
            "diff_ci_low, diff_ci_high, unpaired_ci_low, unpaired_ci_high FROM comparisons "
            "WHERE experiment_id = ?1 ORDER BY variant, kpi, product, buyer, node");
        while (st.step()) {
            Comparison c;
            c.variant = st.column_text(0);
            c.kpi = st.column_text(1);
            c.product = st.column_text(2);
            c.buyer = st.column_text(3);
            c.node = st.column_text(4);
            c.n = static_cast<int>(st.column_int(5));
            c.base_mean = st.column_double(6);
            c.variant_mean = st.column_double(7);
            c.diff_mean = st.column_double(8);
            c.diff_ci_low = st.column_double(9);
            c.diff_ci_high = st.column_double(10);
            c.unpaired_ci_low = st.column_double(11);
            c.unpaired_ci_high = st.column_double(12);
            out_.comparisons.push_back(std::move(c));
        }
    }

    void read_product_units() {
        auto exists = db_.prepare("SELECT 1 FROM sqlite_master WHERE name = 'products'");
        if (!exists.step()) return;
        auto st = prepare(
            "SELECT DISTINCT p.product, p.unit FROM products p JOIN runs r ON r.config_hash = "
            "p.config_hash WHERE " +
            std::string(completed) + " ORDER BY r.run_id DESC");
        while (st.step()) out_.product_units[st.column_text(0)] = st.column_text(1);
    }

    void read_installed() {
        auto st =
            prepare(sql("SELECT k.run_id, sum(k.value), min(n.product) FROM kpis k "
                        "JOIN runs r ON r.run_id = k.run_id "
                        "JOIN nodes n ON n.run_id = k.run_id AND n.name = k.node",
                        "AND k.kpi = 'absorbed_units' AND n.block = 'pool' GROUP BY k.run_id"));
        while (st.step()) {
            out_.installed_by_run[st.column_int(0)] = st.column_double(1);
            out_.installed_product = st.column_text(2);
        }
    }

    void read_configs() {
        auto st = prepare(
            "SELECT c.config_hash, c.scenario, c.path, c.text FROM configs c "
            "WHERE c.config_hash IN (SELECT config_hash FROM runs WHERE experiment_id = ?1) "
            "ORDER BY (SELECT min(run_id) FROM runs r WHERE r.config_hash = c.config_hash "
            "AND r.experiment_id = ?1)");
        while (st.step())
            out_.configs.push_back(
                {st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3)});
    }

    // The base is the variant every comparison is made against: the one that never appears as
    // a compared variant. Without comparisons, a variant called baseline or base, else the
    // first one written.
    void mark_base() {
        if (out_.variants.empty()) return;
        std::set<std::string> compared;
        for (const auto& c : out_.comparisons) compared.insert(c.variant);
        Variant* base = nullptr;
        if (!compared.empty())
            for (auto& v : out_.variants)
                if (!compared.count(v.name)) {
                    base = &v;
                    break;
                }
        for (const char* name : {"baseline", "base"})
            if (!base) base = find_variant(name);
        if (!base) base = &out_.variants.front();
        base->base = true;
    }

    void order_variants() {
        std::stable_partition(out_.variants.begin(), out_.variants.end(),
                              [](const Variant& v) { return v.base; });
        const bool numeric = std::all_of(
            out_.variants.begin(), out_.variants.end(),
            [](const Variant& v) { return !v.parameters.empty() && v.parameters.front().number; });
        // A sweep reads best in the order of its first parameter.
        if (numeric && out_.variants.size() > 2)
            std::stable_sort(out_.variants.begin() + 1, out_.variants.end(),
                             [](const Variant& a, const Variant& b) {
                                 return *a.parameters.front().number < *b.parameters.front().number;
                             });
    }

    sqlite::Database& db_;
    ReportData& out_;
};

}  // namespace

Band band_of(std::vector<double> values) {
    Band b;
    b.n = static_cast<int>(values.size());
    if (values.empty()) return b;
    sim::Quantiles q;
    double sum = 0.0;
    for (double v : values) {
        q.add(v);
        sum += v;
    }
    b.mean = sum / static_cast<double>(values.size());
    b.low = q.quantile(0.1);
    b.high = q.quantile(0.9);
    return b;
}

const Variant* ReportData::base() const {
    for (const auto& v : variants)
        if (v.base) return &v;
    return nullptr;
}

const Variant* ReportData::variant(const std::string& name) const {
    for (const auto& v : variants)
        if (v.name == name) return &v;
    return nullptr;
}

const Node* ReportData::node(const std::string& name) const {
    for (const auto& n : nodes)
        if (n.name == name) return &n;
    return nullptr;
}

int ReportData::max_replications() const {
    int most = 0;
    for (const auto& v : variants) most = std::max(most, v.replications());
    return most;
}

std::string ReportData::unit_of(const std::string& product) const {
    const auto it = product_units.find(product);
    return it == product_units.end() || it->second.empty() ? "units" : it->second;
}

std::string ReportData::unit_for(const std::string& product, const std::string& node) const {
    if (!product.empty()) return unit_of(product);
    const Node* n = node.empty() ? nullptr : this->node(node);
    return unit_of(n ? n->product : "");
}

std::string ReportData::target_unit(const Shock& shock) const {
    const Node* n = node(shock.target.substr(0, shock.target.find(',')));
    return unit_of(n ? n->product : "");
}

bool ReportData::has_orders() const {
    for (const auto& c : order_counts)
        if (c.orders > 0) return true;
    return false;
}

namespace {

std::string index_key(const std::string& variant, const std::string& kpi,
                      const std::string& product, const std::string& buyer,
                      const std::string& node) {
    // Joined by the ASCII unit separator, which names from configs do not hold.
    return variant + '\x1f' + kpi + '\x1f' + product + '\x1f' + buyer + '\x1f' + node;
}

}  // namespace

void ReportData::index() {
    kpi_index_.clear();
    comparison_index_.clear();
    for (std::size_t i = 0; i < kpis.size(); ++i) {
        const auto& k = kpis[i];
        kpi_index_.emplace(index_key(k.variant, k.kpi, k.product, k.buyer, k.node), i);
    }
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        const auto& c = comparisons[i];
        comparison_index_.emplace(index_key(c.variant, c.kpi, c.product, c.buyer, c.node), i);
    }
}

const KpiStat* ReportData::kpi(const std::string& variant_name, const std::string& name,
                               const std::string& product, const std::string& buyer,
                               const std::string& node_name) const {
    const auto it = kpi_index_.find(index_key(variant_name, name, product, buyer, node_name));
    return it == kpi_index_.end() ? nullptr : &kpis[it->second];
}

const Comparison* ReportData::comparison(const std::string& variant_name, const std::string& name,
                                         const std::string& product, const std::string& buyer,
                                         const std::string& node_name) const {
    const auto it =
        comparison_index_.find(index_key(variant_name, name, product, buyer, node_name));
    return it == comparison_index_.end() ? nullptr : &comparisons[it->second];
}

std::vector<const RunRow*> ReportData::incomplete_runs() const {
    std::vector<const RunRow*> out;
    for (const auto& r : runs)
        if (r.status != "completed") out.push_back(&r);
    return out;
}

sqlite::Database open_run_database(const std::string& path) {
    check_is_sqlite_file(path);
    sqlite::Database db(path, sqlite::Database::Mode::Query);
    check_schema(db);
    return db;
}

ReportData load_report_data(const std::string& path, std::optional<std::int64_t> experiment) {
    sqlite::Database db = open_run_database(path);
    ReportData data;
    data.db_path = path;
    data.memchain_version = meta_value(db, "memchain_version");
    Loader(db, data).load(experiment);
    data.index();
    return data;
}

}  // namespace memchain::report
