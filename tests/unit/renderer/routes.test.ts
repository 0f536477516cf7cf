import { describe, expect, it } from 'vitest';
import { consoleHash, consoleRoute } from '../../../preload/routes';

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
