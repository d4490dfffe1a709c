// `cowrap generate` and the drop-in form `cowrap OUT.c IN...`.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>

#include "cache/paths.hpp"
#include "cache/run_cache.hpp"
#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/generate_args.hpp"
#include "cli/inputs.hpp"
#include "cli/usage.hpp"
#include "core/emit.hpp"
#include "core/generate.hpp"
#include "core/output.hpp"
#include "core/output_paths.hpp"
#include "core/strict.hpp"
#include "util/file.hpp"
#include "util/lock.hpp"

namespace cowrap::cli {

namespace {

// Parsing the next inputs on a second thread while one is emitted pays for a monolithic output
// of many headers (40 headers, 0.85 MB: 11% sooner; 2,000: 20-30%), not for a few (QEMU's
// 85 kB: 0.4 ms later, the thread's start and hand-offs), nor for one.
bool worth_parsing_ahead(const std::vector<std::string>& inputs) {
    constexpr std::int64_t enough = 256 * 1024;
    if (inputs.size() < 2 || std::thread::hardware_concurrency() < 2) {
        return false;
    }
    std::int64_t bytes = 0;
    for (const std::string& path : inputs) {
        bytes += util::stamp_of(path).size;
        if (bytes >= enough) {
            return true;
        }
    }
    return false;
}

// The running binary, listed in the depfile so that a new cowrap reruns the step.
std::string self_path() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// Why an --include value cannot be spelt in an #include line, or empty: it would otherwise
// inject lines into the shard (a quote and a newline) or write `#include ""`.
std::string include_problem(const std::string& h) {
    const std::string quoted = "--include '" + h + "'";
    if (h.empty() || h == "\"\"" || h == "<>") {
        return "--include: an empty header name";
    }
    if (h.find_first_of(std::string_view("\n\r\0", 3)) != std::string::npos) {
        return quoted + ": a header name cannot contain a line break";
    }
    const bool angled = h.front() == '<';
    const bool quoted_form = h.front() == '"';
    if (angled && (h.back() != '>' || h.find('>') != h.size() - 1)) {
        return quoted + ": <...> must close once, at the end";
    }
    if (quoted_form && (h.size() < 2 || h.back() != '"' || h.find('"', 1) != h.size() - 1)) {
        return quoted + ": \"...\" must close once, at the end";
    }
    if (!angled && !quoted_form && h.find_first_of("\"<>") != std::string::npos) {
        return quoted + ": a header name cannot contain '\"', '<' or '>'";
    }
    return {};
}

// `--include qemu/osdep.h` means `#include "qemu/osdep.h"`; <...> and "..." are kept.
std::string include_spelling(const std::string& h) {
    if (!h.empty() && (h.front() == '"' || h.front() == '<')) {
        return h;
    }
    return "\"" + h + "\"";
}

// Refuses (exit 2) an output, depfile or cache that is an input, another of them, or an
// existing file that is not a regular one, before anything is read or written.
bool paths_are_writable(const GenerateArgs& a) {
    std::vector<WrittenPath> written{{"output", a.output}};
    if (!a.depfile.empty()) {
        written.push_back({"depfile", a.depfile});
    }
    if (!a.no_cache && !a.cache.empty()) {
        written.push_back({"cache", a.cache, /*must_be_file=*/false});
    }
    std::vector<std::string> read = a.inputs;
    read.insert(read.end(), a.context.begin(), a.context.end());
    if (std::optional<std::string> bad = check_written_paths(written, read)) {
        print_error(*bad);
        return false;
    }
    if (!a.source_root.empty() && !std::filesystem::is_directory(a.source_root)) {
        print_error("--source-root '" + a.source_root + "' is not a folder");
        return false;
    }
    return true;
}

// The input files named by `diagnostics`, read again for the lines the printer shows: a
// streamed run has released them.
std::vector<Source> read_shown_inputs(const GenerateArgs& a,
                                      const std::vector<Diagnostic>& diagnostics) {
    std::vector<Source> again;
    for (const std::string& path : a.inputs) {
        const bool named = std::any_of(diagnostics.begin(), diagnostics.end(),
                                       [&](const Diagnostic& d) { return d.file == path; });
        bool read = false;
        for (const Source& s : again) {
            read = read || s.path == path;
        }
        std::string error;
        if (named && !read) {
            if (std::optional<std::string> bytes =
                    util::read_file(path, max_header_bytes, "a header", error)) {
                again.push_back(make_source(path, std::move(*bytes)));
            }
        }
    }
    return again;
}

// What a run kept for its record (a monolithic run's 10,000 declarations), left to the
// process's exit instead of freed one by one, which cost 2 M instructions just before it: as
// ninja's main exits without destroying its state. Reachable from here, so not a leak.
void leave_to_exit(GenerateResult&& result) {
    static auto* const kept = new std::vector<GenerateResult>;
    kept->push_back(std::move(result));
}

}  // namespace

int run_generate(const GenerateArgs& a) {
    if (!paths_are_writable(a)) {
        return 2;
    }
    for (const std::string& h : a.includes) {
        if (std::string problem = include_problem(h); !problem.empty()) {
            print_error(problem);
            return 2;
        }
    }
    // Without --strict nothing needs the declarations once they are emitted: the run streams,
    // reading, parsing and emitting one header at a time into the temporary output, so its
    // memory does not grow with the inputs (the cache records each header as it goes).
    // --strict reads every input first and keeps the declarations; so does a shard group's
    // cross-shard check, for its few.
    const bool streamed = !a.strict && !a.require_targets;
    const bool keep = !streamed || !a.shard_group.empty();
    int status = 0;
    std::optional<Loaded> in =
        load(a.dialect, a.inputs, a.annotations, status, a.source_root, !streamed);
    if (!in) {
        return status;
    }
    const std::vector<Source>& sources = in->sources;  // empty when streamed
    GenerateOptions& options = in->options;
    // Only the cache keys on a declaration's text.
    options.parse.declaration_text = !(a.no_cache || a.cache.empty());
    options.emit.line_directives = a.line_directives;
    for (const std::string& h : a.includes) {
        options.emit.includes.push_back(include_spelling(h));
    }

    // The cache: best-effort, so it only warns; the text is the same without it.
    std::optional<Context> context = load_context(a.context, options);
    if (!context) {
        return 1;
    }
    // Notes may point into the context headers: the printer shows their lines too, where
    // they are.
    ShownSources shown(sources);
    shown.add(context->sources);
    DiagnosticPrinter printer(a.diagnostics, shown);
    if (a.verbose) {
        printer.messages() << "cowrap: note: dialect " << in->dialect_why << '\n';
    }
    cache::RunCache cached(a.no_cache ? std::string() : a.cache, options, a.output, a.shard_group,
                           printer.messages(), /*may_defer=*/true);
    GenerateResult result;
    std::vector<Prototype> prototypes;  // --strict
    // Through a symlink to a regular file, the target is replaced and the link stays.
    StagedWrite output;
    // A temporary output that cannot be made is reported after the diagnostics, as before
    // streaming: a run with errors writes nothing anyway.
    std::string begin_error;
    bool begun = false;
    // An output the last run made from the same inputs and options is taken as it is; --strict
    // needs the declarations, so it always parses.
    const bool same = !a.strict && !a.require_targets && cached.reuse_output(a.inputs);
    if (!same) {
        begun = output.begin(write_target(a.output), begin_error);
        std::string nowhere;
        TextSink sink{begun ? output.buffer() : nowhere, [&] {
                          if (begun) {
                              output.flush_if_full();
                          } else {
                              nowhere.clear();
                          }
                      }};
        // A streamed run holds an input only until it is emitted.
        SourceFeed feed = [&](std::size_t i) -> std::shared_ptr<const Source> {
            if (!streamed) {
                return borrowed(sources[i]);
            }
            std::optional<std::vector<Source>> read = read_inputs({a.inputs[i]});
            if (!read) {
                return nullptr;
            }
            return std::make_shared<const Source>(std::move(read->front()));
        };
        // --strict: the ordinary prototypes are collected by the parse that finds the wrappers
        // (as `check --strict`); the cache's keys are those of a plain parse, so the options
        // it was given stay as they are.
        GenerateOptions parse_options = options;
        if (a.strict || a.require_targets) {
            parse_options.parse.collect_prototypes = true;
            parse_options.parse.prototypes_out = &prototypes;
        }
        result = generate_to(a.inputs, feed, parse_options, sink,
                             StreamOptions{.keep = keep,
                                           .parse_ahead = worth_parsing_ahead(a.inputs),
                                           .observe = cached.observer()});
        if (!result.inputs_read) {
            return 1;  // read_inputs has said why; the temporary output is removed
        }
        cached.check_duplicates(result, a.inputs);
    }
    std::vector<Source> again;  // a streamed run's inputs that diagnostics name
    if (streamed && !result.diagnostics.empty()) {
        again = read_shown_inputs(a, result.diagnostics);
        printer.show_first(again);
    }
    printer.print(result.diagnostics);
    const bool no_wrappers =
        same ? cached.reused_wrappers() == 0 : result.stats.fragments_emitted == 0;
    if (!verbosity().quiet && result.ok() && no_wrappers) {
        // QEMU's script writes such a file too; say so once, as a misnamed input is likely.
        printer.messages() << "cowrap: warning: no wrapper declaration in any input; '" << a.output
                           << "' holds no wrappers\n";
    }
    bool strict_failed = false;
    std::string printed;  // for a failed run's record: what it printed besides the diagnostics
    if (a.strict || a.require_targets) {
        StrictOptions strict;
        strict.require_targets = a.require_targets;
        prototypes.insert(prototypes.end(), context->prototypes.begin(), context->prototypes.end());
        for (const Finding& f :
             check_strict(result.declarations, prototypes, strict, context->declarations)) {
            printer.print(f);
            printed += format_finding(f, shown, false);
            strict_failed = strict_failed || f.diagnostic.severity == Severity::error;
        }
    }
    if (!result.ok() || strict_failed) {
        cached.record(a.inputs, streamed ? again : sources, result, WriteResult::failed, printed);
        printer.finish();
        return 1;
    }

    // Both files are staged before either replaces anything, so a failure (a depfile in a
    // missing folder, a full disk) leaves both as they were.
    std::string error;
    // Two runs writing one output (from different headers) at once must not leave the output
    // of one beside the depfile of the other: each compares, stages and renames the pair
    // under a lock on the output's folder (flock on the folder itself: no file is created).
    util::FileLock pair_lock;
    if (!a.depfile.empty() && !pair_lock.lock_folder(cache::folder_of(a.output), 60000, error) &&
        errno != ENOENT && errno != ENOTDIR) {  // a missing folder: stage() says so
        print_error(error);
        return 1;
    }
    error.clear();
    StagedWrite depfile;
    WriteResult written = WriteResult::failed;
    if (same) {
        written = cached.keep_taken_output(output, write_target(a.output), error);
    } else if (begun) {
        written = output.finish(error);
    } else {
        error = begin_error;
    }
    if (written != WriteResult::failed && !a.depfile.empty()) {
        std::vector<std::string> deps = a.inputs;
        deps.insert(deps.end(), a.context.begin(), a.context.end());
        if (std::string self = self_path(); !self.empty()) {
            deps.push_back(self);
        }
        const std::string& target = a.depfile_target.empty() ? a.output : a.depfile_target;
        if (std::string problem = depfile_problem(target, deps); !problem.empty()) {
            print_error(problem);
            cached.record(a.inputs, sources, result, WriteResult::failed,
                          "cowrap: error: " + problem + "\n");
            return 1;
        }
        if (depfile.stage(write_target(a.depfile), depfile_text(target, deps), error) ==
            WriteResult::failed) {
            written = WriteResult::failed;
        }
    }
    // Recorded before the rename, with the output's current bytes kept as its previous state:
    // a run killed in between leaves a cache that still matches the file (cache/store_write.cpp).
    cached.record(a.inputs, sources, result, written,
                  written == WriteResult::failed ? "cowrap: error: " + error + "\n" : "");
    printer.finish();
    if (written == WriteResult::failed || !output.commit(error) || !depfile.commit(error)) {
        print_error(error);
        return 1;
    }
    leave_to_exit(std::move(result));
    return 0;
}

std::optional<int> run_plain_generate(const std::vector<std::string>& args) {
    GenerateArgs a;
    if (!read_plain_args(args, a)) {
        return std::nullopt;
    }
    return run_generate(a);
}

}  // namespace cowrap::cli
