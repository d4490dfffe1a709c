// Build step: writes the bytes of a new, empty cache database (this schema, cowrap's application
// id, in WAL) as C++ source, for create_database (cache/store.hpp). Made at build time with the
// store's own migrations: making it at run time through SQLite cost the first run of a cache
// 1.9 M instructions, parsing the schema's SQL twice.
#include <sqlite3.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cache/sqlite.hpp"
#include "cache/store.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT.cpp\n", argv[0]);
        return 2;
    }
    using namespace cowrap::cache;
    try {
        Database memory(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, busy_timeout_ms);
        migrate(memory);
        sqlite3_int64 size = 0;
        const std::unique_ptr<unsigned char, decltype(&sqlite3_free)> image(
            sqlite3_serialize(memory.handle(), "main", &size, 0), &sqlite3_free);
        if (!image || size < 100) {
            std::fprintf(stderr, "%s: cannot serialise the database\n", argv[0]);
            return 1;
        }
        // The file format's read and write versions: 2 is WAL, what PRAGMA journal_mode=WAL
        // writes there.
        image.get()[18] = 2;
        image.get()[19] = 2;
        std::string out =
            "// Made by cache/make_new_database.cpp at build time: do not edit.\n"
            "#include \"cache/store.hpp\"\n\nnamespace cowrap::cache {\n\n"
            "const unsigned char new_database_bytes[] = {";
        for (sqlite3_int64 i = 0; i < size; ++i) {
            out += (i % 16 == 0 ? "\n    " : " ") + std::to_string(image.get()[i]) + ",";
        }
        out +=
            "\n};\n\nstd::string_view new_database() {\n"
            "    return {reinterpret_cast<const char*>(new_database_bytes), "
            "sizeof new_database_bytes};\n}\n\n}  // namespace cowrap::cache\n";
        std::FILE* f = std::fopen(argv[1], "wb");
        if (f == nullptr || std::fwrite(out.data(), 1, out.size(), f) != out.size() ||
            std::fclose(f) != 0) {
            std::fprintf(stderr, "%s: cannot write '%s'\n", argv[0], argv[1]);
            return 1;
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
        return 1;
    }
    return 0;
}
