#pragma once
// A JSON value for building chart specifications, and the escaping that lets its text sit
// inside an HTML <script> element: '<', '>' and '&' are written as \u escapes, so no name from
// a scenario can close the element ("</script>") or open a comment, whatever it holds.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace memchain::report {

class Json {
public:
    using Array = std::vector<Json>;
    using Object = std::vector<std::pair<std::string, Json>>;  // keeps the order keys were set

    Json() = default;  // null
    Json(std::nullptr_t) {}
    Json(bool value) : value_(value) {}
    template <class T>
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) Json(T value)
        : value_(static_cast<double>(value)) {}
    Json(const char* value) : value_(std::string(value)) {}
    Json(std::string value) : value_(std::move(value)) {}
    Json(std::string_view value) : value_(std::string(value)) {}
    template <class T>
    Json(const std::optional<T>& value) {
        if (value) *this = Json(*value);
    }

    // {"key": value, ...} in the order given; [a, b, ...].
    static Json object(std::initializer_list<std::pair<std::string, Json>> members = {});
    static Json array(std::initializer_list<Json> items = {});
    static Json array(Array items);

    // Sets (or replaces) a member of an object; a null value becomes an empty object first.
    Json& set(const std::string& key, Json value);
    // Appends to an array; a null value becomes an empty array first.
    Json& push(Json value);

    [[nodiscard]] bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
    [[nodiscard]] std::size_t size() const;
    // The member `key` of an object; nullptr when absent or not an object.
    [[nodiscard]] const Json* find(std::string_view key) const;
    // The items of an array, the members of an object; nullptr for any other value.
    [[nodiscard]] const Array* items() const { return std::get_if<Array>(&value_); }
    [[nodiscard]] const Object* members() const { return std::get_if<Object>(&value_); }

    // Compact text. Numbers that are not finite (NaN, infinity) are written as null.
    [[nodiscard]] std::string dump() const;
    void dump(std::string& out) const;

private:
    std::variant<std::monostate, bool, double, std::string, Array, Object> value_;
};

// The JSON string literal for `text`, quotes included, safe inside an HTML <script> element.
[[nodiscard]] std::string json_quote(std::string_view text);
// Appends the same to `out`.
void append_json_quoted(std::string& out, std::string_view text);
// A number as JSON: shortest text that reads back exactly; null when not finite.
void append_json_number(std::string& out, double value);

}  // namespace memchain::report
