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
        } else {
            out += c;
        }
    }
    return out;
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
