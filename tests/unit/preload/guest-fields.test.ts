// The rules for a guest's name, title and description, shared by the wizard, the api and the Overview.
import { describe, expect, it } from 'vitest';
import { descriptionProblem, guestNameProblem, titleProblem } from '../../../preload/guest-fields';

describe('guest field rules', () => {
  it('a name: the wizard’s characters, a sensible start, 64 characters, and not another guest’s', () => {
    expect(guestNameProblem('web-01.example_2', new Set())).toBeUndefined();
    expect(guestNameProblem('web <1>', new Set())).toEqual({
      message:
        "A guest name can't contain spaces or < >. Use letters, digits, dots (.), hyphens (-) and underscores (_).",
      refused: ['space', '<', '>'],
    });
    expect(guestNameProblem('-web', new Set())?.message).toBe(
      'A guest name must start with a letter, a digit or an underscore.',
    );
    expect(guestNameProblem('a'.repeat(65), new Set())?.message).toBe(
      'A guest name can be at most 64 characters long.',
    );
    expect(guestNameProblem('db', new Set(['db']))?.message).toBe(
      'A guest named "db" already exists. Choose another name.',
    );
  });

  it('a title is one line without control characters; markup and unicode are plain text', () => {
    expect(titleProblem('<script>alert(1)</script> ]]> Grüße 名前 🚀')).toBeUndefined();
    expect(titleProblem('two\nlines')).toBe("A title is one line: it can't contain line breaks.");
    expect(titleProblem('bell \u0007')).toBe("A title can't contain control characters.");
    expect(titleProblem('x'.repeat(257))).toBe('A title can be at most 256 characters long.');
  });

  it('a description may have lines and tabs, but not other control characters', () => {
    expect(descriptionProblem('line one\n\tline two\r\n]]> <b>')).toBeUndefined();
    expect(descriptionProblem('nul \u0000')).toBe(
      "A description can't contain control characters (tabs and line breaks are fine).",
    );
    expect(descriptionProblem('x'.repeat(16_385))).toBe(
      'A description can be at most 16,384 characters long.',
    );
  });
});
