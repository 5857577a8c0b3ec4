import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  const valid = { DATABASE_URL: 'postgresql://u@h/db', REDIS_URL: 'redis://h:6379' };

  it('names every missing variable', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is missing[\s\S]*REDIS_URL is missing/);
  });

  it('explains a malformed value', () => {
    expect(() => loadConfig({ ...valid, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...valid, REDIS_URL: 'localhost' })).toThrow(/REDIS_URL must be a redis/);
  });

  it('applies defaults', () => {
    const config = loadConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.COOKIE_SECURE).toBe(true);
    expect(config.LOGIN_MAX_FAILURES).toBe(5);
  });
});
