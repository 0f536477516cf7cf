// What a guest's name, title and description may be, in the user's words: one rule for the creation
// wizard (main, through create.validate), the Overview's edits (main, vms.rename / vms.setInfo) and its
// fields as they are typed (renderer). Pure, so both sides of the contract import it.

export const NAME_RULE = 'letters, digits, dots (.), hyphens (-) and underscores (_)';
const NAME_CHARS = /^[A-Za-z0-9._-]+$/;
export const NAME_MAX = 64;

export interface NameProblem {
  message: string;
  /** characters the name refuses, for a readable list (the name's "<", '"', "/"); 'space' for blanks */
  refused?: string[];
}

/** Why `name` cannot be a guest's name, or undefined when it can; `existing` holds the other guests' names. */
export function guestNameProblem(name: string, existing: ReadonlySet<string>): NameProblem | undefined {
  if (name.trim() === '') return { message: 'Give the guest a name.' };
  if (!NAME_CHARS.test(name)) {
    // listed bare, and in `refused` for the UI's chips: a quoted quote reads as three of them
    const refused = [...new Set([...name].filter((c) => !/[A-Za-z0-9._-]/.test(c)))];
    const chars = refused.filter((c) => !/\s/.test(c));
    const what = [refused.length > chars.length ? 'spaces' : '', chars.length ? chars.join(' ') : '']
      .filter(Boolean)
      .join(' or ');
    return {
      message: `A guest name can't contain ${what}. Use ${NAME_RULE}.`,
      refused: refused.map((c) => (/\s/.test(c) ? 'space' : c)),
    };
  }
  if (/^[.-]/.test(name))
    return { message: 'A guest name must start with a letter, a digit or an underscore.' };
  if (name.length > NAME_MAX) return { message: `A guest name can be at most ${NAME_MAX} characters long.` };
  if (existing.has(name)) return { message: `A guest named "${name}" already exists. Choose another name.` };
  return undefined;
}

export const TITLE_MAX = 256;
export const DESCRIPTION_MAX = 16_384;
// XML 1.0 cannot carry these (libvirt would refuse the document): NUL and the C0 controls but tab and newlines
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** libvirt keeps a title on one line ("title can't contain newlines") */
export function titleProblem(title: string): string | undefined {
  if (/[\r\n]/.test(title)) return "A title is one line: it can't contain line breaks.";
  if (CONTROL.test(title)) return "A title can't contain control characters.";
  if (title.length > TITLE_MAX) return `A title can be at most ${TITLE_MAX} characters long.`;
  return undefined;
}

export function descriptionProblem(description: string): string | undefined {
  if (CONTROL.test(description))
    return "A description can't contain control characters (tabs and line breaks are fine).";
  if (description.length > DESCRIPTION_MAX)
    return `A description can be at most ${DESCRIPTION_MAX.toLocaleString('en')} characters long.`;
  return undefined;
}

/** the name a clone of `source` is offered: NAME-clone, then NAME-clone-2, ..., none of `existing` */
export function cloneName(source: string, existing: ReadonlySet<string>): string {
  const stem = source.slice(0, NAME_MAX - '-clone-99'.length);
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${stem}-clone` : `${stem}-clone-${i}`;
    if (!existing.has(name)) return name;
  }
}
