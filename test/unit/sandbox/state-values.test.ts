import { describe, expect, it } from '@jest/globals';
import { withGeneratedIds } from '../../../src/sandbox/block-ids.js';
import { initialStateValues, valueObject } from '../../../src/sandbox/state-values.js';

const opt = (value: string) => ({ text: { type: 'plain_text', text: value.toUpperCase() }, value });
const input = (blockId: string, element: Record<string, unknown>) => ({
  type: 'input',
  block_id: blockId,
  label: { type: 'plain_text', text: blockId },
  element,
});

describe('view.state.values as Slack builds them', () => {
  it('covers every input type Praxis uses', () => {
    expect(valueObject({ type: 'plain_text_input' }, 'hi')).toEqual({ type: 'plain_text_input', value: 'hi' });
    expect(valueObject({ type: 'number_input' }, '3')).toEqual({ type: 'number_input', value: '3' });
    const select = { type: 'static_select', action_id: 's', options: [opt('a'), opt('b')] };
    expect(valueObject(select, 'b')).toEqual({ type: 'static_select', selected_option: opt('b') });
    const multi = { type: 'multi_static_select', action_id: 'm', options: [opt('a'), opt('b')] };
    expect(valueObject(multi, ['a', 'b'])).toEqual({
      type: 'multi_static_select',
      selected_options: [opt('a'), opt('b')],
    });
    expect(valueObject({ type: 'users_select' }, 'U1')).toEqual({ type: 'users_select', selected_user: 'U1' });
    expect(valueObject({ type: 'conversations_select' }, 'C1')).toEqual({
      type: 'conversations_select',
      selected_conversation: 'C1',
    });
    expect(valueObject({ type: 'datepicker' }, '2026-01-31')).toEqual({
      type: 'datepicker',
      selected_date: '2026-01-31',
    });
    const boxes = { type: 'checkboxes', action_id: 'c', options: [opt('x'), opt('y')] };
    expect(valueObject(boxes, ['y'])).toEqual({ type: 'checkboxes', selected_options: [opt('y')] });
    const radio = { type: 'radio_buttons', action_id: 'r', options: [opt('x')] };
    expect(valueObject(radio, 'x')).toEqual({ type: 'radio_buttons', selected_option: opt('x') });
    expect(valueObject({ type: 'multi_users_select' }, ['U1', 'U2'])).toEqual({
      type: 'multi_users_select',
      selected_users: ['U1', 'U2'],
    });
  });

  it('reports untouched inputs at their initial value, else null or []', () => {
    const blocks = [
      input('q', { type: 'plain_text_input', action_id: 'text', initial_value: 'draft' }),
      input('tags', { type: 'multi_static_select', action_id: 'pick', options: [opt('a')] }),
      input('when', { type: 'datepicker', action_id: 'date' }),
      input('who', { type: 'users_select', action_id: 'user', initial_user: 'U9' }),
      { type: 'section', block_id: 's', text: { type: 'mrkdwn', text: 'not an input' } },
    ];
    expect(initialStateValues(blocks)).toEqual({
      q: { text: { type: 'plain_text_input', value: 'draft' } },
      tags: { pick: { type: 'multi_static_select', selected_options: [] } },
      when: { date: { type: 'datepicker', selected_date: null } },
      who: { user: { type: 'users_select', selected_user: 'U9' } },
    });
  });

  it('names the offered options when a test picks one that does not exist', () => {
    const select = { type: 'static_select', action_id: 'topic', options: [opt('sql')] };
    expect(() => valueObject(select, 'python')).toThrow('option "python" not offered by topic (offers: sql)');
  });
});

describe('generated ids', () => {
  it('fills missing block_id and action_id like Slack, keeping the ones the app set', () => {
    let n = 0;
    const blocks = withGeneratedIds(
      [
        { type: 'section', text: { type: 'mrkdwn', text: 'x' } },
        { type: 'actions', block_id: 'mine', elements: [{ type: 'button', text: { type: 'plain_text', text: 'B' } }] },
      ],
      () => {
        n += 1;
        return `gen${n}`;
      },
    );
    expect(blocks?.[0]?.block_id).toBe('gen1');
    expect(blocks?.[1]).toMatchObject({ block_id: 'mine', elements: [{ action_id: 'gen2' }] });
  });
});
