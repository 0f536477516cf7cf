// @vitest-environment jsdom
import '../renderer/dom';
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { OsEntry } from '../../../preload/contract';
import { OsList } from '../../../renderer/features/create-wizard/OsList';

/** 300 systems, newest first by release date: os-0 is the newest */
const MANY: OsEntry[] = Array.from({ length: 300 }, (_, i) => ({
  id: `os-${i}`,
  name: `System ${i}`,
  family: 'linux',
  releaseDate: `${2100 - i}-01-01`,
  eol: false,
}));

const tabStops = () => screen.getAllByRole('option').filter((o) => o.tabIndex === 0);

describe("the wizard's OS list by keyboard", () => {
  it('is one Tab stop; ArrowDown from the search enters it, the arrows and Home move, Enter chooses', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(
      <MantineProvider>
        <button type="button">after</button>
        <OsList list={MANY} onSelect={onSelect} />
        <button type="button">next</button>
      </MantineProvider>,
    );
    expect(tabStops()).toHaveLength(1);
    screen.getByTestId('os-search').focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(screen.getByTestId('os-os-0'));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(document.activeElement).toBe(screen.getByTestId('os-os-1'));
    expect(tabStops()).toEqual([screen.getByTestId('os-os-1')]);
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith(MANY[1]);
    // Tab leaves the list at once, not after 300 options
    await user.keyboard('{Tab}');
    expect(document.activeElement).toBe(screen.getByText('next'));
    // Home and End jump to the ends (the far end, rendered only once scrolled to, needs a real layout:
    // e2e/browser/keyboard-walk.spec.ts)
    screen.getByTestId('os-os-1').focus();
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(screen.getByTestId('os-os-0'));
  });

  it('puts the chosen system in the Tab order', () => {
    render(
      <MantineProvider>
        <OsList list={MANY} selected="os-3" onSelect={() => undefined} />
      </MantineProvider>,
    );
    expect(tabStops()).toEqual([screen.getByTestId('os-os-3')]);
  });
});
