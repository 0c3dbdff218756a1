// memchain graph: the scenario's network as Graphviz DOT.

#include <fstream>
#include <iostream>
#include <sstream>

#include "model/scenario/input_error.hpp"
#include "model/scenario/loader.hpp"
#include "model/scenario/network.hpp"
#include "tools/cli_options.hpp"

namespace memchain::tools {

int run_graph(const Args& args) {
    po::options_description options("options");
    options.add_options()("scenario", po::value<std::string>()->required(), "scenario file (YAML)")(
        "output,o", po::value<std::string>(), "write the DOT here instead of stdout")(
        "cluster", po::value<std::string>()->default_value("stage"),
        "group nodes by stage, region or none")("set",
                                                po::value<std::vector<std::string>>()->composing(),
                                                "override a value, path=value (repeatable)");
    po::positional_options_description positional;
    positional.add("scenario", 1);
    const auto parsed = parse_options("graph", options, positional, args);
    if (parsed.help) {
        print_help("graph", "SCENARIO [-o FILE.dot] [--cluster stage|region|none] [--set ...]",
                   "Writes the scenario's network as Graphviz DOT: nodes with block, product and "
                   "capacity, lanes with transit times, ordering links dashed. Render with e.g. "
                   "`dot -Tsvg FILE.dot -o FILE.svg`.",
                   options, positional);
        return 0;
    }
    const std::string cluster = parsed.values["cluster"].as<std::string>();
    model::Network::Clusters clusters = model::Network::Clusters::Stage;
    if (cluster == "region")
        clusters = model::Network::Clusters::Region;
    else if (cluster == "none")
        clusters = model::Network::Clusters::None;
    else if (cluster != "stage")
        throw model::InputError("--cluster",
                                "expected stage, region or none, found '" + cluster + "'");

    std::vector<std::string> overrides;
    if (parsed.values.count("set")) overrides = parsed.values["set"].as<std::vector<std::string>>();
    const model::Scenario scenario =
        model::load_scenario(parsed.values["scenario"].as<std::string>(), overrides);
    const model::Network network(scenario);
    std::ostringstream dot;
    network.write_dot(dot, clusters);

    if (!parsed.values.count("output")) {
        std::cout << dot.str();
        return 0;
    }
    const std::string path = parsed.values["output"].as<std::string>();
    std::ofstream file(path, std::ios::binary);
    file << dot.str();
    file.close();
    if (!file) throw model::InputError("--output", "cannot write '" + path + "'");
    return 0;
}

}  // namespace memchain::tools
