// Input pieces shared by the api families. Messages are for the user; the api prefixes the field name.
import { z } from 'zod';

/** A libvirt URI such as qemu:///system; unknown ids are answered NOT_FOUND by the services. */
export const connectionId = z
  .string({ error: 'must be a connection id (a libvirt URI)' })
  .min(1, 'must not be empty')
  .max(1024, 'is too long')
  .regex(/^[a-z0-9+.-]+:\/\//i, 'must be a libvirt URI such as qemu:///system');

/** libvirt prints UUIDs as 8-4-4-4-12 hex; any version/variant (the test driver's are not RFC 4122). */
export const uuid = z
  .string({ error: 'must be a UUID' })
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  )
  .transform((s) => s.toLowerCase());

export const absolutePath = z
  .string({ error: 'must be a file path' })
  .min(1, 'must not be empty')
  .max(4096, 'is too long')
  .refine((p) => p.startsWith('/'), 'must be an absolute path (starting with /)')
  .refine((p) => !p.includes('\0'), 'must not contain a NUL character');

/** Names of libvirt objects (networks, devices): printable, no slashes. */
export const objectName = z
  .string({ error: 'must be a name' })
  .min(1, 'must not be empty')
  .max(255, 'is too long')
  .refine((s) => !/[/\0\n\r]/.test(s), 'must not contain "/" or control characters');

export const vmRef = z.strictObject({ connection: connectionId, uuid });
export const connectionOnly = z.strictObject({ connection: connectionId });
export const noArgs = z.strictObject({});
