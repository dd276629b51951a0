import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactForms, editDistance, fold, jaroWinkler, phonetic, sortKey, tokens } from '../../../core/directory/text.ts';
import { isPersonId, shardOf } from '../../../core/directory/model.ts';
import { pdfText } from '../../../core/directory/program.ts';

describe('text helpers', () => {
  it('folds accents and case like FTS5 remove_diacritics 2', () => {
    expect(fold('Zoë Fontaine')).toBe('zoe fontaine');
    expect(tokens("Siobhán O'Neill")).toEqual(['siobhan', 'o', 'neill']);
    expect(tokens('Björn Øster-Łukasz')).toEqual(['bjorn', 'oster', 'lukasz']);
    expect(compactForms("Siobhán O'Neill Smith-Jones")).toEqual(['oneill', 'smithjones']);
  });

  it('measures edit distance with transpositions, and it is symmetric', () => {
    expect(editDistance('fontaine', 'fontane')).toBe(1);
    expect(editDistance('whitfield', 'whitfeild')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b, 20)).toBe(editDistance(b, a, 20));
        expect(editDistance(a, a, 20)).toBe(0);
      }),
    );
  });

  it('scores similar names high and different ones low', () => {
    expect(jaroWinkler('jon smyth', 'john smith')).toBeGreaterThan(0.9);
    expect(jaroWinkler('priya natarajan', 'grace whitfield')).toBeLessThan(0.6);
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      const s = jaroWinkler(a, b);
      return s >= 0 && s <= 1 + 1e-9;
    }));
  });

  it('gives sound-alike names the same Double Metaphone key', () => {
    expect(phonetic('smyth')).toEqual(expect.arrayContaining([phonetic('smith')[0]]));
    expect(phonetic('kristina')[0]).toBe(phonetic('christina')[0]);
  });

  it('sorts by family name', () => {
    expect(sortKey('José Álvarez')).toBe('alvarez jose');
    expect(sortKey('Cher')).toBe('cher');
  });

  it('parses person ids and their shard', () => {
    expect(shardOf('p12-abcdefgh23')).toBe(12);
    expect(isPersonId('p0-../../x')).toBe(false);
  });

  it('keeps what the standard PDF fonts can draw and replaces the rest', () => {
    expect(pdfText("Zoë Siobhán O'Neill — “Bravo”")).toBe("Zoë Siobhán O'Neill — “Bravo”");
    expect(pdfText('Łukasz Dvořák 李')).toBe('Lukasz Dvorák ?');
  });
});
