#pragma once
// Strong ids of the engine: nodes, products and lanes are positions in Scenario::nodes,
// products and lanes, resolved from their names once when a replication is built; orders are
// positions in the order book. A NodeId cannot be passed where a ProductId is meant, and "none"
// is a std::optional, never -1.

#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace memchain::model {

enum class NodeId : std::uint32_t {};
enum class ProductId : std::uint32_t {};
enum class LaneId : std::uint32_t {};
enum class OrderId : std::uint32_t {};

// The position an id stands for, to index the vector it came from.
template <class Id>
requires std::is_enum_v<Id>
[[nodiscard]] constexpr std::size_t index_of(Id id) {
    return static_cast<std::size_t>(id);
}

}  // namespace memchain::model
