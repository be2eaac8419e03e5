import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { importAccounts } from '@/api/accounts';
import { ApiError, csrfToken, onUnauthorized } from '@/api/client';
import { createAppI18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';
import { importTexts } from '@/utils/import-report';
import AccountImportDialog from '@/views/accounts/account-import-dialog.vue';
import AccountListView from '@/views/accounts/account-list-view.vue';
import ImportProblemList from '@/views/accounts/import-problem-list.vue';
import { adminMe, eventually, hqUnit, mockFetch, problem, when } from './helpers';

/** A scripted XMLHttpRequest: records what is sent; the test answers it. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = undefined;
  status = 0;
  responseText = '';
  responseType = '';
  aborted = false;
  readonly upload = new EventTarget();
  private readonly events = new EventTarget();
  private responseHeaders: Record<string, string> = {};

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  addEventListener(type: string, listener: EventListener): void {
    this.events.addEventListener(type, listener);
  }

  send(body: unknown): void {
    this.body = body;
    FakeXhr.sent.push(this);
  }

  abort(): void {
    this.aborted = true;
    this.events.dispatchEvent(new Event('abort'));
  }

  // ---- the test's side
  progress(loaded: number, total: number): void {
    const event = Object.assign(new Event('progress'), { lengthComputable: true, loaded, total });
    this.upload.dispatchEvent(event);
  }

  respond(status: number, body: unknown, contentType = status >= 400 ? 'application/problem+json' : 'application/json'): void {
    this.upload.dispatchEvent(new Event('load'));
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders['content-type'] = contentType;
    this.events.dispatchEvent(new Event('load'));
  }

  fail(): void {
    this.events.dispatchEvent(new Event('error'));
  }
}

const PREVIEW = {
  dry_run: true,
  summary: { total: 3, valid: 2, invalid: 1, duplicate: 0, written: 0, contacts: 1 },
  rows: [
    {
      row: 4,
      name: '镇江市交通运输局',
      status: 'invalid',
      errors: [{ field: 'division_code', message: 'is not a GB/T 2260 code', code: 'invalid_value' }],
      duplicates: [],
    },
  ],
};
const RESULT = { ...PREVIEW, dry_run: false, summary: { ...PREVIEW.summary, written: 2 } };

const flush = async () => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
};

const lastXhr = (): FakeXhr => {
  const xhr = FakeXhr.sent.at(-1);
  if (!xhr) throw new Error('nothing was sent');
  return xhr;
};

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  sessionStorage.clear();
  document.body.innerHTML = '';
});

afterEach(() => {
  onUnauthorized(null);
  vi.unstubAllGlobals();
});

describe('importAccounts', () => {
  const file = new File(['名称\n'], 'a.csv', { type: 'text/csv' });

  it('posts the bytes with the CSRF token, reports progress and reads the answer', async () => {
    csrfToken.set('csrf-1');
    const progress: number[] = [];
    const onSent = vi.fn();
    const answer = importAccounts(file, true, { onProgress: (p) => progress.push(p), onSent });
    const xhr = lastXhr();
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/accounts/import?dry_run=true');
    expect(xhr.headers['content-type']).toBe('application/octet-stream');
    expect(xhr.headers['x-csrf-token']).toBe('csrf-1');
    expect(xhr.body).toBe(file);
    xhr.progress(5, 10);
    xhr.progress(10, 10);
    xhr.respond(200, { ...PREVIEW, summary: { total: 3, valid: 2, invalid: 1, duplicate: 0, written: 0 } });
    const result = await answer;
    expect(progress).toEqual([50, 100]);
    expect(onSent).toHaveBeenCalledOnce();
    expect(result.summary.contacts).toBe(0);
    expect(result.rows[0]?.row).toBe(4);
  });

  it('sends dry_run=false for the import itself', async () => {
    const answer = importAccounts(file, false);
    expect(lastXhr().url).toBe('/api/v1/accounts/import?dry_run=false');
    lastXhr().respond(200, RESULT);
    expect((await answer).summary.written).toBe(2);
  });

  it('turns a problem answer into an ApiError with its field errors, and 401 ends the session', async () => {
    const answer = importAccounts(file, true);
    lastXhr().respond(
      422,
      problem(422, 'invalid', { errors: [{ field: 'file', message: 'missing column: industry', code: 'required' }] }),
    );
    const error: unknown = await answer.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).fieldErrors).toEqual([{ field: 'file', message: 'missing column: industry', code: 'required' }]);

    const unauthorized = vi.fn();
    onUnauthorized(unauthorized);
    const again = importAccounts(file, true);
    lastXhr().respond(401, problem(401, 'unauthenticated'));
    await expect(again).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toHaveBeenCalledOnce();
  });

  it('is a network error when the connection fails, and an AbortError when aborted', async () => {
    const failed = importAccounts(file, true);
    lastXhr().fail();
    await expect(failed).rejects.toMatchObject({ status: 0 });

    const controller = new AbortController();
    const aborted = importAccounts(file, true, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(lastXhr().aborted).toBe(true);
  });
});

describe('account import dialog', () => {
  async function mountDialog(locale: 'zh-CN' | 'en' = 'zh-CN') {
    const pinia = createPinia();
    setActivePinia(pinia);
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/accounts/:id', name: 'account', component: { template: '<div />' } },
      ],
    });
    await router.push('/');
    const wrapper = mount(AccountImportDialog, {
      attachTo: document.body,
      props: { modelValue: true, 'onUpdate:modelValue': (value: boolean) => wrapper.setProps({ modelValue: value }) },
      global: {
        plugins: [pinia, router, createAppI18n(locale)],
        stubs: { transition: false, 'transition-group': false },
      },
    });
    await flush();
    return wrapper;
  }

  const byTestId = (testId: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const textOf = (testId: string) => byTestId(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  /** A summary tile as "title value". */
  const tile = (testId: string) =>
    [...(byTestId(testId)?.querySelectorAll('dt, dd') ?? [])].map((node) => node.textContent?.trim()).join(' ');

  async function choose(name: string, content = 'x') {
    const input = document.body.querySelector<HTMLInputElement>('[data-testid="import-upload"] input[type="file"]');
    if (!input) throw new Error('no file input');
    Object.defineProperty(input, 'files', { value: [new File([content], name)], configurable: true });
    input.dispatchEvent(new Event('change'));
    await flush();
  }

  async function click(testId: string) {
    const element = byTestId(testId);
    if (!element) throw new Error(`no ${testId}`);
    element.click();
    await flush();
  }

  it('offers the template, and says which columns are required', async () => {
    await mountDialog();
    expect(textOf('account-import-dialog')).toContain('必填列：名称、行业、行政级别、行政区划代码、客户分级、业务分类、采购方式、信息渠道');
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:template';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await click('import-template');
    expect(clicked).toHaveBeenCalledOnce();
    const text = await created[0]?.text();
    expect(text?.startsWith('\uFEFF名称,统一社会信用代码,行业')).toBe(true);
    expect(text).toContain('成都市公安局');
  });

  it('refuses a file that is not .xlsx or .csv without sending it', async () => {
    await mountDialog();
    await choose('客户.pdf');
    expect(textOf('import-file-error')).toBe('只能导入 .xlsx 或 .csv 文件，「客户.pdf」不是');
    expect(FakeXhr.sent).toHaveLength(0);
  });

  it('previews, imports, reports the skipped rows and tells the list', async () => {
    const wrapper = await mountDialog();
    await choose('客户.csv', '名称,行业\n');
    const dry = lastXhr();
    expect(dry.url).toContain('dry_run=true');
    dry.progress(1, 4);
    await flush();
    expect(byTestId('import-progress')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('25');
    dry.upload.dispatchEvent(new Event('load'));
    await flush();
    expect(textOf('import-progress')).toContain('正在检查…');
    dry.respond(200, PREVIEW);
    await flush();

    expect(tile('import-summary-total')).toBe('总行数 3');
    expect(tile('import-summary-valid')).toBe('可导入 2');
    expect(tile('import-summary-invalid')).toBe('有错误 1');
    expect(tile('import-summary-duplicate')).toBe('疑似重复 0');
    expect(tile('import-summary-contacts')).toBe('联系人 1');
    const problems = textOf('import-problems');
    expect(problems).toContain('镇江市交通运输局');
    expect(problems).toContain('行政区划：不是有效的行政区划');
    expect(byTestId('import-problem-4')).not.toBeNull();
    expect(textOf('import-confirm')).toBe('导入 2 条');

    await click('import-confirm');
    const real = lastXhr();
    expect(real).not.toBe(dry);
    expect(real.url).toContain('dry_run=false');
    // Once the file is sent the server writes it: no closing, no going back until it answers.
    expect(document.body.querySelector('.el-dialog__headerbtn')).not.toBeNull();
    real.upload.dispatchEvent(new Event('load'));
    await flush();
    expect(textOf('import-progress')).toContain('正在导入…');
    expect(document.body.querySelector('.el-dialog__headerbtn')).toBeNull();
    expect(byTestId('import-back')?.hasAttribute('disabled')).toBe(true);
    real.respond(200, RESULT);
    await flush();
    expect(tile('import-result-written')).toBe('已导入 2');
    expect(tile('import-result-skipped')).toBe('已跳过 1');
    expect(textOf('import-result-detail')).toBe('已导入 2 个客户、1 位联系人，跳过 1 行。');
    expect(wrapper.emitted('imported')).toHaveLength(1);

    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:report';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await click('import-download-skipped');
    expect(await created[0]?.text()).toBe('\uFEFF行号,名称,状态,原因\r\n4,镇江市交通运输局,错误,行政区划：不是有效的行政区划\r\n');
  });

  it('does not offer to import when no row is valid', async () => {
    await mountDialog();
    await choose('a.xlsx');
    lastXhr().respond(200, {
      ...PREVIEW,
      summary: { total: 1, valid: 0, invalid: 1, duplicate: 0, written: 0, contacts: 0 },
    });
    await flush();
    expect(textOf('import-nothing-valid')).toContain('没有可导入的行');
    expect(byTestId('import-confirm')?.hasAttribute('disabled')).toBe(true);
  });

  it('shows whole-file problems and goes back to choosing a file', async () => {
    await mountDialog();
    await choose('a.csv');
    lastXhr().respond(
      422,
      problem(422, 'invalid', {
        errors: [
          { field: 'file', message: 'missing column: industry', code: 'required' },
          { field: 'file', message: 'unknown column: 颜色', code: 'unknown_field' },
        ],
      }),
    );
    await flush();
    expect(textOf('import-file-problems')).toContain('缺少必填列：行业');
    expect(textOf('import-file-problems')).toContain('无法识别的列：颜色');
    expect(byTestId('import-confirm')?.hasAttribute('disabled')).toBe(true);
    await click('import-back');
    expect(byTestId('import-upload')).not.toBeNull();
  });

  it('aborts the upload when the dialog is closed', async () => {
    const wrapper = await mountDialog();
    await choose('a.csv');
    const xhr = lastXhr();
    await wrapper.setProps({ modelValue: false });
    await flush();
    expect(xhr.aborted).toBe(true);
  });

  it('speaks English too', async () => {
    await mountDialog('en');
    await choose('a.csv');
    lastXhr().respond(200, PREVIEW);
    await flush();
    expect(tile('import-summary-valid')).toBe('Can be imported 2');
    expect(textOf('import-problems')).toContain('Division: Not a valid division');
    expect(textOf('import-confirm')).toBe('Import 2');
  });
});

describe('import problem list', () => {
  it('shows 50 rows a page, filters errors from duplicates, and links a duplicate the user may open', async () => {
    const i18n = createAppI18n('zh-CN');
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/accounts/:id', name: 'account', component: { template: '<div />' } },
      ],
    });
    await router.push('/');
    const rows = Array.from({ length: 120 }, (_, i) => ({
      row: i + 2,
      name: `客户${i + 2}`,
      status: i % 4 === 0 ? 'duplicate' : i === 5 ? 'held' : 'invalid',
      errors: i % 4 === 0 ? [] : [{ field: 'grade', message: 'x', code: 'invalid_value' }],
      duplicates: i % 4 === 0 ? [{ kind: 'duplicate', score: 1, reason: 'same credit code', id: 40 + i, name: `已有${i}` }] : [],
      id: null,
    }));
    const wrapper = mount(ImportProblemList, {
      attachTo: document.body,
      props: { rows, texts: importTexts(i18n.global), compact: false },
      global: { plugins: [router, i18n] },
    });
    await flush();
    const bodyRows = () => wrapper.findAll('tr.el-table__row');
    expect(bodyRows()).toHaveLength(50);
    expect(wrapper.find('[data-testid="import-problems-pages"]').exists()).toBe(true);
    expect(wrapper.text()).toContain('全部（120）');
    expect(wrapper.text()).toContain('错误（89）');
    expect(wrapper.text()).toContain('疑似重复（30）');
    // An unknown status is shown as it is.
    expect(bodyRows()[5]?.text()).toContain('held');

    const link = wrapper.find('a[href="/accounts/40"]');
    expect(link.text()).toBe('已有0');
    expect(bodyRows()[0]?.text()).toContain('疑似重复：已有0（统一社会信用代码相同）');

    await wrapper.find('[data-testid="import-filter-duplicate"] input').setValue(true);
    await flush();
    expect(bodyRows()).toHaveLength(30);
    expect(wrapper.find('[data-testid="import-problems-pages"]').exists()).toBe(false);

    await wrapper.setProps({ compact: true });
    await flush();
    expect(wrapper.findAll('li.problem-card')).toHaveLength(30);
    wrapper.unmount();
  });
});

describe('accounts list: the import button', () => {
  async function mountList(permissions: string[]) {
    mockFetch(
      when('GET', '/api/v1/accounts', { status: 200, body: { items: [], next_cursor: null } }),
      when('GET', '/api/v1/org/units', { status: 200, body: { items: [hqUnit], next_cursor: null } }),
      when('GET', '/api/v1/directories/industries', { status: 200, body: { items: [] } }),
    );
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
    await router.push('/accounts');
    const wrapper = mount(AccountListView, {
      attachTo: document.body,
      global: { plugins: [pinia, router, createAppI18n('zh-CN')], stubs: { transition: false } },
    });
    await flush();
    return wrapper;
  }

  it('is there for those who may write accounts, and opens the wizard', async () => {
    const wrapper = await mountList(['accounts.read', 'accounts.write']);
    const button = wrapper.find('[data-testid="account-import"]');
    expect(button.text()).toBe('导入');
    expect(document.body.querySelector('[data-testid="account-import-dialog"]')).toBeNull();
    await button.trigger('click');
    await eventually(() => expect(document.body.querySelector('[data-testid="account-import-dialog"]')).not.toBeNull());
    wrapper.unmount();
  });

  it('is not there for those who may only read them', async () => {
    const wrapper = await mountList(['accounts.read']);
    expect(wrapper.find('[data-testid="account-import"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
