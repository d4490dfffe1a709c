#include "core/output.hpp"

namespace cowrap {

std::string escape_make_path(std::string_view path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        char c = path[i];
        if (c == ' ' || c == '\t') {
            // Backslashes right before a space must be doubled, then the space escaped.
            std::size_t j = out.size();
            while (j > 0 && out[j - 1] == '\\') {
                --j;
            }
            out.insert(j, out.size() - j, '\\');
            out += '\\';
            out += c;
        } else if (c == '$') {
            out += "$$";
        } else if (c == '#') {
            out += "\\#";
        } else if (c == ':') {
            // GNU make reads an unescaped second colon as a pattern rule; make and ninja
            // (1.10+) both read \: as a colon.
            out += "\\:";
        } else {
            out += c;
        }
    }
    return out;
}

std::string depfile_problem(std::string_view target, const std::vector<std::string>& deps) {
    auto bad = [](std::string_view p) { return p.find_first_of("\n\r") != std::string_view::npos; };
    if (bad(target)) {
        return "the depfile target contains a newline, which a depfile cannot express";
    }
    for (const std::string& d : deps) {
        if (bad(d)) {
            return "the input path contains a newline, which a depfile cannot express";
        }
    }
    return {};
}

std::string depfile_text(std::string_view target, const std::vector<std::string>& deps) {
    std::string out = escape_make_path(target) + ":";
    for (const std::string& d : deps) {
        out += " \\\n  " + escape_make_path(d);
    }
    out += "\n";
    for (const std::string& d : deps) {
        out += "\n" + escape_make_path(d) + ":\n";
    }
    return out;
}

}  // namespace cowrap
