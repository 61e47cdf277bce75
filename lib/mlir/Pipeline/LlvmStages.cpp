// The LLVM half of the pipeline: target machines, translation to LLVM IR, the LLVM pipeline
// and machine code.
#include "Pipeline.h"

#include <map>

#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/PassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/IPO/FunctionAttrs.h"
#include "llvm/Transforms/IPO/Inliner.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/ADCE.h"
#include "llvm/Transforms/Scalar/DeadStoreElimination.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/GVN.h"
#include "llvm/Transforms/Scalar/IndVarSimplify.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/LoopDeletion.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/LoopRotation.h"
#include "llvm/Transforms/Scalar/LoopUnrollPass.h"
#include "llvm/Transforms/Scalar/Reassociate.h"
#include "llvm/Transforms/Scalar/SCCP.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Vectorize/LoopVectorize.h"
#include "llvm/Transforms/Vectorize/SLPVectorizer.h"
#include "llvm/Transforms/Vectorize/VectorCombine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

namespace strata::mlirtier::pipeline {

namespace {
/// Tail merging folds the identical instructions that end several blocks into one block they
/// all jump to. In an interpreter's dispatch loop that is the store ending each handler (a
/// faulting store is volatile, so it is not folded into the handler's arithmetic): the merged
/// block then falls into the loop header, which block placement no longer aligns, and every
/// handler takes one more jump. bytecode ran 1.8x slower for it (docs/mlir-tier.md). LLVM sets
/// this only on its command line, for every user of LLVM in the process.
void disableTailMerging() {
  llvm::StringMap<llvm::cl::Option *> &options = llvm::cl::getRegisteredOptions();
  auto option = options.find("enable-tail-merge");
  if (option != options.end())
    option->second->addOccurrence(0, "enable-tail-merge", "false");
}
} // namespace

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    // The two targets Strata generates code for (x86-64 and aarch64, JIT or AOT): linked
    // statically, every other target would be code and start-up work no one uses.
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
    disableTailMerging();
  });
}

std::string hostFeatures() {
  llvm::SubtargetFeatures result;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    result.AddFeature(feature.first(), feature.second);
  return result.getString();
}

namespace {

llvm::CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}
/// Function and call attributes every compiled unit needs.
void prepareFunctions(llvm::Module &module) {
  for (llvm::Function &function : module) {
    // Traps leave by longjmp, never by unwinding: no function throws.
    function.addFnAttr(llvm::Attribute::NoUnwind);
    if (function.isDeclaration())
      continue;
    // Unwind tables let a trap walk the Wasm frames to list them (lib/native/Frames.cpp); they
    // cost no instructions.
    function.setUWTableKind(llvm::UWTableKind::Async);
    // Calls within the unit need no PLT or GOT, even in position-independent code.
    function.setDSOLocal(true);
    // A Wasm call takes stack: turned into a jump (tail recursion elimination, sibling
    // calls), an unbounded recursion would loop forever instead of exhausting the stack.
    for (llvm::BasicBlock &block : function)
      for (llvm::Instruction &instruction : block)
        if (auto *call = llvm::dyn_cast<llvm::CallInst>(&instruction)) {
          llvm::Function *callee = call->getCalledFunction();
          if (!callee || !(callee->isIntrinsic() || callee->getName().starts_with("strata_rt_")))
            call->setTailCallKind(llvm::CallInst::TCK_NoTail);
        }
  }
}
} // namespace

std::string targetTriple(const CompileOptions &options) {
  return options.targetTriple.empty() ? llvm::sys::getProcessTriple()
                                      : llvm::Triple::normalize(options.targetTriple);
}

Expected<std::unique_ptr<llvm::TargetMachine>> createTargetMachine(const CompileOptions &options,
                                                                   bool forJit) {
  initializeTargets();
  bool host = options.targetTriple.empty();
  std::string triple = targetTriple(options);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return Error("target '" + triple + "': " + error);
  // The host gets its own CPU and features; another triple its baseline, so output for it
  // does not depend on the machine that made it.
  std::string cpu = host ? llvm::sys::getHostCPUName().str() : "generic";
  std::string features = host ? hostFeatures() : "";
  llvm::TargetOptions targetOptions;
  // Above level 0, only this asks for FastISel (short of -fast-isel on LLVM's command line).
  targetOptions.EnableFastISel = options.fastInstructionSelection;
  // Loop headers on a cache line: hot loops then run at the same speed wherever the JIT
  // places them (bytecode's dispatch loop moved by 20% with its offset; docs/mlir-tier.md).
  targetOptions.LoopAlignment = 64;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, cpu, features, targetOptions, llvm::Reloc::PIC_,
                                  std::nullopt, codeGenLevel(options.optLevel), forJit));
  if (!machine)
    return Error("no target machine for '" + triple + "'");
  return machine;
}

Expected<llvm::TargetMachine *> jitTargetMachine(const CompileOptions &options) {
  // One per setting that shapes the machine: the level and FastISel.
  using Key = std::pair<unsigned, bool>;
  thread_local std::map<Key, std::unique_ptr<llvm::TargetMachine>> machines;
  Key key{options.optLevel, options.fastInstructionSelection};
  auto found = machines.find(key);
  if (found != machines.end())
    return found->second.get();
  CompileOptions host = options;
  host.targetTriple.clear();
  auto machine = createTargetMachine(host, /*forJit=*/true);
  if (!machine)
    return machine.takeError();
  return machines.emplace(key, std::move(*machine)).first->second.get();
}

Expected<std::unique_ptr<llvm::Module>> translateToLLVMIR(::mlir::ModuleOp module,
                                                          llvm::LLVMContext &context,
                                                          llvm::TargetMachine &target) {
  std::string diagnostics;
  ::mlir::ScopedDiagnosticHandler handler(module.getContext(), [&](::mlir::Diagnostic &diag) {
    llvm::raw_string_ostream(diagnostics) << "\n  " << diag.getLocation() << ": " << diag;
    return ::mlir::success();
  });
  std::unique_ptr<llvm::Module> result = ::mlir::translateModuleToLLVMIR(module, context, "wasm");
  if (!result)
    return Error("translation to LLVM IR failed:" + diagnostics);
  result->setTargetTriple(target.getTargetTriple().str());
  result->setDataLayout(target.createDataLayout());
  prepareFunctions(*result);
  return result;
}

Expected<std::unique_ptr<llvm::Module>>
buildOptimizedLLVMIR(::mlir::OwningOpRef<::mlir::ModuleOp> module, llvm::LLVMContext &context,
                     llvm::TargetMachine &target, const CompileOptions &options,
                     uint64_t minMemoryBytes, StageTimes &times) {
  std::unique_ptr<llvm::Module> llvmModule;
  {
    StageTimer timer(times.toLlvmIr);
    auto result = translateToLLVMIR(*module, context, target);
    if (!result)
      return result.takeError();
    llvmModule = std::move(*result);
    module = nullptr;
  }
  StageTimer timer(times.llvmOpt);
  selectTargetInstructions(*llvmModule);
  optimizeLLVMIR(*llvmModule, target, options, minMemoryBytes);
  releaseFaultingLoads(*llvmModule);
  expandPolls(*llvmModule);
  return llvmModule;
}

namespace {

/// InstCombine, then ProvenAccesses where it still finds accesses to prove: after the first
/// two InstCombines of the simplification (inlined constants, then unrolled loops and GVN).
/// Later runs proved nothing on the program suite and 3 of 19,000 accesses on bzip2 and Lua,
/// for 35–60 ms each on those two (docs/mlir-tier.md).
enum class Proving { no, yes };
void addCombine(llvm::FunctionPassManager &passes, uint64_t minMemoryBytes, Proving proving) {
  passes.addPass(llvm::InstCombinePass());
  if (proving == Proving::yes)
    passes.addPass(ProvenAccessesPass(minMemoryBytes));
}

auto hoistLoopInvariants() {
  return llvm::createFunctionToLoopPassAdaptor(llvm::LICMPass(llvm::LICMOptions()),
                                               /*UseMemorySSA=*/true);
}

/// LlvmPipeline::Lean: the passes of Clang's pipeline that Wasm code needs, each run once or
/// twice where Clang runs InstCombine and SimplifyCFG six to eight times. Its parts below.
///
/// Simplification, run on each function bottom-up after calls into it were inlined (a lazy
/// unit's one function reaches others through the switchboard; an eager unit's call directly).
llvm::FunctionPassManager leanSimplification(unsigned optLevel, uint64_t minMemoryBytes) {
  llvm::FunctionPassManager passes;
  auto combine = [&](Proving proving) { addCombine(passes, minMemoryBytes, proving); };
  passes.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  passes.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/true));
  passes.addPass(llvm::SimplifyCFGPass());
  combine(Proving::yes);
  passes.addPass(llvm::ReassociatePass());
  llvm::LoopPassManager rotateAndHoist;
  rotateAndHoist.addPass(llvm::LoopRotatePass());
  rotateAndHoist.addPass(llvm::LICMPass(llvm::LICMOptions()));
  passes.addPass(
      llvm::createFunctionToLoopPassAdaptor(std::move(rotateAndHoist), /*UseMemorySSA=*/true));
  llvm::LoopPassManager simplifyLoops;
  simplifyLoops.addPass(llvm::IndVarSimplifyPass());
  simplifyLoops.addPass(llvm::LoopDeletionPass());
  simplifyLoops.addPass(llvm::LoopFullUnrollPass(int(optLevel)));
  passes.addPass(llvm::createFunctionToLoopPassAdaptor(std::move(simplifyLoops)));
  passes.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  passes.addPass(llvm::GVNPass());
  passes.addPass(llvm::SCCPPass());
  combine(Proving::yes);
  passes.addPass(llvm::DSEPass());
  passes.addPass(hoistLoopInvariants());
  passes.addPass(llvm::ADCEPass());
  // As Clang's last SimplifyCFG: switches to lookup tables and identical blocks (traps) merged.
  passes.addPass(llvm::SimplifyCFGPass(llvm::SimplifyCFGOptions()
                                           .convertSwitchRangeToICmp(true)
                                           .convertSwitchToLookupTable(true)
                                           .needCanonicalLoops(false)
                                           .hoistCommonInsts(true)
                                           .sinkCommonInsts(true)));
  combine(Proving::no);
  return passes;
}

/// Vectorization, from -O2 on, once every function is simplified.
llvm::FunctionPassManager leanVectorization(unsigned optLevel) {
  llvm::FunctionPassManager passes;
  auto combine = [&] { passes.addPass(llvm::InstCombinePass()); };
  passes.addPass(VersionFaultingLoopsPass());
  passes.addPass(llvm::LoopVectorizePass(llvm::LoopVectorizeOptions()));
  combine();
  passes.addPass(llvm::SLPVectorizerPass());
  // Folds the vectorizer's de-interleaving shuffles where a loop's lanes line up again
  // (matmul: 2x slower without it).
  passes.addPass(llvm::VectorCombinePass());
  passes.addPass(llvm::LoopUnrollPass(llvm::LoopUnrollOptions(int(optLevel))));
  combine();
  passes.addPass(hoistLoopInvariants());
  passes.addPass(llvm::SimplifyCFGPass());
  return passes;
}

llvm::ModulePassManager leanPipeline(unsigned optLevel, uint64_t minMemoryBytes) {
  llvm::ModulePassManager passes;
  llvm::ModuleInlinerWrapperPass inliner(llvm::getInlineParams(optLevel, /*SizeOptLevel=*/0));
  inliner.getPM().addPass(
      llvm::createCGSCCToFunctionPassAdaptor(leanSimplification(optLevel, minMemoryBytes)));
  // What a simplified function reads, writes and captures, for its callers in the unit.
  inliner.getPM().addPass(llvm::PostOrderFunctionAttrsPass());
  passes.addPass(std::move(inliner));
  if (optLevel >= 2)
    passes.addPass(
        llvm::createModuleToFunctionPassAdaptor(leanVectorization(optLevel)));
  return passes;
}

} // namespace

void optimizeLLVMIR(llvm::Module &module, llvm::TargetMachine &target,
                    const CompileOptions &options, uint64_t minMemoryBytes) {
  unsigned optLevel = options.optLevel;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  // As clang does: the vectorizers from -O2 on.
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  llvm::PassBuilder builder(&target, tuning);
  builder.registerPeepholeEPCallback(
      [minMemoryBytes](llvm::FunctionPassManager &passes, llvm::OptimizationLevel) {
        passes.addPass(ProvenAccessesPass(minMemoryBytes));
      });
  if (optLevel >= 2)
    builder.registerVectorizerStartEPCallback(
        [](llvm::FunctionPassManager &passes, llvm::OptimizationLevel) {
          passes.addPass(VersionFaultingLoopsPass());
        });
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::OptimizationLevel level = optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager passes;
  if (optLevel == 0)
    passes = builder.buildO0DefaultPipeline(level);
  else if (options.pipeline == LlvmPipeline::Clang)
    passes = builder.buildPerModuleDefaultPipeline(level);
  else
    passes = leanPipeline(optLevel, minMemoryBytes);
  passes.run(module, modules);
}

Expected<llvm::SmallVector<char, 0>>
emitMachineCode(llvm::Module &module, llvm::TargetMachine &target, llvm::CodeGenFileType type) {
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream out(buffer);
  llvm::legacy::PassManager passes;
  if (target.addPassesToEmitFile(passes, out, nullptr, type))
    return Error("the target cannot emit this kind of file");
  passes.run(module);
  return buffer;
}

std::unique_ptr<llvm::object::ObjectFile> parseObject(llvm::StringRef bytes) {
  auto file =
      llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(bytes, "wasm-unit"));
  if (!file) {
    llvm::consumeError(file.takeError());
    return nullptr;
  }
  return std::move(*file);
}

uint64_t codeBytes(const llvm::object::ObjectFile &object) {
  uint64_t bytes = 0;
  for (const llvm::object::SectionRef &section : object.sections())
    if (section.isText())
      bytes += section.getSize();
  return bytes;
}

} // namespace strata::mlirtier::pipeline
