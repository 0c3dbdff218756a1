#include "model/scenario/text.hpp"

#include <cstdio>

namespace memchain::model {

std::optional<TextFault> find_text_fault(std::string_view text, bool allow_breaks) {
    const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = begin + text.size();
    const auto* p = begin;
    while (p < end) {
        const unsigned char c = *p;
        const auto offset = static_cast<std::size_t>(p - begin);
        if (c < 0x80) {
            const bool allowed =
                c >= 0x20 ? c != 0x7f : allow_breaks && (c == '\n' || c == '\t' || c == '\r');
            if (!allowed) {
                char code[8];
                std::snprintf(code, sizeof code, "0x%02x", c);
                return TextFault{offset, std::string("control character ") + code};
            }
            ++p;
            continue;
        }
        // The length of a UTF-8 sequence from its lead byte.
        const int length = c >= 0xc2 && c <= 0xdf   ? 2
                           : c >= 0xe0 && c <= 0xef ? 3
                           : c >= 0xf0 && c <= 0xf4 ? 4
                                                    : 0;
        bool valid = length > 0 && end - p >= length;
        for (int i = 1; valid && i < length; ++i) valid = (p[i] & 0xc0) == 0x80;
        if (valid && c == 0xe0) valid = p[1] >= 0xa0;  // overlong
        if (valid && c == 0xed) valid = p[1] < 0xa0;   // a surrogate
        if (valid && c == 0xf0) valid = p[1] >= 0x90;  // overlong
        if (valid && c == 0xf4) valid = p[1] < 0x90;   // above U+10FFFF
        if (!valid) return TextFault{offset, "invalid UTF-8"};
        p += length;
    }
    return std::nullopt;
}

}  // namespace memchain::model
