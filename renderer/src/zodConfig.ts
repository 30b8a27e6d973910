/**
 * zod decides at schema construction whether to compile fast validators with `new Function`. Our CSP
 * forbids eval, so the probe would only leave a CSP violation report; turn it off before any schema
 * (the shared contract builds them at import) exists. main.tsx imports this module first.
 */
import { z } from 'zod';

z.config({ jitless: true });
