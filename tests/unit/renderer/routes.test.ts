import { describe, expect, it } from 'vitest';
import { consoleHash, consoleRoute, guestHash, guestRoute } from '../../../preload/routes';

describe('the console window route', () => {
  it('round-trips a connection URI with slashes, a colon and a query', () => {
    const connection = 'qemu+ssh://me@host:2222/system?keyfile=/home/me/.ssh/id';
    const hash = consoleHash(connection, '6695eb01-f6a4-8304-79aa-97f2502e193f');
    expect(hash.split('/')).toHaveLength(4);
    expect(consoleRoute(hash)).toEqual({ connection, uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' });
  });

  it('is not the main window’s hash', () => {
    expect(consoleRoute('')).toBeNull();
    expect(consoleRoute('#/')).toBeNull();
    expect(consoleRoute('#/console/only-one-part')).toBeNull();
    expect(consoleRoute('#/console/%E0%A4%A/uuid')).toBeNull();
  });
});

describe('the main window’s guest route', () => {
  const uuid = '6695eb01-f6a4-8304-79aa-97f2502e193f';
  it('round-trips the connection, the uuid and the tab', () => {
    const connection = 'qemu+ssh://me@host:2222/system?keyfile=/home/me/.ssh/id';
    const hash = guestHash({ connection, uuid, tab: 'console' });
    expect(hash).toBe(`#/vm/${encodeURIComponent(connection)}/${uuid}/console`);
    expect(guestRoute(hash)).toEqual({ connection, uuid, tab: 'console' });
    expect(guestRoute(guestHash({ connection, uuid }))).toEqual({ connection, uuid });
  });

  it('is neither the console window’s route nor anything malformed', () => {
    expect(guestRoute(consoleHash('qemu:///system', uuid))).toBeNull();
    expect(consoleRoute(guestHash({ connection: 'qemu:///system', uuid, tab: 'overview' }))).toBeNull();
    expect(guestRoute('')).toBeNull();
    expect(guestRoute('#/vm/only-one-part')).toBeNull();
    expect(guestRoute('#/vm/%E0%A4%A/uuid/overview')).toBeNull();
    expect(guestRoute(`#/vm/qemu%3A%2F%2F%2Fsystem/${uuid}/<script>`)).toBeNull();
  });
});
