#include "strata/profile/ChromeTrace.h"

#include "Json.h"

#include <sys/syscall.h>
#include <unistd.h>

namespace strata::profile {

namespace {
uint64_t currentThread() { return uint64_t(::syscall(SYS_gettid)); }

std::string unitName(const Event &event) {
  std::string name = "f" + std::to_string(event.function);
  if (event.loop != -1)
    name += "@loop" + std::to_string(event.loop);
  return name;
}

/// {"name":..,"ph":..,"ts":..,"pid":..,"tid":.. then `rest` (",..." or "") and "}".
std::string traceEvent(std::string_view name, char phase, double micros, int pid, uint64_t tid,
                       const std::string &rest) {
  std::string out = "{\"name\":";
  json::appendString(out, name);
  out += ",\"ph\":\"";
  out += phase;
  out += "\",\"ts\":";
  json::appendNumber(out, micros);
  out += ",\"pid\":";
  json::appendNumber(out, int64_t(pid));
  out += ",\"tid\":";
  json::appendNumber(out, tid);
  out += rest;
  out += '}';
  return out;
}

std::string nameMetadata(const char *what, int pid, uint64_t tid, const std::string &name) {
  std::string rest = ",\"args\":{\"name\":";
  json::appendString(rest, name);
  rest += '}';
  return traceEvent(what, 'M', 0, pid, tid, rest);
}

double micros(uint64_t ns) { return double(ns) / 1000.0; }
} // namespace

Expected<std::shared_ptr<ChromeTraceSink>> ChromeTraceSink::open(const std::string &path) {
  auto file = json::openOutput(path, "trace");
  if (!file)
    return file.takeError();
  return std::make_shared<ChromeTraceSink>(*file);
}

ChromeTraceSink::~ChromeTraceSink() {
  flush();
  std::fclose(file_);
}

void ChromeTraceSink::add(std::string object) { objects_.push_back(std::move(object)); }

void ChromeTraceSink::record(const Event &event) {
  uint64_t thread = currentThread();
  std::lock_guard lock(mutex_);
  if (written_)
    return;
  if (!threadsSeen_[thread]) {
    threadsSeen_[thread] = true;
    add(nameMetadata("thread_name", kThreadsView, thread, "thread " + std::to_string(thread)));
  }
  uint64_t track = uint64_t(event.function) + 1; // tid 0 is taken to mean "none" by viewers
  if (!functionsSeen_[event.function]) {
    functionsSeen_[event.function] = true;
    add(nameMetadata("thread_name", kFunctionsView, track, "f" + std::to_string(event.function)));
  }
  auto onBoth = [&](std::string_view name, char phase, double ts, const std::string &rest) {
    add(traceEvent(name, phase, ts, kThreadsView, thread, rest));
    add(traceEvent(name, phase, ts, kFunctionsView, track, rest));
  };
  std::string args = ",\"args\":{\"module\":";
  json::appendString(args, event.module);
  args += ",\"function\":";
  json::appendNumber(args, uint64_t(event.function));
  if (event.loop != -1) {
    args += ",\"loop\":";
    json::appendNumber(args, int64_t(event.loop));
  }
  const std::string instant = ",\"s\":\"t\"";
  switch (event.kind) {
  case EventKind::TierUpRequest:
    args += ",\"reason\":";
    json::appendString(args, event.reason);
    args += ",\"priority\":";
    json::appendNumber(args, int64_t(event.priority));
    args += event.background ? ",\"background\":true}" : ",\"background\":false}";
    onBoth("tier-up request " + unitName(event), 'i', micros(event.timeNs), instant + args);
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
    args += ",\"wasm_bytes\":";
    json::appendNumber(args, event.wasmBytes);
    args += ",\"code_bytes\":";
    json::appendNumber(args, event.codeBytes);
    args += ",\"queue_wait_ms\":";
    json::appendNumber(args, double(event.queueWaitNs) / 1e6);
    args += event.ok ? ",\"ok\":true" : ",\"ok\":false";
    if (!event.ok) {
      args += ",\"error\":";
      json::appendString(args, event.message);
    }
    args += '}';
    std::string duration = ",\"dur\":";
    json::appendNumber(duration, micros(event.timeNs - startNs));
    onBoth("compile " + unitName(event), 'X', micros(startNs), duration + args);
    // The stages, one after another from the start, nested in the slice.
    const std::pair<const char *, double> stages[] = {
        {"frontend", event.stages.frontend}, {"MLIR passes", event.stages.mlirPasses},
        {"to LLVM IR", event.stages.toLlvmIr}, {"LLVM optimization", event.stages.llvmOpt},
        {"codegen and linking", event.stages.codegen}};
    double at = micros(startNs);
    for (const auto &[stage, seconds] : stages) {
      std::string stageDuration = ",\"dur\":";
      json::appendNumber(stageDuration, seconds * 1e6);
      onBoth(stage, 'X', at, stageDuration);
      at += seconds * 1e6;
    }
    break;
  }
  case EventKind::CodeInstalled:
    onBoth("installed " + unitName(event), 'i', micros(event.timeNs), instant + args + "}");
    break;
  case EventKind::OsrEntry:
    onBoth("OSR entry " + unitName(event), 'i', micros(event.timeNs), instant + args + "}");
    break;
  case EventKind::Trap:
    args += ",\"message\":";
    json::appendString(args, event.message);
    onBoth("trap in " + unitName(event), 'i', micros(event.timeNs), instant + args + "}");
    break;
  }
}

void ChromeTraceSink::flush() {
  std::lock_guard lock(mutex_);
  if (written_)
    return;
  written_ = true;
  std::string out = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
  out += nameMetadata("process_name", kThreadsView, 0, "strata: threads");
  out += ",\n";
  out += nameMetadata("process_name", kFunctionsView, 0, "strata: functions");
  for (const std::string &object : objects_) {
    out += ",\n";
    out += object;
  }
  out += "\n]}\n";
  objects_.clear();
  if (std::fwrite(out.data(), 1, out.size(), file_) != out.size() || std::fflush(file_) != 0)
    failed_ = true;
}

bool ChromeTraceSink::ok() const {
  std::lock_guard lock(mutex_);
  return !failed_;
}

} // namespace strata::profile
