/*
 * The few runtime globals shared code relies on, which both Node 20 and every browser provide.
 * Declared by hand because shared/ is compiled without DOM or Node types on purpose.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly href: string;
  readonly searchParams: { forEach(callback: (value: string, name: string) => void): void };
}
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
