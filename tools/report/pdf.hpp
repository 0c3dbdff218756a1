#pragma once
// Printing a report page to PDF through headless Chromium, when one is installed.

#include <optional>
#include <string>

namespace memchain::report {

// The Chromium to print with: $MEMCHAIN_CHROMIUM when set, else the first of chromium,
// chromium-browser, google-chrome-stable and google-chrome found on PATH; nullopt when none is.
[[nodiscard]] std::optional<std::string> find_chromium();

// Prints the page at `html_path` to `pdf_path` with `chromium` (headless, no network, charts
// drawn before printing). Throws std::runtime_error, with Chromium's last words, when it fails
// or takes longer than `timeout_seconds`.
void print_pdf(const std::string& chromium, const std::string& html_path,
               const std::string& pdf_path, int timeout_seconds = 180);

}  // namespace memchain::report
