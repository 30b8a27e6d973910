/*
 * The one Content Security Policy of the app, shared by the browser host (HTTP header) and the
 * Electron shell (response header on app:// and file://), so the two hosts can never drift apart.
 */

export interface CspOptions {
  /** Extra connect-src sources, e.g. the host's own ws:// bridge origin. */
  connectSrc?: readonly string[];
}

/** Builds the strict CSP: our own scripts and styles only, no inline script, no frames, no plugins. */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: for attached images: the core hands their bytes over and the page makes blob URLs of them
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "worker-src 'none'",
  ].join('; ');
}

/** Headers sent with every host response; the index additionally gets no-store. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}
