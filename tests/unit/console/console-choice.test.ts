// Which console the pane shows, from the consoles a guest has (pure), and what the XML says it has.
import { describe, expect, it } from 'vitest';
import { consoleDevicesFromXml } from '../../../main/services/console/devices';
import { addDisplayCommand, chooseConsole } from '../../../renderer/features/console/console-choice';

const dom = (devices: string) => `<domain type='qemu'><name>g</name><devices>${devices}</devices></domain>`;

describe('chooseConsole', () => {
  it('shows the screen of a guest with a VNC display, offering its serial console when it has one', () => {
    expect(chooseConsole({ graphics: ['vnc'], serial: false }, 'g')).toEqual({ kind: 'vnc', serial: false });
    expect(chooseConsole({ graphics: ['vnc'], serial: true }, 'g')).toEqual({ kind: 'vnc', serial: true });
    expect(chooseConsole({ graphics: ['spice', 'vnc'], serial: false }, 'g')).toMatchObject({ kind: 'vnc' });
  });

  it("shows the serial console of a guest with both when the user picks it, with no 'no display' line", () => {
    expect(chooseConsole({ graphics: ['vnc'], serial: true }, 'g', true)).toEqual({
      kind: 'serial',
      display: true,
    });
    // nothing to pick without a serial console
    expect(chooseConsole({ graphics: ['vnc'], serial: false }, 'g', true)).toMatchObject({ kind: 'vnc' });
  });

  it('shows the serial console of a guest without a display, saying it has no display', () => {
    expect(chooseConsole({ graphics: [], serial: true }, 'g')).toEqual({
      kind: 'serial',
      display: false,
      note: 'This guest has no display: this is its serial console.',
    });
    expect(chooseConsole({ graphics: ['spice'], serial: true }, 'g')).toMatchObject({
      kind: 'serial',
      display: false,
      note: "This guest's display is SPICE, which KVM Desk cannot show: this is its serial console.",
    });
  });

  it('says how to add a display to a guest with neither', () => {
    expect(chooseConsole({ graphics: [], serial: false }, 'web1')).toEqual({
      kind: 'none',
      message: 'This guest has no display.',
      hint: 'It has no display and no serial console; add one with virt-manager or',
      command: 'virt-xml web1 --add-device --graphics vnc',
    });
    expect(chooseConsole({ graphics: ['spice'], serial: false }, 'w')).toMatchObject({
      kind: 'none',
      message: "This guest's display is SPICE, which KVM Desk cannot show.",
      hint: 'It has no VNC display and no serial console; add one with virt-manager or',
    });
  });

  it('falls back to the screen (which says itself what is wrong) when the devices are not known', () => {
    expect(chooseConsole(undefined, 'g')).toEqual({ kind: 'vnc', serial: false });
    expect(chooseConsole(undefined, 'g', true)).toEqual({ kind: 'vnc', serial: false });
  });

  it('quotes a guest name the shell would split', () => {
    expect(addDisplayCommand("my guest's")).toBe(`virt-xml 'my guest'\\''s' --add-device --graphics vnc`);
  });
});

describe('consoleDevicesFromXml', () => {
  it('lists the displays by type and finds a pty serial or console', () => {
    expect(consoleDevicesFromXml(dom(`<graphics type='vnc' port='-1'/><graphics type='spice'/>`))).toEqual({
      graphics: ['vnc', 'spice'],
      serial: false,
    });
    expect(
      consoleDevicesFromXml(
        dom(
          `<serial type='pty'><target port='0'/></serial><console type='pty'><target type='serial'/></console>`,
        ),
      ),
    ).toEqual({ graphics: [], serial: true });
    expect(consoleDevicesFromXml(dom(`<console type='pty'><target type='virtio'/></console>`)).serial).toBe(
      true,
    );
  });

  it('does not count consoles libvirt cannot stream (only pty ones)', () => {
    expect(
      consoleDevicesFromXml(
        dom(`<serial type='file'><source path='/tmp/x.log'/></serial><serial type='tcp'/>`),
      ),
    ).toEqual({ graphics: [], serial: false });
    expect(consoleDevicesFromXml(dom(''))).toEqual({ graphics: [], serial: false });
  });
});
