// Framework agreements (协议供货) and our application to their supplier lists (入围): see
// docs/agreements.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fleetkam::agreements {

const std::vector<std::string>& levels();        // central, provincial, municipal
const std::vector<std::string>& applications();  // preparing, submitted, listed, not_listed
const std::vector<std::string>& states();        // upcoming, in_force, expiring, expired
const std::vector<std::string>& providers();     // hq, upfitter, dealer

struct Document {
  std::string name;
  std::string provider;
  bool ready = false;
};

struct AppliedModel {
  int64_t model_id = 0;
  std::string code, name, vehicle_type;
};

struct Listing {
  int64_t model_id = 0;
  std::string code, name, vehicle_type;
  int64_t guide_price_fen = 0;
  int64_t price_cap_fen = 0;
  std::optional<std::string> discount_terms;
};

struct Dealer {
  int64_t id = 0;
  std::string name;
  int64_t province_id = 0;
  std::string province_name;
};

struct Competitor {
  int64_t id = 0;
  std::string brand, model;
  int64_t price_fen = 0;
  std::optional<std::string> note;
  int64_t created_at = 0;
};

struct Agreement {
  int64_t id = 0;
  std::string level;
  int64_t centre_account_id = 0;
  std::string centre_name;
  int64_t unit_id = 0;
  std::string unit_name, unit_kind, unit_path;
  std::string name, notice_no;
  std::optional<std::string> notice_url;
  std::string starts_on, ends_on;
  std::vector<std::string> categories, lots;
  int64_t owner_user_id = 0;
  std::string owner_name;
  std::string application;
  std::optional<std::string> deadline_on;
  std::optional<int64_t> submitted_at, decided_at;
  std::optional<std::string> outcome_note;
  int64_t listed_models = 0, dealers_count = 0;
  int64_t version = 1, created_at = 0, updated_at = 0;
  // filled for one agreement
  std::vector<Document> documents;
  std::vector<AppliedModel> applied_models;
  std::vector<Listing> listings;
  std::vector<Dealer> dealers;
  std::vector<Competitor> competitors;
};

struct AgreementInput {
  std::string level;
  int64_t centre_account_id = 0;
  int64_t unit_id = 0;
  std::string name, notice_no;
  std::optional<std::string> notice_url;
  std::string starts_on, ends_on;
  std::vector<std::string> categories, lots;
  int64_t owner_user_id = 0;
};

struct ApplicationInput {
  std::optional<std::string> deadline_on;
  std::vector<Document> documents;
  std::vector<int64_t> model_ids;
};

struct ListingInput {
  int64_t model_id = 0;
  int64_t price_cap_fen = 0;
  std::optional<std::string> discount_terms;
};

struct CompetitorInput {
  std::string brand, model;
  int64_t price_fen = 0;
  std::optional<std::string> note;
};

struct AgreementFilter {
  std::vector<std::string> levels, states, applications;
  bool no_application = false;  // application=none: never applied (still preparing, nothing filled)
  std::optional<int64_t> unit_id, owner_user_id;
  std::optional<std::string> category, q;
  bool mine = false;
  bool due = false;  // preparing or submitted, the deadline within 14 days (the home page's to-do)
  std::optional<std::pair<std::string, int64_t>> after;  // (ends_on, id) of the previous page's last
  int limit = 50;
};

struct SalesLine {
  int64_t unit_id = 0;
  std::string name, province;
  int64_t units = 0, amount_fen = 0;
};

struct Sales {
  int64_t units = 0, amount_fen = 0;
  std::vector<SalesLine> by_province, by_dealer;
};

struct CoverageCell {
  std::string category;
  std::string status;  // listed, pending, not_listed, never
  int64_t agreements = 0, expiring = 0;
};

struct CoverageRow {
  std::optional<int64_t> unit_id;  // none: the central agreements (中央)
  std::string name;
  std::vector<CoverageCell> cells;
};

struct Coverage {
  std::vector<std::string> categories;
  std::vector<CoverageRow> rows;
};

}  // namespace fleetkam::agreements
