#include "strata/support/ByteReader.h"

namespace strata {

bool ByteReader::readUnsigned(uint64_t &out, unsigned bits) {
  const unsigned maxBytes = (bits + 6) / 7;
  uint64_t result = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ == end_)
      return fail("unexpected end");
    uint8_t byte = *pos_++;
    unsigned shift = 7 * i;
    if (i == maxBytes - 1) {
      if (byte & 0x80)
        return failAt("integer representation too long", offset() - 1);
      unsigned usedBits = bits - shift;
      if (usedBits < 7 && (byte >> usedBits) != 0)
        return failAt("integer too large", offset() - 1);
      result |= uint64_t(byte) << shift;
      break;
    }
    result |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      break;
  }
  out = result;
  return true;
}

bool ByteReader::readSigned(int64_t &out, unsigned bits) {
  const unsigned maxBytes = (bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ == end_)
      return fail("unexpected end");
    uint8_t byte = *pos_++;
    shift = 7 * i;
    if (i == maxBytes - 1) {
      if (byte & 0x80)
        return failAt("integer representation too long", offset() - 1);
      unsigned usedBits = bits - shift; // value bits in this byte, sign bit included
      if (usedBits < 7) {
        // The bits above the sign bit must all equal it.
        uint8_t high = byte >> (usedBits - 1);
        uint8_t allOnes = uint8_t(0x7f >> (usedBits - 1));
        if (high != 0 && high != allOnes)
          return failAt("integer too large", offset() - 1);
      }
      result |= uint64_t(byte & 0x7f) << shift;
      shift += 7;
      break;
    }
    result |= uint64_t(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      shift += 7;
      if (shift < 64 && (byte & 0x40))
        result |= ~uint64_t(0) << shift;
      out = int64_t(result);
      return true;
    }
  }
  // A maximal-length encoding: sign-extend from `bits`.
  if (bits < 64) {
    uint64_t signBit = uint64_t(1) << (bits - 1);
    result &= (uint64_t(1) << bits) - 1;
    result = (result ^ signBit) - signBit;
  }
  out = int64_t(result);
  return true;
}

bool ByteReader::readU32Checked(uint32_t &out) {
  uint64_t value;
  if (!readUnsigned(value, 32))
    return false;
  out = uint32_t(value);
  return true;
}

bool ByteReader::readS32Checked(int32_t &out) {
  int64_t value;
  if (!readSigned(value, 32))
    return false;
  out = int32_t(value);
  return true;
}

void ByteReader::recordFailure(const char *reason, uint64_t offset) {
  failAt(std::string(reason), offset);
}

bool ByteReader::readName(std::string_view &out) {
  uint32_t size;
  if (!readU32(size))
    return false;
  if (size > remaining())
    return fail("length out of bounds");
  out = std::string_view(reinterpret_cast<const char *>(pos_), size);
  if (!isValidUtf8(out))
    return fail("malformed UTF-8 encoding");
  pos_ += size;
  return true;
}

bool isValidUtf8(std::string_view bytes) {
  const auto *p = reinterpret_cast<const uint8_t *>(bytes.data());
  const auto *end = p + bytes.size();
  while (p < end) {
    uint8_t c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    unsigned length;
    uint32_t codePoint;
    if ((c & 0xe0) == 0xc0) {
      length = 2;
      codePoint = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3;
      codePoint = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      length = 4;
      codePoint = c & 0x07;
    } else {
      return false;
    }
    if (size_t(end - p) < length)
      return false;
    for (unsigned i = 1; i < length; ++i) {
      if ((p[i] & 0xc0) != 0x80)
        return false;
      codePoint = (codePoint << 6) | (p[i] & 0x3f);
    }
    static constexpr uint32_t minForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < minForLength[length] || codePoint > 0x10ffff ||
        (codePoint >= 0xd800 && codePoint <= 0xdfff))
      return false;
    p += length;
  }
  return true;
}

} // namespace strata
