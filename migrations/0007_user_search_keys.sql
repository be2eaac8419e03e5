-- A user's display name as pinyin search keys (" yangfan yf 杨帆 "), so the user list's search
-- finds 杨帆 by "yangfan" or "yf" as the account search does. NULL until computed: the server
-- fills it in for existing users at start.
ALTER TABLE users ADD COLUMN search_keys TEXT;
