#include "cli/generate_args.hpp"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>

#include "cli/command_options.hpp"

namespace cowrap::cli {
namespace {

using Args = std::vector<std::string>;

// What CLI11 reads from `args` (as main sets it up for `generate`), or nullopt on its error.
std::optional<GenerateArgs> read_with_cli11(Args args) {
    CLI::App root;
    add_common_flags(root);
    root.require_subcommand(1);
    GenerateArgs a;
    add_generate_options(*root.add_subcommand("generate"), a);
    pass_unknown_options_up(root);
    std::reverse(args.begin(), args.end());
    try {
        root.parse(args);
    } catch (const CLI::ParseError&) {
        return std::nullopt;
    }
    return a;
}

void expect_same(const GenerateArgs& x, const GenerateArgs& y) {
    EXPECT_EQ(x.output, y.output);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.dialect, y.dialect);
    EXPECT_EQ(x.depfile, y.depfile);
    EXPECT_EQ(x.depfile_target, y.depfile_target);
    EXPECT_EQ(x.includes, y.includes);
    EXPECT_EQ(x.annotations, y.annotations);
    EXPECT_EQ(x.context, y.context);
    EXPECT_EQ(x.line_directives, y.line_directives);
    EXPECT_EQ(x.cache, y.cache);
    EXPECT_EQ(x.shard_group, y.shard_group);
    EXPECT_EQ(x.no_cache, y.no_cache);
    EXPECT_EQ(x.strict, y.strict);
    EXPECT_EQ(x.require_targets, y.require_targets);
    EXPECT_EQ(x.source_root, y.source_root);
    EXPECT_EQ(x.diagnostics.color, y.diagnostics.color);
    EXPECT_EQ(x.diagnostics.format, y.diagnostics.format);
}

TEST(GenerateArgs, ThePlainFormReadsAsCli11ReadsIt) {
    ::unsetenv("COWRAP_CACHE");
    const std::vector<Args> lines = {
        {"generate", "-o", "out.c", "in.h"},
        {"generate", "--no-cache", "-o", "out dir/x.c", "a.h", "b: c.h"},
        {"generate", "a.h", "-o", "o.c", "b.h", "--depfile", "o.c.d"},
        {"generate",
         "--output=o.c",
         "--depfile",
         "o.d",
         "--depfile-target",
         "t",
         "--dialect",
         "qemu-8.2",
         "--source-root",
         "/src",
         "--cache",
         "c.db",
         "--shard-group",
         "g",
         "--line-directives",
         "--strict",
         "--require-targets",
         "--include",
         "qemu/osdep.h",
         "--include",
         "<x.h>",
         "--annotation",
         "A",
         "--annotation=B",
         "--context",
         "ctx.h",
         "--color",
         "never",
         "--diagnostics-format=json",
         "a.h",
         "b.h"},
        {"generate", "--color=always", "--diagnostics-format", "sarif", "-o", "o.c", "x.h"},
    };
    for (const Args& line : lines) {
        SCOPED_TRACE(testing::PrintToString(line));
        GenerateArgs plain;
        ASSERT_TRUE(read_plain_args(line, plain));
        std::optional<GenerateArgs> cli11 = read_with_cli11(line);
        ASSERT_TRUE(cli11.has_value());
        expect_same(plain, *cli11);
    }
}

TEST(GenerateArgs, EverythingElseIsLeftToCli11) {
    ::unsetenv("COWRAP_CACHE");
    const std::vector<Args> lines = {
        {"check", "in.h"},
        {"generate", "-o", "o.c"},                       // no input
        {"generate", "in.h"},                            // no output
        {"generate", "-o", "a.c", "-o", "b.c", "in.h"},  // a single option twice
        {"generate", "--no-cache", "--no-cache", "-o", "o.c", "in.h"},
        {"generate", "-o", "o.c", "--include", "x.h", "in.h"},  // CLI11 gives in.h to --include
        {"generate", "-o", "o.c", "[a.h,b.h]"},                 // CLI11 splits it
        {"generate", "-oo.c", "in.h"},
        {"generate", "-o", "o.c", "--", "in.h"},
        {"generate", "-v", "-o", "o.c", "in.h"},
        {"generate", "-o", "o.c", "in.h", "--help"},
        {"generate", "-o", "o.c", "--color", "purple", "in.h"},
        {"generate", "-o", "o.c", "--shard-group=", "in.h"},
        {"generate", "-o", "-x", "in.h"},
        {"generate", "-o", "o.c", "help"},
        {"generate", "-o", "o.c", ""},
        {"generate", "--no-cache=1", "-o", "o.c", "in.h"},
    };
    for (const Args& line : lines) {
        SCOPED_TRACE(testing::PrintToString(line));
        GenerateArgs plain;
        EXPECT_FALSE(read_plain_args(line, plain));
    }
    // The cache's environment variable, even empty, is CLI11's to read.
    ::setenv("COWRAP_CACHE", "", 1);
    GenerateArgs plain;
    EXPECT_FALSE(read_plain_args({"generate", "-o", "o.c", "in.h"}, plain));
    ::unsetenv("COWRAP_CACHE");
}

}  // namespace
}  // namespace cowrap::cli
