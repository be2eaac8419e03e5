import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { GRADES } from '@/api/types';
import { createAppI18n } from '@/locales';
import { entryName } from '@/stores/directories';
import { gradeTagType } from '@/utils/accounts';
import AccountGradeTag from '@/views/accounts/account-grade-tag.vue';

describe('grade tags', () => {
  it('colours 重点 red, 次重点 orange and 潜力 green', () => {
    expect(GRADES.map((grade) => [grade, gradeTagType(grade)])).toEqual([
      ['key', 'danger'],
      ['secondary', 'warning'],
      ['potential', 'success'],
    ]);
  });

  it('renders the grade as a coloured tag in the UI language', () => {
    const zh = mount(AccountGradeTag, { props: { grade: 'key' }, global: { plugins: [createAppI18n('zh-CN')] } });
    expect(zh.text()).toBe('重点');
    expect(zh.find('.el-tag').classes()).toContain('el-tag--danger');
    const en = mount(AccountGradeTag, { props: { grade: 'potential' }, global: { plugins: [createAppI18n('en')] } });
    expect(en.text()).toBe('Potential');
    expect(en.find('.el-tag').classes()).toContain('el-tag--success');
    const secondary = mount(AccountGradeTag, { props: { grade: 'secondary' }, global: { plugins: [createAppI18n('zh-CN')] } });
    expect(secondary.text()).toBe('次重点');
    expect(secondary.find('.el-tag').classes()).toContain('el-tag--warning');
  });
});

describe('directory names', () => {
  it('follow the UI language, falling back to the other name when one is empty', () => {
    const entry = { name_zh: '公安', name_en: 'Public security (police)' };
    expect(entryName(entry, 'zh-CN')).toBe('公安');
    expect(entryName(entry, 'en')).toBe('Public security (police)');
    expect(entryName({ name_zh: '公安', name_en: '' }, 'en')).toBe('公安');
  });
});
