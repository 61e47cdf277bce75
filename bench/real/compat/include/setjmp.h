/* WASI on WebAssembly 2.0 has no setjmp (it needs the exception-handling proposal). Programs
   that include this header replace their jumps (compat/lua.h); the type is only declared. */
#pragma once
typedef int jmp_buf[1];
