import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '@/api/types';
import { loadMessages } from '@/locales';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const messages = loadMessages();

describe('locales', () => {
  it('has the same keys in 简体中文 and English', () => {
    const zh = keys(messages['zh-CN']).sort();
    const en = keys(messages.en).sort();
    expect(zh.length).toBeGreaterThan(50);
    expect(en).toEqual(zh);
  });

  it('names every role in both languages, as the domain names them in Chinese', () => {
    const zhNames: Record<string, string> = {
      admin: '系统管理员',
      ka_director: '大客户管理部门总监',
      ka_executive: '大客户分管领导',
      ka_staff: '大客户管理部门专员',
      regional_director: '大区总监',
      area_manager: '区域经理',
      dealer_manager: '经销商大客户经理',
      sales_rep: '销售顾问',
    };
    for (const role of ROLES) {
      expect(lookup(messages['zh-CN'], `roles.${role}`)).toBe(zhNames[role]);
      expect(lookup(messages.en, `roles.${role}`)).toMatch(/[A-Za-z]/);
    }
  });

  it('translates every error code listed in docs/api-notes.md', () => {
    const notes = readFileSync(resolve(__dirname, '../../../docs/api-notes.md'), 'utf8');
    const section = notes.slice(notes.indexOf('Codes used so far'), notes.indexOf('Per-field'));
    const codes = [...section.matchAll(/`([a-z_.]+)`/g)].map((m) => m[1] ?? '');
    expect(codes).toContain('auth.invalid_credentials');
    for (const code of codes) {
      expect(lookup(messages['zh-CN'], `errors.code.${code}`), code).toBeTruthy();
      expect(lookup(messages.en, `errors.code.${code}`), code).toBeTruthy();
    }
    const fieldSection = notes.slice(notes.indexOf('Per-field `code`s:') + 20, notes.indexOf('## Auth'));
    for (const [, code] of fieldSection.matchAll(/`([a-z_]+)`/g)) {
      expect(lookup(messages['zh-CN'], `errors.field.${code}`), code).toBeTruthy();
      expect(lookup(messages.en, `errors.field.${code}`), code).toBeTruthy();
    }
  });
});
