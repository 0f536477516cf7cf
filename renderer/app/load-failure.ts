// When the UI's own code cannot load (a chunk refused or cut short: the server restarted, a rebuild
// replaced the files mid-load), the page would stay blank for good. It reloads once by itself, and if
// that fails too it says so, with the cause and a Reload button. Plain DOM: React is what did not load.
const KEY = 'kvmdesk-ui-reloaded-at';
const RETRY_WINDOW_MS = 30_000;

export function onUiLoadFailure(err: unknown, win: Window = window): void {
  console.error('KVM Desk: the interface did not load', err);
  const last = Number(win.sessionStorage.getItem(KEY) ?? 0);
  if (Date.now() - last > RETRY_WINDOW_MS) {
    win.sessionStorage.setItem(KEY, String(Date.now()));
    win.location.reload();
    return;
  }
  const doc = win.document;
  const box = doc.createElement('div');
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'ui-load-error';
  box.style.cssText = 'font: 15px system-ui, sans-serif; max-width: 40em; margin: 15vh auto; padding: 0 1em';
  const title = doc.createElement('h1');
  title.style.fontSize = '1.3em';
  title.textContent = 'KVM Desk’s interface did not load';
  const cause = doc.createElement('p');
  cause.textContent = `${err instanceof Error ? err.message : String(err)}. Your guests are not affected.`;
  const reload = doc.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => win.location.reload());
  box.append(title, cause, reload);
  (doc.getElementById('root') ?? doc.body).replaceChildren(box);
}
