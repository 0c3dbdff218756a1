#include "model/experiment/run_codec.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string_view>
#include <vector>

namespace model = memchain::model;

namespace {

// One row in every table, every optional present except where noted, values all different.
model::FinishedRun sample_run() {
    model::FinishedRun run;
    run.status = model::RunStatus::Completed;
    run.error = "";
    model::RunResult& r = *run.result;
    r.nodes.push_back({3, "fab-kr", "station", "fab", "dram", "KR", "maker-a", "wafer"});
    r.edges.push_back({1, 3, 4, "wafer", 2.5, 400.0, "KR", "TW"});
    r.edges.push_back({2, 4, 5, "stack", 1.0, std::nullopt, "TW", "US"});
    r.shocks.push_back({7, "fire", "capacity_loss", "fab-kr", 30.0, 72.0, 0.3, true, "a fire"});
    r.orders.push_back({11, 5, 4, "stack", 120.0, 10.0, 40.0, 90.0, std::nullopt});
    r.orders.push_back({12, 5, 4, "stack", 80.0, 11.0, std::nullopt, 80.0, 52.0});
    r.deliveries.push_back({11, 33.0, 60.0});
    r.samples.push_back({3, 7.0, 1.0, 2.0, 3.0, 4.0, 0.75, 5.0, 6.0, 8.0});
    r.product_samples.push_back({"stack", 7.0, 50.0, 4.0, 12.5});
    r.market_samples.push_back({"stack", 7.0, 410.0, 400.0, 95.0, 90.0, 300.0, 1200.0});
    r.revenue.push_back({1, 7.0, 14.0, 4, "maker-a", "stack", 90.0, 402.5, 36225.0, 27000.0});
    r.lot_stages.push_back({4, 99, "stack", 8.0, 1.0, 1.5, 2.0});
    r.bottleneck_periods.push_back({4, 0.0, 12.0, true});
    r.bottleneck_shifts.push_back({0.0, std::nullopt, 4});
    r.bottleneck_shifts.push_back({12.0, 4, 3});
    r.starvation.push_back({4, "wafer", 3.5});
    r.kpis.push_back({"fill_rate", "stack", "hyperscaler", "", 0.93});
    r.events = 123456789012ULL;
    r.wall_seconds = 0.125;
    run.measures = {30.0, 12.0, 60.0, 18.5};
    return run;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("RunCodec: a run comes back field for field") {
        const model::FinishedRun sent = sample_run();
        const std::string bytes = model::encode_run(sent);
        const model::FinishedRun got = model::decode_run(bytes);
        CHECK(got.status == model::RunStatus::Completed);
        const model::RunResult& r = *got.result;
        REQUIRE(r.nodes.size() == 1);
        CHECK(r.nodes[0].name == "fab-kr");
        CHECK(r.nodes[0].product == "wafer");
        REQUIRE(r.edges.size() == 2);
        CHECK(r.edges[0].capacity == 400.0);
        CHECK_FALSE(r.edges[1].capacity.has_value());
        CHECK(r.edges[1].to_region == "US");
        CHECK(r.shocks[0].end_day == 72.0);
        CHECK(r.shocks[0].random);
        CHECK(r.orders[0].due_day == 40.0);
        CHECK_FALSE(r.orders[0].completed_day.has_value());
        REQUIRE(r.orders.size() == 2);
        CHECK(r.orders[1].completed_day == 52.0);
        CHECK_FALSE(r.orders[1].due_day.has_value());
        CHECK(r.samples[0].output == 8.0);
        CHECK(r.product_samples[0].quoted_lead_time_days == 12.5);
        REQUIRE(r.market_samples.size() == 1);
        CHECK(r.market_samples[0].spot == 410.0);
        CHECK(r.market_samples[0].open_orders == 1200.0);
        REQUIRE(r.revenue.size() == 1);
        CHECK(r.revenue[0].owner == "maker-a");
        CHECK(r.revenue[0].price == 402.5);
        CHECK(r.revenue[0].cost == 27000.0);
        CHECK(r.lot_stages[0].lot == 99);
        CHECK(r.bottleneck_periods[0].shifting);
        CHECK_FALSE(r.bottleneck_shifts[0].from.has_value());
        CHECK(r.bottleneck_shifts[1].from == 4);
        CHECK(r.starvation[0].input == "wafer");
        CHECK(r.kpis[0].buyer == "hyperscaler");
        CHECK(r.kpis[0].value == 0.93);
        CHECK(r.events == 123456789012ULL);
        CHECK(r.wall_seconds == 0.125);
        CHECK(got.measures == std::vector<double>{30.0, 12.0, 60.0, 18.5});
        // The same run encodes to the same bytes again: nothing was lost on the way.
        CHECK(model::encode_run(got) == bytes);
    }

    TEST_CASE("RunCodec: a failed run keeps its status and error") {
        model::FinishedRun sent;
        sent.status = model::RunStatus::Failed;
        sent.error = "station 'x': capacity must be positive";
        const model::FinishedRun got = model::decode_run(model::encode_run(sent));
        CHECK(got.status == model::RunStatus::Failed);
        CHECK(got.error == sent.error);
        CHECK(got.result->nodes.empty());
    }

    TEST_CASE("RunCodec: a truncated, padded or foreign buffer is refused") {
        const std::string bytes = model::encode_run(sample_run());
        for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1})
            CHECK_THROWS_AS(model::decode_run(std::string_view(bytes).substr(0, cut)),
                            std::runtime_error);
        CHECK_THROWS_WITH(model::decode_run(bytes + "x"), doctest::Contains("bytes left over"));
        std::string foreign = bytes;
        foreign[0] ^= 0x55;
        CHECK_THROWS_WITH(model::decode_run(foreign), doctest::Contains("format tag"));
    }
}  // TEST_SUITE
