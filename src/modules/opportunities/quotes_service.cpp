// Competitors' quotes and ours, with the price band and its approval steps.
#include <nlohmann/json.hpp>

#include "modules/agreements/rules.h"
#include "modules/opportunities/rules.h"
#include "modules/opportunities/service.h"
#include "modules/opportunities/service_internal.h"
#include "modules/opportunities/store.h"
#include "modules/registrations/service.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::opportunities {

using json = nlohmann::json;

// ---- competitors --------------------------------------------------------------------------

CompetitorQuote OpportunityService::add_competitor_quote(const auth::Principal& caller, int64_t opportunity_id,
                                                         CompetitorQuote in) {
  return write_record(
      database_, caller, {"opportunity", "opportunities.write"},
      [&](db::Connection& c) { return load(c, caller.scope, opportunity_id); },
      [&](db::Connection& c, const Opportunity&) {
        CompetitorQuote result;
        int64_t now = clock::now_ms();
        if (in.quoted_on && !registrations::day_number(*in.quoted_on))
          throw Invalid("quoted_on", "must be a day YYYY-MM-DD");
        int64_t id = c.query_one(
                          "INSERT INTO competitor_quotes (opportunity_id, brand, model, unit_price_fen, quoted_on, "
                          "note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          {opportunity_id, in.brand, in.model, in.unit_price_fen, db::nullable(in.quoted_on),
                           db::nullable(in.note), caller.user_id, now})
                         ->integer(0);
        audit::record(
            c, {caller.user_id, "create", "competitor_quote", id, std::nullopt,
                json{{"opportunity_id", opportunity_id}, {"brand", in.brand}, {"price", in.unit_price_fen}}.dump()});
        for (const auto& q : store::competitor_quotes_of(c, opportunity_id)) {
          if (q.id == id) result = q;
        }
        return result;
      });
}

void OpportunityService::delete_competitor_quote(const auth::Principal& caller, int64_t id) {
  database_.write([&](db::Connection& c) {
    auto row = c.query_one("SELECT opportunity_id, brand FROM competitor_quotes WHERE id = ?", {id});
    if (!row || !store::find(c, caller.scope, row->integer(0))) throw NotFound("no such competitor quote");
    auth::require(caller.role, "opportunities.write");
    if (c.execute("DELETE FROM competitor_quotes WHERE id = ?", {id}) != 1) {
      throw NotFound("no such competitor quote");  // deleted meanwhile by someone else
    }
    audit::record(
        c, {caller.user_id, "delete", "competitor_quote", id, json{{"brand", row->text(1)}}.dump(), std::nullopt});
  });
}

// ---- our quotes and their approval -------------------------------------------------------------

Quote OpportunityService::add_quote(const auth::Principal& caller, int64_t opportunity_id, const QuoteInput& in) {
  return write_record(
      database_, caller, {"opportunity", "opportunities.write"},
      [&](db::Connection& c) { return load(c, caller.scope, opportunity_id, true); },
      [&](db::Connection& c, const Opportunity& o) {
        Quote result;
        int64_t now = clock::now_ms();
        if (!is_open(o.stage))
          throw fleetkam::Conflict("a won or lost opportunity takes no quotes", "opportunity.closed");
        auto model = store::find_model(c, in.model_id);
        if (!model || !model->active) throw Invalid("model_id", "is not an active model of the catalogue");
        agreements::check_quote(c, opportunity_id, model->id, in.unit_price_fen);
        Band band;
        for (const auto& b : model->bands) {
          if (b.procurement_method == o.procurement_method) band = {b.max_discount_bp, b.hq_discount_bp};
        }
        auto pricing = classify_price(model->guide_price_fen, in.unit_price_fen, band);
        std::string status = pricing.approval_level == "none" ? "approved" : "pending_regional";
        int64_t id =
            c.query_one(
                 "INSERT INTO quotes (opportunity_id, owner_unit_id, model_id, quantity, unit_price_fen, "
                 "guide_price_fen, discount_bp, max_discount_bp, hq_discount_bp, approval_level, status, note, "
                 "created_by, created_at, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, "
                 "?) RETURNING id",
                 {opportunity_id, o.owner_unit_id, model->id, in.quantity, in.unit_price_fen, model->guide_price_fen,
                  pricing.discount_bp, band.max_discount_bp, band.hq_discount_bp, pricing.approval_level, status,
                  db::nullable(in.note), caller.user_id, now, now})
                ->integer(0);
        audit::record(c, {caller.user_id, "create", "quote", id, std::nullopt,
                          json{{"opportunity_id", opportunity_id},
                               {"unit_price_fen", in.unit_price_fen},
                               {"discount_bp", pricing.discount_bp},
                               {"status", status}}
                              .dump()});
        result = *store::find_quote(c, caller.scope, id);
        return result;
      });
}

Quote OpportunityService::decide_quote(const auth::Principal& caller, int64_t id, const std::string& decision,
                                       const std::optional<std::string>& note, int64_t version) {
  return write_record(
      database_, caller, {"quote", "quotes.approve"},
      [&](db::Connection& c) { return store::find_quote(c, caller.scope, id, true); },
      [&](db::Connection& c, const Quote& q) {
        Quote result;
        int64_t now = clock::now_ms();
        if (q.status != "pending_regional" && q.status != "pending_hq")
          throw fleetkam::Conflict("the quote waits for no approval", "quote.not_pending");
        std::string level = q.status == "pending_regional" ? "regional" : "hq";
        if (level == "hq" && !hq_role(caller.role)) throw Forbidden("the HQ step is decided at headquarters");
        require_version("quote", q.version, version);
        if (decision == "reject" && !note) throw Invalid("note", "say why the price is rejected", "required");
        std::string status = "rejected";
        if (decision == "approve") status = level == "regional" && q.approval_level == "hq" ? "pending_hq" : "approved";
        c.execute(
            "INSERT INTO quote_approvals (quote_id, level, decision, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)",
            {id, level, decision, db::nullable(note), caller.user_id, now});
        c.execute("UPDATE quotes SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
                  {status, now, id});
        audit::record(c, {caller.user_id, "decide", "quote", id, json{{"status", q.status}}.dump(),
                          json{{"status", status}, {"level", level}, {"decision", decision}}.dump()});
        result = *store::find_quote(c, caller.scope, id);
        return result;
      });
}

Quote OpportunityService::send_quote(const auth::Principal& caller, int64_t id, int64_t version) {
  return write_record(
      database_, caller, {"quote", "opportunities.write"},
      [&](db::Connection& c) { return store::find_quote(c, caller.scope, id, true); },
      [&](db::Connection& c, const Quote& q) {
        Quote result;
        int64_t now = clock::now_ms();
        if (q.status != "approved") throw fleetkam::Conflict("only an approved quote is sent", "quote.not_approved");
        require_version("quote", q.version, version);
        c.execute("UPDATE quotes SET status = 'sent', sent_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
                  {now, now, id});
        audit::record(c, {caller.user_id, "send", "quote", id, std::nullopt, json{{"status", "sent"}}.dump()});
        result = *store::find_quote(c, caller.scope, id);
        return result;
      });
}

std::vector<Quote> OpportunityService::quotes(const auth::Principal& caller, const std::vector<std::string>& statuses,
                                              bool awaiting_me, int limit) {
  auth::require(caller.role, "opportunities.read");
  std::vector<std::string> wanted = statuses;
  if (awaiting_me) {
    std::vector<std::string> mine;
    if (auth::allowed(caller.role, "quotes.approve")) mine.emplace_back("pending_regional");
    if (hq_role(caller.role)) mine.emplace_back("pending_hq");
    if (mine.empty()) return {};
    if (wanted.empty()) {
      wanted = mine;
    } else {
      std::erase_if(wanted, [&](const std::string& s) { return std::find(mine.begin(), mine.end(), s) == mine.end(); });
      if (wanted.empty()) return {};
    }
  }
  std::vector<Quote> out;
  database_.read(
      [&](db::Connection& c) { out = store::quotes_with(c, store::scope_units(c, caller.scope), wanted, limit); });
  return out;
}

}  // namespace fleetkam::opportunities
