// Accounts in and out of spreadsheets: the import preview (every row's problems and suspected
// duplicates, nothing written), the import (valid rows in one transaction, the rest reported),
// and the export of a filtered list with Chinese headers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/service.h"
#include "platform/errors.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::accounts {

struct ImportRow {
  int row = 0;  // the spreadsheet's row number (the header is row 1)
  std::string name;
  std::string status;  // invalid, duplicate
  std::vector<FieldError> errors;
  std::vector<DuplicateCandidate> duplicates;
};

struct ImportResult {
  bool dry_run = true;
  // valid: new accounts; contacts: contacts valid to add (on rows of new accounts or repeating them)
  int total = 0, valid = 0, invalid = 0, duplicate = 0, written = 0, contacts = 0;
  std::vector<ImportRow> rows;  // the rows that are not written (invalid, duplicate), in file order
};

class AccountTransfer {
 public:
  AccountTransfer(db::Database& database, AccountService& accounts, directories::DirectoryService& directories)
      : database_(database), accounts_(accounts), directories_(directories) {}
  static constexpr size_t kMaxImportRows = 200000;
  // Throws Forbidden unless the caller may import: checked before the file is read.
  static void require_import(const auth::Principal& caller);
  // What a file to import may hold; the reader stops at the first row past it.
  static sheets::Limits import_limits();
  // Throws Invalid (field "file") for an unreadable file, unknown or missing columns.
  ImportResult import_table(const auth::Principal& caller, const sheets::Table& table, bool dry_run);
  // The header row and one row per account; throws Invalid when more than `max_rows` match.
  std::vector<sheets::Row> export_rows(const auth::Principal& caller, AccountFilter filter, size_t max_rows = 100000);

 private:
  db::Database& database_;
  AccountService& accounts_;
  directories::DirectoryService& directories_;
};

}  // namespace fleetkam::accounts
