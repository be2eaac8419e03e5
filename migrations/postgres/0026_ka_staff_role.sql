-- HQ's key-account department staff (ka_staff, 大客户管理部门专员), who compile the monthly
-- assessment (issue 14), join the roles.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'ka_director', 'ka_executive',
  'regional_director', 'area_manager', 'dealer_manager', 'sales_rep', 'ka_staff'));
