// `cowrap generate` and the drop-in form `cowrap OUT.c IN...`.
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cache/session.hpp"
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/usage.hpp"
#include "core/emit.hpp"
#include "core/generate.hpp"
#include "core/output.hpp"
#include "core/output_paths.hpp"
#include "core/strict.hpp"

namespace cowrap::cli {

namespace {

struct GenerateArgs {
    std::string output;
    std::vector<std::string> inputs;
    std::string dialect;
    std::string depfile;
    std::string depfile_target;
    std::vector<std::string> includes;
    std::vector<std::string> annotations;
    bool line_directives = false;
    std::string cache;
    bool no_cache = false;
    bool strict = false;
    bool require_targets = false;
    bool verbose = false;
    std::string source_root;
};

// The running binary, listed in the depfile so that a new cowrap reruns the step.
std::string self_path() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
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
    if (std::optional<std::string> bad = check_written_paths(written, a.inputs)) {
        print_error(*bad);
        return false;
    }
    if (!a.source_root.empty() && !std::filesystem::is_directory(a.source_root)) {
        print_error("--source-root '" + a.source_root + "' is not a folder");
        return false;
    }
    return true;
}

int run_generate(const GenerateArgs& a) {
    if (!paths_are_writable(a)) {
        return 2;
    }
    int status = 0;
    std::optional<Loaded> in = load(a.dialect, a.inputs, a.annotations, status, a.source_root);
    if (!in) {
        return status;
    }
    if (a.verbose) {
        std::cerr << "cowrap: note: dialect " << in->dialect_why << '\n';
    }
    const std::vector<Source>& sources = in->sources;
    GenerateOptions& options = in->options;
    options.emit.line_directives = a.line_directives;
    for (const std::string& h : a.includes) {
        options.emit.includes.push_back(include_spelling(h));
    }

    // The cache (issue 3): best-effort, so it only warns; the text is the same without it.
    cache::Session cached(a.no_cache ? std::string() : a.cache, options, a.output, std::cerr,
                          /*may_defer=*/true);
    GenerateResult result;
    // An output the last run made from the same inputs and options is taken as it is; --strict
    // needs the declarations, so it always parses.
    std::optional<std::string> same =
        a.strict || a.require_targets ? std::nullopt : cache::reuse_output(cached, sources);
    if (same) {
        result.text = std::move(*same);
    } else {
        result = generate(sources, options, cache::make_memo(cached, sources.size()));
        cache::check_duplicates(cached, result, sources);
    }
    print_diagnostics(result.diagnostics, sources, a.verbose);
    if (!verbosity().quiet && result.ok() &&
        result.text == emit_prologue(a.inputs, *options.dialect, options.emit)) {
        // QEMU's script writes such a file too; say so once, as a misnamed input is likely.
        std::cerr << "cowrap: warning: no wrapper declaration in any input; '" << a.output
                  << "' holds no wrappers\n";
    }
    bool strict_failed = false;
    if (a.strict || a.require_targets) {
        StrictOptions strict;
        strict.require_targets = a.require_targets;
        for (const Finding& f : check_strict(result.declarations,
                                             collect_prototypes(sources, options.parse), strict)) {
            std::cerr << format_finding(f, sources);
            strict_failed = strict_failed || f.diagnostic.severity == Severity::error;
        }
    }
    if (!result.ok() || strict_failed) {
        cache::record_run(cached, sources, result, WriteResult::failed);
        return 1;
    }

    // Both files are staged before either replaces anything, so a failure (a depfile in a
    // missing folder, a full disk) leaves both as they were.
    std::string error;
    StagedWrite output;
    StagedWrite depfile;
    // Through a symlink to a regular file, the target is replaced and the link stays.
    WriteResult written = output.stage(write_target(a.output), result.text, error);
    if (written != WriteResult::failed && !a.depfile.empty()) {
        std::vector<std::string> deps = a.inputs;
        if (std::string self = self_path(); !self.empty()) {
            deps.push_back(self);
        }
        const std::string& target = a.depfile_target.empty() ? a.output : a.depfile_target;
        if (depfile.stage(write_target(a.depfile), depfile_text(target, deps), error) ==
            WriteResult::failed) {
            written = WriteResult::failed;
        }
    }
    // Recorded before the rename, with the output's current bytes kept as its previous state:
    // a run killed in between leaves a cache that still matches the file (cache/record.cpp).
    cache::record_run(cached, sources, result, written);
    if (written == WriteResult::failed || !output.commit(error) || !depfile.commit(error)) {
        print_error(error);
        return 1;
    }
    return 0;
}

}  // namespace

void add_generate_command(CLI::App& app, int& status) {
    auto args = std::make_shared<GenerateArgs>();
    CLI::App* cmd = app.add_subcommand(
        "generate", "Generate the wrapper code for the marked prototypes of the headers");
    cmd->add_option("-o,--output", args->output, "The C file to write")->required();
    cmd->add_option("--dialect", args->dialect,
                    "QEMU release whose flavour to generate (qemu-X.Y[.Z]; default: the "
                    "version of the QEMU tree the inputs are in, else the newest)");
    cmd->add_option("--source-root", args->source_root,
                    "Show input paths in the output relative to this folder (default: the "
                    "root of the inputs' QEMU tree)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("--depfile", args->depfile, "Write a Make-syntax depfile");
    cmd->add_option("--depfile-target", args->depfile_target,
                    "Target named in the depfile (default: the output)");
    cmd->add_option("--include", args->includes,
                    "Replace the dialect's #include list (repeatable, in order)");
    cmd->add_option("--annotation", args->annotations,
                    "A macro that is an annotation, not part of a return type (repeatable)");
    cmd->add_flag("--line-directives", args->line_directives,
                  "Put #line before each public function, pointing at its declaration");
    cmd->add_option("--cache", args->cache, "The cache database (default: $COWRAP_CACHE)")
        ->envname("COWRAP_CACHE");
    cmd->add_flag("--no-cache", args->no_cache, "Do not use a cache");
    cmd->add_flag("--strict", args->strict,
                  "Also check each wrapper against its target's declarations in the inputs; "
                  "write nothing on an error");
    cmd->add_flag("--require-targets", args->require_targets,
                  "With --strict (implied): a target declared in no input is an error");
    cmd->add_option("inputs", args->inputs, "Headers to read, in order")->required();
    cmd->callback([args, &status] {
        args->verbose = verbosity().verbose;  // -v: before or after the command
        status = run_generate(*args);
    });
}

}  // namespace cowrap::cli
