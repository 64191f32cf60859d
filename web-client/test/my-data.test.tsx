import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { MyDataModel, POLL_MS, fileNameOf, viewOf } from '../src/state/my-data';
import { MyData } from '../src/ui/components/my-data';
import { ApiError, type Rest } from '../src/protocol/rest';
import type { SubjectExport } from '../src/protocol/types';
import { language } from '../src/i18n/i18n';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const DAY = 86_400_000;

/** The person's own exports as the server keeps them, and every request the model made. */
class FakeExports {
  exports: SubjectExport[] = [];
  readonly requests: string[] = [];
  /** The next requests fail this way (the phone goes offline). */
  failing: ApiError | null = null;
  created = 0;

  readonly api = {
    get: async <T,>(path: string): Promise<T> => {
      this.requests.push(`GET ${path}`);
      if (this.failing) throw this.failing;
      if (path === '/api/v1/me/exports') return { exports: [...this.exports] } as T;
      const id = decodeURIComponent(path.split('/').pop()!);
      const found = this.exports.find((e) => e.id === id);
      if (!found) throw new ApiError(404, 'not_found', 'no such export');
      return { ...found } as T;
    },
    post: async <T,>(path: string): Promise<T> => {
      this.requests.push(`POST ${path}`);
      if (this.failing) throw this.failing;
      const pending = this.exports.find((e) => e.status === 'pending');
      if (pending) return { id: pending.id, status: 'pending' } as T;
      const made: SubjectExport = { id: `x${++this.created}`, status: 'pending', progress: 0, scope: 'sar', createdAt: new Date(NOW).toISOString() };
      this.exports.unshift(made);
      return { id: made.id, status: 'pending' } as T;
    },
    blob: async (path: string): Promise<Blob> => {
      this.requests.push(`GET ${path}`);
      if (this.failing) throw this.failing;
      return new Blob(['PK'], { type: 'application/zip' });
    },
  } as unknown as Pick<Rest, 'get' | 'post' | 'blob'>;

  update(id: string, change: Partial<SubjectExport>): void {
    this.exports = this.exports.map((e) => (e.id === id ? { ...e, ...change } : e));
  }

  polls(id: string): number {
    return this.requests.filter((r) => r === `GET /api/v1/me/exports/${id}`).length;
  }
}

const ready = (size = 12_345_678): Partial<SubjectExport> => ({
  status: 'ready', progress: 100, size, sha256: 'ab'.repeat(32), expiresAt: new Date(NOW + 7 * DAY).toISOString(),
});

async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('what "Your data" shows', () => {
  it('says nothing is known before the first answer, and none when there is no copy', () => {
    expect(viewOf(undefined, false, NOW)).toEqual({ kind: 'unknown' });
    expect(viewOf(null, false, NOW)).toEqual({ kind: 'none' });
  });

  it('shows the percent of a copy being prepared, kept within 0–100', () => {
    expect(viewOf({ id: 'a', status: 'pending' }, false, NOW)).toEqual({ kind: 'pending', percent: 0 });
    expect(viewOf({ id: 'a', status: 'pending', progress: 42.4 }, false, NOW)).toEqual({ kind: 'pending', percent: 42 });
    expect(viewOf({ id: 'a', status: 'pending', progress: 140 }, false, NOW)).toEqual({ kind: 'pending', percent: 100 });
  });

  it('offers a ready copy until it expires, and then none', () => {
    const exp: SubjectExport = { id: 'a', status: 'ready', size: 10, expiresAt: new Date(NOW + DAY).toISOString() };
    expect(viewOf(exp, false, NOW)).toEqual({ kind: 'ready', size: 10, expiresAt: exp.expiresAt });
    expect(viewOf(exp, false, NOW + DAY)).toEqual({ kind: 'none' });
  });

  it('shows a failure as failed, and the asking as asking whatever came before', () => {
    expect(viewOf({ id: 'a', status: 'failed' }, false, NOW)).toEqual({ kind: 'failed' });
    expect(viewOf({ id: 'a', status: 'failed' }, true, NOW)).toEqual({ kind: 'asking' });
  });

  it('names the file for the day it was asked for', () => {
    expect(fileNameOf({ id: 'a', status: 'ready', createdAt: '2026-11-30T23:30:00Z' }, NOW)).toBe('chatpro-my-data-2026-11-30.zip');
    expect(fileNameOf({ id: 'a', status: 'ready' }, NOW)).toBe('chatpro-my-data-2026-12-01.zip');
  });
});

describe('the copy of my data', () => {
  let server: FakeExports;
  let saved: { file: Blob; name: string }[];
  let model: MyDataModel;

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    server = new FakeExports();
    saved = [];
    model = new MyDataModel(server.api, (file, name) => saved.push({ file, name }), () => Date.now());
  });

  afterEach(() => {
    model.stop();
    vi.useRealTimers();
  });

  it('is asked for, followed every 2 seconds while it is prepared, and saved when ready', async () => {
    await model.start();
    expect(model.view.value).toEqual({ kind: 'none' });

    await model.request();
    expect(model.view.value).toEqual({ kind: 'pending', percent: 0 });
    server.update('x1', { progress: 40 });
    await vi.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(server.polls('x1')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.view.value).toEqual({ kind: 'pending', percent: 40 });
    server.update('x1', ready());
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(model.view.value).toMatchObject({ kind: 'ready', size: 12_345_678 });

    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(server.polls('x1')).toBe(2);

    await model.download();
    expect(server.requests).toContain('GET /api/v1/me/exports/x1/download');
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toBe('chatpro-my-data-2026-12-01.zip');
  });

  it('shows after a reload (a new model) the copy being prepared, and follows it on', async () => {
    await model.start();
    await model.request();
    server.update('x1', { progress: 70 });
    model.stop();

    const again = new MyDataModel(server.api, () => undefined, () => Date.now());
    await again.start();
    expect(again.view.value).toEqual({ kind: 'pending', percent: 70 });
    server.update('x1', ready());
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(again.view.value.kind).toBe('ready');
    again.stop();
  });

  it('asks for the same copy again while one is being prepared, rather than a second one', async () => {
    await model.start();
    await model.request();
    await model.request();
    expect(server.exports).toHaveLength(1);
    expect(model.latest.value?.id).toBe('x1');
  });

  it('keeps following while offline, says so, and carries on when the connection is back', async () => {
    await model.start();
    await model.request();
    server.failing = new ApiError(0, 'network', 'no connection');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(model.problem.value).toBeInstanceOf(ApiError);
    expect((model.problem.value as ApiError).code).toBe('network');
    expect(model.view.value).toEqual({ kind: 'pending', percent: 0 });

    server.failing = null;
    server.update('x1', { progress: 55 });
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(model.problem.value).toBeNull();
    expect(model.view.value).toEqual({ kind: 'pending', percent: 55 });
  });

  it('opens offline without a copy known, and reads it when the connection is back', async () => {
    server.exports = [{ id: 'old', status: 'ready', ...ready() } as SubjectExport];
    server.failing = new ApiError(0, 'network', 'no connection');
    await model.start();
    expect(model.view.value).toEqual({ kind: 'unknown' });
    server.failing = null;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(model.view.value.kind).toBe('ready');
    expect(model.problem.value).toBeNull();
  });

  it('does not keep asking after a refusal that will not pass by itself', async () => {
    server.failing = new ApiError(403, 'forbidden', 'no');
    await model.start();
    await vi.advanceTimersByTimeAsync(5 * POLL_MS);
    expect(server.requests).toEqual(['GET /api/v1/me/exports']);
  });

  it('shows a failed copy as failed and makes a new one on trying again', async () => {
    server.exports = [{ id: 'bad', status: 'failed', progress: 30 }];
    await model.start();
    expect(model.view.value).toEqual({ kind: 'failed' });
    await vi.advanceTimersByTimeAsync(5 * POLL_MS);
    expect(server.polls('bad')).toBe(0);
    await model.request();
    expect(model.latest.value?.id).toBe('x1');
    expect(model.view.value).toEqual({ kind: 'pending', percent: 0 });
  });

  it('shows none once a ready copy has expired, while the page stays open', async () => {
    server.exports = [{ id: 'r', ...ready() } as SubjectExport];
    await model.start();
    expect(model.view.value.kind).toBe('ready');
    server.exports = [];
    await vi.advanceTimersByTimeAsync(7 * DAY + 1_000);
    expect(model.view.value).toEqual({ kind: 'none' });
  });

  it('shows none when the copy was deleted while it was followed, or before it was saved', async () => {
    await model.start();
    await model.request();
    server.exports = [];
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(model.view.value).toEqual({ kind: 'none' });

    server.exports = [{ id: 'r', ...ready() } as SubjectExport];
    await model.start();
    server.exports = [];
    server.failing = new ApiError(404, 'not_found', 'gone');
    await model.download();
    expect(saved).toHaveLength(0);
    expect(model.view.value).toEqual({ kind: 'none' });
  });

  it('stops asking when Settings closes', async () => {
    await model.start();
    await model.request();
    model.stop();
    await vi.advanceTimersByTimeAsync(10 * POLL_MS);
    expect(server.polls('x1')).toBe(0);
  });
});

describe('the "Your data" section', () => {
  let host: HTMLElement;
  let server: FakeExports;

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    host = document.createElement('div');
    document.body.append(host);
    server = new FakeExports();
  });

  afterEach(() => {
    render(null, host);
    host.remove();
    language.value = 'en';
    vi.useRealTimers();
  });

  const show = async (model: MyDataModel) => {
    render(<MyData model={model} />, host);
    await flush();
  };
  const buttons = () => [...host.querySelectorAll('button')].map((b) => b.textContent?.trim());

  it('explains what is in the copy and offers it with the button the tests and screen readers know', async () => {
    const model = new MyDataModel(server.api, () => undefined);
    await model.start();
    await show(model);
    expect(host.textContent).toContain('every conversation, as you saw it');
    expect(host.textContent).toContain('the pictures and voice notes you sent');
    expect(host.textContent).toContain('7 days');
    expect(buttons()).toEqual(['Download my data']);
    model.stop();
  });

  it('shows a named progress bar and the percent, then a save button with the size and the last day', async () => {
    const model = new MyDataModel(server.api, () => undefined);
    await model.start();
    await model.request();
    server.update('x1', { progress: 42 });
    await vi.advanceTimersByTimeAsync(POLL_MS);
    await show(model);
    const bar = host.querySelector('progress')!;
    expect(bar.getAttribute('aria-label')).toBe('Preparing your data');
    expect(bar.getAttribute('value')).toBe('42');
    expect(host.querySelector('[role=status]')?.textContent).toBe('Preparing your data: 42%');
    expect(buttons()).toEqual([]);

    server.update('x1', ready());
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(host.querySelector('progress')).toBeNull();
    expect(buttons()).toEqual(['Save my data (12.3 MB)', 'Prepare a new copy']);
    expect(host.textContent).toMatch(/You can save it until (8 December|December 8,) 2026\./);
    model.stop();
  });

  it('puts a failure and being offline in plain words, in German too', async () => {
    language.value = 'de';
    server.exports = [{ id: 'bad', status: 'failed' }];
    const model = new MyDataModel(server.api, () => undefined);
    await model.start();
    await show(model);
    expect(host.querySelector('[role=alert]')?.textContent).toContain('konnte nicht vorbereitet werden');
    expect(buttons()).toEqual(['Erneut versuchen']);

    server.failing = new ApiError(0, 'network', 'no connection');
    await model.request();
    await flush();
    const alerts = [...host.querySelectorAll('[role=alert]')].map((a) => a.textContent);
    expect(alerts[0]).toBe('Keine Verbindung. Versuchen Sie es erneut, wenn Sie online sind.');
    expect(host.textContent).not.toContain('network');
    model.stop();
  });

  it('says when the day\'s copies are used up in minutes, not the server\'s seconds', async () => {
    const model = new MyDataModel(server.api, () => undefined);
    await model.start();
    await show(model);
    server.failing = new ApiError(429, 'rate_limited', 'at most 5 copies of your data a day', 3600);
    await model.request();
    await flush();
    expect(host.querySelector('[role=alert]')?.textContent).toBe('You have asked for several copies today. You can ask again in 60 minutes.');
    expect(buttons()).toEqual(['Download my data']);
    model.stop();
  });
});
