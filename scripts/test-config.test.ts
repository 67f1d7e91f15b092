import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The build and the test runners must not wave anything through: a type error
 * fails `next build`, and a `.only` left in a test fails the run instead of
 * quietly skipping every other test.
 */
describe('build and test configuration', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('next build type-checks: no ignoreBuildErrors', async () => {
    const { default: config } = await import('../next.config');
    expect(config.typescript?.ignoreBuildErrors ?? false).toBe(false);
  });

  it('Vitest refuses .only, locally as on CI', async () => {
    const { default: config } = await import('../vitest.config');
    expect(config.test?.allowOnly).toBe(false);
  });

  it('Playwright refuses test.only on CI', async () => {
    vi.stubEnv('CI', '1');
    const onCi = (await import('../playwright.config')).default;
    expect(onCi.forbidOnly).toBe(true);
    vi.resetModules();
    vi.stubEnv('CI', '');
    const locally = (await import('../playwright.config')).default;
    expect(locally.forbidOnly).toBe(false);
  });
});
