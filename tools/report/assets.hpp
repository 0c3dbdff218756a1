#pragma once
// What a report page inlines: the chart libraries (vega, vega-lite and vega-embed, minified, at
// the versions pinned in tools/report/package-lock.json) and the page's own style and script.
// The bytes are embedded in the binary at build time by embed_asset from tools/report/.

#include <string_view>
#include <vector>

namespace memchain::report::assets {

[[nodiscard]] std::string_view vega_js();
[[nodiscard]] std::string_view vega_lite_js();
[[nodiscard]] std::string_view vega_embed_js();
[[nodiscard]] std::string_view report_css();
[[nodiscard]] std::string_view report_js();

struct Library {
    std::string_view name;
    std::string_view version;
};
// The embedded chart libraries and their versions, for the page's reproducibility notes.
[[nodiscard]] std::vector<Library> chart_libraries();

}  // namespace memchain::report::assets
