import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { Rest } from '../protocol/rest';
import { Connection, type ConnectionState } from '../protocol/socket';
import { upload } from '../protocol/upload';
import type { Chat, ChatEvent, OrgInfo, SendAck, User } from '../protocol/types';
import type { OutboxItem, Store } from '../db/store';
import { MemoryStore } from '../db/memory';
import { IndexedDbStore } from '../db/indexeddb';
import { SwitchableStore } from '../db/switchable';
import { TabStore } from '../db/tab';
import { LOGIN_KEYS, Session } from '../session/session';
import { SharedDevice } from '../session/shared-device';
import { LANGUAGE_KEY } from '../i18n/i18n';
import { ORG_KEY } from './last-org';
import { ChatsModel, type FrozenList } from '../state/chats';
import { People } from '../state/people';
import { PresenceModel } from '../state/presence';
import { DutyModel } from '../state/duty';
import { Timelines } from '../state/timeline';
import { SyncEngine } from '../sync/engine';
import { Outbox, newClientId } from '../outbox/outbox';
import { MediaLinks } from './media-links';
import { Actions } from './actions';
import { forgetDrafts } from '../state/drafts';
import { forgetPlayed } from '../state/played';

const DEVICE_KEY = 'chatpro.device';
const DUTY_KEY = 'dutyUntil';
const FROZEN_KEY = 'frozenList';
/** What a shared device keeps of ChatPro in localStorage after a session: the language, and the organisation. */
const KEEP_LOCAL = [LANGUAGE_KEY, ORG_KEY];

/**
 * Everything behind the screens for one browser tab: the store, the session, the connection, the models, the sync
 * engine and the outbox, wired together. Screens get it from context and call its models and `actions`.
 */
export class ChatClient {
  readonly rest: Rest;
  readonly connection: Connection;
  readonly chats: ChatsModel;
  readonly people: People;
  readonly presence: PresenceModel;
  readonly duty: DutyModel;
  readonly timelines: Timelines;
  readonly engine: SyncEngine;
  readonly outbox: Outbox;
  readonly media: MediaLinks;
  readonly actions: Actions;
  /** Whether this tab's session is a shared device's, and its idle clock. */
  readonly device: SharedDevice;
  private readonly connSignal = signal<ConnectionState>('offline');
  private readonly orgSignal = signal<OrgInfo | null>(null);
  /** The chat on screen, and whether its newest messages are in view (then they count as read). */
  readonly reading = signal<{ chatId: string; atBottom: boolean } | null>(null);
  readonly connectionState: ReadonlySignal<ConnectionState> = this.connSignal;
  readonly org: ReadonlySignal<OrgInfo | null> = this.orgSignal;
  private running = false;
  private generation = 0;
  private onlineFailures = 0;
  private stopEffects: (() => void)[] = [];

  private constructor(
    readonly store: SwitchableStore,
    readonly session: Session,
  ) {
    this.rest = new Rest(session);
    const me = () => session.user.peek()?.id;
    this.chats = new ChatsModel(me);
    this.people = new People(this.rest, store);
    this.presence = new PresenceModel(this.rest);
    this.timelines = new Timelines(this.rest, store);
    this.media = new MediaLinks(this.rest);
    this.connection = new Connection({
      url: socketUrl(),
      device: deviceId(),
      token: () => session.accessToken(),
      renew: (failed) => session.renew(failed),
      onFrame: (frame) => this.engine.onFrame(frame),
      onOnline: () => void this.online(),
      onState: (state) => (this.connSignal.value = state),
      onEnded: () => void session.ended('ended'),
    });
    this.duty = new DutyModel(this.rest, me, () => this.connection.send({ type: 'open' }));
    this.engine = new SyncEngine(this.connection, this.rest, store, this.chats, this.timelines, me, {
      onPeople: (ids) => this.people.ensure(ids),
      isReading: (chatId) => this.isReading(chatId),
      onFrame: (frame) => {
        if (frame.type === 'presence') {
          if (frame.userId === me()) this.duty.apply(frame);
          else this.presence.apply(frame);
        }
      },
    });
    this.outbox = new Outbox(store, {
      isOnline: () => this.connection.isOnline,
      send: (item) => this.sendFrame(item),
      upload: (item, onProgress, abort) => this.upload(item, onProgress, abort),
    }, (item, ack) => this.stored(item, ack), (item, code) => this.actions.noteRefused(item.chatId, item.kind, code));
    this.actions = new Actions(this);
    session.onEnding(() => this.shutdown());
    this.device = new SharedDevice(() => void session.logout(false, 'idle'), KEEP_LOCAL);
    session.onEnded(() => this.device.end());
    effect(() => {
      const org = this.orgSignal.value;
      if (org) this.device.setTimeoutMinutes(org.settings.sharedDeviceTimeoutMinutes);
    });
  }

  /**
   * Opens the store (this tab's memory when its session is a shared device's, else the device's IndexedDB) and
   * restores the session.
   */
  static async create(): Promise<ChatClient> {
    const shared = SharedDevice.marked();
    const store = new SwitchableStore(shared ? new TabStore(LOGIN_KEYS) : await deviceStore());
    const session = new Session(store);
    session.forSharedDevice(shared);
    const client = new ChatClient(store, session);
    effect(() => {
      if (client.session.status.value === 'signedIn') void client.start();
      else if (client.session.status.value === 'signedOut') client.stop();
    });
    await client.session.restore();
    if (shared && client.session.status.peek() === 'signedIn') client.device.resume();
    return client;
  }

  /**
   * Signs in with `attempt` (a password or a sign-in code). On a shared device the session lives in this tab's
   * memory, and once it is signed in, whatever ChatPro kept on the device goes (other tabs show the sign-in page).
   */
  async signIn(shared: boolean, attempt: () => Promise<void>): Promise<void> {
    this.session.forSharedDevice(shared);
    if (shared) this.store.use(new TabStore(LOGIN_KEYS));
    else if (this.store.current instanceof TabStore) this.store.use(await deviceStore());
    await attempt();
    if (shared) {
      this.session.signOutOtherTabs();
      await this.device.begin();
    }
  }

  get me(): User | null {
    return this.session.user.value;
  }

  /**
   * Signed in: show the cache at once, then connect. Each start is a generation: a sign-out while it is still
   * reading the store ends it there, so nothing of it is left running.
   */
  private async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.engine.reset();
    this.outbox.reset();
    const [until, frozen] = await Promise.all([
      this.store.getMeta<string>(DUTY_KEY),
      this.store.getMeta<FrozenList>(FROZEN_KEY),
    ]);
    if (!current()) return;
    if (until && Date.parse(until) > Date.now()) this.duty.apply({ status: 'off_duty', offDutyUntil: until });
    await Promise.all([this.people.load(), this.engine.loadCache()]);
    if (!current()) return;
    if (this.duty.quiet.peek() && frozen) this.chats.freeze(frozen);
    this.stopEffects.push(effect(() => this.keepQuiet(this.duty.quiet.value)));
    this.stopEffects.push(effect(() => {
      const offDutyUntil = this.duty.offDutyUntil.value;
      void (offDutyUntil ? this.store.setMeta(DUTY_KEY, offDutyUntil) : this.store.deleteMeta(DUTY_KEY)).catch(() => undefined);
    }));
    this.stopEffects.push(this.session.onToken(() => void this.connection.reauthenticate()));
    this.stopEffects.push(watchNetwork(this.connection, () => void this.outbox.adoptFromStore()));
    this.stopEffects.push(onLeave(() => void this.engine.flush()));
    await this.outbox.load();
    if (!current()) return;
    this.duty.start();
    this.connection.start();
  }

  /**
   * Off duty and not looking: the list freezes as it is (kept in the store, so a reload shows no more than it did).
   * Back, or looking: it thaws, and the store gets the chats as they are now.
   */
  private keepQuiet(quiet: boolean): void {
    if (quiet && !this.chats.frozen.peek()) {
      const frozen = this.chats.freeze();
      void this.store.setMeta(FROZEN_KEY, frozen).catch(() => undefined);
    } else if (!quiet && this.chats.frozen.peek()) {
      this.chats.unfreeze();
      void this.store.deleteMeta(FROZEN_KEY).catch(() => undefined);
      void this.engine.persistAll();
    }
  }

  /** Before the store is wiped: stop sending and writing, and let what is being written finish. */
  private async shutdown(): Promise<void> {
    this.generation++;
    this.connection.stop();
    this.outbox.stop();
    await this.engine.stop();
  }

  private stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.connection.stop();
    this.outbox.stop();
    void this.engine.stop();
    this.duty.stop();
    this.stopEffects.forEach((stop) => stop());
    this.stopEffects = [];
    this.timelines.clear();
    this.chats.replaceAll([]);
    this.chats.unfreeze();
    this.duty.apply({ status: 'online' });
    this.people.clear();
    forgetLocalTraces();
  }

  /** Connected and authenticated (again): my duty first (so the list freezes before news lands), then catch up. */
  private async online(): Promise<void> {
    const generation = this.generation;
    this.duty.reopen();
    this.outbox.reconnected();
    void this.loadOrg();
    await Promise.race([this.duty.check(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
    try {
      await this.engine.online();
      this.onlineFailures = 0;
    } catch {
      // The list or a sync page failed: try again soon on this connection (gaps are fetched as they show anyway).
      this.onlineFailures++;
      const wait = Math.min(30_000, 1_000 * 2 ** this.onlineFailures) * (0.5 + Math.random() / 2);
      setTimeout(() => {
        if (generation === this.generation && this.connection.isOnline) void this.online();
      }, wait);
      return;
    }
    this.presence.watch(this.directPartners());
    void this.presence.refreshAll();
  }

  private async loadOrg(): Promise<void> {
    try {
      this.orgSignal.value = await this.rest.get<OrgInfo>('/api/v1/orgs/me');
    } catch {
      // the org's settings only refine what is shown (urgent, last seen)
    }
  }

  /** The organisation's settings were changed here: show them without asking again. */
  refreshOrg(org: OrgInfo): void {
    this.orgSignal.value = org;
  }

  /** The other member of each direct chat: the people whose presence the list shows. */
  directPartners(): string[] {
    const me = this.session.user.peek()?.id;
    return Object.values(this.chats.live.peek())
      .filter((c) => c.type === 'direct')
      .flatMap((c) => c.members.map((m) => m.userId).filter((id) => id !== me));
  }

  /** The seq up to which a chat's events are shown: all of them, unless I am off duty and not looking. */
  cutoff(chatId: string): number {
    return this.chats.cutoff(chatId);
  }

  private isReading(chatId: string): boolean {
    const r = this.reading.peek();
    return !!r && r.chatId === chatId && r.atBottom && !this.duty.quiet.peek() && document.visibilityState === 'visible';
  }

  /** Adds a chat answer (created or found) to the list and the engine. */
  adopt(chat: Chat): Promise<void> {
    return this.engine.adopt(chat);
  }

  /** Queues a message: it is in the store before anything is sent. */
  queue(item: Omit<OutboxItem, 'clientId' | 'createdAt' | 'state' | 'attempts'>): Promise<void> {
    return this.outbox.add({
      ...item, clientId: newClientId(), createdAt: Date.now(), afterSeq: this.engine.haveOf(item.chatId), state: 'queued', attempts: 0,
    });
  }

  private async sendFrame(item: OutboxItem): Promise<SendAck> {
    const frame = {
      type: 'send' as const,
      chatId: item.chatId,
      kind: item.kind,
      ...(item.text !== undefined && item.text !== '' ? { text: item.text } : {}),
      ...(item.mediaId ? { mediaId: item.mediaId } : {}),
      ...(item.replyTo ? { replyTo: item.replyTo } : {}),
      ...(item.mentions?.length ? { mentions: item.mentions } : {}),
      ...(item.forwardOf ? { forwardOf: item.forwardOf } : {}),
      ...(item.urgent ? { urgent: true } : {}),
    };
    return (await this.connection.request(frame, item.clientId)) as unknown as SendAck;
  }

  private async upload(item: OutboxItem, onProgress: (f: number) => void, abort: AbortSignal) {
    const blob = item.blob!;
    const kind = item.kind === 'voice' ? 'voice' : 'image';
    const token = await this.session.accessToken();
    if (!token) throw new Error('signed out');
    try {
      return await upload({ kind, blob, token, onProgress, signal: abort });
    } catch (e) {
      if ((e as { status?: number }).status !== 401) throw e;
      const fresh = await this.session.renew(token);
      if (!fresh) throw e;
      return upload({ kind, blob, token: fresh, onProgress, signal: abort });
    }
  }

  /** The server stored a message: show it as the event it became, and tell about off-duty recipients. */
  private stored(item: OutboxItem, ack: SendAck): void {
    const me = this.session.user.peek()?.id;
    const event: ChatEvent = {
      chatId: item.chatId,
      seq: ack.seq,
      type: 'message',
      at: ack.sentAt,
      messageId: ack.messageId,
      senderId: me,
      kind: item.kind,
      sentAt: ack.sentAt,
      ...(item.text ? { text: item.text } : {}),
      ...(item.media ? { media: item.media } : {}),
      ...(item.replyTo ? { replyTo: item.replyTo } : {}),
      ...(item.mentions?.length ? { mentions: item.mentions } : {}),
      ...(item.forwardOf ? { forwardOf: item.forwardOf } : {}),
      ...(item.urgent ? { urgent: true } : {}),
    };
    this.engine.receive([event]);
    if (ack.offDuty?.length) this.actions.noteOffDuty(item.chatId, ack.offDuty);
  }
}

/** The device's IndexedDB, or memory where the browser refuses it (some private modes). */
async function deviceStore(): Promise<Store> {
  try {
    return await IndexedDbStore.open();
  } catch {
    return new MemoryStore();
  }
}

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/** One id per browser profile, so the server can tell this person's devices apart. */
function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** The page is going away or to the background: what is pending in memory is written now. */
function onLeave(flush: () => void): () => void {
  const hidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', hidden);
  return () => {
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', hidden);
  };
}

/** Reconnect at once when the network or the app comes back, and drop a link the browser says is gone. */
function watchNetwork(connection: Connection, onVisible: () => void): () => void {
  const online = () => connection.retryNow();
  const offline = () => connection.drop();
  const visible = () => {
    if (document.visibilityState === 'visible') {
      connection.retryNow();
      onVisible();
    }
  };
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  document.addEventListener('visibilitychange', visible);
  return () => {
    window.removeEventListener('online', online);
    window.removeEventListener('offline', offline);
    document.removeEventListener('visibilitychange', visible);
  };
}

/** What this browser keeps of a person outside the store (which sign-out wipes): gone too. */
function forgetLocalTraces(): void {
  forgetDrafts();
  forgetPlayed();
}
