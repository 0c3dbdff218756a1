#pragma once
// Every KPI name a replication can report (RunResult::kpis), so that a KPI asked for by name
// (`memchain sweep --kpi`) is checked before anything runs. A KPI added to the engine must be
// added here: tests/model/result/kpi_names_test.cpp fails on one that is missing.

#include <array>
#include <string_view>

namespace memchain::model {

inline constexpr std::array<std::string_view, 68> kpi_names = {
    "absorbed_units",
    "active_share",
    "anchor_price_end",
    "backlog_end",
    "backlog_peak",
    "backorders_mean",
    "bottleneck_shifting_share",
    "bottleneck_sole_share",
    "bullwhip_ratio",
    "chain_bottleneck_sole_share",
    "content_price_factor_mean",
    "contract_price_mean",
    "cut_commitments",
    "cut_restorations",
    "cut_share_end",
    "demand_units",
    "demand_variance",
    "expansion_capex",
    "expansion_commitments",
    "expansion_units_per_day",
    "fill_rate",
    "hbm_share_end",
    "hbm_share_mean",
    "hbm_share_start",
    "lead_time_censored_share",
    "lead_time_mean_days",
    "lead_time_p50_days",
    "lead_time_p90_days",
    "lead_time_p99_days",
    "lead_time_with_open_mean_days",
    "lead_time_with_open_p90_days",
    "loss_probability",
    "lots_generated",
    "lots_in_queue_mean",
    "lots_in_station_mean",
    "lots_lost",
    "margin",
    "occupied_end",
    "on_hand_mean",
    "open_orders",
    "order_variance",
    "output_units",
    "p_wait",
    "queue_growth_per_day",
    "quoted_lead_time_mean_days",
    "quoted_lead_time_peak_days",
    "rerouted_units",
    "revenue",
    "revenue_share",
    "scrap_units",
    "shipped_units",
    "sojourn_mean_days",
    "spot_price_mean",
    "spot_price_peak",
    "stock_mean",
    "substituted_units",
    "system_lots_mean",
    "system_sojourn_mean_days",
    "system_throughput_lots_per_day",
    "throughput_lots_per_day",
    "throughput_per_day",
    "units_cancelled",
    "units_delivered",
    "units_ordered",
    "units_price_factor_mean",
    "units_short",
    "utilization_mean",
    "wait_mean_days",
};

[[nodiscard]] constexpr bool is_kpi_name(std::string_view name) {
    for (std::string_view k : kpi_names)
        if (k == name) return true;
    return false;
}

}  // namespace memchain::model
