// Renderer component tests opt into jsdom per file with `// @vitest-environment jsdom`.
import '@testing-library/jest-dom/vitest';
