#include "strata/profile/Summary.h"

#include "JsonValues.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace strata::profile {

void StatsCollector::record(const Event &event) {
  std::lock_guard lock(mutex_);
  if (event.tier != kOptimizingTier) { // the frame tier below it: baseline, or a plug-in
    Stats::Baseline &b = stats_.baseline;
    if (event.kind == EventKind::TierUpRequest) {
      ++b.tierUps;
    } else if (event.kind == EventKind::CompileEnd) {
      b.seconds += event.stages.total();
      if (!event.ok) {
        ++b.failed;
        return;
      }
      b.functions += event.functions;
      b.codeBytes += event.codeBytes;
      b.wasmBytes += event.wasmBytes;
    }
    return;
  }
  switch (event.kind) {
  case EventKind::TierUpRequest:
    ++stats_.tierUps;
    ++stats_.tierUpsByReason[std::string(event.reason)];
    break;
  case EventKind::CompileStart:
    break; // compile-end carries the queue wait and the cost
  case EventKind::CompileEnd: {
    Stats::Compilations &c = stats_.compilations;
    ++c.count;
    // A failed compilation still cost its time and its wait.
    c.seconds += event.stages.total();
    c.stages.frontend += event.stages.frontend;
    c.stages.mlirPasses += event.stages.mlirPasses;
    c.stages.toLlvmIr += event.stages.toLlvmIr;
    c.stages.llvmOpt += event.stages.llvmOpt;
    c.stages.codegen += event.stages.codegen;
    c.queueWaitNsTotal += event.queueWaitNs;
    c.queueWaitNsMax = std::max(c.queueWaitNsMax, event.queueWaitNs);
    if (!event.ok) {
      ++c.failed;
      break;
    }
    c.functions += event.functions;
    if (event.loop >= 0)
      ++c.osr;
    c.codeBytes += event.codeBytes;
    c.wasmBytes += event.wasmBytes;
    break;
  }
  case EventKind::CodeInstalled:
    ++stats_.installs;
    break;
  case EventKind::OsrEntry:
    ++stats_.osrEntries;
    ++stats_.osrEntriesByLoop[{event.function, event.loop}];
    break;
  case EventKind::Trap:
    ++stats_.traps;
    break;
  }
}

Stats StatsCollector::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

namespace {

void sortAndCut(std::vector<FunctionCount> &functions) {
  std::stable_sort(functions.begin(), functions.end(),
                   [](const FunctionCount &a, const FunctionCount &b) {
                     if (a.calls != b.calls)
                       return a.calls > b.calls;
                     return a.function < b.function;
                   });
  if (functions.size() > StatsCollector::kTopFunctions)
    functions.resize(StatsCollector::kTopFunctions);
}

void appendf(std::string &out, const char *format, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string &out, const char *format, ...) {
  char buffer[256];
  va_list args;
  va_start(args, format);
  int length = std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  if (length > 0)
    out.append(buffer, std::min<size_t>(size_t(length), sizeof buffer - 1));
}

std::string functionLabel(const FunctionCount &f) {
  std::string label = f.name.empty() ? "func" : f.name;
  return label + "[" + std::to_string(f.function) + "]";
}

} // namespace

std::string StatsCollector::summaryJson(const TierTimes &times,
                                        std::vector<FunctionCount> topByCalls) const {
  Stats s = stats();
  sortAndCut(topByCalls);
  const Stats::Compilations &c = s.compilations;

  boost::json::object reasons;
  for (const auto &[reason, count] : s.tierUpsByReason)
    reasons[validUtf8(reason)] = count;
  boost::json::array osrLoops;
  for (const auto &[key, count] : s.osrEntriesByLoop)
    osrLoops.push_back(
        boost::json::object{{"function", key.first}, {"loop", key.second}, {"entries", count}});
  boost::json::array topFunctions;
  for (const FunctionCount &f : topByCalls)
    topFunctions.push_back(boost::json::object{{"function", f.function},
                                               {"name", validUtf8(f.name)},
                                               {"calls", f.calls},
                                               {"native", f.native}});

  boost::json::object summary{
      {"tier_seconds",
       {{"interpreter", finiteNumber(times.interpreterSeconds)},
        {"native", finiteNumber(times.nativeSeconds)}}},
      {"tier_ups", s.tierUps},
      {"tier_up_reasons", std::move(reasons)},
      {"compilations",
       {{"count", c.count},
        {"failed", c.failed},
        {"functions", c.functions},
        {"osr", c.osr},
        {"seconds", finiteNumber(c.seconds)},
        {"stages", stagesObject(c.stages)},
        {"queue_wait_ms_total", double(c.queueWaitNsTotal) / 1e6},
        {"queue_wait_ms_max", double(c.queueWaitNsMax) / 1e6},
        {"code_bytes", c.codeBytes},
        {"wasm_bytes", c.wasmBytes}}},
      {"baseline",
       {{"tier_ups", s.baseline.tierUps},
        {"failed", s.baseline.failed},
        {"functions", s.baseline.functions},
        {"seconds", finiteNumber(s.baseline.seconds)},
        {"code_bytes", s.baseline.codeBytes},
        {"wasm_bytes", s.baseline.wasmBytes}}},
      {"installs", s.installs},
      {"osr_entries", s.osrEntries},
      {"osr_loops", std::move(osrLoops)},
      {"traps", s.traps},
      {"top_functions", std::move(topFunctions)},
  };
  return boost::json::serialize(summary);
}

std::string StatsCollector::summaryText(const TierTimes &times,
                                        std::vector<FunctionCount> topByCalls) const {
  Stats s = stats();
  sortAndCut(topByCalls);
  const Stats::Compilations &c = s.compilations;

  std::string out = "strata: tiered engine summary\n";
  appendf(out, "  time in tiers      interpreter %.3f s, native %.3f s\n", times.interpreterSeconds,
          times.nativeSeconds);
  appendf(out, "  tier-up requests   %llu", static_cast<unsigned long long>(s.tierUps));
  if (!s.tierUpsByReason.empty()) {
    out += " (";
    bool first = true;
    for (const auto &[reason, count] : s.tierUpsByReason) {
      if (!first)
        out += ", ";
      first = false;
      appendf(out, "%s: %llu", reason.empty() ? "?" : reason.c_str(),
              static_cast<unsigned long long>(count));
    }
    out += ')';
  }
  out += '\n';
  appendf(out, "  compilations       %llu (failed %llu, functions %llu, osr %llu)\n",
          static_cast<unsigned long long>(c.count), static_cast<unsigned long long>(c.failed),
          static_cast<unsigned long long>(c.functions), static_cast<unsigned long long>(c.osr));
  appendf(out, "  compile time       %.3f s\n", c.seconds);
  appendf(out,
          "    by stage         frontend %.3f, mlir passes %.3f, to llvm ir %.3f, llvm opt %.3f, "
          "codegen %.3f\n",
          c.stages.frontend, c.stages.mlirPasses, c.stages.toLlvmIr, c.stages.llvmOpt,
          c.stages.codegen);
  appendf(out, "  queue wait         total %.3f ms, max %.3f ms\n",
          double(c.queueWaitNsTotal) / 1e6, double(c.queueWaitNsMax) / 1e6);
  appendf(out, "  code               %llu bytes native from %llu bytes wasm\n",
          static_cast<unsigned long long>(c.codeBytes),
          static_cast<unsigned long long>(c.wasmBytes));
  if (s.baseline.tierUps)
    appendf(out,
            "  baseline tier      %llu functions (failed %llu), %.3f s, %llu bytes native from "
            "%llu bytes wasm\n",
            static_cast<unsigned long long>(s.baseline.functions),
            static_cast<unsigned long long>(s.baseline.failed), s.baseline.seconds,
            static_cast<unsigned long long>(s.baseline.codeBytes),
            static_cast<unsigned long long>(s.baseline.wasmBytes));
  appendf(out, "  installs           %llu\n", static_cast<unsigned long long>(s.installs));
  appendf(out, "  osr entries        %llu", static_cast<unsigned long long>(s.osrEntries));
  if (!s.osrEntriesByLoop.empty())
    appendf(out, " (at %zu loop%s)", s.osrEntriesByLoop.size(),
            s.osrEntriesByLoop.size() == 1 ? "" : "s");
  out += '\n';
  appendf(out, "  traps              %llu\n", static_cast<unsigned long long>(s.traps));
  if (!topByCalls.empty()) {
    appendf(out, "  %-34s %12s  %s\n", "top functions", "calls", "tier");
    for (const FunctionCount &f : topByCalls) {
      std::string label = functionLabel(f);
      if (label.size() > 32)
        label = label.substr(0, 29) + "...";
      appendf(out, "    %-32s %12llu  %s\n", label.c_str(),
              static_cast<unsigned long long>(f.calls), f.native ? "native" : "interp");
    }
  }
  return out;
}

} // namespace strata::profile
