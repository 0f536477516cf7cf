// One typed bus for everything the UI hears about (the contract's Events). Services emit; each shell
// forwards to its windows or WebSocket clients. A throwing listener never stops the others.
import type { EventName, Events } from '../../preload/contract';

export type EventListener<E extends EventName> = (payload: Events[E]) => void;
export type AnyEventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly anyListeners = new Set<AnyEventListener>();

  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** every event, for the shells that forward all of them */
  onAny(listener: AnyEventListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as EventListener<E>)(payload);
      } catch (err) {
        console.error(`event listener for ${event} failed:`, err);
      }
    }
    for (const l of this.anyListeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error(`event forwarder for ${event} failed:`, err);
      }
    }
  }
}
