#include "tools/report/assets.hpp"

namespace memchain::report::assets {

std::vector<Library> chart_libraries() {
    return {{"vega", MEMCHAIN_VEGA_VERSION},
            {"vega-lite", MEMCHAIN_VEGA_LITE_VERSION},
            {"vega-embed", MEMCHAIN_VEGA_EMBED_VERSION}};
}

}  // namespace memchain::report::assets
