#include "model/policy/chains.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace memchain::model {

namespace {

// The representative of `x` in a union-find forest, with path halving.
int root(std::vector<int>& parent, int x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

}  // namespace

std::string ProductChain::label() const {
    std::string text = product;
    if (ends.empty()) return text;
    text += " to " + ends.front();
    if (ends.size() == 2) text += " and " + ends[1];
    if (ends.size() > 2) text += " and " + std::to_string(ends.size() - 1) + " more";
    return text;
}

std::vector<ProductChain> product_chains(const Scenario& scenario) {
    const int n = static_cast<int>(scenario.nodes.size());
    std::unordered_map<std::string, int> index;
    for (int i = 0; i < n; ++i) index.emplace(scenario.nodes[i].name, i);
    std::vector<std::pair<int, int>> lanes;  // (from, to)
    std::vector<std::vector<int>> into(n);
    std::vector<bool> has_out(n, false);
    for (const Lane& lane : scenario.lanes) {
        const auto from = index.find(lane.from), to = index.find(lane.to);
        if (from == index.end() || to == index.end()) continue;
        lanes.emplace_back(from->second, to->second);
        into[to->second].push_back(from->second);
        has_out[from->second] = true;
    }
    std::map<std::string, std::vector<int>> ends_by_product;  // ordered: deterministic
    for (int i = 0; i < n; ++i)
        if (!has_out[i] && scenario.nodes[i].block != Block::Source)
            ends_by_product[scenario.nodes[i].product].push_back(i);

    std::vector<ProductChain> chains;
    for (const auto& [product, ends] : ends_by_product) {
        // Every node upstream of one of the ends, by a walk backwards along lanes.
        std::vector<bool> upstream(n, false);
        std::vector<int> stack = ends;
        for (int e : ends) upstream[e] = true;
        while (!stack.empty()) {
            const int v = stack.back();
            stack.pop_back();
            for (int u : into[v])
                if (!upstream[u]) {
                    upstream[u] = true;
                    stack.push_back(u);
                }
        }
        std::vector<int> parent(n);
        std::iota(parent.begin(), parent.end(), 0);
        for (const auto& [from, to] : lanes)
            if (upstream[from] && upstream[to]) parent[root(parent, from)] = root(parent, to);
        std::map<int, std::size_t> piece;  // root -> index into chains
        for (int i = 0; i < n; ++i) {
            if (!upstream[i]) continue;
            const int r = root(parent, i);
            auto it = piece.find(r);
            if (it == piece.end()) {
                it = piece.emplace(r, chains.size()).first;
                chains.push_back(ProductChain{product, {}, {}});
            }
            ProductChain& chain = chains[it->second];
            chain.nodes.push_back(i);
            if (std::find(ends.begin(), ends.end(), i) != ends.end())
                chain.ends.push_back(scenario.nodes[i].name);
        }
    }
    // In the order of their first ends (each chain has one: it was grown from its ends).
    auto first_end = [&](const ProductChain& c) { return index.at(c.ends.front()); };
    std::stable_sort(chains.begin(), chains.end(),
                     [&](const auto& a, const auto& b) { return first_end(a) < first_end(b); });
    return chains;
}

ChainDetectors::ChainDetectors(std::vector<ProductChain> chains) : chains_(std::move(chains)) {}

void ChainDetectors::finish(const BottleneckDetector& whole, sim::Time end) {
    detectors_.clear();
    for (const ProductChain& chain : chains_) {
        detectors_.push_back(
            std::make_unique<BottleneckDetector>(whole.restricted_to(chain.nodes)));
        detectors_.back()->finish(end);
    }
}

}  // namespace memchain::model
