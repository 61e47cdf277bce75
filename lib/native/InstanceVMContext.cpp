#include "strata/native/InstanceVMContext.h"

#include "strata/native/GuardPages.h"
#include "strata/runtime/Global.h"

namespace strata::native {

InstanceVMContext::InstanceVMContext(runtime::ModuleInstance &instance,
                                     bool guardPages)
    : guardPages_(guardPages) {
  for (runtime::GlobalInstance *global : instance.globals())
    globals_.push_back(global->slots());
  for (uint32_t i = 0; i < instance.module().types.size(); ++i)
    typeIds_.push_back(instance.typeId(i));
  vmctx_.memory = instance.memories().empty() ? nullptr : instance.memory(0);
  vmctx_.globals = globals_.data();
  vmctx_.functions = instance.functions().data();
  vmctx_.tables = instance.tables().data();
  vmctx_.typeIds = typeIds_.data();
  vmctx_.limitsThreadOffset = runtime::nativeLimitsThreadOffset();
  vmctx_.instance = &instance;
  if (guardPages_ && vmctx_.memory)
    registerGuardedMemory(vmctx_.memory);
}

InstanceVMContext::~InstanceVMContext() {
  if (guardPages_ && vmctx_.memory)
    unregisterGuardedMemory(vmctx_.memory);
}

} // namespace strata::native
