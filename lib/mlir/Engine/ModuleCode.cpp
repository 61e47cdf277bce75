#include "ModuleCode.h"

#include "strata/wasm/DirectCalls.h"

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace strata::mlirtier {
namespace {

ModuleCode::Function functionOf(const NativeCode &code, uint32_t index) {
  return {code.function(index), reinterpret_cast<native::ArrayThunk>(code.arrayThunk(index))};
}

class EagerModuleCode final : public ModuleCode {
public:
  explicit EagerModuleCode(std::unique_ptr<NativeCode> code) : code_(std::move(code)) {}

  Expected<Function> get(uint32_t index) override { return functionOf(*code_, index); }
  std::optional<Function> ready(uint32_t index) const override {
    return functionOf(*code_, index);
  }
  StageTimes times() const override { return code_->times(); }
  size_t units() const override { return 1; }

private:
  std::unique_ptr<NativeCode> code_;
};

class LazyModuleCode final : public ModuleCode,
                             public std::enable_shared_from_this<LazyModuleCode> {
public:
  LazyModuleCode(std::shared_ptr<const wasm::Module> module, const CompileOptions &options,
                 uint64_t batchBytes, std::weak_ptr<engine::CompileQueue> queue)
      : module_(std::move(module)), options_(options), batchBytes_(batchBytes),
        queue_(std::move(queue)), slots_(std::make_unique<Slot[]>(module_->numFunctions())) {}

  Expected<Function> get(uint32_t index) override {
    Slot &slot = slots_[index];
    if (slot.compiled.load(std::memory_order_acquire))
      return slot.function;
    // A background compile of this function holds the lock: wait for it rather than compile
    // the function twice.
    std::lock_guard lock(slot.mutex);
    if (!slot.compiled.load(std::memory_order_relaxed))
      compile(index, slot, /*background=*/false);
    if (!slot.error.empty())
      return Error(slot.error);
    return slot.function;
  }

  std::optional<Function> ready(uint32_t index) const override {
    const Slot &slot = slots_[index];
    if (!slot.compiled.load(std::memory_order_acquire) || !slot.error.empty())
      return std::nullopt;
    return slot.function;
  }

  void calledFirstTime(uint32_t index) override {
    std::shared_ptr<engine::CompileQueue> queue = queue_.lock();
    if (!queue || queue->threads() == 0)
      return;
    wasm::forEachDirectCallee(*module_, index, 0, [&](uint32_t callee) {
      Slot &slot = slots_[callee];
      if (slot.compiled.load(std::memory_order_acquire) || slot.queued.exchange(true))
        return true;
      // Newest first: the callees of what started running last are needed soonest.
      int32_t priority = int32_t(nextPriority_.fetch_add(1, std::memory_order_relaxed));
      if (bodyBytes(callee) <= batchBytes_ / 4) {
        std::lock_guard lock(waitingMutex_);
        waitingSmall_.push_back(callee);
      }
      std::weak_ptr<LazyModuleCode> self = shared_from_this();
      queue->push(priority, [self, callee] {
        if (std::shared_ptr<LazyModuleCode> code = self.lock())
          code->compileAhead(callee);
      });
      return true;
    });
  }

  StageTimes times() const override {
    std::lock_guard lock(unitsMutex_);
    return times_;
  }
  size_t units() const override {
    std::lock_guard lock(unitsMutex_);
    return units_.size();
  }
  size_t backgroundUnits() const override {
    std::lock_guard lock(unitsMutex_);
    return backgroundUnits_;
  }

private:
  struct Slot {
    std::mutex mutex; // held while the function compiles
    std::atomic<bool> compiled{false};
    std::atomic<bool> queued{false}; // for compileAhead
    Function function;
    std::string error; // why it did not compile, once compiled is set
  };

  uint64_t bodyBytes(uint32_t index) const {
    const wasm::FunctionBody &body = module_->body(index);
    return body.codeEnd - body.bodyOffset;
  }

  /// On a queue thread: compiles the function unless it is compiled or compiling already; a
  /// small one with other small functions waiting to be compiled ahead (newest first), up to
  /// batchBytes_ in all. Their own jobs then find them compiled.
  void compileAhead(uint32_t index) {
    Slot &slot = slots_[index];
    std::unique_lock lock(slot.mutex, std::try_to_lock);
    if (!lock.owns_lock() || slot.compiled.load(std::memory_order_relaxed))
      return;
    std::vector<uint32_t> batch{index};
    std::vector<std::unique_lock<std::mutex>> locks;
    uint64_t bytes = bodyBytes(index);
    if (bytes <= batchBytes_ / 4) {
      std::lock_guard waitingLock(waitingMutex_);
      for (size_t i = waitingSmall_.size(); i-- > 0;) {
        uint32_t other = waitingSmall_[i];
        Slot &otherSlot = slots_[other];
        bool done = otherSlot.compiled.load(std::memory_order_acquire);
        if (!done && other != index && bytes + bodyBytes(other) <= batchBytes_) {
          std::unique_lock otherLock(otherSlot.mutex, std::try_to_lock);
          if (!otherLock.owns_lock())
            continue; // compiling at its first call
          if (!otherSlot.compiled.load(std::memory_order_relaxed)) {
            batch.push_back(other);
            bytes += bodyBytes(other);
            locks.push_back(std::move(otherLock));
          }
          done = true;
        }
        if (done || other == index)
          waitingSmall_.erase(waitingSmall_.begin() + ptrdiff_t(i));
      }
    }
    if (batch.size() > 1 && compileBatch(batch))
      return;
    compile(index, slot, /*background=*/true);
    for (size_t i = 1; i < batch.size(); ++i)
      compile(batch[i], slots_[batch[i]], /*background=*/true);
  }

  /// The functions of `batch`, whose slots the caller holds, as one unit; false, and nothing
  /// compiled, if that fails (then each compiles alone, so that an error stays its own).
  bool compileBatch(const std::vector<uint32_t> &batch) {
    auto code = compileToNative(*module_, batch, options_);
    if (!code)
      return false;
    for (uint32_t index : batch)
      slots_[index].function = functionOf(**code, index);
    addUnit(std::move(*code), /*background=*/true);
    for (uint32_t index : batch)
      slots_[index].compiled.store(true, std::memory_order_release);
    return true;
  }

  void compile(uint32_t index, Slot &slot, bool background) {
    CompileOptions options = options_;
    options.function = index;
    auto code = compileToNative(*module_, {}, options);
    if (code) {
      slot.function = functionOf(**code, index);
      addUnit(std::move(*code), background);
    } else {
      slot.error = "jit: " + code.error().message();
    }
    slot.compiled.store(true, std::memory_order_release);
  }

  void addUnit(std::unique_ptr<NativeCode> code, bool background) {
    std::lock_guard unitsLock(unitsMutex_);
    times_ += code->times();
    backgroundUnits_ += background;
    units_.push_back(std::move(code));
  }

  std::shared_ptr<const wasm::Module> module_;
  CompileOptions options_;
  uint64_t batchBytes_;
  std::weak_ptr<engine::CompileQueue> queue_;
  std::mutex waitingMutex_;
  std::vector<uint32_t> waitingSmall_; // queued ahead, at most batchBytes_ / 4, oldest first
  std::unique_ptr<Slot[]> slots_;
  std::atomic<uint32_t> nextPriority_{0};
  mutable std::mutex unitsMutex_;
  std::vector<std::unique_ptr<NativeCode>> units_;
  size_t backgroundUnits_ = 0;
  StageTimes times_;
};

} // namespace

/// The whole module's code as one unit, compiled or loaded.
static Expected<std::shared_ptr<ModuleCode>> eagerCode(Expected<std::unique_ptr<NativeCode>> code) {
  if (!code)
    return Error("jit: " + code.error().message());
  return std::shared_ptr<ModuleCode>(std::make_shared<EagerModuleCode>(std::move(*code)));
}

Expected<std::shared_ptr<ModuleCode>> compileEagerly(const wasm::Module &module,
                                                     const CompileOptions &options) {
  // The whole module at the level asked for, as an ahead-of-time object is (emitStage): one
  // large function would otherwise take every other one down to level 0.
  CompileOptions wholeModule = options;
  wholeModule.maxOptimizedBytes = 0;
  wholeModule.maxOptimizedLooplessBytes = 0;
  return eagerCode(compileToNative(module, {}, wholeModule));
}

Expected<std::shared_ptr<ModuleCode>> loadAheadOfTimeCode(const wasm::Module &module,
                                                          const CompileOptions &options,
                                                          const std::string &path) {
  return eagerCode(loadAheadOfTime(module, options, path));
}

std::shared_ptr<ModuleCode> compileLazily(std::shared_ptr<const wasm::Module> module,
                                          const CompileOptions &options, uint64_t batchBytes,
                                          std::weak_ptr<engine::CompileQueue> queue) {
  return std::make_shared<LazyModuleCode>(std::move(module), options, batchBytes,
                                          std::move(queue));
}

} // namespace strata::mlirtier
