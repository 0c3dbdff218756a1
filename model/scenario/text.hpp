#pragma once
// Text from input files reaches terminals, DOT files, CSV exports and the database, so it must
// be valid UTF-8 and hold no control characters: a terminal escape in a product name would
// otherwise be replayed on every screen that shows it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace memchain::model {

struct TextFault {
    std::size_t offset = 0;  // byte offset of the first bad byte in the text
    std::string what;        // "control character 0x1b" or "invalid UTF-8"
};

// The first fault in `text`, if any. A line break, carriage return or tab is allowed only when
// `allow_breaks` (values may span lines; names and keys may not). Overlong UTF-8 forms,
// surrogates and code points above U+10FFFF are invalid.
[[nodiscard]] std::optional<TextFault> find_text_fault(std::string_view text, bool allow_breaks);

}  // namespace memchain::model
