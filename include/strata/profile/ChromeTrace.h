// The event stream as a Chrome trace (the Trace Event Format that Perfetto and chrome://tracing
// open): compilations as slices on the threads that ran them, with their stages nested, and
// tier-up requests, code installs, OSR entries and traps as instants; the same again on one
// track per function. Depends on profile/Events.h and support/Error.h only.
#pragma once

#include "strata/profile/Events.h"
#include "strata/support/Error.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace strata::profile {

/// Collects the events and writes the whole trace, one JSON object, at flush() (or when it
/// goes away). Safe to call from any thread: record() notes the calling thread, since each
/// event is emitted on the thread it happened on.
class ChromeTraceSink : public EventSink {
public:
  /// Creates or truncates `path`; fails with the path and the system's reason.
  static Expected<std::shared_ptr<ChromeTraceSink>> open(const std::string &path);
  /// Writes to `file`, which the sink then owns and closes.
  explicit ChromeTraceSink(std::FILE *file);
  ~ChromeTraceSink() override;
  ChromeTraceSink(const ChromeTraceSink &) = delete;
  ChromeTraceSink &operator=(const ChromeTraceSink &) = delete;

  void record(const Event &event) override;
  /// Writes the trace; events that come later are dropped.
  void flush() override;
  /// False once writing failed.
  bool ok() const;

  /// The process ids of the two views: threads, and one track per function.
  static constexpr int kThreadsView = 1;
  static constexpr int kFunctionsView = 2;

private:
  struct Trace; // the trace events so far

  mutable std::mutex mutex_;
  std::FILE *file_;
  std::unique_ptr<Trace> trace_;
  std::map<uint64_t, uint64_t> compileStartNs_; // per thread, the compilation it runs
  std::map<uint64_t, bool> threadsSeen_;
  std::map<uint32_t, bool> functionsSeen_;
  bool written_ = false;
  bool failed_ = false;
};

} // namespace strata::profile
