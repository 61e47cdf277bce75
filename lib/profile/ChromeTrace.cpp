#include "strata/profile/ChromeTrace.h"

#include "JsonValues.h"
#include "OutputFile.h"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serializer.hpp>

#include <span>

#include <sys/syscall.h>
#include <unistd.h>

namespace strata::profile {

/// Every event stays until the trace is written, so they share one arena: no allocator
/// overhead per string and object, and one release at the end.
struct ChromeTraceSink::Trace {
  boost::json::monotonic_resource memory;
  boost::json::array events = boost::json::array(&memory);
};

namespace {
uint64_t currentThread() { return uint64_t(::syscall(SYS_gettid)); }

std::string unitName(const Event &event) {
  std::string name = "f" + std::to_string(event.function);
  if (event.loop != -1)
    name += "@loop" + std::to_string(event.loop);
  return name;
}

/// {"name":..,"ph":..,"ts":..,"pid":..,"tid":..} followed by the fields of `more`.
boost::json::object traceEvent(std::string_view name, char phase, double micros, int pid,
                               uint64_t tid, const boost::json::object &more,
                               boost::json::storage_ptr storage) {
  boost::json::object event(std::move(storage));
  event.reserve(5 + more.size());
  event["name"] = name;
  event["ph"] = std::string_view(&phase, 1);
  event["ts"] = finiteNumber(micros);
  event["pid"] = pid;
  event["tid"] = tid;
  for (const boost::json::key_value_pair &field : more)
    event.emplace(field.key(), field.value());
  return event;
}

boost::json::object nameMetadata(std::string_view what, int pid, uint64_t tid,
                                 std::string_view name, boost::json::storage_ptr storage) {
  return traceEvent(what, 'M', 0, pid, tid, {{"args", {{"name", name}}}}, std::move(storage));
}

double micros(uint64_t ns) { return double(ns) / 1000.0; }
} // namespace

Expected<std::shared_ptr<ChromeTraceSink>> ChromeTraceSink::open(const std::string &path) {
  auto file = openOutput(path, "trace");
  if (!file)
    return file.takeError();
  return std::make_shared<ChromeTraceSink>(*file);
}

ChromeTraceSink::ChromeTraceSink(std::FILE *file)
    : file_(file), trace_(std::make_unique<Trace>()) {
  boost::json::array &events = trace_->events;
  events.emplace_back(
      nameMetadata("process_name", kThreadsView, 0, "strata: threads", events.storage()));
  events.emplace_back(
      nameMetadata("process_name", kFunctionsView, 0, "strata: functions", events.storage()));
}

ChromeTraceSink::~ChromeTraceSink() {
  flush();
  std::fclose(file_);
}

void ChromeTraceSink::record(const Event &event) {
  uint64_t thread = currentThread();
  std::lock_guard lock(mutex_);
  if (written_)
    return;
  boost::json::array &events = trace_->events;
  boost::json::storage_ptr arena = events.storage();
  if (!threadsSeen_[thread]) {
    threadsSeen_[thread] = true;
    events.emplace_back(nameMetadata("thread_name", kThreadsView, thread,
                                     "thread " + std::to_string(thread), arena));
  }
  uint64_t track = uint64_t(event.function) + 1; // tid 0 is taken to mean "none" by viewers
  if (!functionsSeen_[event.function]) {
    functionsSeen_[event.function] = true;
    events.emplace_back(nameMetadata("thread_name", kFunctionsView, track,
                                     "f" + std::to_string(event.function), arena));
  }
  auto onBoth = [&](std::string_view name, char phase, double ts,
                    const boost::json::object &more) {
    events.emplace_back(traceEvent(name, phase, ts, kThreadsView, thread, more, arena));
    events.emplace_back(traceEvent(name, phase, ts, kFunctionsView, track, more, arena));
  };
  // Built on the heap and copied into the arena by each event that holds them.
  boost::json::object args;
  args["module"] = validUtf8(event.module);
  args["function"] = event.function;
  if (event.loop != -1)
    args["loop"] = event.loop;
  if (carriesTier(event.kind))
    args["tier"] = event.tier;
  auto instant = [&](const std::string &name) {
    onBoth(name, 'i', micros(event.timeNs), {{"s", "t"}, {"args", args}});
  };
  switch (event.kind) {
  case EventKind::TierUpRequest:
    args["reason"] = validUtf8(event.reason);
    args["priority"] = event.priority;
    args["background"] = event.background;
    instant("tier-up request " + unitName(event));
    break;
  case EventKind::CompileStart:
    compileStartNs_[thread] = event.timeNs;
    break;
  case EventKind::CompileEnd: {
    // A thread compiles one unit at a time: the slice runs from its start on this thread.
    uint64_t totalNs = uint64_t(event.stages.total() * 1e9);
    auto start = compileStartNs_.find(thread);
    uint64_t startNs = start != compileStartNs_.end() ? start->second
                       : event.timeNs > totalNs      ? event.timeNs - totalNs
                                                     : 0;
    if (start != compileStartNs_.end())
      compileStartNs_.erase(start);
    args["wasm_bytes"] = event.wasmBytes;
    args["code_bytes"] = event.codeBytes;
    args["queue_wait_ms"] = double(event.queueWaitNs) / 1e6;
    args["ok"] = event.ok;
    if (!event.ok)
      args["error"] = validUtf8(event.message);
    onBoth("compile " + unitName(event), 'X', micros(startNs),
           {{"dur", micros(event.timeNs - startNs)}, {"args", args}});
    // The tier's stages, one after another from the start, nested in the slice.
    const std::pair<const char *, double> mlirStages[] = {
        {"frontend", event.stages.frontend}, {"MLIR passes", event.stages.mlirPasses},
        {"to LLVM IR", event.stages.toLlvmIr}, {"LLVM optimization", event.stages.llvmOpt},
        {"codegen and linking", event.stages.codegen}};
    const std::pair<const char *, double> baselineStages[] = {{"stencils", event.stages.stencils}};
    std::span<const std::pair<const char *, double>> stages = mlirStages;
    if (event.tier != kOptimizingTier) // a frame tier (interp/FrameTiers.h)
      stages = baselineStages;
    double at = micros(startNs);
    for (const auto &[stage, seconds] : stages) {
      onBoth(stage, 'X', at, {{"dur", finiteNumber(seconds * 1e6)}});
      at += seconds * 1e6;
    }
    break;
  }
  case EventKind::CodeInstalled:
    instant("installed " + unitName(event));
    break;
  case EventKind::OsrEntry:
    instant("OSR entry " + unitName(event));
    break;
  case EventKind::Trap:
    args["message"] = validUtf8(event.message);
    instant("trap in " + unitName(event));
    break;
  }
}

void ChromeTraceSink::flush() {
  std::lock_guard lock(mutex_);
  if (written_)
    return;
  written_ = true;
  {
    boost::json::object trace(trace_->events.storage());
    trace["displayTimeUnit"] = "ms";
    trace["traceEvents"] = std::move(trace_->events);
    // Written a piece at a time: a long run's trace is never copied into one string.
    boost::json::serializer serializer;
    serializer.reset(&trace);
    char piece[16384];
    while (!serializer.done() && !failed_) {
      boost::json::string_view text = serializer.read(piece, sizeof piece);
      failed_ = std::fwrite(text.data(), 1, text.size(), file_) != text.size();
    }
  }
  if (std::fputc('\n', file_) == EOF || std::fflush(file_) != 0)
    failed_ = true;
  trace_.reset(); // later events are dropped, so the arena can go now
}

bool ChromeTraceSink::ok() const {
  std::lock_guard lock(mutex_);
  return !failed_;
}

} // namespace strata::profile
