import { describe, expect, it } from '@jest/globals';
import { waitFor } from '../../../src/sandbox/wait-for.js';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 })).resolves.toEqual({
      calls: 3,
    });
  });

  it('times out with the description and the last error', async () => {
    const probe = () => {
      throw new Error('not there');
    };
    await expect(waitFor(probe, { timeoutMs: 30, intervalMs: 5, description: 'views.open' })).rejects.toThrow(
      'waitFor timed out after 30 ms (views.open); last error: not there',
    );
  });
});
