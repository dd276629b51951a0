import { describe, expect, it } from 'vitest';
import { generateLayout } from '../../../core/ticketing/chart.ts';
import { renderSeatMap, STATUS_COLORS } from '../../../core/ticketing/svg.ts';
import { SMALL_HOUSE } from '../../fixtures/ticketing.ts';

describe('seat map SVG', () => {
  const layout = generateLayout(SMALL_HOUSE);
  const svg = renderSeatMap({ layout, status: new Map([['A-1', 'sold'], ['B-2', 'held'], ['C-8', 'killed']]), title: 'Into the Woods & friends' });

  it('draws every seat with its status colour and a screen-reader title', () => {
    expect(svg.match(/<g data-seat=/g)).toHaveLength(24);
    expect(svg).toContain(`<g data-seat="A-1" data-status="sold"><title>Row A seat 1, Front, sold</title><circle cx="44" cy="90" r="9" fill="${STATUS_COLORS.sold}"`);
    expect(svg).toContain('data-seat="B-2" data-status="held"');
    expect(svg).toContain('<title id="map-title">Into the Woods &amp; friends</title>');
    expect(svg).toMatch(/<desc id="map-desc">Seat map of .*: 24 seats; 21 available, 1 held, 1 sold, 1 not for sale\.<\/desc>/);
  });

  it('marks accessibility flags and has a legend', () => {
    expect(svg).toContain('Row C seat 1, Back, available, wheelchair');
    expect(svg).toContain('Row C seat 2, Back, available, companion');
    expect(svg).toContain('Row A seat 8, Front, available, restricted view');
    expect(svg).toContain('aria-label="Legend"');
    for (const label of ['Available', 'Held', 'Sold', 'Not for sale']) expect(svg).toContain(`>${label}</text>`);
  });

  it('is pure: same input, same bytes', () => {
    expect(renderSeatMap({ layout, status: new Map([['A-1', 'sold'], ['B-2', 'held'], ['C-8', 'killed']]), title: 'Into the Woods & friends' })).toBe(svg);
  });
});
