// The event stream as a file of JSON lines, one object per event, for tools to replay a run's
// tier-ups, compilations and OSR entries (schema in docs/profiling.md). Depends on
// profile/Events.h and support/Error.h only.
#pragma once

#include "strata/profile/Events.h"
#include "strata/support/Error.h"

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace strata::profile {

/// Writes each event as one JSON object on its own line. Safe to call from any thread.
class JsonLinesSink : public EventSink {
public:
  /// Creates or truncates `path`; fails with the path and the system's reason.
  static Expected<std::shared_ptr<JsonLinesSink>> open(const std::string &path);
  /// Writes to `file`, which the sink then owns and closes.
  explicit JsonLinesSink(std::FILE *file) : file_(file) {}
  ~JsonLinesSink() override;
  JsonLinesSink(const JsonLinesSink &) = delete;
  JsonLinesSink &operator=(const JsonLinesSink &) = delete;

  void record(const Event &event) override;
  void flush() override;

  /// False once a write or flush failed (a full disk, say); the rest of the events are lost.
  bool ok() const;

  /// The line record() writes for `event`, without its newline.
  static std::string format(const Event &event);

private:
  mutable std::mutex mutex_;
  std::FILE *file_;
  bool failed_ = false;
};

} // namespace strata::profile
