#include "model/scenario/tree.hpp"
#include "model/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "model/scenario/input_error.hpp"

using namespace memchain::model;

TEST_SUITE("model") {
    TEST_CASE("parse_yaml: kinds, quoting and 1-based positions of keys and values") {
        const TreeNode t = parse_yaml("a: 1\nb:\n  - x\n  - \"y\"\nc: {d: ~}\n", "f.yaml");
        REQUIRE(t.is_map());
        CHECK(t.keys() == std::vector<std::string>{"a", "b", "c"});
        const TreeNode::Entry* a = t.entry("a");
        CHECK(a->key_pos.line == 1);
        CHECK(a->key_pos.column == 1);
        CHECK(a->value.pos.column == 4);
        CHECK(a->value.pos.file == "f.yaml");
        CHECK_FALSE(a->value.quoted);
        const TreeNode& b = *t.find("b");
        REQUIRE(b.is_sequence());
        CHECK(b.items[1].quoted);
        CHECK(b.items[1].pos.line == 4);
        CHECK(b.items[1].pos.column == 5);
        CHECK(t.find("c")->find("d") == nullptr);   // a null value reads as absent...
        CHECK(t.find("c")->entry("d") != nullptr);  // ...but the key is there
        CHECK(describe(*t.find("c")) == "a map");
        CHECK(describe(b) == "a list");
        CHECK(describe(a->value) == "'1'");
    }

    TEST_CASE("parse_yaml: without positions, errors name only the origin") {
        const TreeNode t = parse_yaml("{a: 1}", "--set x", false);
        CHECK(t.find("a")->pos.line == 0);
        try {
            (void)parse_yaml("{a: ", "--set x", false);
            FAIL("expected an InputError");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()) == "--set x: error: end of map flow not found");
        }
    }

    TEST_CASE("emit_yaml: round-trips scalars, quoting, nulls and nesting") {
        const std::string text =
            "name: \"007\"\nlist: [1, 2]\nmap:\n  key: value\n  empty: ~\n"
            "nested:\n  - {from: a, to: b}\n";
        const TreeNode t = parse_yaml(text, "f.yaml");
        const std::string out = emit_yaml(t, ".");
        const TreeNode back = parse_yaml(out, "g.yaml");
        CHECK(back.find("name")->text == "007");
        CHECK(back.find("name")->quoted);
        CHECK(back.find("list")->items.size() == 2);
        CHECK(back.find("map")->entry("empty")->value.is_null());
        CHECK(back.find("nested")->items[0].find("to")->text == "b");
        CHECK(emit_yaml(back, ".") == out);
    }
}  // TEST_SUITE
