// The generated tables. This file includes nothing that declares libc's functions, since the
// generated code declares the ones the stencils call by their plain names.
#include "StencilTable.h"

#include "Stencils.inc"
