#include "tools/report/html.hpp"

#include <cctype>

namespace memchain::report {

std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 2);
    for (const unsigned char c : text) {
        const bool plain = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
                           keep.find(static_cast<char>(c)) != std::string_view::npos;
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

HtmlTable::HtmlTable(std::vector<std::string> headers, std::vector<bool> numeric,
                     std::string css_class)
    : headers_(std::move(headers)), numeric_(std::move(numeric)), css_class_(std::move(css_class)) {
    numeric_.resize(headers_.size(), false);
}

HtmlTable& HtmlTable::row(std::vector<std::string> cells_html, std::string css_class) {
    body_ += css_class.empty() ? "<tr>" : "<tr class=\"" + html_escape(css_class) + "\">";
    for (std::size_t i = 0; i < cells_html.size(); ++i) {
        const bool number = i < numeric_.size() && numeric_[i];
        body_ += number ? "<td class=\"num\">" : "<td>";
        body_ += cells_html[i];
        body_ += "</td>";
    }
    body_ += "</tr>\n";
    ++rows_;
    return *this;
}

HtmlTable& HtmlTable::group(const std::string& title_text) {
    body_ += "<tr class=\"group\"><th colspan=\"" + std::to_string(headers_.size()) + "\">" +
             html_escape(title_text) + "</th></tr>\n";
    return *this;
}

std::string HtmlTable::html() const {
    std::string out = "<div class=\"table-wrap\"><table";
    if (!css_class_.empty()) out += " class=\"" + html_escape(css_class_) + "\"";
    out += ">\n<thead><tr>";
    for (std::size_t i = 0; i < headers_.size(); ++i) {
        out += numeric_[i] ? "<th class=\"num\">" : "<th>";
        out += html_escape(headers_[i]);
        out += "</th>";
    }
    out += "</tr></thead>\n<tbody>\n" + body_ + "</tbody></table></div>\n";
    return out;
}

}  // namespace memchain::report
