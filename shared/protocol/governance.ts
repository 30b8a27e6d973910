import { z } from 'zod';
import { speechPolicyPatchSchema, speechPolicySchema } from '../domain/speechPolicy';

/*
 * Governance requests (docs/governance.md): the organization's speech policy, readable by every user
 * of the organization (the composer explains it), changeable by org admins.
 */

export const speechPolicyGetRequestSchema = z.object({}).strict();
export const speechPolicySetRequestSchema = z.object({ patch: speechPolicyPatchSchema }).strict();
export const speechPolicyResponseSchema = z.object({ policy: speechPolicySchema });
