import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, expect } from 'vitest';
import { takeContractViolations } from './fakeApi';

afterEach(() => {
  cleanup();
  // every request the renderer made must be one the real core accepts
  expect(takeContractViolations()).toEqual([]);
});
