#include "strata/profile/JsonLines.h"

#include "JsonValues.h"
#include "OutputFile.h"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

namespace strata::profile {

Expected<std::shared_ptr<JsonLinesSink>> JsonLinesSink::open(const std::string &path) {
  auto file = openOutput(path, "event");
  if (!file)
    return file.takeError();
  return std::make_shared<JsonLinesSink>(*file);
}

JsonLinesSink::~JsonLinesSink() {
  if (file_)
    std::fclose(file_);
}

std::string JsonLinesSink::format(const Event &event) {
  // Events come often: a line's values live in a buffer on the stack rather than the heap.
  unsigned char buffer[2048];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  boost::json::object line(&memory);
  line.reserve(12);
  line["event"] = eventKindName(event.kind);
  line["t_ns"] = event.timeNs;
  line["module"] = validUtf8(event.module, line.storage());
  line["function"] = event.function;
  if (event.loop != -1)
    line["loop"] = event.loop;
  line["functions"] = event.functions;
  if (carriesTier(event.kind))
    line["tier"] = event.tier;
  switch (event.kind) {
  case EventKind::TierUpRequest:
    line["reason"] = validUtf8(event.reason, line.storage());
    line["priority"] = event.priority;
    line["background"] = event.background;
    break;
  case EventKind::CompileEnd:
    line["queue_wait_ns"] = event.queueWaitNs;
    line["stages"] = stagesObject(event.stages, line.storage());
    line["code_bytes"] = event.codeBytes;
    line["wasm_bytes"] = event.wasmBytes;
    line["ok"] = event.ok;
    if (!event.ok)
      line["error"] = validUtf8(event.message, line.storage());
    break;
  case EventKind::Trap:
    line["message"] = validUtf8(event.message, line.storage());
    break;
  case EventKind::CompileStart:
  case EventKind::CodeInstalled:
  case EventKind::OsrEntry:
    break;
  }
  return boost::json::serialize(line);
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
