// Shared by the cache_*_test.cpp files: a temporary folder, files in it, and a cache session
// whose warnings are captured.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cache/paths.hpp"
#include "cache/run_cache.hpp"
#include "core/output.hpp"
#include "make_decl.hpp"

namespace cowrap::test {

class CacheTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "cowrap-cache-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir = tmpl;
        db_path = dir + "/cache.db";
    }
    void TearDown() override { std::filesystem::remove_all(dir); }

public:
    std::string path(const std::string& name) const { return dir + "/" + name; }
    // As the printed forms show it (relative when under the current folder).
    std::string shown(const std::string& name) const { return cache::shown_path(path(name)); }

    void write(const std::string& name, const std::string& text) const {
        std::filesystem::create_directories(std::filesystem::path(path(name)).parent_path());
        std::ofstream(path(name), std::ios::binary) << text;
    }

    Source source(const std::string& name, const std::string& text) const {
        write(name, text);
        return make_source(path(name), text);
    }

    // In `group`: the outputs of one build target, so the duplicate check applies.
    std::unique_ptr<cache::RunCache> session(const std::string& output,
                                             const GenerateOptions& options = {}) {
        return std::make_unique<cache::RunCache>(db_path, options, path(output), group, warnings,
                                                 may_defer);
    }

    // A declaration of `header` (under dir) with a parameter list that changes the key.
    Declaration wrapper(const std::string& header, const std::string& name, std::size_t line = 1,
                        std::vector<Param> params = {bs()}) const {
        Declaration d = decl(Mark::co_wrapper, "int", name, std::move(params), line);
        d.file = kept(path(header));
        std::string text = "int co_wrapper " + name + " (";
        for (const Param& p : d.params) {
            text += " ";
            text += p.decl;
        }
        text += " ) ;";
        d.text = kept(text);
        return d;
    }

    // Runs one output through generate with the cache and records it, as `cowrap generate`
    // does. `parsed` stands in for the parser: what each source declares.
    GenerateResult run(const std::string& output, const std::vector<Source>& sources,
                       const std::vector<std::vector<Declaration>>& parsed,
                       const GenerateOptions& options = {}) {
        auto s = session(output, options);
        Memo cached = s->memo(2);
        Memo memo = cached;
        memo.find_declarations = [&](const Source& src, TextArena& arena) {
            std::optional<std::vector<Declaration>> found;
            if (cached.find_declarations) {
                found = cached.find_declarations(src, arena);
            }
            if (found) {
                return found;
            }
            ++parsed_headers;
            for (std::size_t i = 0; i < sources.size(); ++i) {
                if (sources[i].path == src.path) {
                    if (cached.store_declarations) {
                        cached.store_declarations(src, parsed[i]);
                    }
                    found = parsed[i];
                }
            }
            return found;
        };
        memo.store_declarations = nullptr;
        GenerateResult result = generate(sources, options, memo);
        s->check_duplicates(result, sources);
        WriteResult written = WriteResult::failed;
        if (result.ok()) {
            std::string error;
            written = write_if_changed(path(output), result.text, error);
        }
        s->record(sources, result, written);
        return result;
    }

    int parsed_headers = 0;
    TextArena arena;  // what declarations read back from the cache view
    // As `cowrap generate`: a run whose output does not exist may leave its record pending.
    bool may_defer = false;
    std::string group = "target";
    std::string dir;
    std::string db_path;
    std::ostringstream warnings;
};

}  // namespace cowrap::test
