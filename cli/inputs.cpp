#include "cli/inputs.hpp"

#include <iostream>

#include "core/declaration.hpp"
#include "core/param_text.hpp"
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
        std::optional<std::string> bytes =
            util::read_file(path, max_header_bytes, "a header", error);
        if (!bytes) {
            print_error(error);
            ok = false;
            continue;
        }
        sources.push_back(make_source(path, std::move(*bytes)));
    }
    if (!ok) {
        return std::nullopt;
    }
    return sources;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics,
                       const std::vector<Source>& sources, bool verbose) {
    for (const Diagnostic& d : diagnostics) {
        if (d.severity == Severity::note && !verbose) {
            continue;
        }
        std::string_view line;
        for (const Source& s : sources) {
            if (s.path == d.file) {
                line = line_text(s, d.loc.line);
                break;
            }
        }
        std::cerr << format_diagnostic(d, line);
    }
}

const Dialect* dialect_option(const std::string& name) {
    if (name.empty()) {
        return &newest_dialect();
    }
    const Dialect* d = resolve_dialect(name);
    if (d == nullptr) {
        std::string known;
        for (const Dialect& k : all_dialects()) {
            known += (known.empty() ? "" : ", ") + std::string(k.name);
        }
        print_error("unknown dialect '" + name + "' (known: " + known +
                    "; qemu-X.Y picks the newest dialect not after X.Y)");
    }
    return d;
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
                           const std::vector<std::string>& annotations, int& status) {
    const Dialect* d = dialect_option(dialect);
    if (d == nullptr) {
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
    std::optional<std::vector<Source>> sources = read_inputs(inputs);
    if (!sources) {
        status = 1;
        return std::nullopt;
    }
    Loaded loaded{std::move(*sources), {}};
    loaded.options.dialect = d;
    loaded.options.parse.annotations = annotations;
    return loaded;
}

}  // namespace cowrap::cli
