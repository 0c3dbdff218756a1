#include "tools/cli_options.hpp"

#include <iostream>

#include "model/scenario/input_error.hpp"

namespace memchain::tools {

ParsedOptions parse_options(const std::string& name, po::options_description& options,
                            const po::positional_options_description& positional,
                            const Args& args) {
    options.add_options()("help,h", "show this help");
    ParsedOptions parsed;
    try {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(),
                  parsed.values);
        parsed.help = parsed.values.count("help") > 0;
        if (!parsed.help) po::notify(parsed.values);
    } catch (const po::error_with_option_name& e) {
        const std::string flag =
            e.get_option_name().empty() ? "memchain " + name : e.get_option_name();
        throw model::InputError(flag,
                                std::string(e.what()) + " (see memchain " + name + " --help)");
    } catch (const po::error& e) {
        throw model::InputError("memchain " + name,
                                std::string(e.what()) + " (see memchain " + name + " --help)");
    }
    return parsed;
}

void print_help(const std::string& name, const std::string& usage, const std::string& about,
                const po::options_description& options) {
    std::cout << "usage: memchain " << name << " " << usage << "\n\n"
              << about << "\n\n"
              << options << "\n";
}

}  // namespace memchain::tools
