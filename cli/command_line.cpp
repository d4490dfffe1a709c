// cowrap's command line, read by CLI11: the commands and their options, `help`, -v/-q/-V and
// usage errors in one format (`cowrap: error: ...`, a "did you mean", then where the usage
// is). The only file of cowrap that includes CLI11 (cli/command_line.hpp says why).
#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "cli/diagnostic_output.hpp"
#include "cli/suggest.hpp"
#include "cli/usage.hpp"

namespace cowrap::cli {

namespace {

// The command being parsed when the error came: the deepest subcommand seen.
const CLI::App* innermost(const CLI::App* app) {
    for (;;) {
        std::vector<CLI::App*> subs = app->get_subcommands();
        if (subs.empty()) {
            return app;
        }
        app = subs.back();
    }
}

std::string command_path(const CLI::App* app) {
    std::string path = app->get_name();
    for (const CLI::App* p = app->get_parent(); p != nullptr; p = p->get_parent()) {
        path = p->get_name() + " " + path;
    }
    return path;
}

std::vector<std::string> subcommand_names(const CLI::App* app) {
    std::vector<std::string> names;
    for (const CLI::App* s : app->get_subcommands({})) {
        names.push_back(s->get_name());
    }
    return names;
}

// "; did you mean 'NAME'?" for the candidate closest to `typed`, else nothing.
std::string did_you_mean(const std::string& typed, const std::vector<std::string>& candidates) {
    std::optional<std::string> near = closest_match(typed, candidates);
    return near ? "; did you mean '" + *near + "'?" : "";
}

// The names an option of `app` (or of the commands above it, which it passes options up to)
// may be given by.
std::vector<std::string> option_names(const CLI::App* app) {
    std::vector<std::string> names;
    for (; app != nullptr; app = app->get_parent()) {
        for (const CLI::Option* o : app->get_options()) {
            for (const std::string& l : o->get_lnames()) {
                names.push_back("--" + l);
            }
            for (const std::string& s : o->get_snames()) {
                names.push_back("-" + s);
            }
        }
    }
    return names;
}

// What the parse left over, from the command where the error came up to the root: an
// unknown option, or a word where a subcommand was expected.
std::optional<std::string> unknown_argument(const CLI::App* app, const CLI::App* root,
                                            std::string& suggestion) {
    for (const CLI::App* a = app; a != nullptr; a = a->get_parent()) {
        for (const std::string& arg : a->remaining()) {
            if (arg.starts_with("-") && arg.size() > 1) {
                const std::string name = arg.substr(0, arg.find('='));
                suggestion = did_you_mean(name, option_names(app));
                return "unknown option '" + name + "'";
            }
            if (!app->get_subcommands({}).empty()) {
                suggestion = did_you_mean(arg, subcommand_names(app));
                return "unknown command '" + arg + "' for '" + command_path(app) + "'";
            }
        }
        if (a == root) {
            break;
        }
    }
    return std::nullopt;
}

// CLI11's failure message (App::failure_message): "cowrap: error: MESSAGE" with a suggestion
// for a mistyped command or option, then "Run 'cowrap CMD --help' for usage.".
std::string usage_failure(const CLI::App* app, const CLI::Error& e) {
    const CLI::App* where = innermost(app);
    std::string suggestion;
    std::string message;
    if (std::optional<std::string> unknown = unknown_argument(where, app, suggestion)) {
        message = *unknown + suggestion;
    } else {
        message = e.what();
        if (!message.empty()) {
            message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
        }
    }
    if (where->get_name() == "help") {
        where = app;  // `help COMMAND` with a wrong COMMAND
    }
    return "cowrap: error: " + message + "\nRun '" + command_path(where) + " --help' for usage.\n";
}

// CLI11's check that an option takes one of `values`.
CLI::IsMember one_of(std::span<const std::string_view> values) {
    return CLI::IsMember(std::vector<std::string>(values.begin(), values.end()));
}

// --color and --diagnostics-format.
void add_diagnostic_options(CLI::App& cmd, DiagnosticOptions& options) {
    cmd.add_option("--color", options.color,
                   "Colour the diagnostics: auto (stderr is a terminal, NO_COLOR unset), "
                   "always or never; also -fdiagnostics-color[=WHEN]")
        ->check(one_of(color_modes));
    cmd.add_option("--diagnostics-format", options.format,
                   "text, or json (GCC's) or sarif (SARIF 2.1.0) on stderr for CI; also "
                   "-fdiagnostics-format=FORMAT")
        ->check(one_of(diagnostic_formats));
}

// --cache PATH, defaulting to $COWRAP_CACHE.
void add_cache_path_option(CLI::App& cmd, std::string& path) {
    cmd.add_option("--cache", path, "The cache database (default: $COWRAP_CACHE)")
        ->envname("COWRAP_CACHE");
}

// --format text|json, for the commands whose JSON is in docs/json.md.
void add_text_or_json(CLI::App& cmd, std::string& format) {
    cmd.add_option("--format", format, "text (default) or json (docs/json.md)")
        ->check(CLI::IsMember({"text", "json"}));
}

// Each add_X_command adds X to the root app; when X runs, its exit status goes to `status`.

// The callback of a command that takes -v (given before or after the command).
template <typename Args>
std::function<void()> run_with_verbosity(std::shared_ptr<Args> args, int (*run)(const Args&),
                                         int& status) {
    return [args, run, &status] {
        args->verbose = verbosity().verbose;
        status = run(*args);
    };
}

void add_generate_command(CLI::App& app, int& status) {
    auto args = std::make_shared<GenerateArgs>();
    CLI::App* cmd = app.add_subcommand(
        "generate", "Generate the wrapper code for the marked prototypes of the headers");
    add_generate_options(*cmd, *args);
    cmd->callback(run_with_verbosity(args, run_generate, status));
}

void add_check_command(CLI::App& app, int& status) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd = app.add_subcommand("check", "Parse and validate the headers; write nothing");
    cmd->add_option("--dialect", args->dialect, "QEMU release to check against (qemu-X.Y)");
    cmd->add_option("--annotation", args->annotations, "An annotation macro (repeatable)");
    cmd->add_flag("--strict", args->strict,
                  "Also check each wrapper against its target's declarations in the inputs");
    cmd->add_flag("--require-targets", args->require_targets,
                  "With --strict (implied): a target declared in no input is an error");
    cmd->add_option("--context", args->context,
                    "With --strict: a header read only to find targets, not checked "
                    "(repeatable)");
    cmd->add_option("--format", args->format, "text (on stderr) or json (on stdout)")
        ->check(CLI::IsMember({"text", "json"}));
    add_diagnostic_options(*cmd, args->diagnostics);
    cmd->add_option("inputs", args->inputs, "Headers to read")->required();
    cmd->callback(run_with_verbosity(args, run_check, status));
}

void add_list_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ListArgs>();
    CLI::App* cmd = app.add_subcommand("list", "List every wrapper declared in the headers");
    cmd->add_option("--format", args->format, "text or json")
        ->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--dialect", args->dialect, "QEMU release to validate against (qemu-X.Y)");
    cmd->add_option("--annotation", args->annotations, "An annotation macro (repeatable)");
    add_diagnostic_options(*cmd, args->diagnostics);
    cmd->add_option("inputs", args->inputs, "Headers to read")->required();
    cmd->callback([args, &status] { status = run_list(*args); });
}

void add_dialects_command(CLI::App& app, int& status) {
    CLI::App* cmd = app.add_subcommand("dialects", "List the dialects and the marks each knows");
    auto format = std::make_shared<std::string>("text");
    add_text_or_json(*cmd, *format);
    cmd->callback([&status, format] { status = run_dialects(*format); });
}

// A `cache` subcommand, with --cache, that runs `run`.
CLI::App* cache_sub(CLI::App& parent, const std::string& name, const std::string& help,
                    const std::shared_ptr<CacheArgs>& args, int (*run)(const CacheArgs&),
                    int& status) {
    CLI::App* cmd = parent.add_subcommand(name, help);
    add_cache_path_option(*cmd, args->path);
    cmd->callback([args, run, &status] { status = run(*args); });
    return cmd;
}

void add_cache_command(CLI::App& app, int& status) {
    auto args = std::make_shared<CacheArgs>();
    CLI::App* group = app.add_subcommand("cache", "Inspect and maintain the cache database");
    group->require_subcommand(1);

    auto text_or_json = [&](CLI::App* cmd) { add_text_or_json(*cmd, args->format); };
    text_or_json(cache_sub(*group, "stats",
                           "Summary: headers, wrappers, outputs, hits and misses, size", args,
                           cache_stats, status));
    CLI::App* p =
        cache_sub(*group, "print", "The same figures for scripts, one per line or as JSON", args,
                  cache_print, status);
    p->add_option("--format", args->format, "tab (default) or json")
        ->check(CLI::IsMember({"tab", "json"}));
    cache_sub(*group, "zero", "Reset the counters", args, cache_zero, status);
    CLI::App* l =
        cache_sub(*group, "ls", "Every wrapper the recorded outputs hold", args, cache_ls, status);
    text_or_json(l);
    l->add_option("--header", args->header, "Only the wrappers declared in this header");
    CLI::App* w = cache_sub(*group, "why", "The last runs for OUTPUT and what changed in each",
                            args, cache_why, status);
    w->add_option("output", args->output, "A generated file")->required();
    text_or_json(w);
    w->add_option("--color", args->color,
                  "Colour the diffs as git does: auto (stdout is a terminal, NO_COLOR unset), "
                  "always or never")
        ->check(one_of(color_modes));
    text_or_json(cache_sub(*group, "verify",
                           "Check the database, the stored code and the recorded outputs", args,
                           cache_verify, status));
    CLI::App* g = cache_sub(*group, "gc", "Forget headers and outputs that no longer exist", args,
                            cache_gc, status);
    g->add_option("--older-than", args->older_than,
                  "Also forget what was not used for AGE (30d, 12h, 90m; days by default)");
    cache_sub(*group, "clear", "Empty the cache", args, cache_clear, status);
}

void add_show_command(CLI::App& app, int& status) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand(
        "show", "Where a wrapper is declared, its kind, target and shard, and its code");
    add_cache_path_option(*cmd, args->path);
    add_text_or_json(*cmd, args->format);
    cmd->add_option("name", args->name, "A wrapper (W) or its target (T)")->required();
    cmd->callback([args, &status] { status = run_show(*args); });
}

// The commands, in the order --help lists them. Building a command's CLI11 parser costs
// more than the rest of a short run (`cowrap --version`, a small shard): only the one a run
// names is built.
struct Command {
    std::string_view name;
    void (*add)(CLI::App&, int&);
};
constexpr Command commands[] = {
    {"generate", add_generate_command}, {"check", add_check_command}, {"list", add_list_command},
    {"dialects", add_dialects_command}, {"cache", add_cache_command}, {"show", add_show_command},
};
constexpr auto names = [] {
    std::array<std::string_view, std::size(commands)> n;
    std::transform(std::begin(commands), std::end(commands), n.begin(),
                   [](const Command& c) { return c.name; });
    return n;
}();

// Adds the commands this run may need: the one named by the first word (`cowrap generate ...`,
// the expanded drop-in form), none for `cowrap --version`, else all (help, errors, suggestions).
void add_commands(CLI::App& app, const std::vector<std::string>& args, int& status) {
    std::size_t first_arg = 0;
    while (first_arg < args.size() && is_common_flag(args[first_arg])) {
        ++first_arg;
    }
    if (first_arg < args.size()) {
        for (const Command& c : commands) {
            if (args[first_arg] == c.name) {
                c.add(app, status);
                return;
            }
        }
    }
    if (first_arg + 1 == args.size() &&
        (args[first_arg] == "-V" || args[first_arg] == "--version")) {
        return;
    }
    for (const Command& c : commands) {
        c.add(app, status);
    }
}

}  // namespace

void add_common_flags(CLI::App& app) {
    app.set_version_flag("-V,--version", std::string("cowrap ") + COWRAP_VERSION);
    app.add_flag("-v,--verbose", mutable_verbosity().verbose, "Also print notes");
    app.add_flag("-q,--quiet", mutable_verbosity().quiet, "Print no warnings");
    CLI::App* help = app.add_subcommand("help", "Show the usage of cowrap or of COMMAND");
    auto topic = std::make_shared<std::vector<std::string>>();
    help->add_option("command", *topic, "A command (cache ls, ...)");
    help->callback([&app, topic] {
        const CLI::App* about = &app;
        for (const std::string& word : *topic) {
            const CLI::App* next = nullptr;
            for (const CLI::App* s : about->get_subcommands({})) {
                next = s->check_name(word) ? s : next;
            }
            if (next == nullptr) {
                throw CLI::ValidationError("unknown command '" + word + "'" +
                                           did_you_mean(word, subcommand_names(about)));
            }
            about = next;
        }
        // App::help would show the help of the command being run (`help` itself).
        std::cout << about->get_formatter()->make_help(about, command_path(about),
                                                       CLI::AppFormatMode::Normal);
    });
}

void pass_unknown_options_up(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands({})) {
        sub->fallthrough();
        sub->footer("Every command also takes -v/--verbose and -q/--quiet (cowrap --help).");
        pass_unknown_options_up(*sub);
    }
}

void add_generate_options(CLI::App& cmd, GenerateArgs& a) {
    cmd.add_option("-o,--output", a.output, "The C file to write")->required();
    cmd.add_option("--dialect", a.dialect,
                   "QEMU release whose flavour to generate (qemu-X.Y[.Z]; default: the "
                   "version of the QEMU tree the inputs are in, else the newest)");
    cmd.add_option("--source-root", a.source_root,
                   "Show input paths in the output relative to this folder (default: the "
                   "root of the inputs' QEMU tree)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd.add_option("--depfile", a.depfile, "Write a Make-syntax depfile");
    cmd.add_option("--depfile-target", a.depfile_target,
                   "Target named in the depfile (default: the output)");
    cmd.add_option("--include", a.includes,
                   "Replace the dialect's #include list (repeatable, in order)");
    cmd.add_option("--annotation", a.annotations,
                   "A macro that is an annotation, not part of a return type (repeatable)");
    cmd.add_flag("--line-directives", a.line_directives,
                 "Put #line before each public function, pointing at its declaration");
    cmd.add_option("--cache", a.cache, "The cache database (default: $COWRAP_CACHE)")
        ->envname("COWRAP_CACHE");
    cmd.add_flag("--no-cache", a.no_cache, "Do not use a cache");
    cmd.add_option("--shard-group", a.shard_group,
                   "The build target this shard is linked into: with a cache, a wrapper that "
                   "another output of the same group defines is an error")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.empty() ? std::string("--shard-group needs a non-empty name")
                                 : std::string();
            },
            "NAME"));
    cmd.add_flag("--strict", a.strict,
                 "Also check each wrapper against its target's declarations in the inputs; "
                 "write nothing on an error");
    cmd.add_flag("--require-targets", a.require_targets,
                 "With --strict (implied): a target declared in no input is an error");
    cmd.add_option("--context", a.context,
                   "With --strict: a header read only to find targets, not checked or "
                   "generated (repeatable; listed in the depfile)");
    add_diagnostic_options(cmd, a.diagnostics);
    cmd.add_option("inputs", a.inputs, "Headers to read, in order")->required();
}

std::span<const std::string_view> command_names() {
    return names;
}

int run_command_line(std::vector<std::string> args) {
    int status = 0;
    CLI::App app{
        "cowrap: generates QEMU's coroutine wrappers from marked prototypes.\n"
        "Drop-in form: cowrap OUT.c IN... (the interface of block-coroutine-wrapper.py)"};
    app.name("cowrap");
    app.failure_message(usage_failure);
    add_common_flags(app);
    // The man page is help2man's rendering of --help-all (dist/), so it lists every option.
    app.set_help_all_flag("--help-all", "Print the help of every subcommand and exit");
    app.require_subcommand(1);
    add_commands(app, args, status);
    pass_unknown_options_up(app);

    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        status = app.exit(e) == 0 ? 0 : 2;
    }
    return status;
}

}  // namespace cowrap::cli
