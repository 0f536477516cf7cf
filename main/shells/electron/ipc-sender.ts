// Who may use the IPC api: the top frame of one of our own windows showing one of our own pages. Kept
// free of Electron imports so it can be tested without the Electron binary.
import type { ApiResult } from '../../../preload/contract';
import type { Api } from '../../api';
import { isOwnUrl } from './paths';

/** what an IPC event says about its sender (Electron's IpcMainEvent / IpcMainInvokeEvent) */
export interface IpcSender<S> {
  sender: S;
  /** null once the frame has navigated away or gone */
  senderFrame: { url: string; parent: unknown } | null;
}

/** `isOurWindow` tells whether the sending web contents belong to one of our BrowserWindows */
export function fromOwnPage<S>(e: IpcSender<S>, isOurWindow: (sender: S) => boolean): boolean {
  const frame = e.senderFrame;
  if (!frame || frame.parent !== null) return false; // top-level frames only: never an iframe
  return isOurWindow(e.sender) && isOwnUrl(frame.url);
}

export const NOT_OUR_PAGE: ApiResult<never> = {
  ok: false,
  error: { code: 'PERMISSION', message: 'This page may not use KVM Desk.' },
};

/** the kvm:call handler: the api's answer for our pages, PERMISSION (and no call made) for anything else */
export function answerCall<S>(
  api: Api,
  e: IpcSender<S>,
  isOurWindow: (sender: S) => boolean,
  method: unknown,
  args: unknown,
  caller?: string,
): Promise<ApiResult<unknown>> {
  if (!fromOwnPage(e, isOurWindow)) return Promise.resolve(NOT_OUR_PAGE);
  return api.call(method, args, caller);
}
