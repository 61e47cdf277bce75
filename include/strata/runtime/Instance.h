// placeholder replaced by the runtime area
#pragma once
namespace strata::runtime { class FunctionInstance; class ModuleInstance; class GlobalInstance; struct CallContext; }
