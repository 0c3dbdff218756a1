// memchain check and graph, run as a user would: the built binary, its output and exit code.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "memchain_cli.hpp"
#include "model/scenario/loader.hpp"
#include "temp_dir.hpp"

using Result = memchain::testing::CliResult;
using memchain::testing::run_memchain;

namespace {

const std::string example = std::string(MEMCHAIN_SOURCE_DIR) + "/configs/examples/hbm-mini.yaml";

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("memchain check: a summary of a valid scenario, ending ok") {
        const Result r = run_memchain("check " + example);
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind("scenario hbm-mini (" + example + ")\n", 0) == 0);
        CHECK(
            r.out.find("start 2026-01-01, horizon 2y (to 2028-01-01), warmup 12w, seed 1, hash ") !=
            std::string::npos);
        CHECK(r.out.find("products (7)\n") != std::string::npos);
        CHECK(r.out.find("= 12 core_die + 1 base_die\n") != std::string::npos);
        CHECK(r.out.find("nodes (12)\n  DRAM fab\n    wafer_starts") != std::string::npos);
        CHECK(
            r.out.find(
                "    skhynix_fab      station (fab)           dram_wafer   20000 wafers/month\n") !=
            std::string::npos);
        CHECK(
            r.out.find("    gpu_wafers       source                  blank_wafer  poisson 91.3125 "
                       "lots/month of 25 wafers\n") != std::string::npos);
        CHECK(r.out.find("lanes (11)\n") != std::string::npos);
        CHECK(r.out.find("buyers (2)\n") != std::string::npos);
        CHECK(r.out.find("rate 30000 accelerators/month, ordered every 1mo") != std::string::npos);
        CHECK(r.out.find("shocks (2)\n  tsv-fire") != std::string::npos);
        CHECK(r.out.find("2026-09-01 for 6w, recovery 8w, magnitude 0.3; targets skhynix_tsv") !=
              std::string::npos);
        CHECK(r.out.find("warning") == std::string::npos);
        CHECK(r.out.size() >= 3);
        CHECK(r.out.substr(r.out.size() - 3) == "ok\n");
    }

    TEST_CASE("memchain check: warnings, overrides and bad input") {
        memchain::testing::TempDir dir;
        std::ofstream(dir.file("s.yaml"))
            << "name: t\nstart: 2026-01-01\nproducts: {w: {unit: wafers}}\n"
               "nodes:\n  fab: {preset: fab, product: w, capacity: 5 wafers/day}\n"
               "  sink: {block: sink, product: w}\n"
               "  pool: {block: allocator, product: w}\n"
               "lanes: [{from: fab, to: sink}]\n";
        Result r = run_memchain("check " + dir.file("s.yaml"));
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("warning: station 'fab': its input buffers and output lanes are all "
                         "unbounded, so it never blocks") != std::string::npos);
        CHECK(r.out.find("warning: allocator 'pool': no buyer or input buffer orders from it") !=
              std::string::npos);
        CHECK(r.out.find("warning: station 'fab' has no inputs, so no lot ever reaches it and it "
                         "never works (feed it by a lane from a source)\n") != std::string::npos);

        r = run_memchain("check " + dir.file("s.yaml") +
                         " --set nodes.fab.capacity=7 --set seed=4");
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("213.06") != std::string::npos);  // 7 wafers/day: the unit is kept
        CHECK(r.out.find("seed 4") != std::string::npos);

        // A run cut short by --set horizon keeps its later shocks, which never happen.
        std::ofstream(dir.file("late.yaml"))
            << "name: t\nstart: 2026-01-01\nhorizon: 2y\nproducts: {w: {unit: wafers}}\n"
               "nodes:\n  fab: {preset: fab, product: w, capacity: 5 wafers/day}\n"
               "shocks: [{name: fire, kind: outage, targets: [fab], start: 2027-06-01, "
               "duration: 2w}]\n";
        r = run_memchain("check " + dir.file("late.yaml") + " --set horizon=1y");
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("warning: shock 'fire' starts 2027-06-01, after the horizon ends: it "
                         "never happens in this run") != std::string::npos);

        r = run_memchain("check " + dir.file("s.yaml") + " --set nodes.fab.capacity=0");
        CHECK(r.exit_code == 2);
        CHECK(r.out == "--set nodes.fab.capacity: error: capacity must be positive, found 0\n");

        std::ofstream(dir.file("bad.yaml"))
            << "name: t\nstart: 2026-01-01\nproducts: {w: {unti: x}}\n";
        r = run_memchain("check " + dir.file("bad.yaml"));
        CHECK(r.exit_code == 2);
        CHECK(r.out ==
              dir.file("bad.yaml") + ":3:16: error: unknown key 'unti' (did you mean 'unit'?)\n");

        r = run_memchain("check");
        CHECK(r.exit_code == 2);
        r = run_memchain("check --help");
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind("usage: memchain check SCENARIO", 0) == 0);
        // The positional argument is listed by its name in the usage, not as a flag.
        CHECK(r.out.find("arguments:\n  SCENARIO              scenario file (YAML)\n") !=
              std::string::npos);
        CHECK(r.out.find("--scenario") == std::string::npos);
        r = run_memchain("compare --help");
        CHECK(r.out.find("arguments:\n  BASE [VARIANT...]     scenario files (YAML)\n") !=
              std::string::npos);
        CHECK(r.out.find("--scenarios") == std::string::npos);
    }

    TEST_CASE("memchain graph: DOT on stdout or into a file, with every node and lane") {
        const memchain::model::Scenario s = memchain::model::load_scenario(example);
        Result r = run_memchain("graph " + example);
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind("digraph \"hbm-mini\" {", 0) == 0);
        for (const auto& node : s.nodes)
            CHECK(r.out.find("\"" + node.name + "\" [label=") != std::string::npos);
        for (const auto& lane : s.lanes)
            CHECK(r.out.find("\"" + lane.from + "\" -> \"" + lane.to + "\" [label=") !=
                  std::string::npos);

        memchain::testing::TempDir dir;
        r = run_memchain("graph " + example + " -o " + dir.file("net.dot") + " --cluster region");
        CHECK(r.exit_code == 0);
        CHECK(r.out.empty());
        std::ifstream in(dir.file("net.dot"));
        std::stringstream written;
        written << in.rdbuf();
        CHECK(written.str().find("label=\"KR\";") != std::string::npos);

        r = run_memchain("graph " + example + " --cluster owner");
        CHECK(r.exit_code == 2);
        CHECK(r.out == "--cluster: error: expected stage, region or none, found 'owner'\n");
    }
}  // TEST_SUITE
