// The errors services throw. platform/http maps each, in one place, to a problem+json
// response carrying the stable `code` the UI translates. Anything else is a bare 500.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace fleetkam {

struct FieldError {
  std::string field;
  std::string message;
  std::string code;  // required, unknown_field, wrong_type, too_long, too_short, invalid_value, invalid_utf8
};

class AppError : public std::runtime_error {
 public:
  AppError(int status, std::string code, const std::string& detail, std::vector<FieldError> errors = {})
      : std::runtime_error(detail), status_(status), code_(std::move(code)), errors_(std::move(errors)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  // Extra top-level members of the problem document, as a serialised JSON object (or empty).
  const std::string& extra_json() const { return extra_json_; }
  AppError& with_extra(std::string json_object) {
    extra_json_ = std::move(json_object);
    return *this;
  }

 private:
  int status_;
  std::string code_;
  std::vector<FieldError> errors_;
  std::string extra_json_;
};

struct BadRequest : AppError {
  explicit BadRequest(const std::string& detail, std::string code = "bad_request", std::vector<FieldError> errors = {})
      : AppError(400, std::move(code), detail, std::move(errors)) {}
};
struct Unauthenticated : AppError {
  explicit Unauthenticated(const std::string& detail = "sign in first", std::string code = "unauthenticated")
      : AppError(401, std::move(code), detail) {}
};
struct Forbidden : AppError {
  explicit Forbidden(const std::string& detail = "not allowed for your role", std::string code = "forbidden")
      : AppError(403, std::move(code), detail) {}
};
struct NotFound : AppError {
  explicit NotFound(const std::string& detail = "not found") : AppError(404, "not_found", detail) {}
};
struct Conflict : AppError {
  explicit Conflict(const std::string& detail, std::string code = "conflict", std::vector<FieldError> errors = {})
      : AppError(409, std::move(code), detail, std::move(errors)) {}
};
struct Invalid : AppError {
  explicit Invalid(const std::vector<FieldError>& errors, std::string code = "validation_failed")
      : AppError(422, std::move(code), summary(errors), errors) {}
  Invalid(std::string field, std::string message, std::string field_code = "invalid_value",
          std::string code = "validation_failed")
      : Invalid(std::vector<FieldError>{{std::move(field), std::move(message), std::move(field_code)}},
                std::move(code)) {}

 private:
  static std::string summary(const std::vector<FieldError>& errors) {
    if (errors.empty()) return "invalid input";
    return errors.front().field + ": " + errors.front().message;
  }
};
struct RateLimited : AppError {
  explicit RateLimited(const std::string& detail) : AppError(429, "rate_limited", detail) {}
};

}  // namespace fleetkam
