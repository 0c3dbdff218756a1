#pragma once
// "Did you mean" for misspelt names in scenarios and flags: the closest candidate by edit
// distance, so that an error can point at the intended key, node or product.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memchain::model {

// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
// adjacent characters each count 1 (the Damerau-Levenshtein distance without re-editing).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when one is close: at most 2 edits away, or (for words of at
// least 3 characters) a prefix of the candidate, or sharing its first three quarters (at least
// 5 characters) with it. The smallest distance wins; ties go to the
// earlier candidate. Nothing when nothing is close or `word` is itself a candidate.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for the closest match, or "" when nothing is close: ready to append
// to an error message.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       const std::vector<std::string>& candidates);

}  // namespace memchain::model
