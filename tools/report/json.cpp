#include "tools/report/json.hpp"

#include <charconv>
#include <cmath>

namespace memchain::report {

Json Json::object(std::initializer_list<std::pair<std::string, Json>> members) {
    Json j;
    j.value_ = Object(members);
    return j;
}

Json Json::array(std::initializer_list<Json> items) {
    Json j;
    j.value_ = Array(items);
    return j;
}

Json Json::array(Array items) {
    Json j;
    j.value_ = std::move(items);
    return j;
}

Json& Json::set(const std::string& key, Json value) {
    if (is_null()) value_ = Object{};
    auto& members = std::get<Object>(value_);
    for (auto& [k, v] : members) {
        if (k == key) {
            v = std::move(value);
            return *this;
        }
    }
    members.emplace_back(key, std::move(value));
    return *this;
}

Json& Json::push(Json value) {
    if (is_null()) value_ = Array{};
    std::get<Array>(value_).push_back(std::move(value));
    return *this;
}

std::size_t Json::size() const {
    if (const auto* a = std::get_if<Array>(&value_)) return a->size();
    if (const auto* o = std::get_if<Object>(&value_)) return o->size();
    return 0;
}

const Json* Json::find(std::string_view key) const {
    const auto* members = std::get_if<Object>(&value_);
    if (!members) return nullptr;
    for (const auto& [k, v] : *members)
        if (k == key) return &v;
    return nullptr;
}

std::string Json::dump() const {
    std::string out;
    dump(out);
    return out;
}

void Json::dump(std::string& out) const {
    struct Visitor {
        std::string& out;
        void operator()(std::monostate) const { out += "null"; }
        void operator()(bool b) const { out += b ? "true" : "false"; }
        void operator()(double d) const { append_json_number(out, d); }
        void operator()(const std::string& s) const { append_json_quoted(out, s); }
        void operator()(const Array& items) const {
            out += '[';
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i) out += ',';
                items[i].dump(out);
            }
            out += ']';
        }
        void operator()(const Object& members) const {
            out += '{';
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (i) out += ',';
                append_json_quoted(out, members[i].first);
                out += ':';
                members[i].second.dump(out);
            }
            out += '}';
        }
    };
    std::visit(Visitor{out}, value_);
}

void append_json_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    if (value == 0.0) value = 0.0;  // no "-0"
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, r.ptr);
}

void append_json_quoted(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
        }
        // U+2028 and U+2029 (E2 80 A8/A9) end a line in older JavaScript parsers.
        const bool line_separator = c == 0xE2 && i + 2 < text.size() &&
                                    static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                                    (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xA8;
        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7F || line_separator) {
            const unsigned code =
                line_separator ? 0x2028u + (static_cast<unsigned char>(text[i + 2]) - 0xA8u) : c;
            out += "\\u";
            out += hex[(code >> 12) & 0xF];
            out += hex[(code >> 8) & 0xF];
            out += hex[(code >> 4) & 0xF];
            out += hex[code & 0xF];
            if (line_separator) i += 2;
            continue;
        }
        out += static_cast<char>(c);
    }
    out += '"';
}

std::string json_quote(std::string_view text) {
    std::string out;
    append_json_quoted(out, text);
    return out;
}

}  // namespace memchain::report
