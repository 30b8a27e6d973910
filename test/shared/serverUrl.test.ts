import { describe, expect, it } from 'vitest';
import { serverUrlIssue, serverUrlProblem } from '../../shared/domain/serverUrl';

describe('which server URLs the desktop client logs in to', () => {
  it('accepts https:// anywhere and plain http:// only on the loopback names', () => {
    for (const ok of [
      'https://chat.example.com',
      'https://chat.example.com:8443/base/',
      'http://127.0.0.1:4600',
      'http://localhost:4600',
      'HTTP://LOCALHOST:4600/',
      'http://[::1]:4600',
      ' https://padded.example.com ',
    ])
      expect(serverUrlProblem(ok), ok).toBeNull();
  });

  it('refuses plain http:// elsewhere, other schemes and non-URLs, saying why', () => {
    for (const bad of [
      'http://chat.example.com',
      'http://192.168.1.10:4600',
      'http://127.0.0.2:4600',
      'http://localhost.example.com',
      'http://127.0.0.1.nip.io',
      'http://[::2]:4600',
    ])
      expect(serverUrlProblem(bad), bad).toMatch(/must use https:\/\//);
    expect(serverUrlProblem('ftp://chat.example.com')).toMatch(/must start with https:\/\//);
    expect(serverUrlProblem('ws://127.0.0.1:4600')).toMatch(/must start with https:\/\//);
    expect(serverUrlProblem('chat.example.com')).toMatch(/as a URL/);
    expect(serverUrlProblem('')).toMatch(/as a URL/);
  });

  it('names the issue as a code the login form translates, the same verdict as the English text', () => {
    expect(serverUrlIssue('https://chat.example.com')).toBeNull();
    expect(serverUrlIssue('http://[::1]:4600')).toBeNull();
    expect(serverUrlIssue('http://chat.example.com')).toBe('plainHttp');
    expect(serverUrlIssue('ftp://chat.example.com')).toBe('scheme');
    expect(serverUrlIssue('chat.example.com')).toBe('notUrl');
    expect(serverUrlIssue('')).toBe('notUrl');
  });
});
