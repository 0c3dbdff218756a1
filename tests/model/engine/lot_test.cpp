#include "model/engine/lot.hpp"

#include <doctest/doctest.h>

#include <cstdint>

namespace model = memchain::model;

TEST_SUITE("engine") {
    TEST_CASE("Slab: a taken slot is reused, the others keep their values") {
        // three lots in, the middle one taken, a fourth put: it lands in the freed slot
        model::Slab<model::Lot> slab;
        for (std::uint64_t id = 0; id < 3; ++id) {
            model::Lot lot;
            lot.id = id;
            CHECK(slab.put(lot) == id);
        }
        CHECK(slab.take(1).id == 1);
        CHECK(slab.live() == 2);
        model::Lot fourth;
        fourth.id = 3;
        CHECK(slab.put(fourth) == 1);
        CHECK(slab[0].id == 0);
        CHECK(slab[1].id == 3);
        CHECK(slab[2].id == 2);
        CHECK(slab.live() == 3);
    }

    TEST_CASE("Slab: every lot starts a cache line, so reading one touches one line") {
        // 100 lots, enough for the storage to grow (and move) several times
        model::Slab<model::Lot> slab;
        for (int i = 0; i < 100; ++i) (void)slab.put(model::Lot{});
        REQUIRE(sizeof(model::Lot) == 64);
        for (std::uint32_t i = 0; i < 100; ++i)
            CHECK(reinterpret_cast<std::uintptr_t>(&slab[i]) % 64 == 0);
    }
}  // TEST_SUITE
