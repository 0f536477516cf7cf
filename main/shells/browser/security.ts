// The browser shell's gatekeeping: a random token (in the printed URL, then an HttpOnly cookie so the
// page's own assets load), the Host and Origin checks, and the security headers.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { CONSOLE_BRIDGE, contentSecurityPolicy } from '../csp';

/**
 * The token cookie's name, one per port: cookies are shared by every port of a host, so with one name a
 * second KVM Desk server opened in the same browser replaced the first one's cookie, and the first tab's
 * later loads (a lazy chunk, the console) were refused.
 */
export function tokenCookie(port: number): string {
  return `kvmdesk_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function tokenFromRequest(
  req: IncomingMessage,
  cookieName: string,
): { query?: string; cookie?: string } {
  const url = new URL(req.url ?? '/', 'http://x');
  const query = url.searchParams.get('token') ?? undefined;
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === cookieName)?.[1];
  return { query, cookie };
}

export function hasToken(req: IncomingMessage, token: string, cookieName: string): boolean {
  const t = tokenFromRequest(req, cookieName);
  return (t.query !== undefined && same(t.query, token)) || (t.cookie !== undefined && same(t.cookie, token));
}

function hostForm(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\./.test(address);
}

/**
 * The Host headers this server answers to: the address it is bound to (and the name it was given),
 * each with its port; the loopback names too when bound to loopback; every local address when bound
 * to all of them. Anything else is a page on a foreign name that resolves here (DNS rebinding).
 */
export function allowedHosts(
  bound: { address: string; port: number },
  givenHost: string,
  localAddresses: () => string[] = interfaceAddresses,
): Set<string> {
  const names = new Set([hostForm(bound.address), hostForm(givenHost)]);
  const wildcard = bound.address === '0.0.0.0' || bound.address === '::';
  if (wildcard || isLoopback(bound.address))
    for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(n);
  if (wildcard) for (const a of localAddresses()) names.add(hostForm(a));
  const hosts = new Set<string>();
  for (const n of names) {
    hosts.add(`${n.toLowerCase()}:${bound.port}`);
    if (bound.port === 80) hosts.add(n.toLowerCase()); // browsers leave out the default port
  }
  return hosts;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** The Host header is one this server answers to (see allowedHosts). */
export function hostAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && hosts.has(host);
}

/**
 * Browsers always send Origin on WebSockets: it must be this server's own. Non-browser clients send none.
 * The Host it is compared with is the client's word, so check it with hostAllowed first.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** The renderer's policy (../csp.ts) here: WebSockets to this host too (the api and consoles). */
export function browserCsp(hostname: string): string {
  const wsHost = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  // the console bridge always listens on 127.0.0.1, whatever name the page was opened under
  return contentSecurityPolicy({
    connect: ["'self'", `ws://${wsHost}:*`, `wss://${wsHost}:*`, CONSOLE_BRIDGE],
  });
}

export function securityHeaders(hostname: string): Record<string, string> {
  return {
    'Content-Security-Policy': browserCsp(hostname),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // the token is in the URL: never send it elsewhere
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
