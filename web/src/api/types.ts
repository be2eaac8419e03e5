// Names for the generated OpenAPI schema types (src/api/schema.d.ts), so views never
// spell `components['schemas'][...]` and never fall back to `any`.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type FieldError = NonNullable<Problem['errors']>[number];
export type User = Schemas['User'];
export type Role = User['role'];
export type OrgUnit = Schemas['OrgUnit'];
export type OrgKind = OrgUnit['kind'];
export type Division = Schemas['Division'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginResponse = Schemas['LoginResponse'];
export type Me = Schemas['Me'];
export type PasswordChange = Schemas['PasswordChange'];
export type Overview = Schemas['Overview'];
export type DivisionList = Schemas['DivisionList'];
export type OrgUnitList = Schemas['OrgUnitList'];
export type OrgUnitCreate = Schemas['OrgUnitCreate'];
export type OrgUnitPatch = Schemas['OrgUnitPatch'];
export type UserList = Schemas['UserList'];
export type UserCreate = Schemas['UserCreate'];
export type UserPatch = Schemas['UserPatch'];
export type PasswordReset = Schemas['PasswordReset'];

/** Every role, in the order of the organisation (top to bottom). */
export const ROLES: readonly Role[] = [
  'admin',
  'ka_director',
  'ka_executive',
  'regional_director',
  'area_manager',
  'dealer_manager',
  'sales_rep',
];

/** Org unit kinds from the root down: HQ → region 大区 → province 省区 → dealer 经销商. */
export const ORG_KINDS: readonly OrgKind[] = ['hq', 'region', 'province', 'dealer'];
