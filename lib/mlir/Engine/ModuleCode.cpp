#include "ModuleCode.h"

#include <mutex>
#include <vector>

namespace strata::mlirtier {
namespace {

ModuleCode::Function functionOf(const NativeCode &code, uint32_t index) {
  return {code.function(index), reinterpret_cast<ArrayThunk>(code.arrayThunk(index))};
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

class LazyModuleCode final : public ModuleCode {
public:
  LazyModuleCode(std::shared_ptr<const wasm::Module> module, const CompileOptions &options)
      : module_(std::move(module)), options_(options),
        slots_(std::make_unique<Slot[]>(module_->numFunctions())) {}

  Expected<Function> get(uint32_t index) override {
    Slot &slot = slots_[index];
    if (slot.compiled.load(std::memory_order_acquire))
      return slot.function;
    std::lock_guard lock(slot.mutex);
    if (slot.compiled.load(std::memory_order_relaxed))
      return slot.function;
    CompileOptions options = options_;
    options.function = index;
    auto code = compileToNative(*module_, {}, options);
    if (!code)
      return Error("jit: " + code.error().message());
    slot.function = functionOf(**code, index);
    {
      std::lock_guard unitsLock(unitsMutex_);
      times_ += (*code)->times();
      units_.push_back(std::move(*code));
    }
    slot.compiled.store(true, std::memory_order_release);
    return slot.function;
  }

  std::optional<Function> ready(uint32_t index) const override {
    const Slot &slot = slots_[index];
    if (!slot.compiled.load(std::memory_order_acquire))
      return std::nullopt;
    return slot.function;
  }

  StageTimes times() const override {
    std::lock_guard lock(unitsMutex_);
    return times_;
  }
  size_t units() const override {
    std::lock_guard lock(unitsMutex_);
    return units_.size();
  }

private:
  struct Slot {
    std::mutex mutex; // held while the function compiles
    std::atomic<bool> compiled{false};
    Function function;
  };

  std::shared_ptr<const wasm::Module> module_;
  CompileOptions options_;
  std::unique_ptr<Slot[]> slots_;
  mutable std::mutex unitsMutex_;
  std::vector<std::unique_ptr<NativeCode>> units_;
  StageTimes times_;
};

} // namespace

Expected<std::shared_ptr<ModuleCode>> compileEagerly(const wasm::Module &module,
                                                     const CompileOptions &options) {
  auto code = compileToNative(module, {}, options);
  if (!code)
    return Error("jit: " + code.error().message());
  return std::shared_ptr<ModuleCode>(std::make_shared<EagerModuleCode>(std::move(*code)));
}

std::shared_ptr<ModuleCode> compileLazily(std::shared_ptr<const wasm::Module> module,
                                          const CompileOptions &options) {
  return std::make_shared<LazyModuleCode>(std::move(module), options);
}

} // namespace strata::mlirtier
