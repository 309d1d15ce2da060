import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { BLOCK_KIT_SCHEMA_PATH } from '../../src/sandbox/block-kit.js';
import { discriminateUnions } from '../../src/sandbox/block-kit-schema.js';
import { BlockKitValidator } from '../../src/sandbox/index.js';
import { REFERENCE_DIR } from './shape-oracle.js';

const validator = new BlockKitValidator(REFERENCE_DIR);
const DATA = join(REFERENCE_DIR, 'python-slack-sdk/tests/data');
const views = readdirSync(DATA)
  .filter((f) => /^view_(home|modal)_\d+\.json$/.test(f))
  .map((file) => ({ file, view: JSON.parse(readFileSync(join(DATA, file), 'utf8')) as Record<string, unknown> }));
// Response-shaped views carry server-assigned fields (id/hash/state); the other 12 are what an app sends.
const requestShaped = views.filter(({ view }) => !('id' in view) && !('hash' in view) && !('state' in view));
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, actionId = 'a') => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
});

describe('Block Kit validator', () => {
  it('has the 12 request-shaped python-slack-sdk views to check', () => {
    expect(requestShaped).toHaveLength(12);
  });

  it.each(requestShaped.map(({ file, view }) => [file, view] as const))('accepts %s', (_file, view) => {
    expect(validator.validateView(view)).toEqual([]);
  });

  it('rejects a response-shaped view (server fields are not part of a request)', () => {
    const response = views.find(({ file }) => file === 'view_modal_009.json')?.view;
    expect(validator.validateView(response)).toContain('must NOT have additional properties (id) [json-pointer:/view]');
  });

  it('rejects a 76-char button text, pointing at it', () => {
    const errors = validator.validateMessage({ blocks: [{ type: 'actions', elements: [button('x'.repeat(76))] }] });
    expect(errors).toEqual(['must NOT have more than 75 characters [json-pointer:/blocks/0/elements/0/text/text]']);
    expect(validator.validateMessage({ blocks: [{ type: 'actions', elements: [button('x'.repeat(75))] }] })).toEqual(
      [],
    );
  });

  it('rejects a 3001-char section text', () => {
    expect(validator.validateMessage({ blocks: [section('y'.repeat(3001))] })).toEqual([
      'must NOT have more than 3000 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('rejects a 51-block message but accepts 50, and a 101-block view', () => {
    expect(validator.validateMessage({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toEqual([
      'must NOT have more than 50 items [json-pointer:/blocks]',
    ]);
    expect(validator.validateMessage({ blocks: Array.from({ length: 50 }, () => ({ type: 'divider' })) })).toEqual([]);
    const home = { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
    expect(validator.validateView(home).join()).toContain('more than 100 items');
  });

  it('rejects duplicate block_ids in a payload and duplicate action_ids in a block, not across blocks', () => {
    const dupBlocks = [
      { ...section('a'), block_id: 'b1' },
      { ...section('b'), block_id: 'b1' },
    ];
    expect(validator.validateMessage({ blocks: dupBlocks }).join()).toContain('duplicate block_id "b1"');
    const dupActions = [{ type: 'actions', elements: [button('One', 'same'), button('Two', 'same')] }];
    expect(validator.validateMessage({ blocks: dupActions }).join()).toContain('duplicate action_id "same"');
    const perCard = [1, 2].map(() => ({ type: 'actions', elements: [button('Answer', 'answer')] }));
    expect(validator.validateMessage({ blocks: perCard })).toEqual([]);
  });

  it('requires submit on a modal with an input block (schema rule)', () => {
    const view = {
      type: 'modal',
      title: { type: 'plain_text', text: 'T' },
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'L' },
          element: { type: 'plain_text_input', action_id: 'a' },
        },
      ],
    };
    expect(validator.validateView(view)).toEqual(["must have required property 'submit' [json-pointer:/view]"]);
  });

  it('fails loudly when the reference directory is missing', () => {
    expect(() => new BlockKitValidator('/nonexistent/slack-reference')).toThrow(
      /Block Kit schema not found at \/nonexistent/,
    );
  });

  it('rewriting unions for readable errors accepts and rejects exactly what the original schema does', () => {
    const raw = JSON.parse(readFileSync(join(REFERENCE_DIR, BLOCK_KIT_SCHEMA_PATH), 'utf8')) as Record<string, unknown>;
    const compile = (schema: Record<string, unknown>, id: string) => {
      const ajv = new Ajv2020({ strict: false });
      addFormatsModule.default(ajv);
      ajv.addSchema({ ...schema, $id: id });
      return {
        blocks: ajv.getSchema(id),
        modal: ajv.compile({ $ref: `${id}#/$defs/modal_view` }),
        home: ajv.compile({ $ref: `${id}#/$defs/home_view` }),
      };
    };
    const original = compile(raw, 'https://example.test/original.json');
    const rewritten = compile(discriminateUnions(raw), 'https://example.test/rewritten.json');
    const corpus: unknown[][] = [
      ...views.map(({ view }) => view.blocks as unknown[]),
      [section('x'.repeat(3001))],
      [{ type: 'actions', elements: [button('x'.repeat(76))] }],
      [{ type: 'sectoin', text: { type: 'mrkdwn', text: 'typo' } }],
      [{ type: 'section', text: { type: 'mrkdwn', text: 'ok' }, extra: 1 }],
      [
        {
          type: 'context',
          elements: [
            { type: 'plain_text', text: 'c' },
            { type: 'image', image_url: 'https://x.y/z.png', alt_text: 'z' },
          ],
        },
      ],
      [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'acc' },
          accessory: { type: 'static_select', action_id: 's', options: [] },
        },
      ],
    ];
    for (const blocks of corpus) expect(rewritten.blocks?.(blocks)).toBe(original.blocks?.(blocks));
    for (const { view } of views) {
      const kind = view.type === 'home' ? 'home' : 'modal';
      expect(rewritten[kind](view)).toBe(original[kind](view));
    }
    expect(corpus.filter((blocks) => original.blocks?.(blocks)).length).toBeGreaterThan(10);
    expect(corpus.filter((blocks) => !original.blocks?.(blocks)).length).toBeGreaterThanOrEqual(4);
  });
});
