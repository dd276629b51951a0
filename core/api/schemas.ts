import { z } from 'zod';

/** Shared input pieces. Strings are trimmed and bounded so no field can be huge. */
export const id = z.string().trim().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'use letters, digits, and . _ : @ -');
export const name = z.string().trim().min(1, 'must not be empty').max(200);
export const email = z.string().trim().max(320).email();
export const shortText = z.string().trim().max(500);
export const scope = z.string().trim().min(1).max(300);
export const empty = z.object({}).strict();
