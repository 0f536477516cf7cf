// @vitest-environment jsdom
import '../renderer/dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../../renderer/app/AppProviders';
import { createGuestStore } from '../../../renderer/app/store';
import { TYPE_WARNING_CHARS } from '../../../renderer/features/console/keys';
import { TypeClipboardModal } from '../../../renderer/features/console/TypeClipboardModal';
import { FakeBridge } from '../renderer/fake-bridge';

function open(onClose = () => {}) {
  const keys: [number, string | null, boolean | undefined][] = [];
  const target = { sendKey: (k: number, c: string | null, d?: boolean) => keys.push([k, c, d]) };
  render(
    <AppProviders bridge={new FakeBridge()} store={createGuestStore()} env="test">
      <TypeClipboardModal opened onClose={onClose} target={() => target} />
    </AppProviders>,
  );
  return keys;
}

describe('Type clipboard', () => {
  it('types the text as key presses and closes', async () => {
    let closed = false;
    const keys = open(() => {
      closed = true;
    });
    await userEvent.type(screen.getByTestId('console-type-text'), 'Hi');
    await userEvent.click(screen.getByTestId('console-type-start'));
    await waitFor(() => expect(closed).toBe(true));
    expect(keys.filter((k) => k[2]).map((k) => k[1])).toEqual(['ShiftLeft', 'KeyH', 'KeyI']);
  });

  it(`warns above ${TYPE_WARNING_CHARS} characters before typing`, () => {
    open();
    const box = screen.getByTestId('console-type-text');
    fireEvent.change(box, { target: { value: 'a'.repeat(TYPE_WARNING_CHARS) } });
    expect(screen.queryByTestId('console-type-warning')).toBeNull();
    expect(screen.getByTestId('console-type-start')).toHaveTextContent('Type');
    fireEvent.change(box, { target: { value: 'a'.repeat(TYPE_WARNING_CHARS + 1) } });
    expect(screen.getByTestId('console-type-warning')).toHaveTextContent('2,001 characters');
    expect(screen.getByTestId('console-type-start')).toHaveTextContent('Type anyway');
  });
});
