// How an api family declares its methods: each method has a zod schema for its input and a handler
// that runs only with validated input. A family is one file exporting `handlers({...})`; index.ts
// lists the families.
import type { z } from 'zod';
import type { ArgsOf, Method, ResultOf } from '../../preload/contract';
import type { ApiContext } from './context';

export interface HandlerFor<A, R> {
  /** validates (and may normalise) the caller's arguments; failures answer INVALID_INPUT */
  input: z.ZodType<A, unknown>;
  /** `caller`: the window or WebSocket that called (its watches go when it closes); absent in-process */
  run: (args: A, ctx: ApiContext, caller?: string) => Promise<Awaited<R>> | Awaited<R>;
}

export type Handler<M extends Method> = HandlerFor<ArgsOf<M>, ResultOf<M>>;

export type Handlers = { [M in Method]?: Handler<M> };

/** Identity with type checking: `export const vmHandlers = handlers({ 'vms.start': {...} })`. */
export function handlers<H extends Handlers>(h: H): H {
  return h;
}
