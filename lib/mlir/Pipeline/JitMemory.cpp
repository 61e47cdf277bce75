// The packed JITLink memory manager (JitMemory.h).
//
// LLVM's in-process manager maps whole pages per unit and segment: a unit of 300 bytes of code
// takes 8 KB or more. Here every segment is a piece of a 64 KB slab shared with other units'
// segments of the same protection. A slab's protection is set once, on the view where code
// runs, which is never writable; the linker writes through a second, writable view of the same
// memory. The memory is a System V shared memory segment rather than a memfd: perf takes
// executable memory that is anonymous or /SYSV for JIT code and reads its symbols from
// /tmp/perf-PID.map, while a memfd's mapping would be a file to it.
//
// Pieces are handed out by a bump pointer and never reused: a slab is returned whole when its
// last piece is freed, so code is never rewritten at an address while other code in its slab
// still runs. A unit's pieces all come from one arena (64 MB, or more for a larger unit), so
// they stay within reach of 32-bit PC-relative references.
#include "JitMemory.h"

#include "strata/mlir/Compiler.h"

#include "llvm/ExecutionEngine/JITLink/JITLink.h"
#include "llvm/ExecutionEngine/Orc/Shared/AllocationActions.h"
#include "llvm/Support/Memory.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>
#include <vector>

namespace strata::mlirtier::pipeline {

/// Slabs held by every arena, for jitCodeMemoryBytes.
std::atomic<size_t> bytesInUse{0};

namespace {
namespace jitlink = llvm::jitlink;
namespace orc = llvm::orc;

constexpr size_t kSlabBytes = size_t(64) << 10;
constexpr size_t kArenaBytes = size_t(64) << 20;

enum class Protection { Code, ReadOnly, Writable };
constexpr size_t kProtections = 3;

int mmapProtection(Protection protection) {
  switch (protection) {
  case Protection::Code:
    return PROT_READ | PROT_EXEC;
  case Protection::ReadOnly:
    return PROT_READ;
  case Protection::Writable:
    return PROT_READ | PROT_WRITE;
  }
  return PROT_NONE;
}

llvm::Error systemError(const char *what) {
  return llvm::createStringError(std::error_code(errno, std::generic_category()),
                                 "cannot %s for JIT code: %s", what, std::strerror(errno));
}

/// A shared memory segment mapped twice, cut into slabs: each slab is free or holds pieces of one
/// protection, counted so that the last one freed returns the slab.
class Arena {
public:
  static llvm::Expected<std::unique_ptr<Arena>> create(size_t bytes) {
    auto arena = std::make_unique<Arena>();
    arena->bytes_ = bytes;
    int segment = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0700);
    if (segment < 0)
      return systemError("create a shared memory segment");
    void *write = shmat(segment, nullptr, 0);
    void *run = shmat(segment, nullptr, SHM_EXEC);
    // Removed now, the segment lives until its last view is detached (at exit at the latest).
    shmctl(segment, IPC_RMID, nullptr);
    if (write != reinterpret_cast<void *>(-1))
      arena->write_ = static_cast<char *>(write);
    if (run != reinterpret_cast<void *>(-1))
      arena->run_ = static_cast<char *>(run);
    if (!arena->write_ || !arena->run_ || mprotect(arena->run_, bytes, PROT_NONE) != 0)
      return systemError("map a shared memory segment");
    arena->slabs_.resize(bytes / kSlabBytes);
    return arena;
  }
  ~Arena() {
    if (run_)
      shmdt(run_);
    if (write_)
      shmdt(write_);
  }

  /// Whether `slabs` more free slabs are left, `longestRun` of them contiguous.
  bool hasRoom(size_t slabs, size_t longestRun) const {
    if (detached_ || slabs_.size() - usedSlabs_ < slabs)
      return false;
    size_t run = 0;
    for (const Slab &slab : slabs_) {
      run = slab.length != 0 || slab.inside ? 0 : run + 1;
      if (run >= longestRun)
        return true;
    }
    return false;
  }
  char *runAddress(size_t offset) const { return run_ + offset; }
  char *writeAddress(size_t offset) const { return write_ + offset; }

  /// Unmaps the pages of [offset, offset + bytes) from the writable view; the segment keeps
  /// their contents, and a later write maps them again.
  void forgetWritten(size_t offset, size_t bytes) const {
    uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    uintptr_t begin = uintptr_t(write_ + offset) & ~(page - 1);
    uintptr_t end = (uintptr_t(write_ + offset + bytes) + page - 1) & ~(page - 1);
    madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
  }

  /// `count` contiguous free slabs made `protection`, or npos.
  size_t takeSlabs(size_t count, Protection protection) {
    size_t runStart = 0;
    for (size_t slab = 0; slab < slabs_.size(); ++slab) {
      if (slabs_[slab].length != 0 || slabs_[slab].inside) {
        runStart = slab + 1;
        continue;
      }
      if (slab + 1 - runStart < count)
        continue;
      if (mprotect(run_ + runStart * kSlabBytes, count * kSlabBytes,
                   mmapProtection(protection)) != 0)
        return npos;
      slabs_[runStart] = {count, 0, true, false, protection};
      for (size_t inside = runStart + 1; inside < runStart + count; ++inside)
        slabs_[inside].inside = true;
      usedSlabs_ += count;
      bytesInUse += count * kSlabBytes;
      return runStart;
    }
    return npos;
  }

  /// A piece of slab `first` was allocated / freed.
  void addPiece(size_t first) { ++slabs_[first].pieces; }
  void removePiece(size_t first) {
    if (--slabs_[first].pieces == 0 && !slabs_[first].open)
      release(first);
  }
  /// No more pieces are cut from slab `first`.
  void close(size_t first) {
    slabs_[first].open = false;
    if (slabs_[first].pieces == 0)
      release(first);
  }
  /// In the child of fork, which shares the segment with its parent: the slabs in use become
  /// private copies at the same addresses, so that neither process frees or writes the
  /// other's, and the arena takes no more units.
  void detach() {
    detached_ = true;
    std::vector<char> copy;
    for (size_t first = 0; first < slabs_.size(); ++first) {
      const Slab &slab = slabs_[first];
      if (slab.length == 0)
        continue;
      char *at = run_ + first * kSlabBytes;
      size_t bytes = slab.length * kSlabBytes;
      copy.assign(write_ + first * kSlabBytes, write_ + first * kSlabBytes + bytes);
      if (mmap(at, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
               0) == MAP_FAILED)
        continue; // the shared pages stay: still the right code
      std::memcpy(at, copy.data(), bytes);
      mprotect(at, bytes, mmapProtection(slab.protection));
      if (slab.protection == Protection::Code)
        llvm::sys::Memory::InvalidateInstructionCache(at, bytes);
    }
  }

  static constexpr size_t npos = ~size_t(0);

private:
  struct Slab {
    size_t length = 0; // slabs of the run this one starts; 0 when free or inside a run
    size_t pieces = 0;
    bool open = false; // pieces may still be cut from it
    bool inside = false; // a later slab of a run
    Protection protection = Protection::Code;
  };

  void release(size_t first) {
    size_t count = slabs_[first].length;
    for (size_t slab = first; slab < first + count; ++slab)
      slabs_[slab] = {};
    if (detached_)
      return; // private copies now (detach): they stay until exit
    size_t offset = first * kSlabBytes;
    size_t bytes = count * kSlabBytes;
    // Made writable for a moment: an emulator such as qemu-user drops its translations of code
    // in pages that become writable, and nothing else tells it the code is gone.
    mprotect(run_ + offset, bytes, PROT_READ | PROT_WRITE);
    mprotect(run_ + offset, bytes, PROT_NONE);
    madvise(write_ + offset, bytes, MADV_REMOVE);
    usedSlabs_ -= count;
    bytesInUse -= bytes;
  }

  size_t bytes_ = 0;
  char *run_ = nullptr;
  char *write_ = nullptr;
  std::vector<Slab> slabs_;
  size_t usedSlabs_ = 0;
  bool detached_ = false;
};

/// One segment's memory: `bytes` at `offset` of `arena`, cut from the slab run at `slab`.
struct Piece {
  Arena *arena;
  size_t slab;
  size_t offset;
  size_t bytes;
};

/// The pieces of a unit being linked: those it keeps, those freed once it is finalized, and
/// which of them hold code.
struct PlacedUnit {
  std::vector<Piece> standard, finalizeOnly, code;
};

class PackedMemoryManager;

/// What a finalized unit holds, addressed by its FinalizedAlloc.
struct FinalizedUnit {
  std::vector<Piece> pieces;
  std::vector<orc::shared::WrapperFunctionCall> deallocActions;
};

class PackedMemoryManager final : public jitlink::JITLinkMemoryManager {
public:
  PackedMemoryManager();
  ~PackedMemoryManager() override;

  void allocate(const jitlink::JITLinkDylib *, jitlink::LinkGraph &graph,
                OnAllocatedFunction onAllocated) override;
  void deallocate(std::vector<FinalizedAlloc> allocations,
                  OnDeallocatedFunction onDeallocated) override;

  void freePieces(const std::vector<Piece> &pieces);

  /// fork's handlers: every manager is locked across fork, so that the child finds their
  /// state whole, and the child's arenas are detached (Arena::detach).
  static void lockAll();
  static void unlockAll();
  static void detachAllInChild();

private:
  /// The slab pieces of one protection are cut from now.
  struct Cursor {
    Arena *arena = nullptr;
    size_t slab = Arena::npos;
    size_t used = 0;
  };

  llvm::Error place(jitlink::BasicLayout &layout, PlacedUnit &unit);
  llvm::Expected<Piece> cut(size_t bytes, size_t alignment, Protection protection);
  llvm::Error makeRoom(size_t slabsNeeded, size_t longestRun);
  void closeCursors();

  std::mutex mutex_;
  std::vector<std::unique_ptr<Arena>> arenas_;
  Cursor cursors_[kProtections];
};

std::mutex managersMutex;
std::vector<PackedMemoryManager *> &managers() {
  static auto *all = new std::vector<PackedMemoryManager *>;
  return *all;
}

class InFlightUnit final : public jitlink::JITLinkMemoryManager::InFlightAlloc {
public:
  InFlightUnit(PackedMemoryManager &manager, jitlink::LinkGraph &graph, PlacedUnit unit)
      : manager_(manager), graph_(graph), standard_(std::move(unit.standard)),
        finalizeOnly_(std::move(unit.finalizeOnly)), code_(std::move(unit.code)) {}

  void finalize(OnFinalizedFunction onFinalized) override {
    // The linker is done writing: the writable view's pages would count a second time in the
    // resident memory of the process.
    for (const auto *pieces : {&standard_, &finalizeOnly_})
      for (const Piece &piece : *pieces)
        piece.arena->forgetWritten(piece.offset, piece.bytes);
    for (const Piece &piece : code_)
      llvm::sys::Memory::InvalidateInstructionCache(piece.arena->runAddress(piece.offset),
                                                    piece.bytes);
    auto deallocActions = orc::shared::runFinalizeActions(graph_.allocActions());
    manager_.freePieces(finalizeOnly_);
    finalizeOnly_.clear();
    if (!deallocActions) {
      manager_.freePieces(standard_);
      standard_.clear();
      onFinalized(deallocActions.takeError());
      return;
    }
    auto *unit = new FinalizedUnit{std::move(standard_), std::move(*deallocActions)};
    onFinalized(jitlink::JITLinkMemoryManager::FinalizedAlloc(orc::ExecutorAddr::fromPtr(unit)));
  }

  void abandon(OnAbandonedFunction onAbandoned) override {
    manager_.freePieces(finalizeOnly_);
    manager_.freePieces(standard_);
    finalizeOnly_.clear();
    standard_.clear();
    onAbandoned(llvm::Error::success());
  }

private:
  PackedMemoryManager &manager_;
  jitlink::LinkGraph &graph_;
  std::vector<Piece> standard_, finalizeOnly_, code_;
};

PackedMemoryManager::PackedMemoryManager() {
  std::lock_guard<std::mutex> lock(managersMutex);
  if (managers().empty())
    pthread_atfork(&PackedMemoryManager::lockAll, &PackedMemoryManager::unlockAll,
                   &PackedMemoryManager::detachAllInChild);
  managers().push_back(this);
}

PackedMemoryManager::~PackedMemoryManager() {
  std::lock_guard<std::mutex> lock(managersMutex);
  std::erase(managers(), this);
}

void PackedMemoryManager::lockAll() {
  managersMutex.lock();
  for (PackedMemoryManager *manager : managers())
    manager->mutex_.lock();
}

void PackedMemoryManager::unlockAll() {
  for (PackedMemoryManager *manager : managers())
    manager->mutex_.unlock();
  managersMutex.unlock();
}

void PackedMemoryManager::detachAllInChild() {
  for (PackedMemoryManager *manager : managers()) {
    for (auto &arena : manager->arenas_)
      arena->detach();
    for (Cursor &cursor : manager->cursors_)
      cursor = {};
  }
  unlockAll();
}

void PackedMemoryManager::closeCursors() {
  for (Cursor &cursor : cursors_) {
    if (cursor.arena && cursor.slab != Arena::npos)
      cursor.arena->close(cursor.slab);
    cursor = {};
  }
}

llvm::Error PackedMemoryManager::makeRoom(size_t slabsNeeded, size_t longestRun) {
  if (!arenas_.empty() && arenas_.back()->hasRoom(slabsNeeded, longestRun))
    return llvm::Error::success();
  // Every piece of a unit comes from the newest arena: start a new one.
  closeCursors();
  size_t bytes = std::max(kArenaBytes, slabsNeeded * kSlabBytes);
  auto arena = Arena::create(bytes);
  if (!arena)
    return arena.takeError();
  arenas_.push_back(std::move(*arena));
  return llvm::Error::success();
}

llvm::Expected<Piece> PackedMemoryManager::cut(size_t bytes, size_t alignment,
                                               Protection protection) {
  Arena &arena = *arenas_.back();
  bytes = std::max<size_t>(bytes, 1);
  if (alignment > size_t(4096))
    return llvm::createStringError(std::errc::invalid_argument,
                                   "a JIT segment asks for %zu-byte alignment", alignment);
  Cursor &cursor = cursors_[size_t(protection)];
  if (bytes > kSlabBytes / 2) {
    // Large: a slab run of its own, so that small pieces keep filling the open slab.
    size_t count = (bytes + kSlabBytes - 1) / kSlabBytes;
    size_t slab = arena.takeSlabs(count, protection);
    if (slab == Arena::npos)
      return systemError("map slabs");
    arena.addPiece(slab);
    arena.close(slab);
    return Piece{&arena, slab, slab * kSlabBytes, bytes};
  }
  size_t start = cursor.arena == &arena ? (cursor.used + alignment - 1) / alignment * alignment
                                        : kSlabBytes;
  if (cursor.arena != &arena || cursor.slab == Arena::npos || start + bytes > kSlabBytes) {
    if (cursor.arena && cursor.slab != Arena::npos)
      cursor.arena->close(cursor.slab);
    size_t slab = arena.takeSlabs(1, protection);
    if (slab == Arena::npos)
      return systemError("map a slab");
    cursor = {&arena, slab, 0};
    start = 0;
  }
  cursor.used = start + bytes;
  arena.addPiece(cursor.slab);
  return Piece{&arena, cursor.slab, cursor.slab * kSlabBytes + start, bytes};
}

void PackedMemoryManager::freePieces(const std::vector<Piece> &pieces) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Piece &piece : pieces)
    piece.arena->removePiece(piece.slab);
}

llvm::Error PackedMemoryManager::place(jitlink::BasicLayout &layout, PlacedUnit &unit) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Room for the worst case: every segment in a slab run of its own.
  size_t slabsNeeded = 0, longestRun = 1;
  for (auto &[group, segment] : layout.segments()) {
    size_t run = (segment.ContentSize + segment.ZeroFillSize + kSlabBytes - 1) / kSlabBytes;
    slabsNeeded += run + 1;
    longestRun = std::max(longestRun, run);
  }
  if (llvm::Error error = makeRoom(slabsNeeded, longestRun))
    return error;
  for (auto &[group, segment] : layout.segments()) {
    orc::MemProt memProt = group.getMemProt();
    bool exec = unsigned(memProt) & unsigned(orc::MemProt::Exec);
    bool write = unsigned(memProt) & unsigned(orc::MemProt::Write);
    if (exec && write)
      return llvm::createStringError(std::errc::invalid_argument,
                                     "a JIT segment is both writable and executable");
    Protection protection =
        exec ? Protection::Code : write ? Protection::Writable : Protection::ReadOnly;
    auto piece = cut(segment.ContentSize + segment.ZeroFillSize, segment.Alignment.value(),
                     protection);
    if (!piece)
      return piece.takeError();
    segment.Addr = orc::ExecutorAddr::fromPtr(piece->arena->runAddress(piece->offset));
    segment.WorkingMem = piece->arena->writeAddress(piece->offset);
    std::memset(segment.WorkingMem + segment.ContentSize, 0, segment.ZeroFillSize);
    (group.getMemLifetime() == orc::MemLifetime::Standard ? unit.standard : unit.finalizeOnly)
        .push_back(*piece);
    if (exec)
      unit.code.push_back(*piece);
  }
  return llvm::Error::success();
}

void PackedMemoryManager::allocate(const jitlink::JITLinkDylib *, jitlink::LinkGraph &graph,
                                   OnAllocatedFunction onAllocated) {
  jitlink::BasicLayout layout(graph);
  PlacedUnit unit;
  llvm::Error error = place(layout, unit);
  if (!error)
    error = layout.apply();
  if (error) {
    freePieces(unit.standard);
    freePieces(unit.finalizeOnly);
    onAllocated(std::move(error));
    return;
  }
  onAllocated(std::make_unique<InFlightUnit>(*this, graph, std::move(unit)));
}

void PackedMemoryManager::deallocate(std::vector<FinalizedAlloc> allocations,
                                     OnDeallocatedFunction onDeallocated) {
  llvm::Error errors = llvm::Error::success();
  for (FinalizedAlloc &allocation : allocations) {
    std::unique_ptr<FinalizedUnit> unit(allocation.release().toPtr<FinalizedUnit *>());
    errors = llvm::joinErrors(std::move(errors),
                              orc::shared::runDeallocActions(unit->deallocActions));
    freePieces(unit->pieces);
  }
  onDeallocated(std::move(errors));
}

} // namespace

std::unique_ptr<jitlink::JITLinkMemoryManager> createPackedMemoryManager() {
  return std::make_unique<PackedMemoryManager>();
}

} // namespace strata::mlirtier::pipeline

size_t strata::mlirtier::jitCodeMemoryBytes() { return pipeline::bytesInUse.load(); }
