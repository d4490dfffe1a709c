// The cross-shard rule, decided here alone: one run only sees its own headers, so a wrapper
// that another shard of the same build target also defines would link twice. The cache
// remembers the other shards. Only the outputs of one --shard-group are compared (the
// front-ends pass their target): two checkouts sharing a cache, or two programs of one tree
// that each declare a wrapper, are not one link, and a cache must never fail a run that passes
// without it. Headers are compared by identity (device and inode), not by how their path is
// spelt, and a recorded definition only counts while its header, as it is on disk now, still
// declares that wrapper.
#pragma once

#include <string>
#include <vector>

#include "cache/key.hpp"
#include "cache/store.hpp"
#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/parse.hpp"

namespace cowrap::cache {

// An error (with a note at the other place) for each of `declarations` that another output of
// `group` holds from a header that is not one of `own_headers` (absolute) and still declares
// it.
std::vector<Diagnostic> defined_in_other_shards(Store& store, const std::string& cache_path,
                                                const ParseOptions& parse,
                                                const std::vector<Declaration>& declarations,
                                                const std::vector<std::string>& own_headers,
                                                const std::string& output,
                                                const std::string& group);

// Whether another output of `group` holds a wrapper of the same name as one `output` recorded,
// from another header: the cheap test of a run that would take its output as it is (any match
// sends it down the full path, where defined_in_other_shards decides).
bool recorded_clash(Store& store, const std::string& cache_path, const std::string& output,
                    const std::string& group);

// For a run that has not opened the database: whether the name digest (cache/name_digest.hpp)
// may hold one of `declarations` from a header that is not one of `own_headers`. False means
// no clash is possible; true only that the database must be asked.
bool digest_may_clash(const std::string& cache_path, const std::vector<Declaration>& declarations,
                      const std::vector<std::string>& own_headers);

}  // namespace cowrap::cache
