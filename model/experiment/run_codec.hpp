#pragma once
// A compact binary form of a finished run, for sending it between processes (MPI ranks): the
// run's status and error, every field of its RunResult in declaration order, then its measures.
// Numbers are written in the host's byte order and width (every rank of a job runs the same binary
// on the same kind of machine), strings and vectors as a 32-bit count followed by their content,
// optionals as a presence byte. The first four bytes are a format tag; a buffer with another
// tag, or one that ends early or has bytes left over, is refused with std::runtime_error.
//
// Adding a field to a struct of result/run_result.hpp means adding it to that struct's field
// list in run_codec.cpp (the build fails until then: the list's length is checked against the
// struct's field count) and bumping the tag.

#include <cstddef>
#include <span>
#include <string>

#include "model/experiment/executor.hpp"

namespace memchain::model {

[[nodiscard]] std::string encode_run(const FinishedRun& run);
[[nodiscard]] FinishedRun decode_run(std::span<const char> bytes);

}  // namespace memchain::model
