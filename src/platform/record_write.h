// The preamble every write to an existing record repeats — find it in the caller's scope, check
// the role's permission, check the version the client saw — then the write and its audit row,
// all in one transaction. Services call `write_record`; `checked_record` is the same checks for
// a write that already holds its transaction (several records in one step).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "platform/auth/auth_service.h"
#include "platform/auth/roles.h"
#include "platform/db/database.h"
#include "platform/errors.h"

namespace fleetkam {

// What a write checks before it changes anything.
struct RecordCheck {
  // The record's name in messages: "no such <what>", "the <what> was changed by someone else".
  std::string_view what;
  // The role's right to write, checked after the record is found, so that what the caller cannot
  // see is a 404 and never a 403. Empty: the service checked it before (an unscoped record).
  std::string_view permission = {};
  // The version the client saw (Conflict "version_conflict" unless it is the record's). Empty: no
  // check, for writes that add to a record rather than change it (a contact of an account).
  std::optional<int64_t> version = std::nullopt;
};

// The version check alone (Conflict "version_conflict" unless the client saw `actual`), for a
// write that refuses on the record's state first: a closed record is refused as closed, whatever
// version the client saw.
inline void require_version(std::string_view what, int64_t actual, int64_t given) {
  if (actual != given) throw Conflict("the " + std::string(what) + " was changed by someone else", "version_conflict");
}

namespace detail {
template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

template <typename Record>
Record unwrap(std::optional<Record> found, std::string_view what) {
  if (!found) throw NotFound("no such " + std::string(what));
  return std::move(*found);
}
template <typename Record>
Record unwrap(Record found, std::string_view) {
  return found;  // a loader that throws NotFound itself
}
}  // namespace detail

// The checks alone, on a record (or an empty optional) just loaded inside the transaction.
template <typename Found>
auto checked_record(Found found, const auth::Principal& caller, const RecordCheck& check) {
  auto record = detail::unwrap(std::move(found), check.what);
  if (!check.permission.empty()) auth::require(caller.role, check.permission);
  if (check.version) require_version(check.what, record.version, *check.version);
  return record;
}

// In one write transaction: record = find(c) (an optional, or a record from a loader that throws
// NotFound; lock it there if the write needs it), the checks above, then body(c, record), which
// writes, records the audit row, and returns the result (or nothing).
template <typename Find, typename Body>
auto write_record(db::Database& database, const auth::Principal& caller, const RecordCheck& check, Find&& find,
                  Body&& body) {
  using Record = decltype(checked_record(find(std::declval<db::Connection&>()), caller, check));
  using Result = std::invoke_result_t<Body&, db::Connection&, Record&>;
  if constexpr (std::is_void_v<Result>) {
    database.write([&](db::Connection& c) {
      auto record = checked_record(find(c), caller, check);
      body(c, record);
    });
  } else {
    std::optional<Result> result;
    database.write([&](db::Connection& c) {
      auto record = checked_record(find(c), caller, check);
      result.emplace(body(c, record));
    });
    return std::move(*result);
  }
}

}  // namespace fleetkam
