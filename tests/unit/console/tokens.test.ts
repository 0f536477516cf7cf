import { describe, expect, it } from 'vitest';
import { ConsoleTokens } from '../../../main/services/console/tokens';

describe('console tokens', () => {
  const grant = { connection: 'qemu:///system', uuid: '11111111-2222-3333-4444-555555555555' };

  it('are unguessable and work exactly once', () => {
    const tokens = new ConsoleTokens();
    const a = tokens.issue(grant);
    const b = tokens.issue(grant);
    expect(a).not.toEqual(b);
    expect(a.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    expect(tokens.redeem(a)).toEqual(grant);
    expect(tokens.redeem(a)).toBeUndefined();
    expect(tokens.redeem(b)).toEqual(grant);
  });

  it('refuse missing, unknown and expired tokens', () => {
    let now = 1000;
    const tokens = new ConsoleTokens(30_000, () => now);
    const t = tokens.issue(grant);
    expect(tokens.redeem(undefined)).toBeUndefined();
    expect(tokens.redeem('')).toBeUndefined();
    expect(tokens.redeem(`${t}x`)).toBeUndefined();
    now += 30_001;
    expect(tokens.redeem(t)).toBeUndefined();
    tokens.issue(grant);
    now += 30_001;
    expect(tokens.size).toBe(0);
  });
});
