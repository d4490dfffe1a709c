// cowrap: generates QEMU's coroutine wrappers from marked prototypes.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "cli/suggest.hpp"
#include "cli/usage.hpp"

namespace {

// `cowrap OUT.c IN...` (the interface of QEMU's script) means `cowrap generate -o OUT.c IN...`.
// Gives false, having said why, for a first argument that is more likely a mistyped command
// ("lst") or a header (arguments swapped) than the output.
bool expand_drop_in_form(int argc, char** argv, std::vector<std::string>& args) {
    args.assign(argv + 1, argv + argc);
    // GCC's spellings of the diagnostic options (cli/diagnostic_output.hpp).
    for (std::string& a : args) {
        if (a == "-fdiagnostics-color") {
            a = "--color=always";
        } else if (a == "-fno-diagnostics-color") {
            a = "--color=never";
        } else if (a.starts_with("-fdiagnostics-color=")) {
            a = "--color=" + a.substr(std::strlen("-fdiagnostics-color="));
        } else if (a.starts_with("-fdiagnostics-format=")) {
            a = "--diagnostics-format=" + a.substr(std::strlen("-fdiagnostics-format="));
        }
    }
    // -v and -q may come before the command, so before the output of the drop-in form too.
    std::size_t first_arg = 0;
    while (first_arg < args.size() && cowrap::cli::is_common_flag(args[first_arg])) {
        ++first_arg;
    }
    if (first_arg == args.size() || args[first_arg].starts_with("-")) {
        return true;
    }
    std::vector<std::string> names{"help"};
    for (std::string_view name : cowrap::cli::command_names()) {
        names.emplace_back(name);
    }
    const std::string& first = args[first_arg];
    if (std::find(names.begin(), names.end(), first) != names.end()) {
        return true;
    }
    if (first.find_first_of("/.") == std::string::npos) {
        if (std::optional<std::string> near = cowrap::cli::closest_match(first, names)) {
            cowrap::cli::print_error("unknown command '" + first + "'; did you mean '" + *near +
                                     "'?\nRun 'cowrap --help' for usage.");
            return false;
        }
    }
    if (first.ends_with(".h")) {
        cowrap::cli::print_error("the output '" + first +
                                 "' is a header: the drop-in form is 'cowrap OUT.c IN.h...' "
                                 "(are the arguments swapped?)");
        return false;
    }
    args.insert(args.begin() + static_cast<std::ptrdiff_t>(first_arg), {"generate", "-o"});
    return true;
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

// Runs `run`; what escapes it is reported as cowrap's own error, and its exit status (1) is
// returned. Nullopt when nothing escaped.
template <typename Run>
std::optional<int> guarded(Run run) {
    try {
        run();
        return std::nullopt;
    } catch (const std::bad_alloc&) {
        std::cerr << "cowrap: error: out of memory\n";
    } catch (const std::exception& e) {
        std::cerr << "cowrap: error: " << e.what() << '\n';
    }
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args;
    if (!expand_drop_in_form(argc, argv, args)) {
        return 2;
    }
    // A shard's plain `generate` command line needs none of CLI11's parser.
    std::optional<int> plain;
    if (std::optional<int> failed =
            guarded([&] { plain = cowrap::cli::run_plain_generate(args); })) {
        return *failed;
    }
    if (plain) {
        return finish_stdout(*plain);
    }

    int status = 0;
    if (std::optional<int> failed =
            guarded([&] { status = cowrap::cli::run_command_line(std::move(args)); })) {
        return *failed;
    }
    return finish_stdout(status);
}
