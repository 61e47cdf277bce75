#!/usr/bin/env python3
"""Writes a GLSL compute shader with COUNT functions, deterministic, as an input of spirv-opt
large enough to keep its optimizer busy: each function runs a loop over a state struct (buffer
loads, vector arithmetic, built-in functions, a branch), a third of them call an earlier one,
and main calls them all, so that inlining, scalar replacement, SSA rewriting and dead-code
elimination have work across thousands of instructions.

  shader.py COUNT OUTPUT.comp
"""
import sys

BUILTINS = ["sin", "cos", "abs", "fract", "sqrt", "exp2", "floor"]


def generate(count):
    state = 1

    def below(n):
        nonlocal state
        state = (state * 1103515245 + 12345) % 2147483648
        return (state >> 8) % n

    def builtin():
        return BUILTINS[below(len(BUILTINS))]

    lines = ["#version 450",
             "layout(local_size_x = 64) in;",
             "layout(std430, binding = 0) readonly buffer Input { float values[]; } inputs;",
             "layout(std430, binding = 1) buffer Output { vec4 values[]; } outputs;",
             "layout(push_constant) uniform Parameters { float scale; int rounds; } parameters;",
             "struct State { vec4 position; vec4 velocity; float weight; int steps; };"]
    for k in range(count):
        callee = below(k) if k and below(3) == 0 else None
        swizzle = "".join("xyzw"[below(4)] for _ in range(4))
        lines += [f"State step{k}(State s, float t) {{",
                  f"  for (int i = 0; i < {2 + below(6)}; ++i) {{",
                  f"    float x = inputs.values[(s.steps + i * {1 + below(7)}) & 1023];",
                  f"    s.velocity = s.velocity * {0.5 + below(100) / 200.0:.3f}"
                  f" + vec4(x, t, {builtin()}(x), s.weight);",
                  f"    if (s.velocity.{'xyzw'[below(4)]} > {below(10) / 5.0:.1f}) {{",
                  f"      s.position += {builtin()}(s.velocity.{swizzle});",
                  "    } else {",
                  f"      s.weight = mix(s.weight, x, {below(100) / 100.0:.2f});",
                  "    }",
                  "    s.steps += 1;",
                  "  }"]
        if callee is not None:
            factor = 0.5 + below(10) / 10.0
            lines.append(f"  if (s.weight > t) s = step{callee}(s, t * {factor:.1f});")
        lines += ["  return s;", "}"]
    lines += ["void main() {",
              "  uint id = gl_GlobalInvocationID.x;",
              "  State s = State(vec4(inputs.values[id & 1023]), vec4(0.0), parameters.scale, 0);",
              "  for (int r = 0; r < parameters.rounds; ++r) {"]
    lines += [f"    s = step{k}(s, float(r) * {below(100) / 50.0:.2f});" for k in range(count)]
    lines += ["  }", "  outputs.values[id] = s.position + s.velocity * s.weight;", "}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(sys.argv[2], "w") as f:
        f.write(generate(int(sys.argv[1])))
