#include "tools/cli_options.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <set>

#include "model/scenario/input_error.hpp"
#include "model/scenario/suggest.hpp"

namespace memchain::tools {

namespace {

// Boost guesses a long option from any unambiguous prefix, so `--thread 2` would pass as
// `--threads`; a mistyped flag must be named instead, with the flag that was probably meant.
constexpr int no_guessing =
    po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

std::vector<std::string> long_flags(const po::options_description& options) {
    std::vector<std::string> flags;
    for (const auto& option : options.options())
        if (!option->long_name().empty()) flags.push_back("--" + option->long_name());
    return flags;
}

}  // namespace

ParsedOptions parse_options(const std::string& name, po::options_description& options,
                            const po::positional_options_description& positional,
                            const Args& args) {
    options.add_options()("help,h", "show this help");
    ParsedOptions parsed;
    const std::string see = " (see memchain " + name + " --help)";
    try {
        po::store(po::command_line_parser(args)
                      .options(options)
                      .positional(positional)
                      .style(no_guessing)
                      .run(),
                  parsed.values);
        parsed.help = parsed.values.count("help") > 0;
        if (!parsed.help) po::notify(parsed.values);
    } catch (const po::unknown_option& e) {
        const std::string flag = e.get_option_name();
        const std::string written = flag.substr(0, flag.find('='));
        const std::string hint = model::did_you_mean(written, long_flags(options));
        throw model::InputError(flag.empty() ? "memchain " + name : written,
                                "unknown option '" + written + "'" + (hint.empty() ? see : hint));
    } catch (const po::error_with_option_name& e) {
        const std::string flag =
            e.get_option_name().empty() ? "memchain " + name : e.get_option_name();
        throw model::InputError(flag, std::string(e.what()) + see);
    } catch (const po::error& e) {
        throw model::InputError("memchain " + name, std::string(e.what()) + see);
    }
    return parsed;
}

void print_help(const std::string& name, const std::string& usage, const std::string& about,
                const po::options_description& options,
                const po::positional_options_description& positional) {
    std::cout << "usage: memchain " << name << " " << usage << "\n\n" << about << "\n\n";
    std::set<std::string> names;
    for (unsigned i = 0; i < std::min(positional.max_total_count(), 8u); ++i)
        names.insert(positional.name_for_position(i));
    // The usage's words before its first flag name the positional argument.
    const auto flag = usage.find(" -");
    const auto bracket_flag = usage.find(" [-");
    std::string label = usage.substr(0, std::min(flag, bracket_flag));
    po::options_description rest("options");
    std::string arguments;
    for (const auto& option : options.options()) {
        if (!names.count(option->long_name())) {
            rest.add(option);
            continue;
        }
        std::string shown = names.size() == 1 && !label.empty() ? label : option->long_name();
        if (names.size() != 1)
            std::transform(shown.begin(), shown.end(), shown.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        shown.resize(std::max<std::size_t>(shown.size() + 2, 22), ' ');
        arguments += "  " + shown + option->description() + "\n";
    }
    if (!arguments.empty()) std::cout << "arguments:\n" << arguments << "\n";
    std::cout << rest << "\n";
}

}  // namespace memchain::tools
