#include "strata/interp/Code.h"

#include "strata/interp/Translator.h"

#include <algorithm>
#include <chrono>

namespace strata::interp {

uint64_t CompiledFunction::wasmOffsetAt(uint32_t codeOffset) const {
  auto it =
      std::upper_bound(pcMap.begin(), pcMap.end(), codeOffset,
                       [](uint32_t offset, const PcEntry &e) { return offset < e.codeOffset; });
  if (it == pcMap.begin())
    return ~uint64_t(0);
  return std::prev(it)->wasmOffset;
}

const LoopHeader *CompiledFunction::loopAt(uint32_t codeOffset) const {
  auto it = std::lower_bound(loops.begin(), loops.end(), codeOffset,
                             [](const LoopHeader &loop, uint32_t at) { return loop.codeOffset < at; });
  return it != loops.end() && it->codeOffset == codeOffset ? &*it : nullptr;
}

const void *FrameCode::at(uint32_t codeOffset) const {
  if (codeOffset == 0)
    return code;
  auto it = std::lower_bound(
      resumePoints.begin(), resumePoints.end(), codeOffset,
      [](const ResumePoint &point, uint32_t at) { return point.codeOffset < at; });
  return it != resumePoints.end() && it->codeOffset == codeOffset ? code + it->nativeOffset
                                                                  : nullptr;
}

CompiledModule::CompiledModule(std::shared_ptr<const wasm::Module> module,
                               TranslationOptions options,
                               std::shared_ptr<FrameCompiler> frameCompiler,
                               bool framesOnRequest)
    : module_(std::move(module)), options_(options), frameCompiler_(std::move(frameCompiler)),
      framesOnRequest_(framesOnRequest), numFunctions_(module_->numDefinedFunctions()),
      functions_(std::make_unique<CompiledFunction[]>(numFunctions_)) {
  for (uint32_t i = 0; i < numFunctions_; ++i)
    functions_[i].index = module_->numImportedFunctions + i;
}

Status CompiledModule::ensureTranslated(uint32_t functionIndex) const {
  CompiledFunction &function = functions_[functionIndex - module_->numImportedFunctions];
  if (function.isTranslated())
    return Status::ok();
  std::lock_guard lock(mutex_);
  if (function.isTranslated()) // another thread was first
    return Status::ok();
  auto start = std::chrono::steady_clock::now();
  if (Status status = translateFunction(*module_, functionIndex, function, options_); !status)
    return status;
  if (frameCompiler_ && !framesOnRequest_)
    if (Status status = compileFrameCode(function); !status)
      return status;
  stats_.functions += 1;
  stats_.codeBytes += bodyBytes(functionIndex);
  stats_.codeWords += function.code.size();
  stats_.nanoseconds += nanosecondsSince(start);
  function.entry.store(function.code.data(), std::memory_order_release);
  return Status::ok();
}

Status CompiledModule::ensureFrameCode(uint32_t functionIndex) const {
  if (!frameCompiler_)
    return Error("no native tier compiles frame code in this configuration");
  if (Status status = ensureTranslated(functionIndex); !status)
    return status;
  CompiledFunction &function = functions_[functionIndex - module_->numImportedFunctions];
  if (function.frameCode.load(std::memory_order_acquire))
    return Status::ok();
  std::lock_guard lock(mutex_);
  if (function.frameCode.load(std::memory_order_relaxed)) // another thread was first
    return Status::ok();
  auto start = std::chrono::steady_clock::now();
  if (Status status = compileFrameCode(function); !status)
    return status;
  stats_.nanoseconds += nanosecondsSince(start);
  return Status::ok();
}

Status CompiledModule::compileFrameCode(CompiledFunction &function) const {
  auto native = frameCompiler_->compile(*module_, function);
  if (!native)
    return native.takeError();
  function.frameCode.store(native->release(), std::memory_order_release);
  stats_.framedFunctions += 1;
  stats_.framedCodeBytes += bodyBytes(function.index);
  return Status::ok();
}

uint32_t CompiledModule::bodyBytes(uint32_t functionIndex) const {
  const wasm::FunctionBody &body = module_->body(functionIndex);
  return body.codeEnd - body.bodyOffset;
}

uint64_t CompiledModule::nanosecondsSince(std::chrono::steady_clock::time_point start) {
  return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count());
}

Status CompiledModule::translateAll() const {
  for (uint32_t i = 0; i < numFunctions_; ++i)
    if (Status status = ensureTranslated(module_->numImportedFunctions + i); !status)
      return status;
  return Status::ok();
}

TranslationStats CompiledModule::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

} // namespace strata::interp
