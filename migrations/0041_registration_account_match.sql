-- A registration with a new account's fields that the duplicate engine matched to an existing
-- account (issue 19): the name the dealer wrote and the engine's reason ("renamed in 2018: 环境保护局
-- → 生态环境局"), so that a reviewer sees why two dealers' leads are one buyer. NULL when the account
-- was chosen, created, or found by its credit code.
ALTER TABLE registrations ADD COLUMN account_match_name TEXT;
ALTER TABLE registrations ADD COLUMN account_match_reason TEXT;
