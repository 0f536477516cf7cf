// One Mantine theme for the main window and console windows.
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'Inter, "Cantarell", "Noto Sans", "Segoe UI", system-ui, sans-serif',
});
