#include "cli/usage.hpp"

#include <cctype>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "cli/suggest.hpp"

namespace cowrap::cli {

namespace {

Verbosity& mutable_verbosity() {
    static Verbosity v;
    return v;
}

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

std::vector<std::string> command_names(const CLI::App* app) {
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
                suggestion = did_you_mean(arg, command_names(app));
                return "unknown command '" + arg + "' for '" + command_path(app) + "'";
            }
        }
        if (a == root) {
            break;
        }
    }
    return std::nullopt;
}

}  // namespace

const Verbosity& verbosity() {
    return mutable_verbosity();
}

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
                                           did_you_mean(word, command_names(about)));
            }
            about = next;
        }
        // App::help would show the help of the command being run (`help` itself).
        std::cout << about->get_formatter()->make_help(about, command_path(about),
                                                       CLI::AppFormatMode::Normal);
    });
}

bool is_common_flag(const std::string& arg) {
    return arg == "-v" || arg == "--verbose" || arg == "-q" || arg == "--quiet";
}

void pass_unknown_options_up(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands({})) {
        sub->fallthrough();
        sub->footer("Every command also takes -v/--verbose and -q/--quiet (cowrap --help).");
        pass_unknown_options_up(*sub);
    }
}

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

}  // namespace cowrap::cli
