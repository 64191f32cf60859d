import type { ComponentChildren, Ref } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { layoutRange } from './virtual-range';

export interface VirtualLogProps<T> {
  items: readonly T[];
  keyOf(item: T): string;
  estimate(item: T): number;
  render(item: T): ComponentChildren;
  /** Items the view may be anchored on (not day lines, which move when older items of their day arrive). */
  anchorable?(item: T): boolean;
  label: string;
  /** Called when the top is near: load older items. */
  onNearTop?(): void;
  /** Whether the newest item is in view (for read receipts and the "jump to newest" button). */
  onBottomChange?(atBottom: boolean): void;
  /** Changing this number scrolls to the newest item. */
  scrollToEndSignal?: number;
  header?: ComponentChildren;
  logRef?: Ref<HTMLDivElement>;
}

const OVERSCAN_PX = 800;
const BOTTOM_SLACK_PX = 48;

/**
 * A chat's message log that renders only what is near the screen, so a chat of ten thousand messages scrolls as
 * smoothly as one of ten. Heights are measured as items render and estimated until then. The view is anchored on
 * the first item in sight: when older items are added above it or heights above it change, it stays where it was
 * (at the newest item it stays at the newest).
 */
export function VirtualLog<T>(props: VirtualLogProps<T>) {
  const { items, keyOf, estimate } = props;
  const scroller = useRef<HTMLDivElement | null>(null);
  const heights = useRef(new Map<string, number>());
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const [measured, setMeasured] = useState(0);
  const atBottom = useRef(true);
  const observer = useRef<ResizeObserver | null>(null);
  const spacer = useRef<HTMLDivElement | null>(null);
  /** The first item in sight, and how far below the top of the view its top is. */
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const latest = useRef<{ items: readonly T[]; sizes: number[] }>({ items, sizes: [] });

  const sizes = useMemo(
    () => items.map((item) => heights.current.get(keyOf(item)) ?? estimate(item)),
    // `measured` changes when a height does
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [items, measured],
  );
  latest.current = { items, sizes };
  const base = spacer.current?.offsetTop ?? 0;
  const range = layoutRange(sizes, viewport.top - base - OVERSCAN_PX, viewport.top - base + viewport.height + OVERSCAN_PX);

  const remember = (scrollTop: number) => {
    const { items: list, sizes: heightsNow } = latest.current;
    let top = spacer.current?.offsetTop ?? 0;
    for (let i = 0; i < list.length; i++) {
      if (top + heightsNow[i] > scrollTop && (props.anchorable?.(list[i]) ?? true)) {
        anchor.current = { key: keyOf(list[i]), delta: top - scrollTop };
        return;
      }
      top += heightsNow[i];
    }
    anchor.current = null;
  };

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport({ top: el.scrollTop, height: el.clientHeight });
    remember(el.scrollTop);
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    if (bottom !== atBottom.current) {
      atBottom.current = bottom;
      props.onBottomChange?.(bottom);
    }
    if (el.scrollTop < 600) props.onNearTop?.();
  }, [props.onBottomChange, props.onNearTop]);

  // Measure what is rendered; a change of height re-lays out.
  if (!observer.current && typeof ResizeObserver !== 'undefined') {
    observer.current = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        const key = el.dataset.key;
        if (!key) continue;
        const h = Math.ceil(el.getBoundingClientRect().height);
        if (h > 0 && heights.current.get(key) !== h) {
          heights.current.set(key, h);
          changed = true;
        }
      }
      if (changed) setMeasured((n) => n + 1);
    });
  }
  useEffect(() => () => observer.current?.disconnect(), []);

  // Stay at the newest item while it is in view; otherwise keep the first item in sight where it was.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
      return;
    }
    const a = anchor.current;
    const index = a ? items.findIndex((item) => keyOf(item) === a.key) : -1;
    if (a && index >= 0) {
      let top = spacer.current?.offsetTop ?? 0;
      for (let i = 0; i < index; i++) top += sizes[i];
      const wanted = Math.max(0, top - a.delta);
      if (Math.abs(el.scrollTop - wanted) >= 1) {
        el.scrollTop = wanted;
        setViewport({ top: el.scrollTop, height: el.clientHeight });
      }
    }
    // Still near the top after older items came (a short page): ask for the next ones.
    if (el.scrollTop < 600) props.onNearTop?.();
  }, [items, measured]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || props.scrollToEndSignal === undefined) return;
    el.scrollTop = el.scrollHeight;
    if (!atBottom.current) {
      atBottom.current = true;
      props.onBottomChange?.(true);
    }
    onScroll();
  }, [props.scrollToEndSignal]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const resize = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
      setViewport({ top: el.scrollTop, height: el.clientHeight });
    });
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  const setScroller = (el: HTMLDivElement | null) => {
    scroller.current = el;
    const ref = props.logRef;
    if (typeof ref === 'function') ref(el);
    else if (ref) ref.current = el;
  };

  return (
    <div class="log" role="log" aria-label={props.label} tabIndex={0} ref={setScroller} onScroll={onScroll}>
      {props.header}
      <div ref={spacer} style={{ height: `${range.before}px` }} aria-hidden="true" />
      {items.slice(range.start, range.end).map((item) => {
        const key = keyOf(item);
        return (
          <LogItem key={key} itemKey={key} observer={observer.current}>
            {props.render(item)}
          </LogItem>
        );
      })}
      <div style={{ height: `${range.after}px` }} aria-hidden="true" />
    </div>
  );
}

/** One rendered item, measured while it is on the page. */
function LogItem({ itemKey, observer, children }: { itemKey: string; observer: ResizeObserver | null; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !observer) return;
    observer.observe(el);
    return () => observer.unobserve(el);
  }, [observer]);
  return (
    <div ref={ref} data-key={itemKey} class="log-item">
      {children}
    </div>
  );
}
