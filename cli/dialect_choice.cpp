#include "cli/dialect_choice.hpp"

#include "cli/inputs.hpp"
#include "core/emit.hpp"
#include "core/qemu_tree.hpp"

namespace cowrap::cli {

namespace {

const std::string kArrow = " \u2192 ";  // →

std::string known_dialects() {
    std::string known;
    for (const Dialect& k : all_dialects()) {
        known += (known.empty() ? "" : ", ") + std::string(k.name);
    }
    return known;
}

struct TreeDialect {
    std::string root;
    TreeVersion version;
    const Dialect* dialect = nullptr;
};

// The dialect of one tree, or an error message.
std::optional<TreeDialect> tree_dialect(const std::string& root, std::string& error) {
    TreeDialect t{root, read_tree_version(root), nullptr};
    const std::string shown = relative_to_cwd(t.version.file);
    if (!t.version.readable) {
        error = "cannot read '" + shown + "', the version of the QEMU tree '" +
                relative_to_cwd(root) + "'; pass --dialect qemu-X.Y";
        return std::nullopt;
    }
    std::optional<QemuRelease> release = qemu_release_of(t.version.content);
    if (!release) {
        error = "'" + shown + "' holds '" + t.version.content +
                "', not a QEMU version (X.Y.Z); pass --dialect qemu-X.Y";
        return std::nullopt;
    }
    t.dialect = dialect_for_release(*release);
    if (t.dialect == nullptr) {
        error = "'" + shown + "' holds '" + t.version.content + "' (QEMU " +
                std::to_string(release->major) + "." + std::to_string(release->minor) +
                "), older than the first dialect " + std::string(all_dialects().front().name) +
                "; pass --dialect to generate anyway";
        return std::nullopt;
    }
    return t;
}

}  // namespace

std::optional<DialectChoice> choose_dialect(const std::string& option,
                                            const std::vector<std::optional<std::string>>& roots) {
    DialectChoice c;
    if (!option.empty()) {
        c.dialect = resolve_dialect(option);
        if (c.dialect == nullptr) {
            print_error("unknown dialect '" + option + "' (known: " + known_dialects() +
                        "; qemu-X.Y[.Z] picks the newest dialect not after that release)");
            return std::nullopt;
        }
        c.why = "--dialect " + option + kArrow + std::string(c.dialect->name);
        c.record = std::string(c.dialect->name);
        return c;
    }
    std::vector<TreeDialect> trees;
    for (const std::optional<std::string>& root : roots) {
        if (!root) {
            continue;
        }
        bool seen = false;
        for (const TreeDialect& t : trees) {
            seen = seen || t.root == *root;
        }
        if (seen) {
            continue;
        }
        std::string error;
        std::optional<TreeDialect> t = tree_dialect(*root, error);
        if (!t) {
            print_error(error);
            return std::nullopt;
        }
        if (!trees.empty() && trees.front().dialect != t->dialect) {
            print_error("the inputs belong to QEMU trees of different dialects: '" +
                        relative_to_cwd(trees.front().version.file) + "' (" +
                        std::string(trees.front().dialect->name) + ") and '" +
                        relative_to_cwd(t->version.file) + "' (" + std::string(t->dialect->name) +
                        "); pass --dialect");
            return std::nullopt;
        }
        trees.push_back(std::move(*t));
    }
    if (trees.empty()) {
        c.dialect = &newest_dialect();
        c.why = "no QEMU tree above the inputs" + kArrow + std::string(c.dialect->name) +
                " (the newest)";
        c.record = std::string(c.dialect->name);
        return c;
    }
    const TreeDialect& t = trees.front();
    c.dialect = t.dialect;
    const std::string tail = ": " + t.version.content + kArrow + std::string(c.dialect->name);
    c.why = "from " + relative_to_cwd(t.version.file) + tail;
    c.record = std::string(c.dialect->name) + ", from " + t.version.file + ": " + t.version.content;
    return c;
}

std::vector<std::pair<std::string, std::string>> shown_paths(
    const std::vector<std::string>& inputs, const std::vector<std::optional<std::string>>& roots,
    const std::string& source_root) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& input = inputs[i];
        std::optional<std::string> shown;
        if (!source_root.empty()) {
            // Outside the root too: "../x/y.h" from the root, shown as display_path makes it.
            if (std::optional<std::string> rel = relative_to_root(input, source_root)) {
                shown = display_path(*rel);
            }
        }
        if (!shown) {
            if (roots[i]) {
                shown = path_in_tree(input, *roots[i]);
            }
        }
        out.emplace_back(input, shown ? *shown : display_path(input));
    }
    return out;
}

}  // namespace cowrap::cli
