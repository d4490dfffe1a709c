// `cowrap generate` and the drop-in form `cowrap OUT.c IN...`.
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cache/session.hpp"
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "core/generate.hpp"
#include "core/output.hpp"

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
    bool verbose = false;
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

int run_generate(const GenerateArgs& a) {
    const Dialect* dialect = dialect_option(a.dialect);
    if (dialect == nullptr) {
        return 2;
    }
    std::optional<std::vector<Source>> sources = read_inputs(a.inputs);
    if (!sources) {
        return 1;
    }

    GenerateOptions options;
    options.dialect = dialect;
    options.parse.annotations = a.annotations;
    options.emit.line_directives = a.line_directives;
    for (const std::string& h : a.includes) {
        options.emit.includes.push_back(include_spelling(h));
    }

    // The cache (issue 3): best-effort, so it only warns; the text is the same without it.
    cache::Session cached(a.no_cache ? std::string() : a.cache, options, a.output, std::cerr);
    GenerateResult result = generate(*sources, options, cache::make_memo(cached));
    cache::check_duplicates(cached, result, *sources);
    print_diagnostics(result.diagnostics, *sources, a.verbose);
    if (!result.ok()) {
        cache::record_run(cached, *sources, result, WriteResult::failed);
        return 1;
    }

    std::string error;
    WriteResult written = write_if_changed(a.output, result.text, error);
    cache::record_run(cached, *sources, result, written);
    if (written == WriteResult::failed) {
        print_error(error);
        return 1;
    }
    if (!a.depfile.empty()) {
        std::vector<std::string> deps = a.inputs;
        if (std::string self = self_path(); !self.empty()) {
            deps.push_back(self);
        }
        const std::string& target = a.depfile_target.empty() ? a.output : a.depfile_target;
        if (write_if_changed(a.depfile, depfile_text(target, deps), error) ==
            WriteResult::failed) {
            print_error(error);
            return 1;
        }
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
                    "QEMU release whose flavour to generate (qemu-X.Y; default: newest)");
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
    cmd->add_flag("-v,--verbose", args->verbose, "Also print notes");
    cmd->add_option("inputs", args->inputs, "Headers to read, in order")->required();
    cmd->callback([args, &status] { status = run_generate(*args); });
}

}  // namespace cowrap::cli
