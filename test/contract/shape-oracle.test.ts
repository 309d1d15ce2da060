import { describe, expect, it } from '@jest/globals';
import { mergeShapes, sampleShape, shapeOf, shapeViolations } from './shape-oracle.js';

describe('shape oracle', () => {
  it('accepts a payload whose keys and types all appear in the sample', () => {
    const shape = shapeOf({ event: { type: '', channel: 'C0', ts: '0.0' }, event_time: 1 });
    expect(shapeViolations({ event: { type: 'message', channel: 'C1' }, event_time: 5 }, shape)).toEqual([]);
  });

  it('flags an invented key, recursively', () => {
    const shape = sampleShape('events/MessagePayload.json');
    expect(shapeViolations({ event: { channel_id: 'C1' } }, shape)).toEqual(['$.event.channel_id: key not in sample']);
  });

  it('flags a JSON type mismatch', () => {
    const shape = shapeOf({ event_time: 123 });
    expect(shapeViolations({ event_time: '123' }, shape)).toEqual(['$.event_time: string, sample has number']);
  });

  it('merges array elements and checks each actual element against the union', () => {
    const shape = shapeOf({
      blocks: [
        { type: 'divider', block_id: '' },
        { type: 'section', text: {} },
      ],
    });
    expect(shapeViolations({ blocks: [{ type: 'section', block_id: 'b', text: { any: 1 } }] }, shape)).toEqual([]);
    expect(shapeViolations({ blocks: [{ type: 'section', style: 'x' }] }, shape)).toEqual([
      '$.blocks[0].style: key not in sample',
    ]);
  });

  it('treats empty sample containers as open and accepts null values', () => {
    const shape = shapeOf({ state: {}, list: [], user: '' });
    expect(shapeViolations({ state: { values: { b: {} } }, list: [{ x: 1 }], user: null }, shape)).toEqual([]);
  });

  it('merges two shapes', () => {
    const merged = mergeShapes(shapeOf({ a: '' }), shapeOf({ b: 1 }));
    expect(shapeViolations({ a: 'x', b: 2 }, merged)).toEqual([]);
    expect(shapeViolations({ c: 1 }, merged)).toHaveLength(1);
  });
});
