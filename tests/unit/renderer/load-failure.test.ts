// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { onUiLoadFailure } from '../../../renderer/app/load-failure';

/** a window whose reload is counted; jsdom's own cannot reload */
function fakeWindow() {
  document.body.innerHTML = '<div id="root"></div>';
  const reload = vi.fn();
  const win = { document, sessionStorage: window.sessionStorage, location: { reload } } as unknown as Window;
  return { win, reload };
}

describe('a UI that does not load', () => {
  it('reloads once by itself, then says why and offers Reload instead of a blank page', () => {
    sessionStorage.clear();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { win, reload } = fakeWindow();
    const err = new TypeError('Failed to fetch dynamically imported module: /assets/ui-abc.js');
    onUiLoadFailure(err, win);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(document.querySelector('[role=alert]')).toBeNull();

    // the reloaded page fails again within the window: no reload loop, the cause on screen
    onUiLoadFailure(err, win);
    expect(reload).toHaveBeenCalledTimes(1);
    const alert = document.querySelector<HTMLElement>('[role=alert]')!;
    expect(alert.textContent).toContain('interface did not load');
    expect(alert.textContent).toContain('/assets/ui-abc.js');
    alert.querySelector('button')!.click();
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
