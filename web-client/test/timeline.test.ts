import { describe, expect, it } from 'vitest';
import { effect } from '@preact/signals';
import { Timeline } from '../src/state/timeline';
import { MemoryStore } from '../src/db/memory';
import { FakeServer, message } from './fakes';

const C = 'chat-1';

describe('Timeline paging back', () => {
  it('starts the next page when the page just shown asks for it at once (its top still in sight)', async () => {
    const server = new FakeServer();
    server.add(C, Array.from({ length: 160 }, (_, i) => message(C, i + 1)));
    const timeline = new Timeline(C, server.rest, new MemoryStore());
    await timeline.open(160);
    expect(timeline.events.value[0].seq).toBe(111);

    // As the log does: each time older events are shown while its top is in sight, it asks for more at once.
    const loads: Promise<void>[] = [];
    let asking = false;
    const stop = effect(() => {
      const first = timeline.events.value[0]?.seq ?? 0;
      if (asking && first > 1) loads.push(timeline.loadOlder());
    });
    asking = true;
    loads.push(timeline.loadOlder());
    for (let i = 0; i < 10 && loads.length > 0; i++) await loads.shift();
    stop();

    expect(timeline.events.value[0].seq).toBe(1);
    expect(timeline.hasOlder.value).toBe(false);
    expect(timeline.events.value.map((e) => e.seq)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
  });
});
