// Errors as values: Error carries a reason, a byte offset and a function index; Expected<T> is
// either a T or an Error. Used by every area; depends on the standard library only.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace strata {

/// A failure with enough context to point at the bad input.
class Error {
public:
  static constexpr uint64_t kNoOffset = ~uint64_t(0);
  static constexpr uint32_t kNoFunction = ~uint32_t(0);

  Error() = default;
  explicit Error(std::string reason, uint64_t offset = kNoOffset,
                 uint32_t function = kNoFunction)
      : reason_(std::move(reason)), offset_(offset), function_(function) {}

  const std::string &reason() const { return reason_; }
  std::optional<uint64_t> offset() const {
    return offset_ == kNoOffset ? std::nullopt : std::optional(offset_);
  }
  std::optional<uint32_t> function() const {
    return function_ == kNoFunction ? std::nullopt : std::optional(function_);
  }
  Error &setFunction(uint32_t function) {
    function_ = function;
    return *this;
  }
  Error &prefix(const std::string &context) {
    reason_ = context + ": " + reason_;
    return *this;
  }

  /// "reason (at byte 0x1f, function 3)".
  std::string message() const;

private:
  std::string reason_;
  uint64_t offset_ = kNoOffset;
  uint32_t function_ = kNoFunction;
};

/// Either a value or an Error; check with `if (!result)`, then use `*result` or `error()`.
template <typename T> class [[nodiscard]] Expected {
public:
  Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  Expected(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}

  explicit operator bool() const { return storage_.index() == 0; }
  T &operator*() { return std::get<0>(storage_); }
  const T &operator*() const { return std::get<0>(storage_); }
  T *operator->() { return &std::get<0>(storage_); }
  const T *operator->() const { return &std::get<0>(storage_); }
  const Error &error() const { return std::get<1>(storage_); }
  Error takeError() { return std::move(std::get<1>(storage_)); }

private:
  std::variant<T, Error> storage_;
};

/// Success or an Error.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  static Status ok() { return {}; }

  explicit operator bool() const { return !error_; }
  const Error &error() const { return *error_; }
  Error takeError() { return std::move(*error_); }

private:
  std::optional<Error> error_;
};

/// The first of `statuses` that failed, in order, or success.
inline Status firstError(std::initializer_list<Status> statuses) {
  for (const Status &status : statuses)
    if (!status)
      return status;
  return Status::ok();
}

} // namespace strata
