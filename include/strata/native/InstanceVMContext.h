// An instance's VMContext, the table native code reads an instance through (memory, globals,
// functions, tables, type ids), with the arrays it points into. Depends on runtime/.
#pragma once

#include "strata/runtime/Instance.h"
#include "strata/runtime/VMContext.h"

#include <cstdint>
#include <vector>

namespace strata::native {

/// With `guardPages` the instance's memory is registered with the guard-page handler while the
/// context lives.
class InstanceVMContext {
public:
  InstanceVMContext(runtime::ModuleInstance &instance, bool guardPages);
  ~InstanceVMContext();
  InstanceVMContext(const InstanceVMContext &) = delete;
  InstanceVMContext &operator=(const InstanceVMContext &) = delete;

  runtime::VMContext &get() { return vmctx_; }

private:
  runtime::VMContext vmctx_;
  std::vector<uint64_t *> globals_;
  std::vector<uint32_t> typeIds_;
  bool guardPages_;
};

} // namespace strata::native
