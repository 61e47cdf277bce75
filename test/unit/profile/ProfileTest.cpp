#include "strata/profile/ChromeTrace.h"
#include "strata/profile/Events.h"
#include "strata/profile/JsonLines.h"
#include "strata/profile/Summary.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace strata::profile;

namespace {

/// Whether `text` is one JSON value, by RFC 8259 to the letter (valid UTF-8 included).
bool validJson(const std::string &text) {
  boost::json::error_code error;
  boost::json::parse(text, error);
  return !error;
}

/// `json` as Boost.JSON writes it: the text expected of a sink, numbers written its way.
std::string canonical(const std::string &json) {
  return boost::json::serialize(boost::json::parse(json));
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

/// A fresh path under the temporary directory, removed when the test ends.
class TempFile {
public:
  TempFile() {
    char name[] = "/tmp/strata-profile-XXXXXX";
    int fd = mkstemp(name);
    if (fd >= 0)
      close(fd);
    path_ = name;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string &path() const { return path_; }
  std::vector<std::string> lines() const {
    std::ifstream in(path_);
    std::vector<std::string> result;
    for (std::string line; std::getline(in, line);)
      result.push_back(line);
    return result;
  }

private:
  std::string path_;
};

Event event(EventKind kind, uint32_t function = 0, int32_t loop = -1) {
  Event e;
  e.kind = kind;
  e.module = "main";
  e.function = function;
  e.loop = loop;
  return e;
}

TEST(Profile, ValidJsonIsStrict) {
  EXPECT_TRUE(validJson("{\"a\":[1,-2.5e-07,true,null,\"\\u00e9\"]}"));
  EXPECT_FALSE(validJson("{\"a\":\"x\ny\"}"));
  EXPECT_FALSE(validJson("{\"a\":1,}"));
  EXPECT_FALSE(validJson("{\"a\":01}"));
  EXPECT_FALSE(validJson("{\"a\":nan}"));
  EXPECT_FALSE(validJson("{\"a\":NaN}"));
  EXPECT_FALSE(validJson("{\"a\":Infinity}"));
  EXPECT_FALSE(validJson("{\"a\":\"\xff\"}"));
}

TEST(Profile, EventKindNames) {
  EXPECT_STREQ(eventKindName(EventKind::TierUpRequest), "tier-up-request");
  EXPECT_STREQ(eventKindName(EventKind::CompileStart), "compile-start");
  EXPECT_STREQ(eventKindName(EventKind::CompileEnd), "compile-end");
  EXPECT_STREQ(eventKindName(EventKind::CodeInstalled), "code-installed");
  EXPECT_STREQ(eventKindName(EventKind::OsrEntry), "osr-entry");
  EXPECT_STREQ(eventKindName(EventKind::Trap), "trap");
}

TEST(Profile, StreamIsDisabledUntilASinkIsAdded) {
  EventStream stream;
  EXPECT_FALSE(stream.enabled());
  auto stats = std::make_shared<StatsCollector>();
  stream.addSink(stats);
  EXPECT_TRUE(stream.enabled());
  stream.emit(event(EventKind::Trap));
  EXPECT_EQ(stats->stats().traps, 1u);
}

TEST(Profile, StreamStampsTimes) {
  EventStream stream;
  TempFile file;
  auto sink = JsonLinesSink::open(file.path());
  ASSERT_TRUE(sink) << sink.error().message();
  stream.addSink(*sink);
  Event e = event(EventKind::CodeInstalled);
  e.timeNs = 12345678901234; // emit() overwrites it
  stream.emit(e);
  stream.flush();
  auto lines = file.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_FALSE(contains(lines[0], "12345678901234"));
  EXPECT_TRUE(contains(lines[0], "\"t_ns\":"));
}

TEST(Profile, JsonLinesEveryKind) {
  TempFile file;
  auto opened = JsonLinesSink::open(file.path());
  ASSERT_TRUE(opened) << opened.error().message();
  JsonLinesSink &sink = **opened;

  Event request = event(EventKind::TierUpRequest, 3);
  request.timeNs = 100;
  request.reason = "calls>=1000";
  request.priority = 7;
  request.background = true;
  sink.record(request);

  Event start = event(EventKind::CompileStart, 3);
  start.timeNs = 200;
  sink.record(start);

  Event end = event(EventKind::CompileEnd, 3);
  end.timeNs = 300;
  end.functions = 2;
  end.queueWaitNs = 4500;
  end.stages = {0.5, 0.25, 0.125, 1.0, 2.0};
  end.codeBytes = 4096;
  end.wasmBytes = 77;
  sink.record(end);

  Event failed = event(EventKind::CompileEnd, 4, 1);
  failed.ok = false;
  failed.message = "unsupported: simd";
  sink.record(failed);

  sink.record(event(EventKind::CodeInstalled, 3));
  sink.record(event(EventKind::OsrEntry, 4, 0));

  Event trap = event(EventKind::Trap, 5);
  trap.message = "integer divide by zero";
  sink.record(trap);
  sink.flush();
  EXPECT_TRUE(sink.ok());

  auto lines = file.lines();
  ASSERT_EQ(lines.size(), 7u);
  for (const auto &line : lines)
    EXPECT_TRUE(validJson(line)) << line;

  EXPECT_EQ(lines[0], "{\"event\":\"tier-up-request\",\"t_ns\":100,\"module\":\"main\","
                      "\"function\":3,\"functions\":1,\"tier\":\"optimizing\","
                      "\"reason\":\"calls>=1000\",\"priority\":7,\"background\":true}");
  EXPECT_EQ(lines[1], "{\"event\":\"compile-start\",\"t_ns\":200,\"module\":\"main\","
                      "\"function\":3,\"functions\":1,\"tier\":\"optimizing\"}");
  EXPECT_TRUE(contains(lines[2], "\"event\":\"compile-end\""));
  EXPECT_TRUE(contains(lines[2], "\"functions\":2"));
  EXPECT_TRUE(contains(lines[2], "\"queue_wait_ns\":4500"));
  EXPECT_TRUE(contains(lines[2], "\"stages\":" + canonical(R"({"frontend_s":0.5,
      "mlir_passes_s":0.25,"to_llvm_ir_s":0.125,"llvm_opt_s":1.0,"codegen_s":2.0,
      "stencils_s":0.0,"total_s":3.875})")));
  EXPECT_TRUE(contains(lines[2], "\"code_bytes\":4096,\"wasm_bytes\":77,\"ok\":true}"));
  EXPECT_FALSE(contains(lines[2], "\"error\""));
  EXPECT_FALSE(contains(lines[2], "\"loop\""));
  EXPECT_TRUE(contains(lines[3], "\"function\":4,\"loop\":1,"));
  EXPECT_TRUE(contains(lines[3], "\"ok\":false,\"error\":\"unsupported: simd\"}"));
  EXPECT_TRUE(contains(lines[4], "{\"event\":\"code-installed\""));
  EXPECT_TRUE(contains(lines[4], "\"tier\":\"optimizing\""));
  EXPECT_TRUE(contains(lines[5], "{\"event\":\"osr-entry\""));
  EXPECT_TRUE(contains(lines[5], "\"loop\":0,"));
  EXPECT_FALSE(contains(lines[5], "\"tier\""));
  EXPECT_TRUE(contains(lines[6], "{\"event\":\"trap\""));
  EXPECT_TRUE(contains(lines[6], "\"message\":\"integer divide by zero\"}"));
}

TEST(Profile, JsonLinesEscapesStrings) {
  Event trap = event(EventKind::Trap);
  trap.module = "a\"b\\c";
  trap.message = "line \"one\"\nline\ttwo\r\x01 caf\xc3\xa9 \xff!";
  std::string line = JsonLinesSink::format(trap);
  EXPECT_TRUE(validJson(line)) << line;
  EXPECT_TRUE(contains(line, "\"module\":\"a\\\"b\\\\c\"")) << line;
  // Valid UTF-8 passes through; a stray byte becomes U+FFFD.
  EXPECT_TRUE(contains(line, "\"message\":\"line \\\"one\\\"\\nline\\ttwo\\r\\u0001 caf\xc3\xa9 "
                             "\xef\xbf\xbd!\""))
      << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(Profile, NonFiniteNumbersBecomeZero) {
  Event end = event(EventKind::CompileEnd);
  end.stages = {std::nan(""), INFINITY, 0.5, 0, 0};
  std::string line = JsonLinesSink::format(end);
  EXPECT_TRUE(validJson(line)) << line;
  EXPECT_TRUE(contains(line, "\"stages\":" + canonical(R"({"frontend_s":0.0,"mlir_passes_s":0.0,
      "to_llvm_ir_s":0.5,"llvm_opt_s":0.0,"codegen_s":0.0,"stencils_s":0.0,"total_s":0.0})")))
      << line;
}

TEST(Profile, JsonLinesBaselineTierEvents) {
  Event end = event(EventKind::CompileEnd, 9);
  end.tier = kBaselineTier;
  end.stages.stencils = 0.25;
  end.codeBytes = 800;
  end.wasmBytes = 50;
  std::string line = JsonLinesSink::format(end);
  EXPECT_TRUE(validJson(line)) << line;
  EXPECT_TRUE(contains(line, "\"tier\":\"baseline\"")) << line;
  EXPECT_TRUE(contains(line, "\"stages\":" + canonical(R"({"frontend_s":0.0,"mlir_passes_s":0.0,
      "to_llvm_ir_s":0.0,"llvm_opt_s":0.0,"codegen_s":0.0,"stencils_s":0.25,"total_s":0.25})")))
      << line;
}

TEST(Profile, ChromeTraceEveryView) {
  TempFile file;
  auto opened = ChromeTraceSink::open(file.path());
  ASSERT_TRUE(opened) << opened.error().message();
  ChromeTraceSink &sink = **opened;

  Event request = event(EventKind::TierUpRequest, 3);
  request.timeNs = 1000;
  request.reason = "calls>=1000";
  sink.record(request);
  Event start = event(EventKind::CompileStart, 3, 0);
  start.timeNs = 2000;
  sink.record(start);
  Event end = event(EventKind::CompileEnd, 3, 0);
  end.timeNs = 10000;
  end.queueWaitNs = 500;
  end.stages = {0.5, 0.25, 0.125, 0.0625, 0.0625};
  end.codeBytes = 512;
  end.wasmBytes = 40;
  sink.record(end);
  Event trap = event(EventKind::Trap, 3);
  trap.timeNs = 20000;
  trap.message = "bad \xff";
  sink.record(trap);
  sink.flush();
  EXPECT_TRUE(sink.ok());
  sink.record(trap); // after the trace is written: dropped

  std::ifstream in(file.path());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(validJson(text)) << text;
  EXPECT_EQ(text.rfind("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[", 0), 0u) << text;
  boost::json::array events = boost::json::parse(text).as_object().at("traceEvents").as_array();
  ASSERT_EQ(events.size(), 20u) << text;
  auto at = [&](size_t i) { return boost::json::serialize(events[i]); };
  // The views' names; then, the first time, the thread's and the function's track's names.
  EXPECT_EQ(at(0), canonical(R"({"name":"process_name","ph":"M","ts":0.0,"pid":1,"tid":0,
      "args":{"name":"strata: threads"}})"));
  EXPECT_EQ(at(1), canonical(R"({"name":"process_name","ph":"M","ts":0.0,"pid":2,"tid":0,
      "args":{"name":"strata: functions"}})"));
  uint64_t thread = events[2].at("tid").to_number<uint64_t>();
  EXPECT_EQ(at(2), canonical(R"({"name":"thread_name","ph":"M","ts":0.0,"pid":1,"tid":)" +
                             std::to_string(thread) + R"(,"args":{"name":"thread )" +
                             std::to_string(thread) + R"("}})"));
  EXPECT_EQ(at(3), canonical(R"({"name":"thread_name","ph":"M","ts":0.0,"pid":2,"tid":4,
      "args":{"name":"f3"}})"));
  // Every event twice: on its thread, then on its function's track (tid function + 1).
  for (size_t i = 4; i < events.size(); i += 2) {
    boost::json::object onThread = events[i].as_object();
    EXPECT_EQ(onThread["pid"].to_number<int>(), 1);
    EXPECT_EQ(onThread["tid"].to_number<uint64_t>(), thread);
    onThread["pid"] = 2;
    onThread["tid"] = 4;
    EXPECT_EQ(boost::json::serialize(onThread), at(i + 1));
  }
  EXPECT_EQ(at(5), canonical(R"({"name":"tier-up request f3","ph":"i","ts":1.0,"pid":2,"tid":4,
      "s":"t","args":{"module":"main","function":3,"tier":"optimizing","reason":"calls>=1000",
      "priority":0,"background":false}})"));
  EXPECT_EQ(at(7), canonical(R"({"name":"compile f3@loop0","ph":"X","ts":2.0,"pid":2,"tid":4,
      "dur":8.0,"args":{"module":"main","function":3,"loop":0,"tier":"optimizing","wasm_bytes":40,
      "code_bytes":512,"queue_wait_ms":0.0005,"ok":true}})"));
  // The stages one after another from the compilation's start.
  EXPECT_EQ(at(9), canonical(R"({"name":"frontend","ph":"X","ts":2.0,"pid":2,"tid":4,
      "dur":500000.0})"));
  EXPECT_EQ(at(17), canonical(R"({"name":"codegen and linking","ph":"X","ts":937502.0,
      "pid":2,"tid":4,"dur":62500.0})"));
  EXPECT_EQ(at(19), canonical(R"({"name":"trap in f3","ph":"i","ts":20.0,"pid":2,"tid":4,
      "s":"t","args":{"module":"main","function":3,"message":"bad \ufffd"}})"));
}

TEST(Profile, OpenFailsClearly) {
  auto missing = JsonLinesSink::open("/nonexistent-strata-dir/events.jsonl");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(contains(missing.error().message(), "/nonexistent-strata-dir/events.jsonl"));
  EXPECT_TRUE(contains(missing.error().message(), "cannot open event file"));

  // Even root cannot open a directory for writing.
  auto directory = JsonLinesSink::open("/tmp");
  ASSERT_FALSE(directory);
  EXPECT_TRUE(contains(directory.error().message(), "/tmp"));
}

TEST(Profile, JsonLinesFromManyThreadsKeepsLinesWhole) {
  TempFile file;
  auto opened = JsonLinesSink::open(file.path());
  ASSERT_TRUE(opened);
  std::shared_ptr<JsonLinesSink> sink = *opened;
  constexpr int kThreads = 4, kEach = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Event trap = event(EventKind::Trap, uint32_t(t));
      trap.message = "a message long enough to make interleaving visible if it happened";
      for (int i = 0; i < kEach; ++i)
        sink->record(trap); // straight to the sink, without the stream's lock
    });
  for (auto &thread : threads)
    thread.join();
  sink->flush();
  auto lines = file.lines();
  ASSERT_EQ(lines.size(), size_t(kThreads * kEach));
  for (const auto &line : lines)
    ASSERT_TRUE(validJson(line)) << line;
}

// One thread's share of a synthetic run: per function, a request, a compile (every fourth one
// fails, every third one is an OSR continuation), an install and two OSR entries.
void emitRun(EventStream &stream, uint32_t firstFunction, int functions) {
  for (int i = 0; i < functions; ++i) {
    uint32_t function = firstFunction + uint32_t(i);
    Event request = event(EventKind::TierUpRequest, function);
    request.reason = i % 2 ? "calls>=1000" : "budget";
    stream.emit(request);
    stream.emit(event(EventKind::CompileStart, function));
    Event end = event(EventKind::CompileEnd, function, i % 3 == 0 ? 0 : -1);
    end.functions = 2;
    end.queueWaitNs = 1000 * uint64_t(i + 1);
    end.stages = {0.5, 0.25, 0.125, 0.0625, 0.03125};
    end.codeBytes = 100;
    end.wasmBytes = 10;
    end.ok = i % 4 != 3;
    if (!end.ok)
      end.message = "failed";
    stream.emit(end);
    if (end.ok)
      stream.emit(event(EventKind::CodeInstalled, function));
    stream.emit(event(EventKind::OsrEntry, function, 0));
    stream.emit(event(EventKind::OsrEntry, function, 0));
  }
  stream.emit(event(EventKind::Trap, firstFunction));
}

TEST(Profile, StatsFromTwoThreads) {
  EventStream stream;
  auto collector = std::make_shared<StatsCollector>();
  stream.addSink(collector);
  constexpr int kFunctions = 400; // per thread
  std::thread a(emitRun, std::ref(stream), 0u, kFunctions);
  std::thread b(emitRun, std::ref(stream), 1000u, kFunctions);
  a.join();
  b.join();

  Stats s = collector->stats();
  EXPECT_EQ(s.tierUps, 2u * kFunctions);
  EXPECT_EQ(s.tierUpsByReason["budget"], uint64_t(kFunctions));
  EXPECT_EQ(s.tierUpsByReason["calls>=1000"], uint64_t(kFunctions));
  const Stats::Compilations &c = s.compilations;
  EXPECT_EQ(c.count, 2u * kFunctions);
  EXPECT_EQ(c.failed, 2u * kFunctions / 4);
  uint64_t ok = 2u * kFunctions - c.failed;
  EXPECT_EQ(c.functions, 2 * ok);
  // i % 3 == 0 and i % 4 != 3, per thread, for i < 400.
  uint64_t osr = 0;
  for (int i = 0; i < kFunctions; ++i)
    osr += i % 3 == 0 && i % 4 != 3;
  EXPECT_EQ(c.osr, 2 * osr);
  EXPECT_DOUBLE_EQ(c.seconds, 2 * kFunctions * 0.96875);
  EXPECT_DOUBLE_EQ(c.stages.frontend, 2 * kFunctions * 0.5);
  EXPECT_DOUBLE_EQ(c.stages.codegen, 2 * kFunctions * 0.03125);
  EXPECT_EQ(c.queueWaitNsTotal, 2u * 1000 * kFunctions * (kFunctions + 1) / 2);
  EXPECT_EQ(c.queueWaitNsMax, 1000u * kFunctions);
  EXPECT_EQ(c.codeBytes, 100 * ok);
  EXPECT_EQ(c.wasmBytes, 10 * ok);
  EXPECT_EQ(s.installs, ok);
  EXPECT_EQ(s.osrEntries, 4u * kFunctions);
  EXPECT_EQ(s.osrEntriesByLoop.size(), 2u * kFunctions);
  EXPECT_EQ((s.osrEntriesByLoop[{1005, 0}]), 2u);
  EXPECT_EQ(s.traps, 2u);
}

TEST(Profile, SummaryJson) {
  StatsCollector collector;
  Event request = event(EventKind::TierUpRequest, 3);
  request.reason = "calls>=1000";
  collector.record(request);
  Event end = event(EventKind::CompileEnd, 3);
  end.queueWaitNs = 2'500'000;
  end.stages = {0.5, 0.25, 0.125, 0.0625, 0.0625};
  end.codeBytes = 512;
  end.wasmBytes = 40;
  collector.record(end);
  collector.record(event(EventKind::CodeInstalled, 3));
  collector.record(event(EventKind::OsrEntry, 3, 1));
  // Moves to baseline code count apart from the MLIR tier's requests and compilations.
  for (bool ok : {true, false}) {
    Event moved = event(EventKind::TierUpRequest, 5);
    moved.tier = kBaselineTier;
    moved.reason = "calls>=10";
    collector.record(moved);
    moved.kind = EventKind::CompileEnd;
    moved.stages.stencils = ok ? 0.25 : 0.125;
    moved.codeBytes = ok ? 800 : 0;
    moved.wasmBytes = ok ? 50 : 0;
    moved.ok = ok;
    collector.record(moved);
    if (ok) {
      moved.kind = EventKind::CodeInstalled;
      collector.record(moved);
    }
  }

  std::vector<FunctionCount> top;
  for (uint32_t i = 0; i < 12; ++i)
    top.push_back({"f" + std::to_string(i), i, uint64_t(i) * 10, i % 2 == 0});
  top.push_back({"fib\"", 99, 100000, true});
  std::string json = collector.summaryJson({1.5, 0.25}, top);
  EXPECT_TRUE(validJson(json)) << json;
  // The top functions sorted by calls, the most first, and cut to ten.
  EXPECT_EQ(json, canonical(R"({"tier_seconds":{"interpreter":1.5,"native":0.25},
      "tier_ups":1,"tier_up_reasons":{"calls>=1000":1},
      "compilations":{"count":1,"failed":0,"functions":1,"osr":0,"seconds":1.0,
        "stages":{"frontend_s":0.5,"mlir_passes_s":0.25,"to_llvm_ir_s":0.125,
                  "llvm_opt_s":0.0625,"codegen_s":0.0625,"stencils_s":0.0,"total_s":1.0},
        "queue_wait_ms_total":2.5,"queue_wait_ms_max":2.5,"code_bytes":512,"wasm_bytes":40},
      "baseline":{"tier_ups":2,"failed":1,"functions":1,"seconds":0.375,"code_bytes":800,
        "wasm_bytes":50},
      "installs":1,"osr_entries":1,"osr_loops":[{"function":3,"loop":1,"entries":1}],"traps":0,
      "top_functions":[{"function":99,"name":"fib\"","calls":100000,"native":true},
        {"function":11,"name":"f11","calls":110,"native":false},
        {"function":10,"name":"f10","calls":100,"native":true},
        {"function":9,"name":"f9","calls":90,"native":false},
        {"function":8,"name":"f8","calls":80,"native":true},
        {"function":7,"name":"f7","calls":70,"native":false},
        {"function":6,"name":"f6","calls":60,"native":true},
        {"function":5,"name":"f5","calls":50,"native":false},
        {"function":4,"name":"f4","calls":40,"native":true},
        {"function":3,"name":"f3","calls":30,"native":false}]})"));

  std::string empty = StatsCollector().summaryJson({}, {});
  EXPECT_TRUE(validJson(empty)) << empty;
  EXPECT_TRUE(contains(empty, "\"top_functions\":[]"));
}

TEST(Profile, SummaryText) {
  StatsCollector collector;
  Event request = event(EventKind::TierUpRequest, 3);
  request.reason = "eager";
  collector.record(request);
  Event end = event(EventKind::CompileEnd, 3);
  end.stages = {0.5, 0.25, 0.125, 0.0625, 0.0625};
  collector.record(end);
  std::string text = collector.summaryText({1.5, 0.25}, {{"fib", 3, 1234, true}});
  EXPECT_TRUE(contains(text, "interpreter 1.500 s, native 0.250 s")) << text;
  EXPECT_TRUE(contains(text, "tier-up requests   1 (eager: 1)")) << text;
  EXPECT_TRUE(contains(text, "compile time       1.000 s")) << text;
  EXPECT_TRUE(contains(text, "fib[3]")) << text;
  EXPECT_TRUE(contains(text, "1234  native")) << text;
  EXPECT_EQ(text.back(), '\n');
}

} // namespace
