/* Lua raises errors with longjmp, which WASI on WebAssembly 2.0 does not have: an error ends the
   program with its message (the benchmark script raises none). os.tmpname has no names to give. */
#pragma once
#include <stdio.h>
#include <stdlib.h>
#define LUAI_THROW(L, c) (fprintf(stderr, "lua: error: %s\n", lua_tostring(L, -1)), abort())
#define LUAI_TRY(L, c, a) { a }
#define luai_jmpbuf int
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) { b[0] = '\0'; e = 1; }
