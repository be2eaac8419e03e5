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
export type Account = Schemas['Account'];
export type AccountList = Schemas['AccountList'];
export type AccountCreate = Schemas['AccountCreate'];
export type AccountPatch = Schemas['AccountPatch'];
export type Grade = Account['grade'];
export type AdminLevel = Account['admin_level'];
export type BusinessClass = Account['business_class'];
export type ProcurementMethod = Account['procurement_method'];
export type DuplicateCandidate = Schemas['DuplicateCandidate'];
export type DuplicateList = Schemas['DuplicateList'];
export type Contact = Schemas['Contact'];
export type ContactList = Schemas['ContactList'];
export type ContactCreate = Schemas['ContactCreate'];
export type ContactPatch = Schemas['ContactPatch'];
export type BuyingRole = Contact['buying_role'];
export type AnalysisSheet = Schemas['AnalysisSheet'];
export type AnalysisLayers = AnalysisSheet['layers'];
export type AnalysisLayerName = keyof AnalysisLayers;
export type AnalysisLayer = NonNullable<AnalysisLayers[AnalysisLayerName]>;
export type BarrierLevel = NonNullable<AnalysisLayer['barrier']>;
export type StrategyKind = keyof NonNullable<AnalysisLayer['strategy']>;
export type AnalysisVersion = Schemas['AnalysisVersion'];
export type AnalysisHistory = Schemas['AnalysisHistory'];
export type DirectoryEntry = Schemas['DirectoryEntry'];
export type DirectoryList = Schemas['DirectoryList'];
export type DirectoryEntryCreate = Schemas['DirectoryEntryCreate'];
export type DirectoryEntryPatch = Schemas['DirectoryEntryPatch'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditList = Schemas['AuditList'];

/** Every role, in the order of the organisation (top to bottom). */
export const ROLES: readonly Role[] = [
  'admin',
  'ka_director',
  'ka_executive',
  'ka_staff',
  'regional_director',
  'area_manager',
  'dealer_manager',
  'sales_rep',
];

/** Org unit kinds from the root down: HQ → region 大区 → province 省区 → dealer 经销商. */
export const ORG_KINDS: readonly OrgKind[] = ['hq', 'region', 'province', 'dealer'];

/** Account grades (分级), from the most important down: 重点 → 次重点 → 潜力. */
export const GRADES: readonly Grade[] = ['key', 'secondary', 'potential'];
export const ADMIN_LEVELS: readonly AdminLevel[] = ['central', 'provincial', 'municipal', 'county'];
export const BUSINESS_CLASSES: readonly BusinessClass[] = ['direct', 'tender', 'one_time'];
export const PROCUREMENT_METHODS: readonly ProcurementMethod[] = ['tender', 'agreement', 'direct'];

/** The six roles of the buying centre (采购关系), in the order the planning document names them. */
export const BUYING_ROLES: readonly BuyingRole[] = [
  'user',
  'evaluator',
  'decision_maker',
  'decision_layer',
  'operator',
  'finance',
];

export const BARRIER_LEVELS: readonly BarrierLevel[] = ['low', 'medium', 'high'];
export const STRATEGY_KINDS: readonly StrategyKind[] = ['institutional', 'personal', 'implicit'];

/** The directories HQ maintains (`/directories/{name}`). */
export const DIRECTORIES = ['industries', 'vehicle_types', 'source_channels'] as const;
export type DirectoryName = (typeof DIRECTORIES)[number];
