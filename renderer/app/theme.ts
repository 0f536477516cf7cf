// One Mantine theme for the main window and console windows.
import { type CSSVariablesResolver, createTheme, DEFAULT_THEME, Drawer, darken, Modal } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // filled buttons and links at WCAG AA: indigo-6 on white is 4.3:1 and white on red-7 3.8:1; shade 8 passes
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  components: {
    // Mantine's close button is an icon alone: without this a screen reader hears "button"
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
  fontFamily: 'Inter, "Cantarell", "Noto Sans", "Segoe UI", system-ui, sans-serif',
});

/**
 * Dimmed text dark enough for WCAG AA (4.5:1) on the page and on a selected row, in both themes: Mantine's
 * own (gray-6 on white: 3.3:1) is what axe found under-contrasted across the list, tabs and dialogs.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // the text of light badges and alert titles: shade 9 on its own tint is 2.7:1 (yellow) to 4.3:1 (teal)
    ...Object.fromEntries(
      Object.entries(DEFAULT_THEME.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        darken(shades[9], 0.3),
      ]),
    ),
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
