#!/bin/sh
# Generates SQLite's amalgamation (sqlite3.c, sqlite3.h, shell.c) from its source tree SRC into
# OUT, as SQLite's own release does: configure and `make sqlite3.c shell.c` (native cc, tclsh).
set -e
src="$1"
out="$2"
mkdir -p "$out"
cd "$out"
"$src/configure" --disable-tcl >configure.log 2>&1
make sqlite3.c shell.c >make.log 2>&1
