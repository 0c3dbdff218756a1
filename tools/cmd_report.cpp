// memchain report: turns one experiment of a run database into a self-contained HTML page, and
// optionally a PDF printed through headless Chromium.

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "model/scenario/input_error.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/report/html_writer.hpp"
#include "tools/report/pdf.hpp"
#include "tools/report/report_data.hpp"

#ifndef MEMCHAIN_VERSION
#define MEMCHAIN_VERSION "unknown"
#endif

namespace memchain::tools {

namespace {

namespace fs = std::filesystem;
using model::InputError;

// The folder a file will be written into must exist: a mistyped path is bad input.
void check_writable_target(const std::string& flag, const fs::path& target) {
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw InputError(
            flag, "folder '" + folder.string() + "' does not exist (for " + target.string() + ")");
    if (fs::is_directory(target, ec))
        throw InputError(flag, "'" + target.string() + "' is a folder, expected a file name");
}

// Writes through a temporary file and a rename, so a reader never sees half a page; the
// temporary is removed when writing fails (a full disk), and the error names the file.
void write_file(const fs::path& target, const std::string& text) {
    const fs::path temporary = target.string() + ".tmp";
    std::error_code ec;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            const std::error_code why(errno ? errno : EIO, std::generic_category());
            fs::remove(temporary, ec);
            throw fs::filesystem_error("cannot write the report", target, why);
        }
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        const std::error_code why = ec;
        fs::remove(temporary, ec);
        throw fs::filesystem_error("cannot write the report", target, why);
    }
}

}  // namespace

int run_report(const Args& args) {
    po::options_description options("options");
    options.add_options()("database", po::value<std::string>(),
                          "the run database (first argument)")(
        "experiment,e", po::value<std::int64_t>(), "experiment id (default: the latest)")(
        "output,o", po::value<std::string>(),
        "HTML file to write (default: report.html next to the database)")(
        "pdf", po::value<std::string>(),
        "also print the page to this PDF file (needs Chromium: Debian's chromium package)");
    po::positional_options_description positional;
    positional.add("database", 1);
    const auto parsed = parse_options("report", options, positional, args);
    if (parsed.help) {
        print_help("report", "DB [--experiment ID] [-o report.html] [--pdf report.pdf]",
                   "Writes one experiment of a run database as a self-contained HTML page: an\n"
                   "executive summary, lead times, backlog and fill rate, utilization by stage,\n"
                   "the bottleneck timeline, scenario comparisons and KPI tables. The page opens\n"
                   "in any browser without a network and prints to A4 or Letter.",
                   options, positional);
        return 0;
    }
    const auto& values = parsed.values;
    if (!values.count("database"))
        throw InputError("memchain report",
                         "missing the run database (usage: memchain report DB [options])");
    const fs::path database = values["database"].as<std::string>();
    const std::optional<std::int64_t> experiment =
        values.count("experiment") ? std::optional(values["experiment"].as<std::int64_t>())
                                   : std::nullopt;
    const bool explicit_output = values.count("output") > 0;
    const fs::path html = explicit_output ? fs::path(values["output"].as<std::string>())
                                          : database.parent_path() / "report.html";
    if (explicit_output) check_writable_target("--output", html);

    std::optional<std::string> chromium;
    if (values.count("pdf")) {
        check_writable_target("--pdf", values["pdf"].as<std::string>());
        chromium = report::find_chromium();
        if (!chromium)
            throw InputError(
                "--pdf",
                "printing to PDF needs headless Chromium, and none was found "
                "(install Debian's chromium package: apt-get install chromium; or "
                "set MEMCHAIN_CHROMIUM to its path); the HTML report works without it");
    }

    // The database is checked first: beside a missing one there is no folder to write into
    // either, and the missing database is the error to name.
    const auto data = report::load_report_data(database.string(), experiment);
    if (!explicit_output) check_writable_target("--output", html);
    write_file(html, report::write_report_html(data, MEMCHAIN_VERSION));
    std::cerr << "memchain report: experiment " << data.experiment.id << " ("
              << data.experiment.kind << "), " << data.variants.size() << " variant(s), "
              << data.runs.size() - data.incomplete_runs().size() << " completed run(s)\n";
    std::cout << html.string() << "\n";
    if (chromium) {
        const std::string pdf = values["pdf"].as<std::string>();
        report::print_pdf(*chromium, html.string(), pdf);
        std::cout << pdf << "\n";
    }
    return 0;
}

}  // namespace memchain::tools
