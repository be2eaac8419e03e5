// Tenders of an opportunity: their notice, deadlines, lots and result.
#include <nlohmann/json.hpp>

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

// ---- tenders --------------------------------------------------------------------------------

namespace {
void check_tender(const Tender& t) {
  std::vector<FieldError> errors;
  if (!registrations::day_number(t.published_on))
    errors.push_back({"published_on", "must be a day YYYY-MM-DD", "invalid_value"});
  if (t.opening_at && *t.opening_at < t.bid_deadline)
    errors.push_back({"opening_at", "must not be before the bid deadline", "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
}
}  // namespace

Tender OpportunityService::add_tender(const auth::Principal& caller, int64_t opportunity_id, const TenderInput& in) {
  return write_record(
      database_, caller, {"opportunity", "opportunities.write"},
      [&](db::Connection& c) { return load(c, caller.scope, opportunity_id); },
      [&](db::Connection& c, const Opportunity& o) {
        Tender result;
        int64_t now = clock::now_ms();
        Tender t;
        t.notice_no = *in.notice_no;
        t.published_where = *in.published_where;
        t.published_on = *in.published_on;
        t.bid_deadline = *in.bid_deadline;
        if (in.opening_at) t.opening_at = *in.opening_at;
        if (in.lots_json) t.lots_json = *in.lots_json;
        if (in.note) t.note = *in.note;
        check_tender(t);
        t.id = c.query_one(
                    "INSERT INTO tenders (opportunity_id, owner_unit_id, notice_no, published_where, published_on, "
                    "bid_deadline, opening_at, lots, result, note, version, created_at, updated_at) VALUES (?, ?, ?, "
                    "?, ?, ?, ?, ?, 'pending', ?, 1, ?, ?) RETURNING id",
                    {opportunity_id, o.owner_unit_id, t.notice_no, t.published_where, t.published_on, t.bid_deadline,
                     db::nullable(t.opening_at), t.lots_json, db::nullable(t.note), now, now})
                   ->integer(0);
        audit::record(c, {caller.user_id, "create", "tender", t.id, std::nullopt,
                          json{{"opportunity_id", opportunity_id}, {"notice_no", t.notice_no}}.dump()});
        result = *store::find_tender(c, caller.scope, t.id);
        return result;
      });
}

Tender OpportunityService::update_tender(const auth::Principal& caller, int64_t id, const TenderInput& in) {
  return write_record(
      database_, caller, {"tender", "opportunities.write", in.version},
      [&](db::Connection& c) { return store::find_tender(c, caller.scope, id, true); },
      [&](db::Connection& c, const Tender& found) {
        Tender result;
        int64_t now = clock::now_ms();
        Tender t = found;
        set_if(in.notice_no, t.notice_no);
        set_if(in.published_where, t.published_where);
        set_if(in.published_on, t.published_on);
        set_if(in.bid_deadline, t.bid_deadline);
        set_if(in.opening_at, t.opening_at);
        set_if(in.lots_json, t.lots_json);
        set_if(in.result, t.result);
        set_if(in.winner, t.winner);
        set_if(in.winning_price_fen, t.winning_price_fen);
        set_if(in.note, t.note);
        check_tender(t);
        c.execute(
            "UPDATE tenders SET notice_no = ?, published_where = ?, published_on = ?, bid_deadline = ?, opening_at "
            "= ?, lots = ?, result = ?, winner = ?, winning_price_fen = ?, note = ?, version = version + 1, "
            "updated_at = ? WHERE id = ?",
            {t.notice_no, t.published_where, t.published_on, t.bid_deadline, db::nullable(t.opening_at), t.lots_json,
             t.result, db::nullable(t.winner), db::nullable(t.winning_price_fen), db::nullable(t.note), now, id});
        audit::record(c, {caller.user_id, "update", "tender", id, json{{"result", found.result}}.dump(),
                          json{{"result", t.result}}.dump()});
        result = *store::find_tender(c, caller.scope, id);
        return result;
      });
}

std::vector<Tender> OpportunityService::tenders(const auth::Principal& caller, int64_t from, int64_t to,
                                                bool openings_too) {
  auth::require(caller.role, "opportunities.read");
  std::vector<Tender> out;
  database_.read([&](db::Connection& c) {
    out = store::tenders_between(c, store::scope_units(c, caller.scope), from, to, openings_too);
  });
  return out;
}

}  // namespace fleetkam::opportunities
