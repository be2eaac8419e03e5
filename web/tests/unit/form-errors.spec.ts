import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import type { Problem } from '@/api/types';
import { errorMessage, type Translator } from '@/utils/error-message';
import { mapFormErrors, useFormErrors } from '@/utils/form-errors';

// A translator over a small dictionary, like vue-i18n's t/te.
const dictionary: Record<string, string> = {
  'errors.field.required': '必填',
  'errors.field.too_long': '内容过长',
  'errors.field.invalid_value': '取值无效',
  'errors.fieldCode.credit_code.invalid_value': '统一社会信用代码无效',
  'errors.code.validation_failed': '提交的内容有误',
  'errors.code.user.username_taken': '该用户名已被使用',
  'errors.network': '无法连接服务器',
  'errors.http': 'HTTP {status}',
  'errors.unknown': '未知错误',
};
const translator: Translator = {
  t: (key, named) => (dictionary[key] ?? key).replace('{status}', String(named?.status ?? '')),
  te: (key) => key in dictionary,
};

const problem = (status: number, code: string, extra: Partial<Problem> = {}): Problem => ({
  type: 'about:blank',
  title: 'Error',
  status,
  code,
  detail: '',
  ...extra,
});

describe('mapFormErrors', () => {
  it('puts each errors[] entry beside its field, translated by its code, else the server message', () => {
    const error = new ApiError(
      422,
      problem(422, 'validation_failed', {
        errors: [
          { field: 'name', message: 'must not be empty', code: 'required' },
          { field: 'display_name', message: 'must be at most 100 characters', code: 'too_long' },
          { field: 'role', message: 'is not a role', code: 'something_new' },
        ],
      }),
    );
    const mapped = mapFormErrors(error, ['name', 'display_name', 'role'], translator);
    expect(mapped.fields).toEqual({ name: '必填', display_name: '内容过长', role: 'is not a role' });
    expect(mapped.rest).toBeNull();
  });

  it('prefers the wording a field has for a code over the generic one', () => {
    const error = new ApiError(
      422,
      problem(422, 'validation_failed', {
        errors: [
          { field: 'credit_code', message: 'wrong check character at position 18', code: 'invalid_value' },
          { field: 'industry', message: 'is not an active industry code', code: 'invalid_value' },
        ],
      }),
    );
    const mapped = mapFormErrors(error, ['credit_code', 'industry'], translator);
    expect(mapped.fields).toEqual({ credit_code: '统一社会信用代码无效', industry: '取值无效' });
  });

  it('reports errors for fields the form does not show at form level', () => {
    const error = new ApiError(
      422,
      problem(422, 'validation_failed', { errors: [{ field: 'kind', message: 'bad', code: 'invalid_value' }] }),
    );
    const mapped = mapFormErrors(error, ['name'], translator);
    expect(mapped.fields).toEqual({});
    expect(mapped.rest).toBe('提交的内容有误');
  });

  it('places a single-field error code beside that field', () => {
    const error = new ApiError(409, problem(409, 'user.username_taken', { detail: 'username taken' }));
    const mapped = mapFormErrors(error, ['username', 'password'], translator);
    expect(mapped.fields).toEqual({ username: '该用户名已被使用' });
    expect(mapped.rest).toBeNull();
  });

  it('falls back to the detail for codes without a translation, and to a generic text for other errors', () => {
    const coded = new ApiError(409, problem(409, 'brand.new_code', { detail: 'Something specific' }));
    expect(mapFormErrors(coded, ['name'], translator)).toEqual({ fields: {}, rest: 'Something specific' });
    expect(mapFormErrors(new TypeError('x'), ['name'], translator)).toEqual({ fields: {}, rest: '未知错误' });
  });

  it('useFormErrors keeps the latest errors and clears them', () => {
    const form = useFormErrors(['name'], translator);
    const rest = form.show(
      new ApiError(422, problem(422, 'validation_failed', { errors: [{ field: 'name', message: 'x', code: 'required' }] })),
    );
    expect(rest).toBeNull();
    expect(form.state.fields.name).toBe('必填');
    form.clear();
    expect(form.state.fields).toEqual({});
  });
});

describe('errorMessage', () => {
  it('translates the problem code, else uses the detail, else the status', () => {
    expect(errorMessage(new ApiError(422, problem(422, 'validation_failed', { detail: 'd' })), translator)).toBe(
      '提交的内容有误',
    );
    expect(errorMessage(new ApiError(400, problem(400, 'unknown_code', { detail: 'the detail' })), translator)).toBe(
      'the detail',
    );
    expect(errorMessage(new ApiError(502, null), translator)).toBe('HTTP 502');
    expect(errorMessage(new ApiError(0, null), translator)).toBe('无法连接服务器');
  });
});
