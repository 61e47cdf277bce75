// poll_oneoff: waits for clock and descriptor subscriptions with one ppoll. Regular files are
// always ready (as on the host); a clock fires when its deadline, taken on the monotonic clock,
// has passed. Waits are cut into slices so an interrupt request on the call context ends them.
#include "Call.h"

#include "strata/runtime/CallContext.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>

namespace strata::wasi {

using namespace abi;

namespace {

/// More subscriptions than this in one call are inval.
constexpr uint32_t kMaxSubscriptions = 1u << 16;
/// The longest a wait goes without looking at the interrupt flag.
constexpr uint64_t kSliceNs = 50'000'000;
constexpr uint64_t kNever = UINT64_MAX;

struct Event {
  uint64_t userdata;
  Errno error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};

struct Waiter {
  uint64_t userdata;
  uint8_t type;
  uint64_t deadline = kNever; // clocks: monotonic nanoseconds
  int pollIndex = -1;         // descriptors: the pollfd
};

uint64_t monotonicNow() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return uint64_t(now.tv_sec) * 1000000000u + uint64_t(now.tv_nsec);
}

uint64_t saturatingAdd(uint64_t a, uint64_t b) { return b > kNever - a ? kNever : a + b; }

/// The deadline of a clock subscription on the monotonic clock, or an error for the event.
Errno clockDeadline(const GuestMemory &memory, uint64_t at, uint64_t now, uint64_t &deadline) {
  uint32_t id = memory.loadAt<uint32_t>(at + SubscriptionLayout::kClockId);
  uint64_t timeout = memory.loadAt<uint64_t>(at + SubscriptionLayout::kClockTimeout);
  uint16_t flags = memory.loadAt<uint16_t>(at + SubscriptionLayout::kClockFlags);
  if (flags & ~kSubclockAbstime)
    return Errno::Inval;
  clockid_t clock;
  if (!hostClock(id, clock))
    return Errno::Inval;
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return Errno::Notsup; // CPU time does not pass while the guest waits
  if (!(flags & kSubclockAbstime)) {
    deadline = saturatingAdd(now, timeout);
    return Errno::Success;
  }
  struct timespec clockNow;
  clock_gettime(clock, &clockNow);
  uint64_t current = uint64_t(clockNow.tv_sec) * 1000000000u + uint64_t(clockNow.tv_nsec);
  deadline = timeout <= current ? now : saturatingAdd(now, timeout - current);
  return Errno::Success;
}

/// Bytes a regular file has left to read from its position.
uint64_t bytesLeft(int fd) {
  struct stat info;
  off_t position = lseek(fd, 0, SEEK_CUR);
  if (fstat(fd, &info) != 0 || position < 0 || info.st_size <= position)
    return 0;
  return uint64_t(info.st_size - position);
}

} // namespace

Errno pollOneoff(Call &call) {
  uint32_t in = call.u32(0), out = call.u32(1), count = call.u32(2), countOut = call.u32(3);
  if (count == 0 || count > kMaxSubscriptions)
    return Errno::Inval;
  if (!call.memory.containsArray(in, count, SubscriptionLayout::kSize) ||
      !call.memory.containsArray(out, count, EventLayout::kSize) ||
      !call.memory.contains(countOut, 4))
    return Errno::Fault;

  std::vector<Event> events;
  std::vector<Waiter> waiters;
  std::vector<struct pollfd> pollFds;
  uint64_t start = monotonicNow();
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = uint64_t(in) + uint64_t(i) * SubscriptionLayout::kSize;
    uint64_t userdata = call.memory.loadAt<uint64_t>(at + SubscriptionLayout::kUserdata);
    uint8_t type = call.memory.loadAt<uint8_t>(at + SubscriptionLayout::kTag);
    if (type == kEventClock) {
      Waiter waiter{userdata, type};
      if (Errno error = clockDeadline(call.memory, at, start, waiter.deadline);
          error != Errno::Success)
        events.push_back({userdata, error, type, 0, 0});
      else
        waiters.push_back(waiter);
      continue;
    }
    if (type != kEventFdRead && type != kEventFdWrite)
      return Errno::Inval;
    FdEntry *entry;
    uint32_t fd = call.memory.loadAt<uint32_t>(at + SubscriptionLayout::kFd);
    if (Errno error = lookupFd(call, fd, kRightPollFdReadwrite, entry); error != Errno::Success) {
      events.push_back({userdata, error, type, 0, 0});
      continue;
    }
    if (entry->type == FileType::RegularFile) {
      uint64_t bytes = type == kEventFdRead ? bytesLeft(entry->host.get()) : 0;
      events.push_back({userdata, Errno::Success, type, bytes, 0});
      continue;
    }
    Waiter waiter{userdata, type};
    waiter.pollIndex = int(pollFds.size());
    pollFds.push_back({entry->host.get(), short(type == kEventFdRead ? POLLIN : POLLOUT), 0});
    waiters.push_back(waiter);
  }

  while (true) {
    uint64_t now = monotonicNow();
    uint64_t deadline = kNever;
    for (const Waiter &waiter : waiters)
      deadline = std::min(deadline, waiter.deadline);
    uint64_t wait = !events.empty() ? 0 : deadline <= now ? 0 : deadline - now;
    wait = std::min(wait, kSliceNs);
    struct timespec timeout = {time_t(wait / 1000000000u), long(wait % 1000000000u)};
    int ready = ppoll(pollFds.data(), pollFds.size(), &timeout, nullptr);
    if (ready < 0 && errno != EINTR)
      return hostError();
    now = monotonicNow();
    for (const Waiter &waiter : waiters) {
      if (waiter.pollIndex < 0) {
        if (waiter.deadline <= now)
          events.push_back({waiter.userdata, Errno::Success, waiter.type, 0, 0});
        continue;
      }
      const struct pollfd &polled = pollFds[waiter.pollIndex];
      if (ready <= 0 || !polled.revents)
        continue;
      Event event{waiter.userdata, Errno::Success, waiter.type, 0, 0};
      if (polled.revents & POLLNVAL)
        event.error = Errno::Badf;
      if (polled.revents & POLLHUP)
        event.flags |= kEventFdHangup;
      int available = 0;
      if (waiter.type == kEventFdRead && ioctl(polled.fd, FIONREAD, &available) == 0 &&
          available > 0)
        event.nbytes = uint64_t(available);
      events.push_back(event);
    }
    if (!events.empty())
      break;
    if (call.host.context.isInterruptRequested())
      return Errno::Intr;
  }

  size_t written = std::min<size_t>(events.size(), count);
  for (size_t i = 0; i < written; ++i) {
    uint64_t at = uint64_t(out) + i * EventLayout::kSize;
    std::memset(call.memory.at(at), 0, EventLayout::kSize);
    call.memory.storeAt<uint64_t>(at + EventLayout::kUserdata, events[i].userdata);
    call.memory.storeAt<uint16_t>(at + EventLayout::kError, uint16_t(events[i].error));
    call.memory.storeAt<uint8_t>(at + EventLayout::kType, events[i].type);
    call.memory.storeAt<uint64_t>(at + EventLayout::kNbytes, events[i].nbytes);
    call.memory.storeAt<uint16_t>(at + EventLayout::kFlags, events[i].flags);
  }
  call.memory.storeAt<uint32_t>(countOut, uint32_t(written));
  return Errno::Success;
}

} // namespace strata::wasi
