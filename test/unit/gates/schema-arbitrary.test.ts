import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deeplyNested, malformed, mutate, valueFor, type JsonSchema } from '../../fixtures/schema-arbitrary.ts';

const schema = z
  .object({ id: z.string().min(1).max(20), kind: z.enum(['a', 'b']), count: z.number().int().min(1).max(9), tags: z.array(z.string()).max(3).optional() })
  .strict();
const json = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;

describe('JSON Schema arbitraries for the API fuzzer', () => {
  it('generates values that mostly fit the schema when not noisy, drawing on known ids', () => {
    const values = fc.sample(valueFor(json, { knownStrings: ['prod-1'], noisy: false }), { seed: 1, numRuns: 200 });
    const fit = values.filter((v) => schema.safeParse(v).success).length;
    expect(fit).toBeGreaterThan(150);
    expect(values.some((v) => (v as { id: string }).id === 'prod-1')).toBe(true);
  });

  it('breaks values: malformed variants are mostly refused by the schema', () => {
    const values = fc.sample(malformed(valueFor(json, { knownStrings: [], noisy: false })), { seed: 2, numRuns: 200 });
    expect(values.filter((v) => !schema.safeParse(v).success).length).toBeGreaterThan(120);
  });

  it('adds __proto__ as an own key, as JSON.parse would, and deletes and wraps by path', () => {
    const withProto = mutate({ a: 1 }, 0, { kind: 'extra', key: '__proto__', with: { polluted: true } }) as Record<string, unknown>;
    expect(Object.keys(withProto)).toEqual(['a', '__proto__']);
    expect(JSON.stringify(withProto)).toBe('{"a":1,"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(mutate({ a: 1, b: 2 }, 1, { kind: 'delete' })).toEqual({ b: 2 });
    expect(mutate({ a: [1, 2] }, 2, { kind: 'wrap' })).toEqual({ a: [[1], 2] });
    expect(JSON.stringify(deeplyNested(3, 'array'))).toBe('[[["bottom"]]]');
  });
});
