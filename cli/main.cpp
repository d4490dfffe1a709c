// cowrap: generates QEMU's coroutine wrappers from marked prototypes.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace {

// `cowrap OUT.c IN...` (the interface of QEMU's script) means `cowrap generate -o OUT.c IN...`.
std::vector<std::string> expand_drop_in_form(int argc, char** argv, const CLI::App& app) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && !args[0].starts_with("-")) {
        bool is_command = false;
        for (const CLI::App* sub : app.get_subcommands({})) {
            is_command = is_command || sub->check_name(args[0]);
        }
        if (!is_command) {
            args.insert(args.begin(), {"generate", "-o"});
        }
    }
    return args;
}

// As coreutils' close_stdout: output lost to a full disk or a closed stdout is an error, not
// a silent exit 0 (`cowrap list ... > /dev/full`).
int finish_stdout(int status) {
    errno = 0;
    std::cout.flush();
    const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || !std::cout;
    if (failed) {
        const int err = errno != 0 ? errno : EIO;
        std::cerr << "cowrap: write error: " << std::strerror(err) << '\n';
        return status != 0 ? status : 1;
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "cowrap: generates QEMU's coroutine wrappers from marked prototypes.\n"
        "Drop-in form: cowrap OUT.c IN... (the interface of block-coroutine-wrapper.py)"};
    app.name("cowrap");
    app.set_version_flag("--version", std::string("cowrap ") + COWRAP_VERSION);
    app.require_subcommand(1);
    int status = 0;

    cowrap::cli::add_generate_command(app, status);
    cowrap::cli::add_check_command(app, status);
    cowrap::cli::add_list_command(app, status);
    cowrap::cli::add_dialects_command(app, status);
    cowrap::cli::add_cache_command(app, status);
    cowrap::cli::add_show_command(app, status);

    std::vector<std::string> args = expand_drop_in_form(argc, argv, app);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return finish_stdout(code == 0 ? 0 : 2);
    } catch (const std::bad_alloc&) {
        std::cerr << "cowrap: error: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "cowrap: error: " << e.what() << '\n';
        return 1;
    }
    return finish_stdout(status);
}
