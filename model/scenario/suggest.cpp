#include "model/scenario/suggest.hpp"

#include <algorithm>
#include <limits>

namespace memchain::model {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the dynamic-programming table: the transposition case looks two back.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
    constexpr std::size_t max_distance = 2;
    std::optional<std::string> best;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    for (const auto& candidate : candidates) {
        if (candidate == word) return std::nullopt;
        std::size_t d = edit_distance(word, candidate);
        // A prefix ("cap" for "capacity") or a long shared start ("interpolation" for
        // "interpolate") counts as close, just behind any real near miss.
        std::size_t common = 0;
        while (common < word.size() && common < candidate.size() &&
               word[common] == candidate[common])
            ++common;
        const std::size_t shorter = std::min(word.size(), candidate.size());
        const bool prefix = (word.size() >= 3 && common == word.size()) ||
                            (common >= 5 && common * 4 >= shorter * 3);
        if (d > max_distance && prefix) d = max_distance + 1;
        if (d > max_distance + (prefix ? 1 : 0)) continue;
        // A near miss must not rewrite most of a short word ("ab" is 2 edits from "cd").
        if (d >= word.size() && !prefix) continue;
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const auto match = closest_match(word, candidates);
    return match ? " (did you mean '" + *match + "'?)" : std::string();
}

}  // namespace memchain::model
