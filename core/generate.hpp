// The pipeline for one output: sources -> parse -> validate -> emit -> text.
// The cache plugs in through Memo; the text is the same with or without it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/dialect.hpp"
#include "core/emit.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"

namespace cowrap {

struct GenerateOptions {
    const Dialect* dialect = nullptr;  // nullptr: newest
    // Where the dialect came from when not from --dialect ("from ../VERSION: 8.0.50 -> ..."):
    // named by the error for a mark the dialect lacks. Shapes no text.
    std::string dialect_origin;
    // Where the dialect came from, as the cache's run record keeps it.
    std::string dialect_record;
    ParseOptions parse;
    EmitOptions emit;
};

// Optional memoisation hooks (implemented by cache/). Each may be empty.
struct Memo {
    // Declarations parsed earlier from a source with exactly these bytes.
    std::function<std::optional<std::vector<Declaration>>(const Source&)> find_declarations;
    std::function<void(const Source&, const std::vector<Declaration>&)> store_declarations;
    // A wrapper block emitted earlier for a declaration with the same key, valid until the
    // hook's owner changes; it is appended to the text at once. What a run emits is in
    // GenerateResult::fragments.
    std::function<std::optional<std::string_view>(const Declaration&)> find_fragment;
};

struct GenerateStats {
    std::size_t headers_parsed = 0;
    std::size_t headers_reused = 0;
    std::size_t fragments_emitted = 0;
    std::size_t fragments_reused = 0;
};

// Where one wrapper block sits in the text: bytes [start, start + length).
struct Span {
    std::size_t start = 0;
    std::size_t length = 0;
};

struct GenerateResult {
    std::string text;  // empty when diagnostics has errors
    std::vector<Declaration> declarations;
    std::vector<Span> fragments;  // one per declaration, in order, once text is made
    std::vector<Diagnostic> diagnostics;
    GenerateStats stats;
    bool ok() const { return !has_errors(diagnostics); }
};

// The first half of generate: parse (or reuse) every source, then validate them together.
// Fills declarations, diagnostics and the parse statistics; leaves text empty.
GenerateResult analyze(const std::vector<Source>& sources, const GenerateOptions& options,
                       const Memo& memo = {});

GenerateResult generate(const std::vector<Source>& sources, const GenerateOptions& options,
                        const Memo& memo = {});

}  // namespace cowrap
