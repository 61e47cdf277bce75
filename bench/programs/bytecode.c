/* A tiny stack-machine interpreter (switch dispatch) running a program that sums a
 * Collatz-style sequence length over a range of starting values. */
#include "bench.h"

#define LIMIT BENCH_SIZE(300, 50000)

enum Op {
  kPush,  /* push imm */
  kLoad,  /* push var[imm] */
  kStore, /* var[imm] = pop */
  kAdd,
  kSub,
  kMul,
  kAnd,
  kShr,   /* a >> b */
  kLt,    /* a < b */
  kEq,    /* a == b */
  kJump,  /* pc = imm */
  kJumpZ, /* if pop == 0: pc = imm */
  kHalt,
};

typedef struct {
  uint8_t op;
  int32_t imm;
} Insn;

enum { kN, kX, kSteps, kTotal };

/* total = sum over n in [1, LIMIT) of the Collatz steps of n; the comments give each
 * instruction's index, which the jumps use. */
static const Insn kProgram[] = {
    /* 0 */ {kPush, 1},
    {kStore, kN},
    {kPush, 0},
    {kStore, kTotal},
    /* 4: while n < LIMIT */ {kLoad, kN},
    {kPush, LIMIT},
    {kLt, 0},
    {kJumpZ, 45},
    /* 8 */ {kLoad, kN},
    {kStore, kX},
    {kPush, 0},
    {kStore, kSteps},
    /* 12: while x != 1 */ {kLoad, kX},
    {kPush, 1},
    {kEq, 0},
    {kJumpZ, 17},
    {kJump, 36},
    /* 17: odd? */ {kLoad, kX},
    {kPush, 1},
    {kAnd, 0},
    {kJumpZ, 27},
    /* 21: 3x + 1 */ {kLoad, kX},
    {kPush, 3},
    {kMul, 0},
    {kPush, 1},
    {kAdd, 0},
    {kJump, 30},
    /* 27: x >> 1 */ {kLoad, kX},
    {kPush, 1},
    {kShr, 0},
    /* 30 */ {kStore, kX},
    {kLoad, kSteps},
    {kPush, 1},
    {kAdd, 0},
    {kStore, kSteps},
    /* 35 */ {kJump, 12},
    /* 36: total += steps, ++n */ {kLoad, kTotal},
    {kLoad, kSteps},
    {kAdd, 0},
    {kStore, kTotal},
    {kLoad, kN},
    {kPush, 1},
    {kAdd, 0},
    {kStore, kN},
    {kJump, 4},
    /* 45 */ {kHalt, 0},
};

static int64_t execute(void) {
  int64_t stack[16], vars[4] = {0, 0, 0, 0};
  int sp = 0, pc = 0;
  for (;;) {
    Insn insn = kProgram[pc++];
    switch (insn.op) {
    case kPush:
      stack[sp++] = insn.imm;
      break;
    case kLoad:
      stack[sp++] = vars[insn.imm];
      break;
    case kStore:
      vars[insn.imm] = stack[--sp];
      break;
    case kAdd:
      --sp;
      stack[sp - 1] += stack[sp];
      break;
    case kSub:
      --sp;
      stack[sp - 1] -= stack[sp];
      break;
    case kMul:
      --sp;
      stack[sp - 1] *= stack[sp];
      break;
    case kAnd:
      --sp;
      stack[sp - 1] &= stack[sp];
      break;
    case kShr:
      --sp;
      stack[sp - 1] >>= stack[sp];
      break;
    case kLt:
      --sp;
      stack[sp - 1] = stack[sp - 1] < stack[sp];
      break;
    case kEq:
      --sp;
      stack[sp - 1] = stack[sp - 1] == stack[sp];
      break;
    case kJump:
      pc = insn.imm;
      break;
    case kJumpZ:
      if (stack[--sp] == 0)
        pc = insn.imm;
      break;
    case kHalt:
      return vars[kTotal] * 1000003 + vars[kN];
    }
  }
}

BENCH_RUN int64_t run(void) { return execute(); }
