// The heavy features load in their own chunks, after the guest list: the console (noVNC) and the
// creation wizard are not needed to paint the list of 1,000 guests.
import { lazy } from 'react';

export const ConsolePane = lazy(() =>
  import('../features/console/ConsolePane').then((m) => ({ default: m.ConsolePane })),
);
export const ConsoleWindow = lazy(() =>
  import('../features/console/ConsoleWindow').then((m) => ({ default: m.ConsoleWindow })),
);
export const PerformanceTab = lazy(() =>
  import('../features/vm-details/performance/PerformanceTab').then((m) => ({ default: m.PerformanceTab })),
);
export const CreateWizard = lazy(() =>
  import('../features/create-wizard/CreateWizard').then((m) => ({ default: m.CreateWizard })),
);
export const StoragePage = lazy(() =>
  import('../features/hosts/storage/StoragePage').then((m) => ({ default: m.StoragePage })),
);
