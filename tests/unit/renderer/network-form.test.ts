// The Create network dialog's rules: a fresh draft on the suggested subnet with its DHCP range, the range
// following the subnet until the user types one, problems by field, and the call's arguments.
import { describe, expect, it } from 'vitest';
import type { NetworkCreateInfo } from '../../../preload/contract';
import {
  createArgs,
  draftProblems,
  followSubnet,
  freshDraft,
} from '../../../renderer/features/hosts/networks/network-form';

const info: NetworkCreateInfo = {
  suggestedSubnet: '192.168.101.0/24',
  taken: [{ subnet: '192.168.100.0/24', by: "the network 'lab'" }],
  bridges: ['br0'],
};

describe('the Create network form', () => {
  it('starts as a NAT network on the suggested subnet with its whole DHCP range, under a free name', () => {
    const d = freshDraft(info, new Set(['network1']));
    expect(d).toMatchObject({
      mode: 'nat',
      name: 'network2',
      subnet: '192.168.101.0/24',
      dhcpStart: '192.168.101.2',
      dhcpEnd: '192.168.101.254',
      bridge: 'br0',
    });
    expect(draftProblems(d, info, new Set())).toEqual({});
  });
  it('moves the range with the subnet until the user types one', () => {
    const d = freshDraft(info, new Set());
    expect(followSubnet({ ...d, subnet: '10.9.0.0/16' })).toMatchObject({
      dhcpStart: '10.9.0.2',
      dhcpEnd: '10.9.255.254',
    });
    const typed = { ...d, dhcpStart: '192.168.101.50', rangeTyped: true };
    expect(followSubnet({ ...typed, subnet: '10.9.0.0/16' }).dhcpStart).toBe('192.168.101.50');
    expect(draftProblems({ ...typed, subnet: '10.9.0.0/16' }, info, new Set()).dhcp).toMatch(
      /inside 10.9.0.0\/16/,
    );
  });
  it('says what collides, and asks a bridge only in bridge mode', () => {
    const d = freshDraft(info, new Set());
    expect(draftProblems({ ...d, subnet: '192.168.100.0/24' }, info, new Set()).subnet).toBe(
      "192.168.100.0/24 overlaps 192.168.100.0/24, used by the network 'lab'.",
    );
    expect(draftProblems({ ...d, mode: 'bridge', subnet: 'x', bridge: '' }, info, new Set())).toEqual({
      bridge: 'Choose the host bridge the network joins.',
    });
  });
  it('sends DHCP only when on, and no subnet for a bridge', () => {
    const d = freshDraft(info, new Set());
    expect(createArgs('qemu:///system', { ...d, dhcp: false })).toEqual({
      connection: 'qemu:///system',
      name: d.name,
      mode: 'nat',
      subnet: '192.168.101.0/24',
      autostart: true,
    });
    expect(createArgs('qemu:///system', { ...d, mode: 'bridge' })).toEqual({
      connection: 'qemu:///system',
      name: d.name,
      mode: 'bridge',
      bridge: 'br0',
      autostart: true,
    });
  });
});
