// The wasi_snapshot_preview1 ABI as the guest sees it: the enumerations, flag bits and rights,
// and the byte layout of every structure the host reads from or writes into linear memory
// (wasm32: pointers and sizes are 32 bits, little-endian). Values follow the snapshot's witx.
// Depends on nothing.
#pragma once

#include <cstdint>

namespace strata::wasi::abi {

using Rights = uint64_t;

enum class FileType : uint8_t {
  Unknown = 0,
  BlockDevice = 1,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SocketDgram = 5,
  SocketStream = 6,
  SymbolicLink = 7,
};

enum ClockId : uint32_t {
  kClockRealtime = 0,
  kClockMonotonic = 1,
  kClockProcessCputime = 2,
  kClockThreadCputime = 3,
};

enum Whence : uint8_t { kWhenceSet = 0, kWhenceCur = 1, kWhenceEnd = 2 };

enum Advice : uint8_t {
  kAdviceNormal = 0,
  kAdviceSequential = 1,
  kAdviceRandom = 2,
  kAdviceWillNeed = 3,
  kAdviceDontNeed = 4,
  kAdviceNoReuse = 5,
};

// fdflags
inline constexpr uint16_t kFdflagAppend = 1 << 0;
inline constexpr uint16_t kFdflagDsync = 1 << 1;
inline constexpr uint16_t kFdflagNonblock = 1 << 2;
inline constexpr uint16_t kFdflagRsync = 1 << 3;
inline constexpr uint16_t kFdflagSync = 1 << 4;
inline constexpr uint16_t kFdflagsAll = 0x1f;

// oflags
inline constexpr uint16_t kOflagCreat = 1 << 0;
inline constexpr uint16_t kOflagDirectory = 1 << 1;
inline constexpr uint16_t kOflagExcl = 1 << 2;
inline constexpr uint16_t kOflagTrunc = 1 << 3;
inline constexpr uint16_t kOflagsAll = 0xf;

// lookupflags
inline constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// fstflags
inline constexpr uint16_t kFstAtim = 1 << 0;
inline constexpr uint16_t kFstAtimNow = 1 << 1;
inline constexpr uint16_t kFstMtim = 1 << 2;
inline constexpr uint16_t kFstMtimNow = 1 << 3;
inline constexpr uint16_t kFstAll = 0xf;

// Event types, subscription and event flags.
enum EventType : uint8_t { kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2 };
inline constexpr uint16_t kSubclockAbstime = 1 << 0;
inline constexpr uint16_t kEventFdHangup = 1 << 0;

// Socket flags.
inline constexpr uint16_t kRiflagPeek = 1 << 0;
inline constexpr uint16_t kRiflagWaitall = 1 << 1;
inline constexpr uint16_t kRoflagTruncated = 1 << 0;
inline constexpr uint8_t kSdflagRd = 1 << 0;
inline constexpr uint8_t kSdflagWr = 1 << 1;

inline constexpr uint8_t kPreopenTypeDir = 0;

// Rights.
inline constexpr Rights kRightFdDatasync = Rights(1) << 0;
inline constexpr Rights kRightFdRead = Rights(1) << 1;
inline constexpr Rights kRightFdSeek = Rights(1) << 2;
inline constexpr Rights kRightFdFdstatSetFlags = Rights(1) << 3;
inline constexpr Rights kRightFdSync = Rights(1) << 4;
inline constexpr Rights kRightFdTell = Rights(1) << 5;
inline constexpr Rights kRightFdWrite = Rights(1) << 6;
inline constexpr Rights kRightFdAdvise = Rights(1) << 7;
inline constexpr Rights kRightFdAllocate = Rights(1) << 8;
inline constexpr Rights kRightPathCreateDirectory = Rights(1) << 9;
inline constexpr Rights kRightPathCreateFile = Rights(1) << 10;
inline constexpr Rights kRightPathLinkSource = Rights(1) << 11;
inline constexpr Rights kRightPathLinkTarget = Rights(1) << 12;
inline constexpr Rights kRightPathOpen = Rights(1) << 13;
inline constexpr Rights kRightFdReaddir = Rights(1) << 14;
inline constexpr Rights kRightPathReadlink = Rights(1) << 15;
inline constexpr Rights kRightPathRenameSource = Rights(1) << 16;
inline constexpr Rights kRightPathRenameTarget = Rights(1) << 17;
inline constexpr Rights kRightPathFilestatGet = Rights(1) << 18;
inline constexpr Rights kRightPathFilestatSetSize = Rights(1) << 19;
inline constexpr Rights kRightPathFilestatSetTimes = Rights(1) << 20;
inline constexpr Rights kRightFdFilestatGet = Rights(1) << 21;
inline constexpr Rights kRightFdFilestatSetSize = Rights(1) << 22;
inline constexpr Rights kRightFdFilestatSetTimes = Rights(1) << 23;
inline constexpr Rights kRightPathSymlink = Rights(1) << 24;
inline constexpr Rights kRightPathRemoveDirectory = Rights(1) << 25;
inline constexpr Rights kRightPathUnlinkFile = Rights(1) << 26;
inline constexpr Rights kRightPollFdReadwrite = Rights(1) << 27;
inline constexpr Rights kRightSockShutdown = Rights(1) << 28;
inline constexpr Rights kRightSockAccept = Rights(1) << 29;
inline constexpr Rights kRightsAll = (Rights(1) << 30) - 1;

/// What a regular file descriptor can do at most (before its access mode removes some).
inline constexpr Rights kFileRights =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync |
    kRightFdTell | kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPollFdReadwrite;
/// What a directory descriptor can do at most.
inline constexpr Rights kDirectoryRights =
    kRightFdFdstatSetFlags | kRightFdSync | kRightFdAdvise | kRightPathCreateDirectory |
    kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget | kRightPathOpen |
    kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource | kRightPathRenameTarget |
    kRightPathFilestatGet | kRightPathFilestatSetSize | kRightPathFilestatSetTimes |
    kRightFdFilestatGet | kRightFdFilestatSetTimes | kRightPathSymlink | kRightPathRemoveDirectory |
    kRightPathUnlinkFile | kRightPollFdReadwrite;
/// Terminals, pipes and other streams: a file without seeking.
inline constexpr Rights kStreamRights = kFileRights & ~(kRightFdSeek | kRightFdTell);
inline constexpr Rights kSocketRights = kRightFdRead | kRightFdWrite | kRightFdFdstatSetFlags |
                                        kRightFdFilestatGet | kRightPollFdReadwrite |
                                        kRightSockShutdown | kRightSockAccept;
/// The rights an access mode needs: reading and writing.
inline constexpr Rights kReadRights = kRightFdRead | kRightFdReaddir;
inline constexpr Rights kWriteRights =
    kRightFdDatasync | kRightFdWrite | kRightFdAllocate | kRightFdFilestatSetSize;

// Structure layouts: size and field offsets.
struct IovecLayout {
  static constexpr uint32_t kSize = 8, kBuf = 0, kLen = 4;
};
struct FdstatLayout {
  static constexpr uint32_t kSize = 24, kFileType = 0, kFlags = 2, kRightsBase = 8,
                            kRightsInheriting = 16;
};
struct FilestatLayout {
  static constexpr uint32_t kSize = 64, kDev = 0, kIno = 8, kFileType = 16, kNlink = 24,
                            kFileSize = 32, kAtim = 40, kMtim = 48, kCtim = 56;
};
struct PrestatLayout {
  static constexpr uint32_t kSize = 8, kTag = 0, kNameLen = 4;
};
struct DirentLayout {
  static constexpr uint32_t kSize = 24, kNext = 0, kIno = 8, kNamlen = 16, kType = 20;
};
struct SubscriptionLayout {
  static constexpr uint32_t kSize = 48, kUserdata = 0, kTag = 8;
  // The clock variant.
  static constexpr uint32_t kClockId = 16, kClockTimeout = 24, kClockPrecision = 32,
                            kClockFlags = 40;
  // The fd_read / fd_write variant.
  static constexpr uint32_t kFd = 16;
};
struct EventLayout {
  static constexpr uint32_t kSize = 32, kUserdata = 0, kError = 8, kType = 10, kNbytes = 16,
                            kFlags = 24;
};

/// Signals proc_raise names (the snapshot's own numbering, not the host's).
enum Signal : uint8_t {
  kSigNone = 0,
  kSigHup = 1,
  kSigInt = 2,
  kSigQuit = 3,
  kSigIll = 4,
  kSigTrap = 5,
  kSigAbrt = 6,
  kSigBus = 7,
  kSigFpe = 8,
  kSigKill = 9,
  kSigUsr1 = 10,
  kSigSegv = 11,
  kSigUsr2 = 12,
  kSigPipe = 13,
  kSigAlrm = 14,
  kSigTerm = 15,
  kSigChld = 16,
  kSigCont = 17,
  kSigStop = 18,
  kSigTstp = 19,
  kSigTtin = 20,
  kSigTtou = 21,
  kSigUrg = 22,
  kSigXcpu = 23,
  kSigXfsz = 24,
  kSigVtalrm = 25,
  kSigProf = 26,
  kSigWinch = 27,
  kSigPoll = 28,
  kSigPwr = 29,
  kSigSys = 30,
};

} // namespace strata::wasi::abi
