#include "model/experiment/sweep.hpp"

#include <doctest/doctest.h>

#include "model/scenario/input_error.hpp"

namespace model = memchain::model;

namespace {

std::string error_of(const std::string& text) {
    try {
        (void)model::parse_sweep_axis(text);
    } catch (const model::InputError& e) {
        return e.what();
    }
    return "";
}

std::string grid_error(const std::vector<model::SweepAxis>& axes, std::size_t max = 200) {
    try {
        (void)model::sweep_points(axes, max);
    } catch (const model::InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Sweep: an axis runs from FROM to TO in steps, TO included when a step lands on it") {
        const auto axis = model::parse_sweep_axis("nodes.tsmc_cowos.capacity=60000:120000:20000");
        CHECK(axis.path == "nodes.tsmc_cowos.capacity");
        CHECK(axis.values() == std::vector<double>{60000, 80000, 100000, 120000});
        CHECK(model::parse_sweep_axis("x=1:2:0.4").values().size() == 3);  // 1, 1.4, 1.8
        CHECK(model::parse_sweep_axis("x=5:5:1").values() == std::vector<double>{5});
        // Ten steps of 0.1 reach 1.0 despite rounding.
        const auto fine = model::parse_sweep_axis("nodes.tsv.yield=0:1:0.1").values();
        REQUIRE(fine.size() == 11);
        CHECK(model::format_sweep_value(fine[3]) == "0.3");
        CHECK(model::format_sweep_value(fine.back()) == "1");
        CHECK(model::parse_sweep_axis("x=-2:-1:0.5").values() == std::vector<double>{-2, -1.5, -1});
    }

    TEST_CASE("Sweep: bad ranges are rejected, naming the flag") {
        CHECK(error_of("nodes.fab.capacity") ==
              "--vary: error: expected PATH=FROM:TO:STEP (e.g. nodes.tsmc_cowos.capacity="
              "60000:120000:20000), got 'nodes.fab.capacity'");
        CHECK(error_of("=1:2:1").rfind("--vary: error: expected PATH=FROM:TO:STEP", 0) == 0);
        CHECK(error_of("x=1:2") == "--vary: error: expected FROM:TO:STEP after 'x=', got '1:2'");
        CHECK(error_of("x=1:2:1:4") ==
              "--vary: error: expected FROM:TO:STEP after 'x=', got '1:2:1:4'");
        CHECK(error_of("x=1:2:0") == "--vary: error: STEP must be greater than 0 in 'x=1:2:0'");
        CHECK(error_of("x=1:2:-1") == "--vary: error: STEP must be greater than 0 in 'x=1:2:-1'");
        CHECK(error_of("x=3:2:1") == "--vary: error: FROM must not exceed TO in 'x=3:2:1'");
        CHECK(error_of("x=1:2:1w") ==
              "--vary: error: expected a number for STEP in 'x=1:2:1w', got "
              "'1w' (bare numbers: the scenario's unit is kept)");
        CHECK(error_of("x=a:2:1").find("expected a number for FROM") != std::string::npos);
        CHECK(error_of("x=1:inf:1").find("expected a number for TO") != std::string::npos);
        CHECK(error_of("x=1::1").find("expected a number for TO") != std::string::npos);
    }

    TEST_CASE("Sweep: two axes span a grid, the first varying slowest") {
        const auto points =
            model::sweep_points({model::parse_sweep_axis("nodes.cowos.capacity=60:80:20"),
                                 model::parse_sweep_axis("nodes.tsv.yield=0.8:0.9:0.05")});
        REQUIRE(points.size() == 6);
        CHECK(points[0].values == std::vector<double>{60, 0.8});
        CHECK(points[1].values[1] == doctest::Approx(0.85));
        CHECK(points[3].values == std::vector<double>{80, 0.8});
        CHECK(points[4].overrides ==
              std::vector<std::string>{"nodes.cowos.capacity=80", "nodes.tsv.yield=0.85"});
        CHECK(points[4].name == "nodes.cowos.capacity=80, nodes.tsv.yield=0.85");
        CHECK(points[4].parameters_json ==
              "{\"nodes.cowos.capacity\": 80, \"nodes.tsv.yield\": 0.85}");
        const auto one = model::sweep_points({model::parse_sweep_axis("horizon=1:2:1")});
        REQUIRE(one.size() == 2);
        CHECK(one[1].parameters_json == "{\"horizon\": 2}");
    }

    TEST_CASE("Sweep: the grid is limited in size and in axes") {
        const auto wide = model::parse_sweep_axis("a=1:30:1");
        const auto deep = model::parse_sweep_axis("b=1:10:1");
        CHECK(model::sweep_points({wide, deep}, 300).size() == 300);
        CHECK(grid_error({wide, deep}) ==
              "--vary: error: the sweep has 30 x 10 = 300 points, more than the 200 allowed (use a "
              "larger STEP)");
        CHECK(grid_error({model::parse_sweep_axis("a=0:1e12:1")}).find("more than the 200") !=
              std::string::npos);
        CHECK(grid_error({}) == "--vary: error: expected at least one PATH=FROM:TO:STEP");
        CHECK(grid_error({wide, deep, deep}) ==
              "--vary: error: at most two parameters can be swept, got 3");
        CHECK(grid_error({deep, deep}) == "--vary: error: 'b' is swept twice");
        CHECK(grid_error({model::parse_sweep_axis("c=1:1.0000000000001:0.00000000000005")}) ==
              "--vary: error: two points both read 'c=1' at 12 significant digits (use a larger "
              "STEP)");
    }
}  // TEST_SUITE
