#include "cli/inputs.hpp"

#include "cli/dialect_choice.hpp"

#include <iostream>

#include "core/declaration.hpp"
#include "core/param_text.hpp"
#include "core/qemu_tree.hpp"
#include "util/file.hpp"

namespace cowrap::cli {

void print_error(const std::string& message) {
    std::cerr << "cowrap: error: " << message << '\n';
}

std::optional<std::vector<Source>> read_inputs(const std::vector<std::string>& paths) {
    std::vector<Source> sources;
    sources.reserve(paths.size());
    bool ok = true;
    for (const std::string& path : paths) {
        std::string error;
        util::FileStamp stamp;
        std::optional<std::string> bytes =
            util::read_file(path, max_header_bytes, "a header", error, util::Links::follow, &stamp);
        if (!bytes) {
            print_error(error);
            ok = false;
            continue;
        }
        sources.push_back(make_source(path, std::move(*bytes)));
        sources.back().stamp = stamp;
    }
    if (!ok) {
        return std::nullopt;
    }
    return sources;
}

std::string annotation_problem(const std::string& name) {
    const std::string quoted = "--annotation '" + name + "'";
    if (!is_identifier(name) ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
            std::string::npos) {
        return quoted + ": an annotation is a macro name (letters, digits and _)";
    }
    if (find_mark(name) != nullptr || looks_like_mark(name)) {
        return quoted + ": that is a wrapper mark, not an annotation";
    }
    if (is_c_keyword(name) || is_attribute_keyword(name)) {
        return quoted + ": that is a C keyword, not an annotation";
    }
    return {};
}

std::optional<Loaded> load(const std::string& dialect, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& annotations, int& status,
                           const std::string& source_root, bool read_sources) {
    // Only when the dialect or the shown paths come from the inputs' trees.
    const std::vector<std::optional<std::string>> roots =
        dialect.empty() || source_root.empty()
            ? qemu_tree_roots(inputs)
            : std::vector<std::optional<std::string>>(inputs.size());
    std::optional<DialectChoice> choice = choose_dialect(dialect, roots);
    if (!choice) {
        status = 2;
        return std::nullopt;
    }
    for (const std::string& a : annotations) {
        if (std::string problem = annotation_problem(a); !problem.empty()) {
            print_error(problem);
            status = 2;
            return std::nullopt;
        }
    }
    std::optional<std::vector<Source>> sources =
        read_sources ? read_inputs(inputs) : std::vector<Source>();
    if (!sources) {
        status = 1;
        return std::nullopt;
    }
    Loaded loaded{std::move(*sources), {}, choice->why};
    loaded.options.dialect = choice->dialect;
    if (dialect.empty()) {
        loaded.options.dialect_origin = choice->why;
    }
    loaded.options.dialect_record = choice->record;
    loaded.options.parse.annotations = annotations;
    loaded.options.emit.shown_paths = shown_paths(inputs, roots, source_root);
    return loaded;
}

std::optional<Context> load_context(const std::vector<std::string>& paths,
                                    const GenerateOptions& options) {
    std::optional<std::vector<Source>> sources = read_inputs(paths);
    if (!sources) {
        return std::nullopt;
    }
    Context c;
    c.sources = std::move(*sources);
    // Their own problems are their own shards' to report: only what they declare counts.
    // The ordinary prototypes are collected by the same parse.
    GenerateOptions o = options;
    o.parse.collect_prototypes = true;
    o.parse.prototypes_out = &c.prototypes;
    GenerateResult analyzed = analyze(c.sources, o);
    c.declarations = std::move(analyzed.declarations);
    c.arenas = std::move(analyzed.arenas);
    return c;
}

}  // namespace cowrap::cli
