// Decoding of the binary format, section by section, in the order the spec fixes.
#include "strata/wasm/Decoder.h"

namespace strata::wasm {
namespace {

/// Position of each non-custom section in the required order (DataCount sits before Code).
int sectionRank(uint8_t id) {
  static constexpr int ranks[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return id < sizeof(ranks) / sizeof(ranks[0]) ? ranks[id] : -1;
}

class Decoder {
public:
  Decoder(Module &module) : module_(module), features_(module.features) {}

  Status decode();

private:
  bool fail(ByteReader &r, const char *reason) { return r.fail(reason); }
  Error errorOf(ByteReader &r) { return r.error(); }

  /// Reads a vector length that cannot exceed the bytes left (every entry takes a byte).
  bool readCount(ByteReader &r, uint32_t &count) {
    if (!r.readU32(count))
      return false;
    if (count > r.remaining())
      return r.fail("length out of bounds");
    return true;
  }
  bool readValType(ByteReader &r, ValType &out) {
    uint8_t byte;
    if (!r.readByte(byte))
      return false;
    if (!isValTypeByte(byte) || (byte == 0x7b && !features_.simd))
      return r.failAt("malformed value type", r.offset() - 1);
    out = ValType(byte);
    return true;
  }
  bool readRefType(ByteReader &r, ValType &out) {
    uint8_t byte;
    if (!r.readByte(byte))
      return false;
    if (byte != 0x70 && byte != 0x6f)
      return r.failAt("malformed reference type", r.offset() - 1);
    out = ValType(byte);
    return true;
  }
  bool readLimits(ByteReader &r, Limits &out) {
    uint8_t flags;
    if (!r.readByte(flags))
      return false;
    if (flags > 1)
      return r.failAt("integer too large", r.offset() - 1); // the flag is a LEB u32 of 0 or 1
    uint32_t min;
    if (!r.readU32(min))
      return false;
    out.min = min;
    out.max.reset();
    if (flags & 1) {
      uint32_t max;
      if (!r.readU32(max))
        return false;
      out.max = max;
    }
    return true;
  }
  bool readTableType(ByteReader &r, TableType &out) {
    return readRefType(r, out.elemType) && readLimits(r, out.limits);
  }
  bool readGlobalType(ByteReader &r, GlobalType &out) {
    if (!readValType(r, out.type))
      return false;
    uint8_t mut;
    if (!r.readByte(mut))
      return false;
    if (mut > 1)
      return r.failAt("malformed mutability", r.offset() - 1);
    out.isMutable = mut == 1;
    return true;
  }
  bool readName(ByteReader &r, std::string &out) {
    std::string_view view;
    if (!r.readName(view))
      return false;
    out.assign(view);
    return true;
  }
  bool readConstExpr(ByteReader &r, ConstExpr &out);

  bool readTypeSection(ByteReader &r);
  bool readImportSection(ByteReader &r);
  bool readFunctionSection(ByteReader &r);
  bool readTableSection(ByteReader &r);
  bool readMemorySection(ByteReader &r);
  bool readGlobalSection(ByteReader &r);
  bool readExportSection(ByteReader &r);
  bool readStartSection(ByteReader &r);
  bool readElementSection(ByteReader &r);
  bool readCodeSection(ByteReader &r);
  bool readDataSection(ByteReader &r);
  bool readDataCountSection(ByteReader &r);
  bool readCustomSection(ByteReader &r);
  bool readElemItems(ByteReader &r, ElemSegment &segment, bool expressions);

  Module &module_;
  const Features &features_;
  uint32_t declaredFunctions_ = 0;
  bool sawCode_ = false;
  bool sawData_ = false;
};

bool Decoder::readConstExpr(ByteReader &r, ConstExpr &out) {
  out.offset = r.offset();
  out.instructions.clear();
  Instruction instruction;
  for (;;) {
    if (!readInstruction(r, instruction, features_))
      return false;
    if (instruction.op == Opcode::End)
      return true;
    out.instructions.push_back(instruction);
  }
}

bool Decoder::readTypeSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  module_.types.resize(count);
  for (FuncType &type : module_.types) {
    uint8_t form;
    if (!r.readByte(form))
      return false;
    if (form != 0x60)
      return r.failAt("malformed function type", r.offset() - 1);
    for (auto *list : {&type.params, &type.results}) {
      uint32_t n;
      if (!readCount(r, n))
        return false;
      list->resize(n);
      for (ValType &t : *list)
        if (!readValType(r, t))
          return false;
    }
  }
  return true;
}

bool Decoder::readImportSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  module_.imports.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Import import;
    import.offset = r.offset();
    if (!readName(r, import.module) || !readName(r, import.name))
      return false;
    uint8_t kind;
    if (!r.readByte(kind))
      return false;
    switch (kind) {
    case 0:
      if (!r.readU32(import.funcTypeIndex))
        return false;
      module_.functionTypes.push_back(import.funcTypeIndex);
      ++module_.numImportedFunctions;
      break;
    case 1:
      if (!readTableType(r, import.table))
        return false;
      module_.tables.push_back(import.table);
      ++module_.numImportedTables;
      break;
    case 2:
      if (!readLimits(r, import.memory.limits))
        return false;
      module_.memories.push_back(import.memory);
      ++module_.numImportedMemories;
      break;
    case 3:
      if (!readGlobalType(r, import.global))
        return false;
      module_.globals.push_back(Global{import.global, {}});
      ++module_.numImportedGlobals;
      break;
    default:
      return r.failAt("malformed import kind", r.offset() - 1);
    }
    import.kind = ExternKind(kind);
    module_.imports.push_back(std::move(import));
  }
  return true;
}

bool Decoder::readFunctionSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  declaredFunctions_ = count;
  module_.functionTypes.reserve(module_.functionTypes.size() + count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t typeIndex;
    if (!r.readU32(typeIndex))
      return false;
    module_.functionTypes.push_back(typeIndex);
  }
  return true;
}

bool Decoder::readTableSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  for (uint32_t i = 0; i < count; ++i) {
    TableType type;
    if (!readTableType(r, type))
      return false;
    module_.tables.push_back(type);
  }
  return true;
}

bool Decoder::readMemorySection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  for (uint32_t i = 0; i < count; ++i) {
    MemoryType type;
    if (!readLimits(r, type.limits))
      return false;
    module_.memories.push_back(type);
  }
  return true;
}

bool Decoder::readGlobalSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  for (uint32_t i = 0; i < count; ++i) {
    Global global;
    if (!readGlobalType(r, global.type) || !readConstExpr(r, global.init))
      return false;
    module_.globals.push_back(std::move(global));
  }
  return true;
}

bool Decoder::readExportSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  module_.exports.resize(count);
  for (Export &e : module_.exports) {
    if (!readName(r, e.name))
      return false;
    uint8_t kind;
    if (!r.readByte(kind))
      return false;
    if (kind > 3)
      return r.failAt("malformed export kind", r.offset() - 1);
    e.kind = ExternKind(kind);
    if (!r.readU32(e.index))
      return false;
  }
  return true;
}

bool Decoder::readStartSection(ByteReader &r) {
  uint32_t index;
  if (!r.readU32(index))
    return false;
  module_.start = index;
  return true;
}

bool Decoder::readElemItems(ByteReader &r, ElemSegment &segment, bool expressions) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  segment.items.resize(count);
  for (ConstExpr &item : segment.items) {
    if (expressions) {
      if (!readConstExpr(r, item))
        return false;
      continue;
    }
    // A bare function index stands for `ref.func index`.
    Instruction ref;
    ref.offset = item.offset = r.offset();
    ref.op = Opcode::RefFunc;
    if (!r.readU32(ref.index))
      return false;
    item.instructions.push_back(ref);
  }
  return true;
}

bool Decoder::readElementSection(ByteReader &r) {
  uint32_t count;
  if (!readCount(r, count))
    return false;
  module_.elements.resize(count);
  for (ElemSegment &segment : module_.elements) {
    segment.byteOffset = r.offset();
    uint32_t flags;
    if (!r.readU32(flags))
      return false;
    if (flags > 7)
      return r.failAt("malformed elements segment kind", segment.byteOffset);
    bool passiveOrDeclarative = flags & 1;
    bool explicitTable = flags & 2;
    bool expressions = flags & 4;
    if (!passiveOrDeclarative) {
      segment.mode = SegmentMode::Active;
      if (explicitTable && !r.readU32(segment.tableIndex))
        return false;
      if (!readConstExpr(r, segment.offset))
        return false;
    } else {
      segment.mode = explicitTable ? SegmentMode::Declarative : SegmentMode::Passive;
    }
    // Flags 0 and 4 imply funcref; the others state an element kind or a reference type.
    segment.elemType = ValType::FuncRef;
    if (passiveOrDeclarative || explicitTable) {
      if (expressions) {
        if (!readRefType(r, segment.elemType))
          return false;
      } else {
        uint8_t elemKind;
        if (!r.readByte(elemKind))
          return false;
        if (elemKind != 0)
          return r.failAt("malformed element kind", r.offset() - 1);
      }
    }
    if (!readElemItems(r, segment, expressions))
      return false;
  }
  return true;
}

bool Decoder::readCodeSection(ByteReader &r) {
  sawCode_ = true;
  uint32_t count;
  if (!readCount(r, count))
    return false;
  if (count != declaredFunctions_)
    return r.fail("function and code section have inconsistent lengths");
  module_.code.resize(count);
  for (FunctionBody &body : module_.code) {
    uint32_t size;
    if (!r.readU32(size))
      return false;
    ByteReader br(nullptr, nullptr);
    if (!r.sub(size, br, "unexpected end of section or function"))
      return false;
    body.bodyOffset = br.offset();
    uint32_t runs;
    if (!readCount(br, runs))
      return r.failAt(br.error().reason(), br.error().offset().value_or(0));
    body.locals.resize(runs);
    uint64_t total = 0;
    for (LocalRun &run : body.locals) {
      if (!br.readU32(run.count) || !readValType(br, run.type))
        return r.failAt(br.error().reason(), br.error().offset().value_or(0));
      total += run.count;
      if (total > 0xffffffffu)
        return r.failAt("too many locals", br.offset());
    }
    body.codeOffset = br.offset();
    body.codeEnd = br.offset() + br.remaining();
  }
  return true;
}

bool Decoder::readDataSection(ByteReader &r) {
  sawData_ = true;
  uint32_t count;
  if (!readCount(r, count))
    return false;
  if (module_.dataCount && *module_.dataCount != count)
    return r.fail("data count and data section have inconsistent lengths");
  module_.data.resize(count);
  for (DataSegment &segment : module_.data) {
    segment.byteOffset = r.offset();
    uint32_t flags;
    if (!r.readU32(flags))
      return false;
    if (flags > 2)
      return r.failAt("malformed data segment kind", segment.byteOffset);
    segment.mode = flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
    if (flags == 2 && !r.readU32(segment.memoryIndex))
      return false;
    if (flags != 1 && !readConstExpr(r, segment.offset))
      return false;
    if (!r.readU32(segment.size))
      return false;
    if (segment.size > r.remaining())
      return r.fail("unexpected end of section or function");
    segment.bytesOffset = r.offset();
    r.skip(segment.size);
  }
  return true;
}

bool Decoder::readDataCountSection(ByteReader &r) {
  uint32_t count;
  if (!r.readU32(count))
    return false;
  module_.dataCount = count;
  return true;
}

bool Decoder::readCustomSection(ByteReader &r) {
  CustomSection section;
  if (!readName(r, section.name))
    return false;
  section.payloadOffset = r.offset();
  section.payloadSize = r.remaining();
  if (section.name == "name") {
    ByteReader payload(r.position(), r.end(), r.offset());
    parseNameSection(payload, module_.names);
  }
  r.skip(r.remaining());
  module_.customSections.push_back(std::move(section));
  return true;
}

Status Decoder::decode() {
  const std::vector<uint8_t> &bytes = module_.bytes;
  ByteReader r(bytes.data(), bytes.data() + bytes.size());
  uint8_t header[4];
  if (!r.readBytes(header, 4) || header[0] != 0 || header[1] != 'a' || header[2] != 's' ||
      header[3] != 'm')
    return Error("magic header not detected", 0);
  uint32_t version;
  if (!r.readFixed(version))
    return Error("unknown binary version", 4);
  if (version != 1)
    return Error("unknown binary version", 4);

  int lastRank = 0;
  while (!r.atEnd()) {
    uint64_t sectionStart = r.offset();
    uint8_t id;
    r.readByte(id);
    int rank = sectionRank(id);
    if (rank < 0)
      return Error("malformed section id", sectionStart);
    uint32_t size;
    if (!r.readU32(size))
      return r.error();
    ByteReader section(nullptr, nullptr);
    if (!r.sub(size, section, "length out of bounds"))
      return r.error();
    if (rank > 0) {
      if (rank <= lastRank)
        return Error("unexpected content after last section", sectionStart);
      lastRank = rank;
    }
    module_.sections.push_back({SectionId(id), sectionStart, section.offset(), size});
    bool ok = false;
    switch (SectionId(id)) {
    case SectionId::Custom: ok = readCustomSection(section); break;
    case SectionId::Type: ok = readTypeSection(section); break;
    case SectionId::Import: ok = readImportSection(section); break;
    case SectionId::Function: ok = readFunctionSection(section); break;
    case SectionId::Table: ok = readTableSection(section); break;
    case SectionId::Memory: ok = readMemorySection(section); break;
    case SectionId::Global: ok = readGlobalSection(section); break;
    case SectionId::Export: ok = readExportSection(section); break;
    case SectionId::Start: ok = readStartSection(section); break;
    case SectionId::Element: ok = readElementSection(section); break;
    case SectionId::Code: ok = readCodeSection(section); break;
    case SectionId::Data: ok = readDataSection(section); break;
    case SectionId::DataCount: ok = readDataCountSection(section); break;
    }
    if (!ok)
      return section.error();
    if (!section.atEnd())
      return Error("section size mismatch", section.offset());
  }
  if (declaredFunctions_ != 0 && !sawCode_)
    return Error("function and code section have inconsistent lengths", r.offset());
  if (module_.dataCount && *module_.dataCount != 0 && !sawData_)
    return Error("data count and data section have inconsistent lengths", r.offset());
  return Status::ok();
}

} // namespace

void parseNameSection(ByteReader reader, Names &names) {
  auto readNameMap = [](ByteReader &r, std::map<uint32_t, std::string> &out) {
    uint32_t count;
    if (!r.readU32(count))
      return false;
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t index;
      std::string_view name;
      if (!r.readU32(index) || !r.readName(name))
        return false;
      out[index] = std::string(name);
    }
    return true;
  };
  while (!reader.atEnd()) {
    uint8_t id;
    uint32_t size;
    ByteReader sub(nullptr, nullptr);
    if (!reader.readByte(id) || !reader.readU32(size) || !reader.sub(size, sub))
      return;
    if (id == 0) {
      std::string_view name;
      if (sub.readName(name))
        names.module = std::string(name);
    } else if (id == 1) {
      readNameMap(sub, names.functions);
    } else if (id == 2) {
      uint32_t count;
      if (!sub.readU32(count))
        continue;
      for (uint32_t i = 0; i < count; ++i) {
        uint32_t function;
        if (!sub.readU32(function) || !readNameMap(sub, names.locals[function]))
          break;
      }
    }
  }
}

Expected<std::unique_ptr<Module>> decodeModule(std::span<const uint8_t> bytes,
                                               const Features &features) {
  auto module = std::make_unique<Module>();
  module->features = features;
  module->bytes.assign(bytes.begin(), bytes.end());
  Decoder decoder(*module);
  if (Status status = decoder.decode(); !status)
    return status.takeError();
  return Expected<std::unique_ptr<Module>>(std::move(module));
}

} // namespace strata::wasm
