import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { accountExportQuery, accountExportUrl, exportAccounts, XLSX_TYPE } from '@/api/accounts';
import { ApiError, buildUrl, csrfToken, onUnauthorized } from '@/api/client';
import type { Problem } from '@/api/types';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import {
  accountListFilter,
  exportErrorMessage,
  exportFallbackName,
  type AccountListState,
} from '@/utils/account-list';
import { filenameFromContentDisposition } from '@/utils/download';
import { dateStamp } from '@/utils/format';
import AccountListView from '@/views/accounts/account-list-view.vue';
import { adminMe, eventually, hqUnit, jsonResponse, problem } from './helpers';

function translatorFor(locale: 'zh-CN' | 'en') {
  const { t, te } = createAppI18n(locale).global;
  return { t: (key: string, named?: Record<string, unknown>) => (named ? t(key, named) : t(key)), te: (key: string) => te(key) };
}
const zh = translatorFor('zh-CN');
const en = translatorFor('en');

/** A problem+json body as the client reads it (`problem()` builds one without every field). */
const asProblem = (body: object): Problem => body as Problem;

const TOO_MANY_ERRORS = [{ field: 'limit', message: 'more than 100000 accounts match; narrow the filters', code: 'too_long' }];
const TOO_MANY = asProblem(problem(422, 'validation_failed', { errors: TOO_MANY_ERRORS }));

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

/** A file answer as the server sends it. */
function xlsxResponse(bytes: string, disposition: string | null): Response {
  const headers: Record<string, string> = { 'Content-Type': XLSX_TYPE };
  if (disposition !== null) headers['Content-Disposition'] = disposition;
  return new Response(new Blob([bytes]), { status: 200, headers });
}

afterEach(() => {
  vi.unstubAllGlobals();
  onUnauthorized(null);
  csrfToken.clear();
  document.body.innerHTML = '';
});

describe('filenameFromContentDisposition', () => {
  it('reads a quoted or plain filename', () => {
    expect(filenameFromContentDisposition('attachment; filename="accounts.xlsx"')).toBe('accounts.xlsx');
    expect(filenameFromContentDisposition('attachment; filename=accounts.xlsx')).toBe('accounts.xlsx');
    expect(filenameFromContentDisposition('attachment;filename = "a b.xlsx" ; size=12')).toBe('a b.xlsx');
    expect(filenameFromContentDisposition('Attachment; FileName="X.xlsx"')).toBe('X.xlsx');
  });

  it('unescapes a quoted filename, keeping a ";" inside the quotes', () => {
    expect(filenameFromContentDisposition('attachment; filename="a\\"b;c.xlsx"; x=1')).toBe('a"b;c.xlsx');
  });

  it('prefers an RFC 5987 filename* in UTF-8, wherever it stands', () => {
    const name = '客户列表-20240501.xlsx';
    const encoded = encodeURIComponent(name);
    expect(filenameFromContentDisposition(`attachment; filename*=UTF-8''${encoded}`)).toBe(name);
    expect(filenameFromContentDisposition(`attachment; filename="accounts.xlsx"; filename*=UTF-8''${encoded}`)).toBe(name);
    expect(filenameFromContentDisposition(`attachment; filename*=utf-8'zh-CN'${encoded}; filename="accounts.xlsx"`)).toBe(name);
    expect(filenameFromContentDisposition("attachment; FILENAME*=UTF-8''a%20b%2Bc.xlsx")).toBe('a b+c.xlsx');
  });

  it('reads an ISO-8859-1 filename*', () => {
    expect(filenameFromContentDisposition("attachment; filename*=iso-8859-1'en'%A3%20rates.xlsx")).toBe('£ rates.xlsx');
  });

  it('falls back to filename when filename* cannot be read', () => {
    expect(filenameFromContentDisposition("attachment; filename*=UTF-8''%E5%ZZ.xlsx; filename=\"x.xlsx\"")).toBe('x.xlsx');
    expect(filenameFromContentDisposition("attachment; filename*=gb2312''%BF%CD.xlsx; filename=\"x.xlsx\"")).toBe('x.xlsx');
    expect(filenameFromContentDisposition('attachment; filename*=no-quotes.xlsx; filename="x.xlsx"')).toBe('x.xlsx');
  });

  it('repairs a raw UTF-8 filename that the browser read as Latin-1', () => {
    const header = `attachment; filename="${Buffer.from('客户.xlsx', 'utf8').toString('latin1')}"`;
    expect(filenameFromContentDisposition(header)).toBe('客户.xlsx');
    expect(filenameFromContentDisposition('attachment; filename="caf\u00e9.xlsx"')).toBe('café.xlsx');
  });

  it('keeps only the last part of a path and drops control characters', () => {
    expect(filenameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromContentDisposition('attachment; filename="C:\\\\temp\\\\a.xlsx"')).toBe('a.xlsx');
    expect(filenameFromContentDisposition("attachment; filename*=UTF-8''a%0Ab.xlsx")).toBe('ab.xlsx');
  });

  it('is null when no file is named', () => {
    expect(filenameFromContentDisposition(null)).toBeNull();
    expect(filenameFromContentDisposition(undefined)).toBeNull();
    expect(filenameFromContentDisposition('')).toBeNull();
    expect(filenameFromContentDisposition('attachment')).toBeNull();
    expect(filenameFromContentDisposition('inline; name="x.xlsx"')).toBeNull();
    expect(filenameFromContentDisposition('attachment; filename=""')).toBeNull();
    expect(filenameFromContentDisposition('attachment; filename=".."')).toBeNull();
    expect(filenameFromContentDisposition('attachment; filename')).toBeNull();
  });
});

describe('the export address', () => {
  const state = (extra: Partial<AccountListState> = {}): AccountListState => ({
    q: '',
    grade: '',
    industry: '',
    division_code: null,
    owner_unit_id: null,
    status: 'active',
    ...extra,
  });

  it('is only format=xlsx and active=true for the list as it opens', () => {
    expect(accountExportUrl(accountListFilter(state()))).toBe('/api/v1/accounts/export?format=xlsx&active=true');
  });

  it('carries every filter of the list: the trimmed search, grade, industry, division, unit', () => {
    const url = accountExportUrl(
      accountListFilter(
        state({ q: '  南京 ', grade: 'key', industry: 'police', division_code: '320100', owner_unit_id: 7, status: 'all' }),
      ),
    );
    expect(url.startsWith('/api/v1/accounts/export?')).toBe(true);
    expect(Object.fromEntries(new URL(url, 'http://x').searchParams)).toEqual({
      format: 'xlsx',
      q: '南京',
      grade: 'key',
      industry: 'police',
      division_code: '320100',
      owner_unit_id: '7',
    });
    expect(accountExportUrl(accountListFilter(state({ status: 'inactive' })))).toBe(
      '/api/v1/accounts/export?format=xlsx&active=false',
    );
    expect(accountExportUrl(accountListFilter(state({ q: '   ' })))).toBe('/api/v1/accounts/export?format=xlsx&active=true');
  });

  it('never carries the paging of the list, and otherwise asks what the list asks', () => {
    const filter = accountListFilter(state({ q: 'njsgaj', grade: 'secondary' }));
    const listed = new URL(buildUrl('/accounts', { ...filter, limit: 50, cursor: 'abc' }), 'http://x').searchParams;
    const exported = new URL(accountExportUrl({ ...filter, limit: 50, cursor: 'abc' }), 'http://x').searchParams;
    expect(exported.has('limit')).toBe(false);
    expect(exported.has('cursor')).toBe(false);
    listed.delete('limit');
    listed.delete('cursor');
    exported.delete('format');
    expect(exported.toString()).toBe(listed.toString());
    expect(accountExportQuery({ owner_user_id: 3 })).toMatchObject({ format: 'xlsx', owner_user_id: 3 });
  });
});

describe('the export file name and errors', () => {
  it('dates the fallback name in China', () => {
    const lateEveningUtc = new Date('2024-04-30T16:30:00Z'); // 1 May, 00:30 in Beijing
    expect(dateStamp(lateEveningUtc)).toBe('20240501');
    expect(exportFallbackName(zh, lateEveningUtc)).toBe('客户列表-20240501.xlsx');
    expect(exportFallbackName(en, lateEveningUtc)).toBe('Accounts-20240501.xlsx');
    expect(exportFallbackName(zh)).toMatch(/^客户列表-\d{8}\.xlsx$/);
  });

  it('says "too many" in the user\'s language with the server\'s limit', () => {
    const error = new ApiError(422, TOO_MANY);
    expect(exportErrorMessage(error, zh)).toBe('符合条件的客户超过 100,000 个，无法导出，请缩小筛选范围');
    expect(exportErrorMessage(error, en)).toBe('More than 100,000 accounts match, too many to export: narrow the filters');
  });

  it('shows the server\'s own message for another field error, else the usual error text', () => {
    const noNumber = new ApiError(
      422,
      asProblem(problem(422, 'validation_failed', { errors: [{ field: 'limit', message: 'too many accounts', code: 'too_long' }] })),
    );
    expect(exportErrorMessage(noNumber, zh)).toBe('too many accounts');
    const format = new ApiError(
      422,
      asProblem(
        problem(422, 'validation_failed', { errors: [{ field: 'format', message: 'only xlsx is offered', code: 'invalid_value' }] }),
      ),
    );
    expect(exportErrorMessage(format, zh)).toBe('only xlsx is offered');
    expect(exportErrorMessage(new ApiError(403, asProblem(problem(403, 'forbidden'))), zh)).toBe('您没有执行此操作的权限');
    expect(exportErrorMessage(new ApiError(0, null, 'network error'), zh)).toBe('无法连接服务器，请检查网络');
  });
});

describe('exportAccounts', () => {
  it('GETs the file with the session cookie, no CSRF header, and names it from Content-Disposition', async () => {
    csrfToken.set('token-1');
    const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      xlsxResponse('PK\u0003\u0004rest', "attachment; filename=\"accounts.xlsx\"; filename*=UTF-8''%E5%AE%A2%E6%88%B7.xlsx"),
    );
    vi.stubGlobal('fetch', fetchMock);
    const file = await exportAccounts({ q: 'nj', grade: 'key', active: true, limit: 50 });
    expect(file.filename).toBe('客户.xlsx');
    expect(await file.blob.text()).toBe('PK\u0003\u0004rest');
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(String(url)).toBe('/api/v1/accounts/export?format=xlsx&q=nj&grade=key&active=true');
    expect(init?.method).toBe('GET');
    expect(init?.credentials).toBe('same-origin');
    const headers = new Headers(init?.headers);
    expect(headers.get('Accept')).toContain(XLSX_TYPE);
    expect(headers.get('Accept')).toContain('application/problem+json');
    expect(headers.has('X-CSRF-Token')).toBe(false);
  });

  it('has no name when the server gives none', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => xlsxResponse('PK', null)));
    expect((await exportAccounts({})).filename).toBeNull();
  });

  it('turns a 422 into an ApiError with the field error, and a 401 ends the session', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ status: 422, body: TOO_MANY })));
    const error: unknown = await exportAccounts({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).fieldErrors).toEqual(TOO_MANY_ERRORS);

    const unauthorized = vi.fn();
    onUnauthorized(unauthorized);
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ status: 401, body: problem(401, 'unauthenticated') })));
    await expect(exportAccounts({})).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toHaveBeenCalledOnce();
  });

  it('is a network error when the connection fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(exportAccounts({})).rejects.toMatchObject({ status: 0 });
  });
});

describe('accounts list: the export button', () => {
  /** Fetch for the list page; the export answers when the test resolves it. */
  function stubFetch() {
    let answerExport: (response: Response) => void = () => undefined;
    const exportUrls: string[] = [];
    const listUrls: string[] = [];
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      const path = new URL(url, 'http://localhost').pathname;
      if (path === '/api/v1/accounts/export') {
        exportUrls.push(url);
        return new Promise<Response>((resolve) => {
          answerExport = resolve;
        });
      }
      if (path === '/api/v1/accounts') listUrls.push(url);
      if (path === '/api/v1/accounts') return jsonResponse({ status: 200, body: { items: [], next_cursor: null } });
      if (path === '/api/v1/org/units') return jsonResponse({ status: 200, body: { items: [hqUnit], next_cursor: null } });
      if (path === '/api/v1/directories/industries') return jsonResponse({ status: 200, body: { items: [] } });
      return jsonResponse({ status: 404, body: problem(404, 'not_found') });
    });
    vi.stubGlobal('fetch', fetchMock);
    return { exportUrls, listUrls, answer: (response: Response) => answerExport(response) };
  }

  async function mountList(permissions: string[], address = '/accounts', locale: 'zh-CN' | 'en' = 'zh-CN') {
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().me = { ...adminMe, permissions };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/accounts', name: 'accounts', component: AccountListView },
        { path: '/accounts/:id', name: 'account', component: { template: '<div />' } },
      ],
    });
    await router.push(address);
    const wrapper = mount(AccountListView, {
      attachTo: document.body,
      global: { plugins: [pinia, router, createAppI18n(locale)], stubs: { transition: false } },
    });
    await flush();
    return wrapper;
  }

  function catchDownloads() {
    const saved: { name: string; blob: Blob }[] = [];
    const blobs = new Map<string, Blob>();
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:export-${blobs.size}`;
      blobs.set(url, blob as Blob);
      return url;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href') ?? '') as Blob });
    });
    return saved;
  }

  it('is there for those who may only read accounts', async () => {
    stubFetch();
    const wrapper = await mountList(['accounts.read']);
    expect(wrapper.find('[data-testid="account-export"]').text()).toBe('导出');
    expect(wrapper.find('[data-testid="account-import"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="account-create"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('stands before 导入 for those who may write, in English too', async () => {
    stubFetch();
    const wrapper = await mountList(['accounts.read', 'accounts.write'], '/accounts', 'en');
    const buttons = wrapper.findAll('.page-toolbar > .el-button').map((button) => button.attributes('data-testid'));
    expect(buttons).toEqual(['account-export', 'account-import', 'account-create']);
    expect(wrapper.find('[data-testid="account-export"]').text()).toBe('Export');
    wrapper.unmount();
  });

  it('is an icon with a name on a phone, as 导入 is; 新建客户 keeps its text', async () => {
    stubFetch();
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query === '(max-width: 767px)',
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));
    const wrapper = await mountList(['accounts.read', 'accounts.write']);
    const exportButton = wrapper.find('[data-testid="account-export"]');
    expect(exportButton.text()).toBe('');
    expect(exportButton.attributes('aria-label')).toBe('导出客户');
    expect(exportButton.find('span').exists()).toBe(false); // no empty label beside the icon
    expect(exportButton.find('.el-icon').exists()).toBe(true);
    const importButton = wrapper.find('[data-testid="account-import"]');
    expect(importButton.text()).toBe('');
    expect(importButton.attributes('aria-label')).toBe('导入客户');
    expect(wrapper.find('[data-testid="account-create"]').text()).toBe('新建客户');
    wrapper.unmount();
  });

  it('exports the filters of the list, shows that it is busy, and saves the file under the server\'s name', async () => {
    const server = stubFetch();
    const saved = catchDownloads();
    const wrapper = await mountList(['accounts.read'], '/accounts?q=nj&grade=key&status=all&division=320100');
    const button = wrapper.find('[data-testid="account-export"]');
    await button.trigger('click');
    await flush();
    expect(server.exportUrls).toEqual(['/api/v1/accounts/export?format=xlsx&q=nj&grade=key&division_code=320100']);
    expect(button.classes()).toContain('is-loading');
    expect(button.text()).toBe('正在导出…');
    // A second click while it runs does not start another export.
    await button.trigger('click');
    await flush();
    expect(server.exportUrls).toHaveLength(1);

    server.answer(xlsxResponse('PK\u0003\u0004', "attachment; filename*=UTF-8''%E5%AE%A2%E6%88%B7.xlsx"));
    await eventually(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe('客户.xlsx');
    expect(await saved[0]?.blob.text()).toBe('PK\u0003\u0004');
    await flush();
    expect(button.classes()).not.toContain('is-loading');
    expect(button.text()).toBe('导出');
    wrapper.unmount();
  });

  it('exports the search in the box at once, and the list catches up with it rather than wait', async () => {
    const server = stubFetch();
    catchDownloads();
    const wrapper = await mountList(['accounts.read']);
    expect(server.listUrls).toEqual(['/api/v1/accounts?active=true&limit=50']);
    await wrapper.find('input[data-testid="accounts-q"]').setValue('wxsgaj');
    await wrapper.find('[data-testid="account-export"]').trigger('click');
    await flush(); // well under the 300 ms the search box waits for typing to pause
    expect(server.exportUrls).toEqual(['/api/v1/accounts/export?format=xlsx&q=wxsgaj&active=true']);
    expect(server.listUrls).toEqual(['/api/v1/accounts?active=true&limit=50', '/api/v1/accounts?q=wxsgaj&active=true&limit=50']);
    server.answer(xlsxResponse('PK', null));
    wrapper.unmount();
  });

  it('names the file 客户列表-YYYYMMDD.xlsx when the server does not', async () => {
    const server = stubFetch();
    const saved = catchDownloads();
    const wrapper = await mountList(['accounts.read']);
    await wrapper.find('[data-testid="account-export"]').trigger('click');
    await flush();
    server.answer(xlsxResponse('PK', null));
    await eventually(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe(`客户列表-${dateStamp()}.xlsx`);
    wrapper.unmount();
  });

  it('shows a refusal as an error message on the page, and downloads nothing', async () => {
    const server = stubFetch();
    const saved = catchDownloads();
    const wrapper = await mountList(['accounts.read']);
    const button = wrapper.find('[data-testid="account-export"]');
    await button.trigger('click');
    await flush();
    server.answer(jsonResponse({ status: 422, body: TOO_MANY }));
    await eventually(() =>
      expect(document.body.querySelector('.el-message--error')?.textContent).toContain(
        '符合条件的客户超过 100,000 个，无法导出，请缩小筛选范围',
      ),
    );
    expect(saved).toHaveLength(0);
    expect(button.classes()).not.toContain('is-loading');
    wrapper.unmount();
  });
});
