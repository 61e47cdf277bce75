// A bounds-checked cursor over bytes with LEB128 decoding that follows the WebAssembly binary
// format exactly (overlong and unused-bit rules). The first failure sticks and carries the byte
// offset; every read after it fails too. Depends on support/Error.h only.
#pragma once

#include "strata/support/Error.h"

#include <bit>
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
  /// Moves back to `position`, an earlier position() of this reader, so that a fast path that
  /// declines an item can hand it whole to a general reader.
  void rewind(const uint8_t *position) { pos_ = position; }

  bool readU32(uint32_t &out) { return tryReadU32(out) || readU32Checked(out); }
  bool readU64(uint64_t &out) { return fastUnsigned<64>(out) || readUnsigned(out, 64); }
  bool readS32(int32_t &out) { return tryReadS32(out) || readS32Checked(out); }
  bool readS33(int64_t &out) { return fastSigned32<33>(out) || readSigned(out, 33); }
  bool readS64(int64_t &out) { return fastSigned<64>(out) || readSigned(out, 64); }

  /// The inline halves of readU32 and readS32: they read a well-formed number whose maximal
  /// length fits in what is left, and otherwise consume nothing and return false without
  /// recording an error; readU32/readS32 then decide. Hot callers use them to keep their
  /// fallback a tail call.
  bool tryReadU32(uint32_t &out) {
    if (pos_ != end_ && *pos_ < 0x80) {
      out = *pos_++;
      return true;
    }
    uint64_t value;
    unsigned length;
    if (!fastGroups(value, length) || value >> 32 != 0)
      return false;
    pos_ += length;
    out = uint32_t(value);
    return true;
  }
  bool tryReadS32(int32_t &out) {
    // No one-byte shortcut: constants vary in length, so its branch would mispredict.
    int64_t value;
    if (!fastSigned32<32>(value))
      return false;
    out = int32_t(value);
    return true;
  }

  /// tryReadS32 for a caller that needs no value (a validator): finds the length and checks the
  /// unused bits without decoding the groups.
  bool trySkipS32() {
    if (std::endian::native != std::endian::little || remaining() < 8)
      return false;
    uint64_t word;
    std::memcpy(&word, pos_, 8);
    uint64_t stops = ~word & 0x8080808080ull;
    if (stops == 0)
      return false;
    unsigned bits = unsigned(std::countr_zero(stops)) + 1; // 8 * length
    // A fifth byte holds bits 28-31; its bits 4-6 are unused and must copy the sign (bit 3).
    unsigned unused = unsigned(word >> 32) & 0x78;
    if ((bits == 40) & (unused != 0) & (unused != 0x78))
      return false;
    pos_ += bits / 8;
    return true;
  }

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
  bool failAt(const char *reason, uint64_t offset) {
    recordFailure(reason, offset);
    return false;
  }

private:
  /// Out of line, so that no string is built in the readers' hot paths.
  [[gnu::noinline]] void recordFailure(const char *reason, uint64_t offset);

  // The checked decoders: they also produce every error message.
  bool readUnsigned(uint64_t &out, unsigned bits);
  bool readSigned(int64_t &out, unsigned bits);
  bool readU32Checked(uint32_t &out);
  bool readS32Checked(int32_t &out);

  // Inline decoders for the common case of a well-formed number with its maximal length still
  // in bounds, which needs no per-byte bounds check. They return false without consuming
  // anything when the number needs the checked path (near the end, too long, unused bits set).
  template <unsigned Bits> bool fastUnsigned(uint64_t &out) {
    constexpr unsigned maxBytes = (Bits + 6) / 7;
    if (remaining() < maxBytes)
      return false;
    uint64_t result = 0;
    for (unsigned i = 0; i < maxBytes; ++i) {
      uint8_t byte = pos_[i];
      result |= uint64_t(byte & 0x7f) << (7 * i);
      if (byte & 0x80)
        continue;
      if (i == maxBytes - 1 && (byte >> (Bits - 7 * i)) != 0)
        return false;
      pos_ += i + 1;
      out = result;
      return true;
    }
    return false;
  }
  /// Branch-free decoding of the 7-bit groups of an encoding of at most five bytes, from one
  /// 8-byte load: numbers of varying length are the norm in code (toolchains pad relocated
  /// indices to five bytes), and the loop's exit branch would mispredict on them.
  bool fastGroups(uint64_t &value, unsigned &length) const {
    if (std::endian::native != std::endian::little || remaining() < 8)
      return false;
    uint64_t word;
    std::memcpy(&word, pos_, 8);
    uint64_t stops = ~word & 0x8080808080ull; // the terminating byte has its top bit clear
    if (stops == 0)
      return false;
    unsigned bits = unsigned(std::countr_zero(stops)) + 1; // 8 * length
    uint64_t x = word & ((uint64_t(1) << bits) - 1) & 0x7f7f7f7f7full;
    value = (x & 0x7f) | ((x >> 1) & 0x3f80) | ((x >> 2) & 0x1fc000) | ((x >> 3) & 0xfe00000) |
            ((x >> 4) & 0x7f0000000ull);
    length = bits / 8;
    return true;
  }
  /// A signed number of 32 or 33 bits through fastGroups; false when the checked path must judge.
  template <unsigned Bits> bool fastSigned32(int64_t &out) {
    uint64_t value;
    unsigned length;
    if (!fastGroups(value, length))
      return false;
    unsigned shift = 64 - 7 * length; // sign-extend from the last group's top bit
    int64_t result = int64_t(value << shift) >> shift;
    // A five-byte encoding has bits beyond `Bits`, which must all copy the sign bit.
    constexpr unsigned unused = 64 - Bits;
    if (int64_t(uint64_t(result) << unused) >> unused != result)
      return false;
    pos_ += length;
    out = result;
    return true;
  }
  template <unsigned Bits> bool fastSigned(int64_t &out) {
    constexpr unsigned maxBytes = (Bits + 6) / 7;
    if (remaining() < maxBytes)
      return false;
    uint64_t result = 0;
    for (unsigned i = 0; i < maxBytes; ++i) {
      uint8_t byte = pos_[i];
      result |= uint64_t(byte & 0x7f) << (7 * i);
      if (byte & 0x80)
        continue;
      if (i == maxBytes - 1) {
        // The bits above the sign bit must all equal it.
        constexpr unsigned usedBits = Bits - 7 * (maxBytes - 1);
        uint8_t high = byte >> (usedBits - 1);
        if (high != 0 && high != (0x7f >> (usedBits - 1)))
          return false;
      }
      if (7 * (i + 1) < 64 && (byte & 0x40))
        result |= ~uint64_t(0) << (7 * (i + 1));
      pos_ += i + 1;
      out = int64_t(result);
      return true;
    }
    return false;
  }

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
