import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, expect } from 'vitest';
import { takeContractViolations } from './fakeApi';
import { takeIntlErrors } from './intlErrors';

afterEach(() => {
  cleanup();
  // every request the renderer made must be one the real core accepts
  expect(takeContractViolations()).toEqual([]);
  // every message shown was in the catalog of the locale and got all its values
  expect(takeIntlErrors()).toEqual([]);
});
