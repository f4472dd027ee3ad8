import { describe, expect, it } from 'vitest';
import { Purgatory } from '../src/purgatory/purgatory.js';

function op(ready: () => boolean) {
  const log: string[] = [];
  return {
    log,
    tryComplete() {
      if (!ready()) return false;
      log.push('ready');
      return true;
    },
    onComplete() {
      log.push('expired');
    },
  };
}

describe('Purgatory', () => {
  it('completes at once when possible, without parking', () => {
    const p = new Purgatory();
    const o = op(() => true);
    p.tryCompleteElseWatch(o, ['t-0'], 1000);
    expect(o.log).toEqual(['ready']);
    expect(p.size).toBe(0);
  });

  it('completes a parked operation when its key changes', () => {
    const p = new Purgatory();
    let data = false;
    const o = op(() => data);
    p.tryCompleteElseWatch(o, ['t-0', 't-1'], 10_000);
    expect(p.size).toBe(1);
    expect(p.checkAndComplete('t-0')).toBe(0);
    data = true;
    expect(p.checkAndComplete('t-1')).toBe(1);
    expect(o.log).toEqual(['ready']);
    expect(p.size).toBe(0);
  });

  it('answers with what there is when the timeout passes', async () => {
    const p = new Purgatory();
    const o = op(() => false);
    p.tryCompleteElseWatch(o, ['t-0'], 20);
    await new Promise((r) => setTimeout(r, 60));
    expect(o.log).toEqual(['expired']);
    expect(p.size).toBe(0);
  });

  it('answers everything on close', () => {
    const p = new Purgatory();
    const o = op(() => false);
    p.tryCompleteElseWatch(o, ['t-0'], 10_000);
    p.close();
    expect(o.log).toEqual(['expired']);
  });
});
