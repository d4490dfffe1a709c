#include "cache/line_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cowrap::cache {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

struct Op {
    char kind;  // ' ', '-' or '+'
    std::string_view line;
};

// The edit script from `a` to `b` by longest common subsequence, with every run of changes
// given as its removals, then its additions (as diff prints them). Quadratic, which is fine
// for a declaration: past a few thousand lines a side it gives up and replaces everything.
std::vector<Op> edit_script(const std::vector<std::string_view>& a,
                            const std::vector<std::string_view>& b) {
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        ++head;
    }
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        ++tail;
    }
    const std::size_t n = a.size() - head - tail;
    const std::size_t m = b.size() - head - tail;
    std::vector<Op> ops;
    for (std::size_t i = 0; i < head; ++i) {
        ops.push_back({' ', a[i]});
    }
    // lcs[i][j]: the longest common subsequence of a[head + i..] and b[head + j..].
    const bool small = n * m <= 1'000'000;
    std::vector<std::vector<std::uint32_t>> lcs;
    if (small) {
        lcs.assign(n + 1, std::vector<std::uint32_t>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                lcs[i][j] = a[head + i] == b[head + j] ? lcs[i + 1][j + 1] + 1
                                                       : std::max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
    }
    std::vector<Op> removed;
    std::vector<Op> added;
    auto flush = [&] {
        ops.insert(ops.end(), removed.begin(), removed.end());
        ops.insert(ops.end(), added.begin(), added.end());
        removed.clear();
        added.clear();
    };
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
        if (small && i < n && j < m && a[head + i] == b[head + j]) {
            flush();
            ops.push_back({' ', a[head + i]});
            ++i;
            ++j;
        } else if (i < n && (j == m || !small || lcs[i + 1][j] >= lcs[i][j + 1])) {
            removed.push_back({'-', a[head + i++]});
        } else {
            added.push_back({'+', b[head + j++]});
        }
    }
    flush();
    for (std::size_t k = a.size() - tail; k < a.size(); ++k) {
        ops.push_back({' ', a[k]});
    }
    return ops;
}

// "start,count" of one side of a hunk header; diff leaves out a count of 1, and gives an
// empty side the line before it.
std::string range(std::size_t before, std::size_t count) {
    if (count == 1) {
        return std::to_string(before + 1);
    }
    return std::to_string(count == 0 ? before : before + 1) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_label, std::string_view after_label,
                         std::size_t context) {
    const std::vector<Op> ops = edit_script(lines_of(before), lines_of(after));
    // Lines of each side before ops[k].
    std::vector<std::size_t> old_at(ops.size() + 1, 0);
    std::vector<std::size_t> new_at(ops.size() + 1, 0);
    for (std::size_t k = 0; k < ops.size(); ++k) {
        old_at[k + 1] = old_at[k] + (ops[k].kind != '+');
        new_at[k + 1] = new_at[k] + (ops[k].kind != '-');
    }
    std::string out;
    std::size_t k = 0;
    while (k < ops.size()) {
        if (ops[k].kind == ' ') {
            ++k;
            continue;
        }
        // A hunk: `context` lines before this change, then every change closer than
        // 2 * context unchanged lines to the one before it, then `context` lines.
        const std::size_t start = k - std::min(context, k);
        std::size_t last = k;
        for (std::size_t e = k + 1; e < ops.size() && e <= last + 2 * context + 1; ++e) {
            if (ops[e].kind != ' ') {
                last = e;
            }
        }
        const std::size_t stop = std::min(ops.size(), last + 1 + context);
        if (out.empty()) {
            out = "--- " + std::string(before_label) + "\n+++ " + std::string(after_label) + "\n";
        }
        out += "@@ -" + range(old_at[start], old_at[stop] - old_at[start]) + " +" +
               range(new_at[start], new_at[stop] - new_at[start]) + " @@\n";
        for (std::size_t e = start; e < stop; ++e) {
            out += ops[e].kind;
            out += ops[e].line;
            out += '\n';
        }
        k = stop;
    }
    return out;
}

}  // namespace cowrap::cache
