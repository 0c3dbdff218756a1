#include "model/policy/sourcing.hpp"

#include <doctest/doctest.h>

using namespace memchain::model;

TEST_SUITE("model") {
    TEST_CASE("resource: one of three suppliers halves, the others take its unmet part") {
        // Reserved 0.5/0.3/0.2, up to 0.6/0.45/0.3; 100 units ordered since the last review,
        // split 50/30/20. The first shipped 25 of its 50: 25 unmet. Headroom: 45 - 30 = 15 and
        // 30 - 20 = 10, 25 in all: the second takes 15, the third 10.
        const std::vector<SupplierPosition> s = {{0.5, 0.6, true, 25.0, 50.0},
                                                 {0.3, 0.45, true, 0.0, 30.0},
                                                 {0.2, 0.3, true, 0.0, 20.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-25.0, 15.0, 10.0});
    }

    TEST_CASE("resource: wide ranges split the unmet part by reserved share") {
        // Up to 0.9 each: headroom 60 and 70, more than the 25 unmet. Water-filling by
        // reserved share 0.3 : 0.2 gives 15 and 10.
        const std::vector<SupplierPosition> s = {
            {0.5, 0.9, true, 25.0, 50.0}, {0.3, 0.9, true, 0.0, 30.0}, {0.2, 0.9, true, 0.0, 20.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-25.0, 15.0, 10.0});
    }

    TEST_CASE("resource: what the ranges cannot hold stays with the short supplier") {
        // The first shipped nothing: 50 unmet, but the others can take only 15 + 10.
        const std::vector<SupplierPosition> s = {{0.5, 0.6, true, 50.0, 50.0},
                                                 {0.3, 0.45, true, 0.0, 30.0},
                                                 {0.2, 0.3, true, 0.0, 20.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-25.0, 15.0, 10.0});
    }

    TEST_CASE("resource: a capped supplier's excess goes to the others") {
        // 40 unmet; by reserved share 0.3 : 0.2 the second would take 24 but may take only 5
        // (up to 0.35); the third takes the other 35 (headroom 0.8 x 100 - 20 = 60).
        const std::vector<SupplierPosition> s = {{0.5, 0.5, true, 40.0, 50.0},
                                                 {0.3, 0.35, true, 0.0, 30.0},
                                                 {0.2, 0.8, true, 0.0, 20.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-40.0, 5.0, 35.0});
    }

    TEST_CASE("resource: suppliers that cannot take (unqualified, short) take nothing") {
        // The third is not qualified yet: the second takes what its range allows (15).
        std::vector<SupplierPosition> s = {{0.5, 0.6, true, 25.0, 50.0},
                                           {0.3, 0.45, true, 0.0, 30.0},
                                           {0.2, 0.9, false, 0.0, 20.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-15.0, 15.0, 0.0});
        // Two short suppliers give in proportion to their unmet units (20 : 10 of 15 moved).
        s = {{0.5, 0.6, true, 20.0, 50.0},
             {0.3, 0.45, true, 10.0, 30.0},
             {0.2, 0.35, true, 0.0, 20.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-10.0, -5.0, 15.0});
    }

    TEST_CASE("resource: a supplier with no reserved share takes after the others are full") {
        // A second source with a flexible range only (reserved 0, up to 0.3): 25 unmet, the
        // contracted second supplier takes its 10 first, the flexible one the other 15.
        const std::vector<SupplierPosition> s = {
            {0.7, 0.7, true, 25.0, 70.0}, {0.3, 0.4, true, 0.0, 30.0}, {0.0, 0.3, true, 0.0, 0.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-25.0, 10.0, 15.0});
    }

    TEST_CASE("resource: whole units, taken equals given") {
        // 7 unmet over reserved 0.3 : 0.3 (headroom 50 each): 3.5 each, rounded 4 and 3 (ties
        // to the earlier supplier).
        const std::vector<SupplierPosition> s = {
            {0.4, 0.4, true, 7.0, 40.0}, {0.3, 0.8, true, 0.0, 30.0}, {0.3, 0.8, true, 0.0, 30.0}};
        CHECK(resource(s, 100.0) == std::vector<double>{-7.0, 4.0, 3.0});
        // Nothing short: nothing moves.
        const std::vector<SupplierPosition> calm = {{0.5, 0.9, true, 0.0, 50.0},
                                                    {0.5, 0.9, true, 0.0, 50.0}};
        CHECK(resource(calm, 100.0) == std::vector<double>{0.0, 0.0});
    }
}  // TEST_SUITE
