// One Mantine theme for the main window and console windows.
import { type CSSVariablesResolver, createTheme, Drawer, Modal } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // indigo-6 on white is 4.3:1, under WCAG AA for links and small text; 7 is 5.1:1 (dark keeps Mantine's 8)
  primaryShade: { light: 7, dark: 8 },
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
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
