#include "strata/profile/JsonLines.h"

#include "Json.h"

namespace strata::profile {

Expected<std::shared_ptr<JsonLinesSink>> JsonLinesSink::open(const std::string &path) {
  auto file = json::openOutput(path, "event");
  if (!file)
    return file.takeError();
  return std::make_shared<JsonLinesSink>(*file);
}

JsonLinesSink::~JsonLinesSink() {
  if (file_)
    std::fclose(file_);
}

std::string JsonLinesSink::format(const Event &event) {
  std::string line;
  line.reserve(160);
  line += "{\"event\":\"";
  line += eventKindName(event.kind);
  line += "\",\"t_ns\":";
  json::appendNumber(line, event.timeNs);
  line += ",\"module\":";
  json::appendString(line, event.module);
  line += ",\"function\":";
  json::appendNumber(line, uint64_t(event.function));
  if (event.loop != -1) {
    line += ",\"loop\":";
    json::appendNumber(line, int64_t(event.loop));
  }
  line += ",\"functions\":";
  json::appendNumber(line, uint64_t(event.functions));
  switch (event.kind) {
  case EventKind::TierUpRequest:
    line += ",\"reason\":";
    json::appendString(line, event.reason);
    line += ",\"priority\":";
    json::appendNumber(line, int64_t(event.priority));
    line += event.background ? ",\"background\":true" : ",\"background\":false";
    break;
  case EventKind::CompileEnd:
    line += ",\"queue_wait_ns\":";
    json::appendNumber(line, event.queueWaitNs);
    line += ",\"stages\":";
    json::appendStages(line, event.stages);
    line += ",\"code_bytes\":";
    json::appendNumber(line, event.codeBytes);
    line += ",\"wasm_bytes\":";
    json::appendNumber(line, event.wasmBytes);
    line += event.ok ? ",\"ok\":true" : ",\"ok\":false";
    if (!event.ok) {
      line += ",\"error\":";
      json::appendString(line, event.message);
    }
    break;
  case EventKind::Trap:
    line += ",\"message\":";
    json::appendString(line, event.message);
    break;
  case EventKind::CompileStart:
  case EventKind::CodeInstalled:
  case EventKind::OsrEntry:
    break;
  }
  line += '}';
  return line;
}

void JsonLinesSink::record(const Event &event) {
  // Format outside the lock: only the write is serialized, so lines never interleave.
  std::string line = format(event);
  line += '\n';
  std::lock_guard lock(mutex_);
  if (failed_)
    return;
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size())
    failed_ = true;
}

void JsonLinesSink::flush() {
  std::lock_guard lock(mutex_);
  if (std::fflush(file_) != 0 || std::ferror(file_))
    failed_ = true;
}

bool JsonLinesSink::ok() const {
  std::lock_guard lock(mutex_);
  return !failed_;
}

} // namespace strata::profile
