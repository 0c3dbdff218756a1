#pragma once
// HTML text escaping and a small table builder for the report page.

#include <string>
#include <string_view>
#include <vector>

namespace memchain::report {

// Escapes &, <, >, " and ' so that `text` is inert in element content and quoted attributes.
[[nodiscard]] std::string html_escape(std::string_view text);

// Percent-encodes every byte but letters, digits, "-_.~" and those in `keep` (for a URL).
[[nodiscard]] std::string percent_encode(std::string_view text, std::string_view keep = "");

// A plain HTML table: a header row, body rows of cells already holding safe HTML, and optional
// group rows spanning all columns. Columns flagged numeric are right-aligned.
class HtmlTable {
public:
    HtmlTable(std::vector<std::string> headers, std::vector<bool> numeric = {},
              std::string css_class = "");
    HtmlTable& row(std::vector<std::string> cells_html, std::string css_class = "");
    HtmlTable& group(const std::string& title_text);
    [[nodiscard]] bool empty() const { return rows_ == 0; }
    [[nodiscard]] std::string html() const;

private:
    std::vector<std::string> headers_;
    std::vector<bool> numeric_;
    std::string css_class_;
    std::string body_;
    int rows_ = 0;
};

}  // namespace memchain::report
