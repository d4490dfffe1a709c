#include "cli/inputs.hpp"
#include "cli/usage.hpp"

#include "cli/dialect_choice.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace cowrap::cli {

void print_error(const std::string& message) {
    std::cerr << "cowrap: error: " << message << '\n';
}

namespace {

// The whole file into `out`, sized from stat() but read to the end in case it grew;
// false with errno set on failure. Plain read(2): iostreams cost more than the parse.
bool read_file(const std::string& path, std::size_t size_hint, std::string& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    out.resize(size_hint + 1);  // +1: one read() that returns 0 confirms the end
    std::size_t used = 0;
    while (true) {
        if (used == out.size()) {
            out.resize(out.size() * 2 + 4096);
        }
        const ssize_t n = ::read(fd, out.data() + used, out.size() - used);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return false;
        }
        if (n == 0) {
            break;
        }
        used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(used);
    return true;
}

}  // namespace

std::optional<std::vector<Source>> read_inputs(const std::vector<std::string>& paths) {
    std::vector<Source> sources;
    sources.reserve(paths.size());
    bool ok = true;
    for (const std::string& path : paths) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            print_error("cannot read '" + path + "': " + std::strerror(errno));
            ok = false;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            print_error("'" + path + "' is a directory, not a header");
            ok = false;
            continue;
        }
        std::string bytes;
        if (!read_file(path, static_cast<std::size_t>(st.st_size), bytes)) {
            print_error("cannot read '" + path + "': " + std::strerror(errno));
            ok = false;
            continue;
        }
        sources.push_back(make_source(path, std::move(bytes)));
    }
    if (!ok) {
        return std::nullopt;
    }
    return sources;
}

void print_diagnostics(const std::vector<Diagnostic>& diagnostics,
                       const std::vector<Source>& sources, bool verbose) {
    for (const Diagnostic& d : diagnostics) {
        if ((d.severity == Severity::note && !verbose) ||
            (d.severity == Severity::warning && verbosity().quiet)) {
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

std::optional<Loaded> load(const std::string& dialect, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& annotations, int& status,
                           const std::string& source_root) {
    std::optional<DialectChoice> choice = choose_dialect(dialect, inputs);
    if (!choice) {
        status = 2;
        return std::nullopt;
    }
    std::optional<std::vector<Source>> sources = read_inputs(inputs);
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
    loaded.options.emit.shown_paths = shown_paths(inputs, source_root);
    return loaded;
}

}  // namespace cowrap::cli
