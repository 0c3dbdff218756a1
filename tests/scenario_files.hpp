#pragma once
// Scenario files written into a fresh directory, loaded, and errors reported with that
// directory stripped, so that a test can compare the whole `s.yaml:3:5: error: ...` message.

#include <fstream>
#include <string>
#include <vector>

#include "model/scenario/input_error.hpp"
#include "model/scenario/loader.hpp"
#include "temp_dir.hpp"

namespace memchain::testing {

class ScenarioFiles {
public:
    // Writes `text` to `name` inside the directory (creating subdirectories).
    void write(const std::string& name, const std::string& text) const {
        const auto path = dir_.path() / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
    }
    [[nodiscard]] std::string path(const std::string& name) const { return dir_.file(name); }

    [[nodiscard]] model::Scenario load(const std::string& name = "s.yaml",
                                       const std::vector<std::string>& overrides = {}) const {
        return model::load_scenario(path(name), overrides);
    }

    // The error loading `name` gives, without the directory; "" when it loads.
    [[nodiscard]] std::string error(const std::string& name = "s.yaml",
                                    const std::vector<std::string>& overrides = {}) const {
        try {
            (void)load(name, overrides);
        } catch (const model::InputError& e) {
            return strip(e.what());
        }
        return "";
    }

    // `text` written as s.yaml, then error().
    [[nodiscard]] std::string error_of(const std::string& text,
                                       const std::vector<std::string>& overrides = {}) const {
        write("s.yaml", text);
        return error("s.yaml", overrides);
    }

    [[nodiscard]] std::string strip(std::string message) const {
        const std::string prefix = dir_.path().string() + "/";
        for (std::size_t at; (at = message.find(prefix)) != std::string::npos;)
            message.erase(at, prefix.size());
        return message;
    }

private:
    TempDir dir_;
};

}  // namespace memchain::testing
