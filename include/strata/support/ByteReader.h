// A bounds-checked cursor over bytes with LEB128 decoding that follows the WebAssembly binary
// format exactly (overlong and unused-bit rules). The first failure sticks and carries the byte
// offset; every read after it fails too. Depends on support/Error.h only.
#pragma once

#include "strata/support/Error.h"

#include <cstdint>
#include <cstring>
#include <string_view>

namespace strata {

class ByteReader {
public:
  /// `baseOffset` is the position of `begin` in the whole input, used in error offsets.
  ByteReader(const uint8_t *begin, const uint8_t *end, uint64_t baseOffset = 0)
      : begin_(begin), pos_(begin), end_(end), baseOffset_(baseOffset) {}

  uint64_t offset() const { return baseOffset_ + uint64_t(pos_ - begin_); }
  size_t remaining() const { return size_t(end_ - pos_); }
  bool atEnd() const { return pos_ == end_; }
  const uint8_t *position() const { return pos_; }
  const uint8_t *end() const { return end_; }
  bool failed() const { return failed_; }
  const Error &error() const { return error_; }

  /// A reader over the next `size` bytes, advancing this one past them.
  bool sub(uint64_t size, ByteReader &out, const char *tooLong = "unexpected end") {
    if (size > remaining())
      return fail(tooLong);
    out = ByteReader(pos_, pos_ + size, offset());
    pos_ += size;
    return true;
  }

  bool readByte(uint8_t &out) {
    if (pos_ == end_)
      return fail("unexpected end");
    out = *pos_++;
    return true;
  }
  bool peekByte(uint8_t &out) const {
    if (pos_ == end_)
      return false;
    out = *pos_;
    return true;
  }
  bool readBytes(void *out, size_t size) {
    if (size > remaining())
      return fail("unexpected end");
    std::memcpy(out, pos_, size);
    pos_ += size;
    return true;
  }
  bool skip(uint64_t size) {
    if (size > remaining())
      return fail("unexpected end");
    pos_ += size;
    return true;
  }
  template <typename T> bool readFixed(T &out) { return readBytes(&out, sizeof(T)); }

  bool readU32(uint32_t &out) {
    if (pos_ != end_ && *pos_ < 0x80) { // one-byte fast path
      out = *pos_++;
      return true;
    }
    uint64_t value;
    if (!readUnsigned(value, 32))
      return false;
    out = uint32_t(value);
    return true;
  }
  bool readU64(uint64_t &out) { return readUnsigned(out, 64); }
  bool readS32(int32_t &out) {
    int64_t value;
    if (!readSigned(value, 32))
      return false;
    out = int32_t(value);
    return true;
  }
  bool readS33(int64_t &out) { return readSigned(out, 33); }
  bool readS64(int64_t &out) { return readSigned(out, 64); }

  /// A length-prefixed UTF-8 name.
  bool readName(std::string_view &out);

  /// Records `reason` at the current offset (unless an earlier failure is recorded); returns false.
  bool fail(const char *reason) { return failAt(reason, offset()); }
  bool failAt(std::string reason, uint64_t offset) {
    if (!failed_) {
      failed_ = true;
      error_ = Error(std::move(reason), offset);
    }
    return false;
  }

private:
  bool readUnsigned(uint64_t &out, unsigned bits);
  bool readSigned(int64_t &out, unsigned bits);

  const uint8_t *begin_;
  const uint8_t *pos_;
  const uint8_t *end_;
  uint64_t baseOffset_;
  bool failed_ = false;
  Error error_;
};

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool isValidUtf8(std::string_view bytes);

} // namespace strata
