// libFuzzer target: any bytes as a scenario file. The loader's promise is that bad input ends in
// an InputError with a position, never a crash, a hang, unbounded memory or another exception;
// run under ASan and UBSan by tools/fuzz.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "model/scenario/input_error.hpp"
#include "model/scenario/loader.hpp"

namespace {

// The input is written to a file of its own, so that `extends:` and `csv:` resolve next to it
// as they would for a user's file.
const std::string& scratch_file() {
    static const std::string path = [] {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("memchain-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        return (dir / "scenario.yaml").string();
    }();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = scratch_file();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        (void)memchain::model::load_scenario(path);
    } catch (const memchain::model::InputError& e) {
        if (e.file().empty()) {
            std::fprintf(stderr, "an InputError without a file: %s\n", e.what());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "not an InputError: %s\n", e.what());
        std::abort();
    }
    return 0;
}
