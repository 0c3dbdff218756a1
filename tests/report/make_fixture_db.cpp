// Writes the report test database: make_fixture_db OUT.db [--replications N] [--sweep]
// [--single-variant] [--no-orders] [--no-shocks] [--failed-runs] [--extra-nodes N]
// [--hostile-names] [--no-earlier] [--markets]. Replaces OUT.db when it exists.

#include <filesystem>
#include <iostream>
#include <string>

#include "report/fixture_db.hpp"

int main(int argc, char** argv) {
    memchain::testing::FixtureOptions options;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto number = [&] {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a number");
            return std::stoi(argv[++i]);
        };
        try {
            if (arg == "--replications")
                options.replications = number();
            else if (arg == "--extra-nodes")
                options.extra_nodes = number();
            else if (arg == "--sweep")
                options.sweep = true;
            else if (arg == "--single-variant")
                options.shocked_variant = false;
            else if (arg == "--no-orders")
                options.orders = false;
            else if (arg == "--no-shocks")
                options.shocks = false;
            else if (arg == "--failed-runs")
                options.failed_runs = true;
            else if (arg == "--hostile-names")
                options.hostile_names = true;
            else if (arg == "--no-earlier")
                options.earlier_experiment = false;
            else if (arg == "--markets")
                options.markets = true;
            else if (!arg.empty() && arg[0] != '-' && out.empty())
                out = arg;
            else
                throw std::invalid_argument("unknown argument '" + arg + "'");
        } catch (const std::exception& e) {
            std::cerr << "make_fixture_db: error: " << e.what() << "\n";
            return 2;
        }
    }
    if (out.empty()) {
        std::cerr << "usage: make_fixture_db OUT.db [options]\n";
        return 2;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(out + suffix);
    const auto id = memchain::testing::write_fixture_db(out, options);
    std::cout << out << ": experiment " << id << "\n";
    return 0;
}
