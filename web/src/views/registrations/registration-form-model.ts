// 新建报备's model, the field names the server may report errors for, and the body it sends (a
// lead from 展销会及推广会 names the event it was met at).
// The new account's fields sit under `account` as they do in the request, so that a server
// error `account.name` lands beside the name (<KitField name="account.name">).
import type { InfoClass, RegistrationCreate } from '@/api/registrations';
import type { AccountCreate, AdminLevel, Grade, ProcurementMethod } from '@/api/types';
import { EVENT_CHANNEL } from '@/views/events/events-format';
import { yuanToFen } from './registration-format';

export type AccountMode = 'existing' | 'new';

export interface NewAccountModel {
  name: string;
  credit_code: string;
  industry: string;
  admin_level: AdminLevel | '';
  division_code: string | null;
  grade: Grade | '';
}

export interface RegistrationFormModel {
  mode: AccountMode;
  account_id: number | null;
  account: NewAccountModel;
  vehicle_type: string;
  model: string;
  quantity: number | undefined;
  budget_yuan: number | undefined;
  expected_date: string;
  procurement_method: ProcurementMethod | '';
  source_channel: string;
  /** With the channel 展销会及推广会: the event the lead was met at (optional). */
  event_id: number | null;
  info_class: InfoClass | '';
  info_obtained_at: Date | null;
  note: string;
}

export const REGISTRATION_FORM_FIELDS = [
  'account_id',
  'account',
  'account.name',
  'account.credit_code',
  'account.industry',
  'account.admin_level',
  'account.division_code',
  'account.grade',
  'account.business_class',
  'account.procurement_method',
  'account.source_channel',
  'vehicle_type',
  'model',
  'quantity',
  'budget_fen',
  'expected_date',
  'procurement_method',
  'source_channel',
  'event_id',
  'info_class',
  'info_obtained_at',
  'note',
] as const;

export function emptyRegistrationForm(now: Date = new Date()): RegistrationFormModel {
  return {
    mode: 'existing',
    account_id: null,
    account: { name: '', credit_code: '', industry: '', admin_level: '', division_code: null, grade: '' },
    vehicle_type: '',
    model: '',
    quantity: 1,
    budget_yuan: undefined,
    expected_date: '',
    procurement_method: '',
    source_channel: '',
    event_id: null,
    info_class: '',
    info_obtained_at: now,
    note: '',
  };
}

/** A credit code as the server keeps it: upper case, no spaces. */
export function normalisedCreditCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

function accountBody(form: RegistrationFormModel): AccountCreate | null {
  const { account } = form;
  if (account.admin_level === '' || account.grade === '' || account.division_code === null) return null;
  if (form.info_class === '' || form.procurement_method === '') return null;
  const body: AccountCreate = {
    name: account.name.trim(),
    industry: account.industry,
    admin_level: account.admin_level,
    division_code: account.division_code,
    grade: account.grade,
    business_class: form.info_class,
    procurement_method: form.procurement_method,
    source_channel: form.source_channel,
  };
  const creditCode = normalisedCreditCode(account.credit_code);
  if (creditCode) body.credit_code = creditCode;
  return body;
}

/** The body of POST /registrations, or null when a required choice is missing. */
export function registrationBody(form: RegistrationFormModel): RegistrationCreate | null {
  if (form.procurement_method === '' || form.info_class === '' || form.quantity === undefined) return null;
  const registration: RegistrationCreate = {
    vehicle_type: form.vehicle_type,
    quantity: form.quantity,
    expected_date: form.expected_date,
    procurement_method: form.procurement_method,
    source_channel: form.source_channel,
    info_class: form.info_class,
  };
  if (form.mode === 'existing') {
    if (form.account_id === null) return null;
    registration.account_id = form.account_id;
  } else {
    const account = accountBody(form);
    if (!account) return null;
    registration.account = account;
  }
  if (form.model.trim()) registration.model = form.model.trim();
  const fen = yuanToFen(form.budget_yuan);
  if (fen !== undefined) registration.budget_fen = fen;
  if (form.info_obtained_at) registration.info_obtained_at = form.info_obtained_at.toISOString();
  if (form.note.trim()) registration.note = form.note.trim();
  if (form.source_channel === EVENT_CHANNEL && form.event_id !== null) registration.event_id = form.event_id;
  return registration;
}
