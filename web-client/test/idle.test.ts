import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../src/session/idle';

const MINUTE = 60_000;

function handlers() {
  const seen: string[] = [];
  return {
    seen,
    onWarn: vi.fn((msLeft: number) => void seen.push(`warn ${msLeft / 1000}s`)),
    onBack: vi.fn(() => void seen.push('back')),
    onTimeout: vi.fn(() => void seen.push('timeout')),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T09:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('IdleTimer', () => {
  it('warns a minute before the timeout and signs out when nothing happens', () => {
    const h = handlers();
    new IdleTimer(10 * MINUTE, h);
    vi.advanceTimersByTime(9 * MINUTE - 1);
    expect(h.seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(h.seen).toEqual(['warn 60s']);
    vi.advanceTimersByTime(MINUTE - 1);
    expect(h.onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(h.seen).toEqual(['warn 60s', 'timeout']);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(h.onTimeout).toHaveBeenCalledTimes(1);
  });

  it('starts counting again from each activity', () => {
    const h = handlers();
    const timer = new IdleTimer(10 * MINUTE, h);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(8 * MINUTE);
      timer.activity();
    }
    expect(h.seen).toEqual([]);
    vi.advanceTimersByTime(9 * MINUTE);
    expect(h.seen).toEqual(['warn 60s']);
  });

  it('keeps asking until the person answers, and warns again only after a new quiet spell', () => {
    const h = handlers();
    const timer = new IdleTimer(10 * MINUTE, h);
    vi.advanceTimersByTime(9 * MINUTE + 20_000);
    // The pointer on its way to the button is not an answer.
    timer.activity();
    expect(h.seen).toEqual(['warn 60s']);
    vi.advanceTimersByTime(10_000);
    timer.stay();
    expect(h.seen).toEqual(['warn 60s', 'back']);
    vi.advanceTimersByTime(9 * MINUTE - 1);
    expect(h.seen).toEqual(['warn 60s', 'back']);
    vi.advanceTimersByTime(1);
    expect(h.seen).toEqual(['warn 60s', 'back', 'warn 60s']);
    expect(h.onTimeout).not.toHaveBeenCalled();
  });

  it('warns halfway through a timeout shorter than two minutes', () => {
    const h = handlers();
    new IdleTimer(MINUTE, h);
    vi.advanceTimersByTime(30_000);
    expect(h.seen).toEqual(['warn 30s']);
    vi.advanceTimersByTime(30_000);
    expect(h.seen).toEqual(['warn 30s', 'timeout']);
  });

  it('signs out at once, without a warning, when the device slept past the timeout', () => {
    const h = handlers();
    const timer = new IdleTimer(10 * MINUTE, h);
    // A phone asleep: the clock moves on, the page's timers do not run.
    vi.setSystemTime(Date.now() + 25 * MINUTE);
    timer.check();
    expect(h.seen).toEqual(['timeout']);
  });

  it('counts from the last activity a reloaded page remembers', () => {
    const h = handlers();
    new IdleTimer(10 * MINUTE, h, Date.now() - 9.5 * MINUTE);
    expect(h.seen).toEqual(['warn 30s']);
    const late = handlers();
    new IdleTimer(10 * MINUTE, late, Date.now() - 11 * MINUTE);
    expect(late.seen).toEqual(['timeout']);
  });

  it('follows a timeout the organisation sets later, counted from the last activity', () => {
    const h = handlers();
    const timer = new IdleTimer(10 * MINUTE, h);
    vi.advanceTimersByTime(2 * MINUTE);
    timer.setTimeout(3 * MINUTE);
    expect(h.seen).toEqual(['warn 60s']);
    vi.advanceTimersByTime(MINUTE);
    expect(h.seen).toEqual(['warn 60s', 'timeout']);

    const longer = handlers();
    const relaxed = new IdleTimer(2 * MINUTE, longer);
    vi.advanceTimersByTime(MINUTE + 1);
    relaxed.setTimeout(10 * MINUTE);
    expect(longer.seen).toEqual(['warn 60s', 'back']);
    vi.advanceTimersByTime(8 * MINUTE);
    expect(longer.seen).toEqual(['warn 60s', 'back', 'warn 60s']);
  });

  it('signs out when the warning goes unanswered, whatever else moves', () => {
    const h = handlers();
    const timer = new IdleTimer(10 * MINUTE, h);
    vi.advanceTimersByTime(9 * MINUTE);
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(10_000);
      timer.activity();
    }
    expect(h.seen).toEqual(['warn 60s', 'timeout']);
  });

  it('does nothing more once stopped (signed out another way)', () => {
    const h = handlers();
    const timer = new IdleTimer(10 * MINUTE, h);
    timer.stop();
    timer.activity();
    timer.stay();
    vi.advanceTimersByTime(60 * MINUTE);
    expect(h.seen).toEqual([]);
  });
});
