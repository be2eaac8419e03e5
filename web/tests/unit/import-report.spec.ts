import { describe, expect, it } from 'vitest';
import { normaliseImportResult, type ImportRow } from '@/api/accounts';
import { createAppI18n } from '@/locales';
import {
  BOM,
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  checkImportFile,
  csvCell,
  fileProblemText,
  formatFileSize,
  importField,
  importTexts,
  reasonKey,
  rowReasons,
  skippedReportCsv,
  skippedRows,
  templateCsv,
  toCsv,
} from '@/utils/import-report';

function translatorFor(locale: 'zh-CN' | 'en') {
  const { t, te } = createAppI18n(locale).global;
  return { t: (key: string, named?: Record<string, unknown>) => (named ? t(key, named) : t(key)), te: (key: string) => te(key) };
}
const zh = translatorFor('zh-CN');
const en = translatorFor('en');

/** Splits CSV text (as written by toCsv) into rows of cells, honouring quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += ch;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** GB 32100 check character of a unified social credit code. */
function creditCodeValid(code: string): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  const sum = weights.reduce((total, weight, i) => total + chars.indexOf(code[i] ?? '') * weight, 0);
  const check = (31 - (sum % 31)) % 31;
  return chars[check] === code[17];
}

const row = (extra: Partial<ImportRow>): ImportRow => ({
  row: 2,
  name: '',
  status: 'invalid',
  errors: [],
  duplicates: [],
  id: null,
  ...extra,
});

describe('checkImportFile', () => {
  it('accepts .xlsx and .csv files, whatever the case of the extension', () => {
    expect(checkImportFile({ name: '客户.xlsx', size: 10 })).toBeNull();
    expect(checkImportFile({ name: 'ACCOUNTS.CSV', size: 10 })).toBeNull();
    expect(checkImportFile({ name: 'list.Xlsx ', size: 10 })).toBeNull();
  });

  it('refuses other extensions, including the old .xls and extension look-alikes', () => {
    for (const name of ['客户.xls', 'accounts.txt', 'accounts.csv.exe', 'xlsx', 'accounts', 'report.pdf']) {
      expect(checkImportFile({ name, size: 10 }), name).toBe('type');
    }
  });

  it('refuses files over 64 MiB (what the server accepts) and empty files', () => {
    expect(IMPORT_MAX_BYTES).toBe(64 * 1024 * 1024);
    expect(checkImportFile({ name: 'big.csv', size: IMPORT_MAX_BYTES })).toBeNull();
    expect(checkImportFile({ name: 'big.csv', size: IMPORT_MAX_BYTES + 1 })).toBe('size');
    expect(checkImportFile({ name: 'empty.csv', size: 0 })).toBe('empty');
  });

  it('says why in both languages', () => {
    expect(zh.t('accounts.import.fileChecks.type', { name: 'a.pdf' })).toBe('只能导入 .xlsx 或 .csv 文件，「a.pdf」不是');
    expect(en.t('accounts.import.fileChecks.size', { name: 'big.csv' })).toMatch(/64 MB/);
  });
});

describe('CSV cells and documents', () => {
  it('leaves plain text and numbers as they are', () => {
    expect(csvCell('成都市公安局')).toBe('成都市公安局');
    expect(csvCell(17)).toBe('17');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes cells with a comma, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('中文，全角逗号')).toBe('中文，全角逗号');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+86 10 1234 5678')).toBe("'+86 10 1234 5678");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-5)).toBe('-5'); // a number is data, not a formula
  });

  it('writes a BOM first and ends every line with CRLF', () => {
    const text = toCsv([
      ['行号', '名称'],
      [3, 'x,y'],
    ]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe(`${BOM}行号,名称\r\n3,"x,y"\r\n`);
    expect(parseCsv(text.slice(1))).toEqual([
      ['行号', '名称'],
      ['3', 'x,y'],
    ]);
  });
});

describe('the template', () => {
  const [header, example] = parseCsv(templateCsv().slice(1));

  it('is UTF-8 CSV with a BOM, a header row with every column and one example row', () => {
    expect(templateCsv().startsWith(BOM)).toBe(true);
    expect(parseCsv(templateCsv().slice(1))).toHaveLength(2);
    expect(header).toEqual([
      '名称',
      '统一社会信用代码',
      '行业',
      '行政级别',
      '行政区划代码',
      '地址',
      '客户分级',
      '业务分类',
      '采购方式',
      '信息渠道',
      '归属单位ID',
      '联系人',
      '联系人职务',
      '联系人部门',
      '采购角色',
      '联系人级别',
      '联系人职能',
      '联系电话',
    ]);
    expect(example).toHaveLength(header?.length ?? 0);
  });

  it('has an example the server would accept: 成都市公安局 in 510100 with a valid credit code', () => {
    const value = (headerName: string) => example?.[header?.indexOf(headerName) ?? -1];
    expect(value('名称')).toBe('成都市公安局');
    expect(value('行政区划代码')).toBe('510100');
    expect(creditCodeValid(value('统一社会信用代码') ?? '')).toBe(true);
    expect(value('行业')).toBe('公安');
    expect(value('行政级别')).toBe('市级');
    expect(value('客户分级')).toBe('重点客户');
    expect(value('业务分类')).toBe('需招投标作业的业务');
    expect(value('采购方式')).toBe('招标采购');
    expect(value('信息渠道')).toBe('政府采购网站');
    expect(value('采购角色')).toBe('评估者');
  });

  it('marks the columns the server requires', () => {
    expect(IMPORT_COLUMNS.filter((column) => column.required).map((column) => column.field)).toEqual([
      'name',
      'industry',
      'admin_level',
      'division_code',
      'grade',
      'business_class',
      'procurement_method',
      'source_channel',
    ]);
  });
});

describe('reasons in words', () => {
  const texts = importTexts(zh);

  it('names contact fields however the server nests them', () => {
    expect(importField('contact.phone')).toBe('contact_phone');
    expect(importField('contacts[0].name')).toBe('contact_name');
    expect(importField('phone')).toBe('contact_phone');
    expect(importField('contact_buying_role')).toBe('contact_buying_role');
    expect(importField('division_code')).toBe('division_code');
    expect(importField('name')).toBe('name');
  });

  it('says each error as "field label: message", with the form\'s labels and messages', () => {
    expect(texts.fieldError({ field: 'division_code', message: 'is not a GB/T 2260 code', code: 'invalid_value' })).toBe(
      '行政区划：不是有效的行政区划',
    );
    expect(texts.fieldError({ field: 'credit_code', message: 'bad check digit', code: 'invalid_value' })).toBe(
      '统一社会信用代码：统一社会信用代码无效：须为 18 位且校验位正确',
    );
    expect(texts.fieldError({ field: 'industry', message: 'must not be empty', code: 'required' })).toBe('行业：必填');
    expect(texts.fieldError({ field: 'contact_phone', message: 'bad', code: 'invalid_value' })).toMatch(
      /^联系电话：电话须有 5 至 20 位数字/,
    );
    expect(texts.fieldError({ field: 'contact_buying_role', message: 'x', code: 'invalid_value' })).toBe('采购角色：取值无效');
  });

  it("falls back to the server's field name and message for what it does not know", () => {
    expect(texts.fieldError({ field: 'mystery', message: 'is odd', code: 'odd' })).toBe('mystery：is odd');
    expect(texts.fieldError({ field: 'name', message: '', code: 'odd' })).toBe('客户名称：odd');
  });

  it('gives duplicates their reason and, when known, the account they duplicate', () => {
    expect(reasonKey('same credit code')).toBe('same_credit_code');
    expect(texts.duplicate({ kind: 'duplicate', score: 1, reason: 'same credit code', id: 12, name: '成都市公安局' })).toBe(
      '疑似重复：成都市公安局（统一社会信用代码相同）',
    );
    expect(texts.duplicate({ kind: 'duplicate', score: 1, reason: 'same credit code as an earlier row' })).toBe(
      '疑似重复：与文件中前面的行统一社会信用代码相同',
    );
    expect(texts.duplicate({ kind: 'duplicate', score: 0.7, reason: 'similar name' })).toBe('疑似重复：similar name');
  });

  it('names statuses, and shows one it does not know as it is', () => {
    expect(texts.status('invalid')).toBe('错误');
    expect(texts.status('duplicate')).toBe('疑似重复');
    expect(texts.status('quarantined')).toBe('quarantined');
  });

  it('lists a row\'s errors, then its duplicates', () => {
    const reasons = rowReasons(
      row({
        errors: [{ field: 'grade', message: 'x', code: 'invalid_value' }],
        duplicates: [{ kind: 'duplicate', score: 1, reason: 'same name in the same division', name: '甲', id: 3 }],
      }),
      texts,
    );
    expect(reasons).toEqual(['分级：取值无效', '疑似重复：甲（同一行政区划内名称相同）']);
  });

  it('says whole-file problems in words', () => {
    const problem = (message: string, code = 'required') => ({ field: 'file', message, code });
    expect(fileProblemText(problem('missing column: industry'), zh)).toBe('缺少必填列：行业');
    expect(fileProblemText(problem('unknown column: 颜色', 'unknown_field'), zh)).toBe('无法识别的列：颜色');
    expect(fileProblemText(problem('import at most 200,000 rows at a time', 'too_long'), zh)).toMatch(/200,000/);
    expect(fileProblemText(problem('the file has no header row'), zh)).toBe('文件没有表头行');
    expect(fileProblemText(problem('the workbook is damaged', 'invalid_value'), zh)).toBe('无法读取文件：the workbook is damaged');
    expect(fileProblemText(problem('missing column: industry'), en)).toBe('Missing required column: 行业');
  });
});

describe('the skip report', () => {
  const rows: ImportRow[] = [
    row({
      row: 7,
      name: '=cmd|calc',
      status: 'duplicate',
      duplicates: [{ kind: 'duplicate', score: 1, reason: 'same credit code', id: 12, name: '成都市公安局' }],
    }),
    row({ row: 5, status: 'ok', name: '不是跳过的行' }),
    row({
      row: 3,
      name: '镇江市交通运输局, 二处',
      errors: [
        { field: 'division_code', message: 'is not a GB/T 2260 code', code: 'invalid_value' },
        { field: 'grade', message: 'x', code: 'invalid_value' },
      ],
    }),
  ];

  it('has 行号, 名称, 状态, 原因 and one line per skipped row in file order, with a BOM', () => {
    const text = skippedReportCsv(rows, importTexts(zh));
    expect(text.startsWith(BOM)).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ['行号', '名称', '状态', '原因'],
      ['3', '镇江市交通运输局, 二处', '错误', '行政区划：不是有效的行政区划；分级：取值无效'],
      ['7', "'=cmd|calc", '疑似重复', '疑似重复：成都市公安局（统一社会信用代码相同）'],
    ]);
  });

  it('is in English for an English UI', () => {
    const text = skippedReportCsv(rows, importTexts(en));
    const [header, first] = parseCsv(text.slice(1));
    expect(header).toEqual(['Row', 'Name', 'Status', 'Reasons']);
    expect(first?.[3]).toBe('Division: Not a valid division; Grade: Invalid value');
  });

  it('skips only rows that are not written', () => {
    expect(skippedRows(rows).map((r) => r.row)).toEqual([3, 7]);
  });
});

describe('normaliseImportResult', () => {
  it('reads a server that does not send contacts yet, or an older row shape', () => {
    const result = normaliseImportResult({
      dry_run: true,
      summary: { total: 3, valid: 2, invalid: 1, duplicate: 0, written: 0 },
      rows: [{ row: 4, name: 'x', status: 'invalid', errors: [{ field: 'grade', message: 'm', code: 'c' }] }],
    });
    expect(result.summary.contacts).toBe(0);
    expect(result.rows[0]).toEqual({
      row: 4,
      name: 'x',
      status: 'invalid',
      errors: [{ field: 'grade', message: 'm', code: 'c' }],
      duplicates: [],
      id: null,
    });
  });

  it('keeps what the server sends', () => {
    const result = normaliseImportResult({
      dry_run: false,
      summary: { total: 5, valid: 3, invalid: 0, duplicate: 1, written: 3, contacts: 4 },
      rows: [{ row: 6, name: 'y', status: 'duplicate', errors: [], duplicates: [{ kind: 'duplicate', score: 1, reason: 'r', id: 9 }] }],
    });
    expect(result.dry_run).toBe(false);
    expect(result.summary).toEqual({ total: 5, valid: 3, invalid: 0, duplicate: 1, written: 3, contacts: 4 });
    expect(result.rows[0]?.duplicates).toEqual([{ kind: 'duplicate', score: 1, reason: 'r', id: 9 }]);
  });

  it('survives nonsense', () => {
    expect(normaliseImportResult(null)).toEqual({
      dry_run: true,
      summary: { total: 0, valid: 0, invalid: 0, duplicate: 0, written: 0, contacts: 0 },
      rows: [],
    });
  });
});

describe('formatFileSize', () => {
  it('is in B, KB or MB', () => {
    expect(formatFileSize(850)).toBe('850 B');
    expect(formatFileSize(12_700)).toBe('12.4 KB');
    expect(formatFileSize(3.1 * 1024 * 1024)).toBe('3.1 MB');
  });
});
