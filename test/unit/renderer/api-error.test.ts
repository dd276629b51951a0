import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../core/errors.ts';
import { ApiError, parseErrorShape, toApiError } from '../../../renderer/api/api-error.ts';

describe('renderer error shapes use the one closed set of core/errors.ts', () => {
  it('accepts every code of the closed set', () => {
    for (const code of ERROR_CODES) {
      expect(parseErrorShape({ code, message: 'm' })).toEqual({ code, message: 'm' });
      expect(toApiError({ error: { code, message: 'm', details: { field: 'x' } } })).toMatchObject({ code, message: 'm', details: { field: 'x' } });
    }
  });

  it('refuses a code outside the set and turns it into internal', () => {
    expect(parseErrorShape({ code: 'teapot', message: 'm' })).toBeUndefined();
    expect(parseErrorShape({ code: 7, message: 'm' })).toBeUndefined();
    expect(parseErrorShape({ code: 'invalid', message: 7 })).toBeUndefined();
    expect(toApiError({ code: 'teapot', message: 'short and stout' })).toMatchObject({ code: 'internal' });
    expect(toApiError(new Error('boom'))).toEqual(new ApiError('internal', 'boom'));
  });

  it('core/errors.ts imports nothing, so the renderer bundle can import it', () => {
    const source = fs.readFileSync(new URL('../../../core/errors.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
  });
});
