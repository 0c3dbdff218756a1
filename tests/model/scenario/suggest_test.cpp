#include "model/scenario/suggest.hpp"

#include <doctest/doctest.h>

using memchain::model::closest_match;
using memchain::model::did_you_mean;
using memchain::model::edit_distance;

TEST_SUITE("model") {
    TEST_CASE("edit_distance: insertions, deletions, substitutions and adjacent transpositions") {
        CHECK(edit_distance("capacity", "capacity") == 0);
        CHECK(edit_distance("capcity", "capacity") == 1);
        CHECK(edit_distance("capacity", "capacty") == 1);
        CHECK(edit_distance("capacitx", "capacity") == 1);
        CHECK(edit_distance("capaicty", "capacity") == 1);  // transposition
        CHECK(edit_distance("", "abc") == 3);
        CHECK(edit_distance("kitten", "sitting") == 3);
    }

    TEST_CASE("closest_match: near misses and prefixes, nothing when nothing is close") {
        const std::vector<std::string> keys = {"capacity", "cycle_time", "lot_size", "inputs"};
        CHECK(closest_match("capcity", keys) == "capacity");
        CHECK(closest_match("cap", keys) == "capacity");
        CHECK(closest_match("lotsize", keys) == "lot_size");
        CHECK(closest_match("interpolation", {"interpolate", "scale"}) == "interpolate");
        CHECK(closest_match("cycle_times_days", keys) == "cycle_time");
        CHECK_FALSE(closest_match("zzzzzz", keys));
        CHECK_FALSE(closest_match("capacity", keys));
        CHECK_FALSE(closest_match("ab", {"cd"}));
        CHECK(did_you_mean("inptus", keys) == " (did you mean 'inputs'?)");
        CHECK(did_you_mean("zzzzzz", keys).empty());
    }
}  // TEST_SUITE
