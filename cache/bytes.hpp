// The compact binary form the cache writes outside SQL: unsigned LEB128 numbers and
// length-prefixed strings. Used for wrapper lists and for pending runs.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "cache/key.hpp"
#include "core/source.hpp"

namespace cowrap::cache {

struct ByteWriter {
    std::string out;

    void number(std::uint64_t n) {
        // Into a local buffer, then one append: a push per byte cost 70 instructions a number.
        char bytes[10];
        std::size_t size = 0;
        while (n >= 0x80) {
            bytes[size++] = static_cast<char>((n & 0x7f) | 0x80);
            n >>= 7;
        }
        bytes[size++] = static_cast<char>(n);
        out.append(bytes, size);
    }
    void signed_number(std::int64_t n) { number(static_cast<std::uint64_t>(n)); }
    void text(std::string_view s) {
        number(s.size());
        out.append(s);
    }
    void key(const Key& k) { out.append(reinterpret_cast<const char*>(k.bytes.data()), 16); }
    void location(const Location& loc) {
        number(loc.line);
        number(loc.column);
    }
};

// ByteWriter's encoding for a large blob of many small fields (a wrapper list): the fields go
// into a small buffer on the stack, appended to `out` a few KiB at a time, since one append per
// field cost more than the bytes (and a blob sized and zeroed first, a pass over all of it).
// Everything is in `out` once it is flushed or destroyed.
class ByteFiller {
public:
    explicit ByteFiller(std::string& out) : out_(out) {}
    ~ByteFiller() { flush(); }
    ByteFiller(const ByteFiller&) = delete;
    ByteFiller& operator=(const ByteFiller&) = delete;

    void number(std::uint64_t n) {
        room(10);
        while (n >= 0x80) {
            buf_[used_++] = static_cast<char>((n & 0x7f) | 0x80);
            n >>= 7;
        }
        buf_[used_++] = static_cast<char>(n);
    }
    void signed_number(std::int64_t n) { number(static_cast<std::uint64_t>(n)); }
    void bytes(const void* from, std::size_t size) {
        if (size > sizeof buf_ / 4) {
            flush();
            out_.append(static_cast<const char*>(from), size);
            return;
        }
        room(size);
        std::memcpy(buf_ + used_, from, size);
        used_ += size;
    }
    void text(std::string_view s) {
        number(s.size());
        bytes(s.data(), s.size());
    }
    void flush() {
        out_.append(buf_, used_);
        used_ = 0;
    }

private:
    void room(std::size_t size) {
        if (used_ + size > sizeof buf_) {
            flush();
        }
    }
    std::string& out_;
    char buf_[2048];
    std::size_t used_ = 0;
};

// Every read checks the bounds; the first failure makes `ok` false for good.
struct ByteReader {
    std::string_view in;
    bool ok = true;

    std::uint64_t number() {
        std::uint64_t n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (in.empty()) {
                break;
            }
            auto byte = static_cast<unsigned char>(in.front());
            in.remove_prefix(1);
            n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                return n;
            }
        }
        ok = false;
        return 0;
    }
    std::int64_t signed_number() { return static_cast<std::int64_t>(number()); }
    std::string text() {
        std::uint64_t n = number();
        if (!ok || n > in.size()) {
            ok = false;
            return {};
        }
        std::string s(in.substr(0, n));
        in.remove_prefix(n);
        return s;
    }
    // A length-prefixed string as a view into `in` (which must outlive it).
    std::string_view view() {
        std::uint64_t n = number();
        if (!ok || n > in.size()) {
            ok = false;
            return {};
        }
        std::string_view s = in.substr(0, n);
        in.remove_prefix(n);
        return s;
    }
    Key key() {
        Key k;
        if (in.size() < k.bytes.size()) {
            ok = false;
            return k;
        }
        for (std::size_t i = 0; i < k.bytes.size(); ++i) {
            k.bytes[i] = static_cast<unsigned char>(in[i]);
        }
        in.remove_prefix(k.bytes.size());
        return k;
    }
    Location location() {
        std::size_t line = number();
        std::size_t column = number();
        return {line, column};
    }
};

}  // namespace cowrap::cache
