#pragma once
// A closed result for the data path: bad outside input is a value carrying the reason, never an
// exception that unwinds a worker thread.

#include <string>
#include <utility>
#include <variant>

namespace newswired {

struct Failure {
  std::string reason;
};

template <typename T>
class Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Outcome(Failure f) : v_(std::move(f)) {}    // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  const std::string& reason() const { return std::get<Failure>(v_).reason; }

 private:
  std::variant<T, Failure> v_;
};

}  // namespace newswired
