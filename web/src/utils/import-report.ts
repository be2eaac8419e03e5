// Pure helpers of the accounts import wizard: checks of the chosen file, CSV text as Excel
// reads it (UTF-8 with a BOM, RFC 4180 quoting, cells that would start a formula defused),
// the import template, the reasons a row is skipped in words, and the skip report
// (行号, 名称, 状态, 原因) the user downloads after an import.
import type { ImportDuplicate, ImportFieldError, ImportRow } from '@/api/accounts';
import type { FieldError } from '@/api/types';
import type { Translator } from './error-message';

/** The server refuses bodies over 64 MiB (413); refuse them before sending. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['.xlsx', '.csv'] as const;
/** For the file picker's `accept`. */
export const IMPORT_ACCEPT = IMPORT_EXTENSIONS.join(',');

export type ImportFileProblem = 'type' | 'size' | 'empty';

/** Why a chosen file cannot be imported (by its name and size), or null when it may be sent. */
export function checkImportFile(file: { name: string; size: number }): ImportFileProblem | null {
  const name = file.name.trim().toLowerCase();
  if (!IMPORT_EXTENSIONS.some((extension) => name.endsWith(extension))) return 'type';
  if (file.size > IMPORT_MAX_BYTES) return 'size';
  if (file.size === 0) return 'empty';
  return null;
}

// ---- CSV ---------------------------------------------------------------------------------

/** The byte order mark that makes Excel read a CSV file as UTF-8 (else Chinese is garbled). */
export const BOM = '\uFEFF';

export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell. A text that a spreadsheet would run as a formula (it starts with = + - @, or a
 * tab or carriage return) gets a leading ' so that it stays text; a cell with a comma, quote or
 * line break is quoted, its quotes doubled (RFC 4180). Numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: BOM, one line per row, CRLF line ends (RFC 4180), a final line end. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

// ---- the template --------------------------------------------------------------------------

export interface ImportColumn {
  /** The header the server reads (the Chinese one; it also reads English field names). */
  header: string;
  /** The field it fills; contact columns are `contact_*`. */
  field: string;
  required: boolean;
  /** The example row's value. */
  example: string;
}

/**
 * The columns of the import file, as the template has them. These are a file format, not UI
 * text: the server reads these Chinese headers whatever the UI language.
 */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { header: '名称', field: 'name', required: true, example: '成都市公安局' },
  { header: '统一社会信用代码', field: 'credit_code', required: false, example: '11510100MB0000000U' },
  { header: '行业', field: 'industry', required: true, example: '公安' },
  { header: '行政级别', field: 'admin_level', required: true, example: '市级' },
  { header: '行政区划代码', field: 'division_code', required: true, example: '510100' },
  { header: '地址', field: 'address', required: false, example: '四川省成都市锦江区人民南路一段 1 号' },
  { header: '客户分级', field: 'grade', required: true, example: '重点客户' },
  { header: '业务分类', field: 'business_class', required: true, example: '需招投标作业的业务' },
  { header: '采购方式', field: 'procurement_method', required: true, example: '招标采购' },
  { header: '信息渠道', field: 'source_channel', required: true, example: '政府采购网站' },
  { header: '归属单位ID', field: 'owner_unit_id', required: false, example: '' },
  { header: '联系人', field: 'contact_name', required: false, example: '李华' },
  { header: '联系人职务', field: 'contact_title', required: false, example: '装备处处长' },
  { header: '联系人部门', field: 'contact_department', required: false, example: '装备财务处' },
  { header: '采购角色', field: 'contact_buying_role', required: false, example: '评估者' },
  { header: '联系人级别', field: 'contact_level', required: false, example: '正处级' },
  { header: '联系人职能', field: 'contact_function', required: false, example: '车辆采购与管理' },
  { header: '联系电话', field: 'contact_phone', required: false, example: '028-8640 1234' },
];

/** The template the user downloads: the header row and one example row. */
export function templateCsv(): string {
  return toCsv([IMPORT_COLUMNS.map((column) => column.header), IMPORT_COLUMNS.map((column) => column.example)]);
}

// ---- reasons in words ------------------------------------------------------------------------

/** Field names of import errors → the label keys the account and contact forms use. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'accounts.fields.name',
  credit_code: 'accounts.fields.creditCode',
  industry: 'accounts.fields.industry',
  admin_level: 'accounts.fields.adminLevel',
  division_code: 'accounts.fields.division',
  grade: 'accounts.fields.grade',
  business_class: 'accounts.fields.businessClass',
  procurement_method: 'accounts.fields.procurementMethod',
  source_channel: 'accounts.fields.sourceChannel',
  owner_unit_id: 'accounts.fields.ownerUnit',
  owner_user_id: 'accounts.fields.ownerUser',
  address: 'accounts.fields.address',
  file: 'accounts.import.fileField',
  contact_name: 'accounts.import.contactFields.name',
  contact_title: 'accounts.import.contactFields.title',
  contact_department: 'accounts.import.contactFields.department',
  contact_buying_role: 'accounts.import.contactFields.buyingRole',
  contact_level: 'accounts.import.contactFields.level',
  contact_function: 'accounts.import.contactFields.function',
  contact_phone: 'accounts.import.contactFields.phone',
  contact_reports_to_id: 'accounts.contacts.fields.reportsTo',
};

/** Contact fields only a contact has, named without the `contact_` prefix. */
const CONTACT_ONLY_FIELDS = new Set(['title', 'department', 'buying_role', 'level', 'function', 'phone', 'reports_to_id']);

/** `contact.phone`, `contacts[0].phone`, `phone` → `contact_phone`; account fields as they are. */
export function importField(field: string): string {
  const nested = /^contacts?(?:\[\d+\])?[._](.+)$/.exec(field);
  if (nested?.[1]) return `contact_${nested[1]}`;
  return CONTACT_ONLY_FIELDS.has(field) ? `contact_${field}` : field;
}

/** What the wizard and the skip report say about rows; made from the UI's translations. */
export interface ImportTexts {
  fieldLabel(field: string): string;
  /** "行政区划：不是有效的行政区划". */
  fieldError(error: ImportFieldError): string;
  /** The reason of a suspected duplicate in the UI language ("统一社会信用代码相同"). */
  duplicateReason(candidate: ImportDuplicate): string;
  /** "疑似重复：成都市公安局（统一社会信用代码相同）". */
  duplicate(candidate: ImportDuplicate): string;
  status(status: string): string;
  /** Between the reasons of one row in a report cell. */
  separator: string;
  headers: { row: string; name: string; status: string; reasons: string };
}

/** The reason key of a server reason: "same credit code" → `same_credit_code`. */
export function reasonKey(reason: string): string {
  return reason
    .replace(/[^a-z0-9]+/gi, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

export function importTexts({ t, te }: Translator): ImportTexts {
  const fieldLabel = (field: string): string => {
    const key = FIELD_LABELS[importField(field)];
    return key && te(key) ? t(key) : field;
  };
  const message = (error: ImportFieldError): string => {
    const field = importField(error.field);
    const bare = field.replace(/^contact_/, '');
    if (error.code) {
      for (const name of [error.field, field, bare]) {
        const key = `errors.fieldCode.${name}.${error.code}`;
        if (te(key)) return t(key);
      }
      if (te(`errors.field.${error.code}`)) return t(`errors.field.${error.code}`);
    }
    return error.message || error.code;
  };
  const duplicateReason = (candidate: ImportDuplicate): string => {
    const key = `accounts.duplicates.reasons.${reasonKey(candidate.reason)}`;
    return te(key) ? t(key) : candidate.reason;
  };
  return {
    fieldLabel,
    fieldError: (error) => t('accounts.import.fieldError', { field: fieldLabel(error.field), message: message(error) }),
    duplicateReason,
    duplicate: (candidate) =>
      candidate.name
        ? t('accounts.import.duplicateOf', { name: candidate.name, reason: duplicateReason(candidate) })
        : t('accounts.import.duplicateReason', { reason: duplicateReason(candidate) }),
    status: (status) => (te(`accounts.import.statuses.${status}`) ? t(`accounts.import.statuses.${status}`) : status),
    separator: t('accounts.import.reasonSeparator'),
    headers: {
      row: t('accounts.import.columns.row'),
      name: t('accounts.import.columns.name'),
      status: t('accounts.import.columns.status'),
      reasons: t('accounts.import.columns.reasons'),
    },
  };
}

/** Every reason a row is not imported: its field errors, then its suspected duplicates. */
export function rowReasons(row: ImportRow, texts: ImportTexts): string[] {
  return [...row.errors.map((error) => texts.fieldError(error)), ...row.duplicates.map((d) => texts.duplicate(d))];
}

/** The rows an import skips, in file order (a row the server calls `ok` is not skipped). */
export function skippedRows(rows: readonly ImportRow[]): ImportRow[] {
  return rows.filter((row) => row.status !== 'ok').sort((a, b) => a.row - b.row);
}

/** The skip report: 行号, 名称, 状态, 原因, one line per skipped row, as CSV text with a BOM. */
export function skippedReportCsv(rows: readonly ImportRow[], texts: ImportTexts): string {
  const { headers } = texts;
  return toCsv([
    [headers.row, headers.name, headers.status, headers.reasons],
    ...skippedRows(rows).map((row) => [
      row.row,
      row.name,
      texts.status(row.status),
      rowReasons(row, texts).join(texts.separator),
    ]),
  ]);
}

/** A whole-file problem (422, field `file`) in words: a missing or unknown column, too many rows… */
export function fileProblemText(error: FieldError, { t }: Translator): string {
  const missing = /^missing column: *(.+)$/i.exec(error.message);
  if (missing?.[1]) {
    const field = missing[1].trim();
    const header = IMPORT_COLUMNS.find((column) => column.field === field)?.header ?? field;
    return t('accounts.import.fileProblems.missingColumn', { header });
  }
  const unknown = /^unknown column: *(.+)$/i.exec(error.message);
  if (unknown?.[1]) return t('accounts.import.fileProblems.unknownColumn', { header: unknown[1].trim() });
  if (error.code === 'too_long') return t('accounts.import.fileProblems.tooManyRows');
  if (/no header row/i.test(error.message)) return t('accounts.import.fileProblems.noHeader');
  return t('accounts.import.fileProblems.unreadable', { message: error.message || error.code });
}

/** A file size for people: "850 B", "12.4 KB", "3.1 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
