// Typing into a guest, end to end: the Type clipboard dialog and real key presses at the GRUB rescue ISO's
// command line, read back from the console's canvas as GRUB's text cells; screenshots in e2e/artifacts.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canvasRgb, differingShare, highlightTop } from './console-pixels';
import {
  ARTIFACTS,
  defineTestGuest,
  expect,
  GRUB_ISO,
  removeTestGuest,
  saveScreenshot,
  test,
} from './fixtures';
import {
  ATLAS,
  cellInk,
  cellsOf,
  focusScreen,
  GRUB_COLS,
  inked,
  lastInkedRow,
  mixedText,
  poll,
  showConsole,
  typeThroughDialog,
  waitForGrubMenu,
  waitForNewPrompt,
} from './grub-console';
import { decodeScreenshot } from './guest-screen';

test.describe.configure({ mode: 'serial' });

const NAME = `kvmdesk-test-typing-${process.pid}`;

// after the server fixture: its start sweeps away fixture-made guests of earlier runs
test.beforeAll(async ({ server: _server }) => {
  await defineTestGuest(NAME, { iso: GRUB_ISO, start: true });
});
test.afterAll(async () => {
  await removeTestGuest(NAME);
});

test('"Type clipboard" types host text into GRUB\'s command line, and a saved screenshot is a PNG of it', async ({
  page,
  context,
}) => {
  await showConsole(page, NAME);
  await waitForGrubMenu(page);
  await focusScreen(page);
  await page.keyboard.press('c'); // GRUB's command line
  const prompt = await poll('the GRUB prompt', async () => {
    const img = await canvasRgb(page);
    return highlightTop(img) < 0 ? img : undefined;
  });
  await new Promise((r) => setTimeout(r, 500));
  const beforeTyping = await canvasRgb(page);
  await saveScreenshot(page, 'console-4a-grub-prompt');

  expect(
    prompt.width % 80 === 0 && prompt.height % 25 === 0,
    `a text screen: ${prompt.width}×${prompt.height}`,
  ).toBe(true);
  const row = lastInkedRow(prompt); // "grub> " and the cursor
  expect(row).toBeGreaterThanOrEqual(0);
  expect(row).toBeLessThan(20); // room below for two commands and their output
  const promptCells = cellsOf(prompt, row, 0, 6);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('echo kvmdesk'));
  await page.getByTestId('console-type-clipboard').click();
  const box = page.getByTestId('console-type-text');
  await expect(box).toBeVisible();
  if ((await box.inputValue()) !== 'echo kvmdesk') await box.fill('echo kvmdesk'); // clipboard read refused
  await page.getByTestId('console-type-start').click();
  await expect(box).toBeHidden();
  await poll('the typed text on screen', async () => {
    const img = await canvasRgb(page);
    // "echo" and "kvmdesk" after the prompt (cells 6-9 and 11-17, a space between)
    return [...cellsOf(img, row, 6, 10), ...cellsOf(img, row, 11, 18)].every(inked) ? img : undefined;
  });
  await saveScreenshot(page, 'console-4b-typed-echo-kvmdesk');
  await focusScreen(page);
  await page.keyboard.press('Enter'); // GRUB prints kvmdesk on the next line, then a new prompt
  const echoed = await poll('the echo output and a new prompt', async () => {
    const img = await canvasRgb(page);
    return cellsOf(img, row + 2, 0, 6).join() === promptCells.join() ? img : undefined;
  });
  await saveScreenshot(page, 'console-4c-echo-output');
  const typedWord = cellsOf(echoed, row, 11, 18); // "grub> echo " is 11 cells
  const output = cellsOf(echoed, row + 1);
  // the output line is exactly the glyphs of the typed word: kvmdesk, and nothing else
  expect(output.slice(0, 7)).toEqual(typedWord);
  expect(output.slice(0, 7).every(inked)).toBe(true);
  expect(output.slice(7).some(inked)).toBe(false);
  expect(new Set(output.slice(0, 6)).size).toBe(6); // k v m d e s: six different glyphs...
  expect(output[6]).toBe(output[0]); // ...and the word ends with the k it starts with
  expect(cellsOf(echoed, row, 10, 11).some(inked)).toBe(false); // the space after "echo"

  // the same text typed with real key presses draws the very same two lines
  await page.keyboard.type('echo kvmdesk', { delay: 30 });
  await page.keyboard.press('Enter');
  const byKeys = await poll('the command typed with real keys and its output', async () => {
    const img = await canvasRgb(page);
    return cellsOf(img, row + 4, 0, 6).join() === promptCells.join() ? img : undefined;
  });
  await saveScreenshot(page, 'console-4c2-echo-typed-with-keys');
  expect(cellsOf(byKeys, row + 2, 0, 18)).toEqual(cellsOf(echoed, row, 0, 18));
  expect(cellsOf(byKeys, row + 3)).toEqual(output);
  expect(differingShare(beforeTyping, echoed)).toBeGreaterThan(0.001);

  // Save screenshot: a real PNG file of the same picture the canvas shows
  const download = page.waitForEvent('download');
  await page.getByTestId('console-screenshot').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${NAME}-.*\\.png$`));
  const path = join(ARTIFACTS, 'console-4d-saved-screenshot.png');
  await file.saveAs(path);
  const png = await readFile(path);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const saved = decodeScreenshot(png);
  const now = await canvasRgb(page);
  expect([saved.width, saved.height]).toEqual([now.width, now.height]);
  expect(differingShare(saved, now)).toBeLessThan(0.01);
  await focusScreen(page);
  await page.keyboard.press('Escape'); // back to the menu
  await waitForGrubMenu(page);
});

/** Types text through the Type clipboard dialog; resolves with how long the typing took (ms). */
test('"Type clipboard" keeps every key: 500 mixed characters at GRUB\'s scrolling command line, three times', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  await showConsole(page, NAME);
  await waitForGrubMenu(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await focusScreen(page);
  await page.keyboard.press('c'); // GRUB's command line
  const prompt = await poll('the GRUB prompt', async () => {
    const img = await canvasRgb(page);
    return highlightTop(img) < 0 ? img : undefined;
  });
  const promptCells = cellsOf(prompt, lastInkedRow(prompt), 0, 6);

  // The atlas: GRUB echoes all 93 characters once; read back, they must be 93 different glyphs in a
  // row (a lost key leaves 92 or a blank, a lost Shift a glyph twice), and then they name every glyph.
  await typeThroughDialog(page, `echo '${ATLAS}'\n`);
  const atlasShot = await waitForNewPrompt(page, promptCells, 'the atlas echoed');
  await saveScreenshot(page, 'console-11a-atlas');
  const atlasRows = Math.ceil(ATLAS.length / GRUB_COLS);
  const atlasCells = Array.from({ length: ATLAS.length }, (_, i) =>
    cellInk(atlasShot.img, atlasShot.row - atlasRows + Math.floor(i / GRUB_COLS), i % GRUB_COLS),
  );
  expect(atlasCells.every(inked)).toBe(true);
  expect(new Set(atlasCells).size).toBe(ATLAS.length);
  expect(cellsOf(atlasShot.img, atlasShot.row - 1, ATLAS.length % GRUB_COLS).some(inked)).toBe(false);
  const atlas = new Map(atlasCells.map((cell, i) => [cell, ATLAS[i]]));
  // and the single quote, from the atlas command line ("grub> echo '": the 12th cell; 2 rows above)
  const quote = cellInk(
    atlasShot.img,
    atlasShot.row - atlasRows - Math.ceil((6 + ATLAS.length + 7) / 80),
    11,
  );
  expect(atlas.has(quote)).toBe(false);
  atlas.set(quote, "'");

  const results: string[] = [];
  for (let run = 1; run <= 3; run++) {
    const text = mixedText(500, run);
    expect(text).toMatch(/[a-z]/);
    expect(text).toMatch(/[A-Z]/);
    expect(text).toMatch(/[0-9]/);
    expect(text).toMatch(/[!-/:-@[-`{-~]/);
    expect(text).toContain(' ');
    const command = `echo '${text}'`; // 513 cells after "grub> ", 7 rows; the output wraps at spaces
    const ms = await typeThroughDialog(page, `${command}\n`);
    const shot = await waitForNewPrompt(page, promptCells, `run ${run}: the echo of 500 characters`);
    await saveScreenshot(page, `console-11b-run-${run}`);
    const speed = ((command.length + 1) * 1000) / ms;
    results.push(`run ${run}: ${command.length + 1} keys in ${ms} ms (${speed.toFixed(1)} chars/s)`);
    console.log(results.at(-1));
    // the command line: the prompt row nearest above the new prompt, then 7 rows of 80 columns
    let cmdRow = shot.row - 1;
    while (cmdRow > 0 && cellsOf(shot.img, cmdRow, 0, 6).join() !== promptCells.join()) cmdRow--;
    // GRUB's editor, scrolling the screen, may leave a blank row after a full one: skip those
    const rows = Array.from({ length: shot.row - cmdRow }, (_, i) => cmdRow + i).filter((r) =>
      cellsOf(shot.img, r).some(inked),
    );
    const cmdRows = Math.ceil((6 + command.length) / 80);
    const decodeRow = (r: number) =>
      cellsOf(shot.img, r)
        .map((cell) => (inked(cell) ? (atlas.get(cell) ?? '\u00bf') : ' '))
        .join('');
    const typed = rows
      .slice(0, cmdRows)
      .map(decodeRow)
      .join('')
      .slice(6, 6 + command.length);
    // the output: the rows between the command and the new prompt; echo wraps them at spaces
    const output = rows
      .slice(cmdRows)
      .map((r) => decodeRow(r).trimEnd())
      .join(' ');
    // cell by cell: the command line shows exactly what was typed, and GRUB echoed exactly the text
    expect(typed).toBe(command);
    expect(output).toBe(text);
  }
  await writeFile(join(ARTIFACTS, 'console-11-typing-speed.txt'), `${results.join('\n')}\n`);
  await focusScreen(page);
  await page.keyboard.press('Escape'); // back to the menu
  await waitForGrubMenu(page);
});
