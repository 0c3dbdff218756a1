// memchain list: the experiments of a run database, with their variants and how many runs of
// each completed, failed, were interrupted or are still running.

#include <iostream>
#include <string>

#include "model/scenario/input_error.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/report/report_data.hpp"
#include "tools/table.hpp"

namespace memchain::tools {

int run_list(const Args& args) {
    po::options_description options("options");
    options.add_options()("database", po::value<std::string>(), "the run database (DB)");
    po::positional_options_description positional;
    positional.add("database", 1);
    const auto parsed = parse_options("list", options, positional, args);
    if (parsed.help) {
        print_help("list", "DB",
                   "Lists the experiments of a run database: id, kind, when it was made, the\n"
                   "command, and per variant its runs by status (completed, failed,\n"
                   "interrupted, running). Pass an id to report or export with --experiment.",
                   options, positional);
        return 0;
    }
    if (!parsed.values.count("database"))
        throw model::InputError("memchain list",
                                "missing the run database (usage: memchain list DB)");
    sqlite::Database db = report::open_run_database(parsed.values["database"].as<std::string>());
    auto st = db.prepare(
        "SELECT e.experiment_id, e.kind, e.created_at, e.master_seed, r.variant, COUNT(*), "
        "SUM(r.status = 'completed'), SUM(r.status = 'failed'), SUM(r.status = 'interrupted'), "
        "SUM(r.status = 'running'), e.command "
        "FROM experiments e JOIN runs r ON r.experiment_id = e.experiment_id "
        "GROUP BY e.experiment_id, r.variant "
        "ORDER BY e.experiment_id, MIN(r.run_id)");
    Table table({"experiment", "kind", "created (UTC)", "seed", "variant", "runs", "completed",
                 "failed", "interrupted", "running"});
    std::int64_t last = -1;
    std::string commands;
    while (st.step()) {
        const std::int64_t id = st.column_int(0);
        const bool first = id != last;
        table.add({first ? std::to_string(id) : "", first ? st.column_text(1) : "",
                   first ? st.column_text(2) : "", first ? st.column_text(3) : "",
                   st.column_text(4), st.column_text(5), st.column_text(6), st.column_text(7),
                   st.column_text(8), st.column_text(9)});
        if (first) commands += "  " + std::to_string(id) + ": " + st.column_text(10) + "\n";
        last = id;
    }
    if (table.empty()) {
        std::cout << db.path() << ": no experiments\n";
        return 0;
    }
    table.print(std::cout);
    std::cout << "\ncommands:\n" << commands;
    return 0;
}

}  // namespace memchain::tools
