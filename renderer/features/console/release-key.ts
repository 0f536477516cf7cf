// The key that gives the keyboard back from the guest's screen: Ctrl+Alt pressed together and released
// with no other key, as virt-viewer and GNOME Boxes release their grab (spice-gtk's default sequence is
// Control_L+Alt_L). It fires on the release, when every key of the chord is up: by then the screen has
// sent the guest each key's release itself, so no modifier stays held in the guest. A chord with any
// other key (Ctrl+Alt+Del, Ctrl+Alt+F2, Ctrl+Alt+Shift) is the guest's and releases nothing. Pure:
// fed the screen's keydown and keyup events, it answers 'release' once.

/** what users read (the hint, the tooltip, the README) */
export const RELEASE_KEY_LABEL = 'Ctrl+Alt';

/** the part of a KeyboardEvent the chord looks at */
export interface ChordKey {
  /** KeyboardEvent.code: the physical key */
  code: string;
  /** KeyboardEvent.key: tells Alt from AltGr on the right Alt key */
  key: string;
}

const isCtrl = (k: ChordKey) => k.code === 'ControlLeft' || k.code === 'ControlRight';
/** the left Alt, or a right Alt that is plain Alt: AltGr types characters (and on Windows it arrives as
 * Ctrl + right Alt, which must not release) */
const isAlt = (k: ChordKey) => k.code === 'AltLeft' || (k.code === 'AltRight' && k.key === 'Alt');

type Role = 'ctrl' | 'alt' | 'other';
const roleOf = (k: ChordKey): Role => (isCtrl(k) ? 'ctrl' : isAlt(k) ? 'alt' : 'other');

export class ReleaseChord {
  /** keys down now, by code, with what each is to the chord */
  private readonly held = new Map<string, Role>();
  /** Ctrl and Alt were down together during this press */
  private chord = false;
  /** some other key was pressed during this press */
  private spoiled = false;

  keydown(k: ChordKey): void {
    // auto-repeat sends more keydowns of a held key: they change nothing
    const role = roleOf(k);
    this.held.set(k.code, role);
    if (role === 'other') this.spoiled = true;
    const roles = [...this.held.values()];
    if (roles.includes('ctrl') && roles.includes('alt')) this.chord = true;
  }

  /** 'release' when this keyup ends a bare Ctrl+Alt */
  keyup(k: ChordKey): 'release' | null {
    // a key that went down before the screen had focus (the Enter that entered it) is not ours
    if (!this.held.delete(k.code)) return null;
    if (this.held.size > 0) return null;
    const released = this.chord && !this.spoiled;
    this.reset();
    return released ? 'release' : null;
  }

  /** focus left the screen: whatever was held is forgotten */
  reset(): void {
    this.held.clear();
    this.chord = false;
    this.spoiled = false;
  }
}
