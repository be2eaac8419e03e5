// The opportunity's fields (新建商机 and 编辑商机) drawn from their field table: every field under
// its label with its test id, in its section and in order, a server error beside the field it
// names (the budget's `budget_fen` beside the amount typed in 元), and typing reaching the model.
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, reactive } from 'vue';
import { ElForm } from 'element-plus';
import OpportunityFields from '@/views/opportunities/opportunity-fields.vue';
import { emptyForm } from '@/views/opportunities/opportunity-format';
import { eventually, mockFetch, when } from './helpers';
import { mountWithApp } from './mount-with-app';

const SECTIONS: Record<string, [string, string][]> = {
  'opp-basic-section': [
    ['opp-title', '商机名称'],
    ['opp-procurement-method', '采购方式'],
    ['opp-procurement-stage', '客户采购阶段'],
    ['opp-usage-area', '主要使用区域'],
  ],
  'opp-budget-section': [
    ['opp-budget', '采购预算（元）'],
    ['opp-expected-date', '预计采购时间'],
    ['opp-budget-analysis', '预算分析'],
    ['opp-worth-investing', '是否值得投入'],
    ['opp-risks', '风险'],
  ],
  'opp-requirements-section': [
    ['opp-req-body', '车身'],
    ['opp-req-interior', '内饰'],
    ['opp-req-configuration', '配置'],
    ['opp-req-accessories', '附件'],
  ],
  'opp-assessment-section': [
    ['opp-probability', '赢单概率'],
    ['opp-value', '价值'],
    ['opp-difficulty', '难度'],
  ],
};

async function mountFields(errors: Record<string, string> = {}) {
  mockFetch(when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }));
  const form = reactive(emptyForm());
  const Host = defineComponent({
    setup: () => () => h(ElForm, { model: form, labelPosition: 'top' }, () => h(OpportunityFields, { form, errors })),
  });
  const { wrapper } = await mountWithApp(Host, { attach: true });
  return { wrapper, form };
}

/** The form item holding the element with `testid`. */
const itemOf = (testid: string) => document.querySelector(`[data-testid="${testid}"]`)?.closest('.el-form-item');

describe('opportunity fields', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('draws every field under its label, section by section, with the vehicle lines after the basics', async () => {
    const { wrapper } = await mountFields();
    const sections = [...document.querySelectorAll('[data-testid$="-section"]')].map((s) => s.getAttribute('data-testid'));
    expect(sections.filter((id) => id && id in SECTIONS)).toEqual(Object.keys(SECTIONS));
    for (const [section, fields] of Object.entries(SECTIONS)) {
      const inSection = [...document.querySelectorAll(`[data-testid="${section}"] .el-form-item [data-testid^="opp-"]`)]
        .map((el) => el.getAttribute('data-testid'))
        .filter((id, i, all) => fields.some(([testid]) => testid === id) && all.indexOf(id) === i);
      expect(inSection, section).toEqual(fields.map(([testid]) => testid));
      for (const [testid, label] of fields) {
        expect(itemOf(testid)?.querySelector('.el-form-item__label')?.textContent?.trim(), testid).toBe(label);
      }
    }
    const basics = document.querySelector('[data-testid="opp-basic-section"]')!;
    const budget = document.querySelector('[data-testid="opp-budget-section"]')!;
    const lines = document.querySelector('[data-testid^="opp-line"]');
    expect(lines).not.toBeNull();
    expect(basics.compareDocumentPosition(lines!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(budget.compareDocumentPosition(lines!) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(itemOf('opp-title')?.classList.contains('kit-wide')).toBe(true);
    expect(itemOf('opp-budget')?.classList.contains('kit-wide')).toBe(false);
    expect(document.querySelector('textarea[data-testid="opp-req-body"]')?.getAttribute('placeholder')).toBe('选填');
    wrapper.unmount();
  });

  it('shows each server error beside the field it names', async () => {
    const { wrapper } = await mountFields({
      title: '名称过长',
      budget_fen: '预算不能为负',
      'requirements.interior': '内饰说明过长',
      difficulty: '难度无效',
    });
    const errorOf = (testid: string) => itemOf(testid)?.querySelector('.el-form-item__error')?.textContent?.trim();
    expect(errorOf('opp-title')).toBe('名称过长');
    expect(errorOf('opp-budget')).toBe('预算不能为负');
    expect(errorOf('opp-req-interior')).toBe('内饰说明过长');
    expect(errorOf('opp-difficulty')).toBe('难度无效');
    expect(errorOf('opp-risks')).toBeUndefined();
    wrapper.unmount();
  });

  it('offers 协议 under 协议供货 only: the agreements listed and in force', async () => {
    const { requests } = mockFetch(
      when('GET', '/api/v1/directories/vehicle_types', { status: 200, body: { items: [] } }),
      when('GET', '/api/v1/agreements', { status: 200, body: { items: [], next_cursor: null } }),
    );
    const form = reactive(emptyForm());
    const Host = defineComponent({
      setup: () => () => h(ElForm, { model: form, labelPosition: 'top' }, () => h(OpportunityFields, { form, errors: { agreement_id: '该经销商未获此协议授权' } })),
    });
    const { wrapper } = await mountWithApp(Host, { attach: true });
    expect(document.querySelector('[data-testid="opp-agreement"]')).toBeNull();
    form.procurement_method = 'agreement';
    await eventually(() => expect(document.querySelector('[data-testid="opp-agreement"]')).not.toBeNull());
    expect(itemOf('opp-agreement')?.querySelector('.el-form-item__label')?.textContent?.trim()).toBe('协议');
    await eventually(() => expect(itemOf('opp-agreement')?.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('该经销商未获此协议授权'));
    await eventually(() => expect(requests.some((r) => r.url.includes('/api/v1/agreements'))).toBe(true));
    const asked = new URL(requests.find((r) => r.url.includes('/api/v1/agreements'))!.url, 'http://localhost').searchParams;
    expect([asked.get('application'), asked.get('state')]).toEqual(['listed', 'in_force,expiring']);
    wrapper.unmount();
  });

  it('writes what is typed and chosen into the form, the requirements into their own object', async () => {
    const { wrapper, form } = await mountFields();
    await wrapper.find('input[data-testid="opp-title"]').setValue('成都市公安局 警备车 20 台');
    await wrapper.find('textarea[data-testid="opp-req-body"]').setValue('加装警灯');
    await wrapper.find('textarea[data-testid="opp-risks"]').setValue('预算未落实');
    await wrapper.find('[data-testid="opp-usage-area"] input[value="cross_province"]').setValue(true);
    await wrapper.findAll('[data-testid="opp-value"] input').at(0)!.setValue(true);
    expect(form.title).toBe('成都市公安局 警备车 20 台');
    expect(form.requirements.body).toBe('加装警灯');
    expect(form.risks).toBe('预算未落实');
    expect(form.usage_area).toBe('cross_province');
    expect(form.value).toBe('high');
    wrapper.unmount();
  });
});
