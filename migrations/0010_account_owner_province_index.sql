-- A dealer's or a province's accounts filtered by province, walked in pinyin order: without it a
-- filter on a province the scope has (almost) no accounts in walks every account of the scope.
CREATE INDEX accounts_owner_province_sort ON accounts (owner_unit_id, province_code, sort_key, id);
