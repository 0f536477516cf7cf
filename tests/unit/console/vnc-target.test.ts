import { describe, expect, it } from 'vitest';
import { ConsoleUnavailable, vncTargetFromXml } from '../../../main/services/console/vnc-target';

const dom = (graphics: string) => `<domain type='qemu'><name>g</name><devices>${graphics}</devices></domain>`;

describe('finding a running guest display in its live XML', () => {
  it('reads the port and listen address QEMU was given', () => {
    const xml = dom(
      `<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics>`,
    );
    expect(vncTargetFromXml(xml)).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5901 });
  });

  it("dials a wildcard listen over loopback and keeps QEMU's websocket port", () => {
    expect(
      vncTargetFromXml(dom(`<graphics type='vnc' port='5902' listen='0.0.0.0' websocket='5700'/>`)),
    ).toEqual({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 5902,
      websocketPort: 5700,
    });
    expect(vncTargetFromXml(dom(`<graphics type='vnc' port='5903' listen='::'/>`))).toMatchObject({
      host: '::1',
    });
    expect(vncTargetFromXml(dom(`<graphics type='vnc' port='5904'/>`))).toMatchObject({ host: '127.0.0.1' });
  });

  it('uses a unix socket display', () => {
    const xml = dom(
      `<graphics type='vnc' socket='/run/libvirt/qemu/vnc.sock'><listen type='socket' socket='/run/libvirt/qemu/vnc.sock'/></graphics>`,
    );
    expect(vncTargetFromXml(xml)).toEqual({ kind: 'unix', path: '/run/libvirt/qemu/vnc.sock' });
  });

  it('says why there is nothing to show', () => {
    expect(() => vncTargetFromXml(dom(`<graphics type='vnc' port='-1' autoport='yes'/>`))).toThrow(
      /not running/,
    );
    expect(() => vncTargetFromXml(dom(`<graphics type='spice' port='5900'/>`))).toThrow(/SPICE/);
    expect(() => vncTargetFromXml(dom(''))).toThrow(ConsoleUnavailable);
    expect(() => vncTargetFromXml(dom(`<graphics type='vnc'><listen type='none'/></graphics>`))).toThrow(
      /listen/,
    );
  });
});
