// The model catalog's format (resources/catalog.json): what each downloadable model is, where its files come from and how they are checked.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../resources';
import { z } from 'zod';
import { ModelStoreError } from './modelStoreErrors';

import { MODEL_ROLES } from '../../../common/ipc';

export { MODEL_ROLES };
export type ModelRole = (typeof MODEL_ROLES)[number];

const SHA256 = /^[0-9a-f]{64}$/;

/** A path inside the model's folder: relative, forward slashes, no `..`, so a catalog can never write outside it. */
const relativeFilePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.includes('\\') && !/^[a-zA-Z]:/.test(path), 'must be a relative path with forward slashes')
  .refine((path) => path.split('/').every((part) => part !== '' && part !== '.' && part !== '..'), 'must not contain empty, "." or ".." segments')
  .refine((path) => !path.endsWith('.part') && !path.startsWith('.tandem'), 'must not end in .part or start with .tandem (names the store uses itself)');

export const catalogFileSchema = z.strictObject({
  /** Where the file goes, relative to the model's folder. */
  path: relativeFilePath,
  /** Pinned to a revision: https://huggingface.co/ORG/REPO/resolve/REVISION/PATH. */
  url: z.url({ protocol: /^https?$/ }),
  /** Published SHA-256 (lower-case hex), or null when none was published: then the first download is pinned. */
  sha256: z.string().regex(SHA256, 'expected 64 lower-case hex digits').nullable(),
  /** Exact size in bytes when published; null when only an approximate size is known. */
  sizeBytes: z.number().int().nonnegative().nullable(),
  /** The size as the source displays it (e.g. "30.9 MB" → 30 900 000), for the disk-space check and the list; null if not shown. */
  approxBytes: z.number().int().nonnegative().nullable(),
  /** The repository commit the URL, checksum and size belong to. */
  revision: z.string().min(1),
});

export const hardwareHintsSchema = z.strictObject({
  /** RAM the model needs while running, in MiB (rough). */
  minRamMiB: z.number().int().positive(),
  /** Whether a GPU makes a real difference. */
  gpuUseful: z.boolean(),
  /** Processing time / audio time on a CPU, when a source measured it; null when unknown. */
  cpuRealTimeFactor: z.number().positive().nullable(),
  /** One sentence on where the figures come from or what else matters. */
  note: z.string().min(1),
});

export const catalogModelSchema = z.strictObject({
  /** Folder name and command-line name: lower-case letters, digits, dots and dashes. */
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'use lower-case letters, digits, "." and "-"'),
  role: z.enum(MODEL_ROLES),
  description: z.string().min(1),
  licence: z.string().min(1),
  homepage: z.url({ protocol: /^https$/ }),
  /** The model a role uses when the user chose none; at most one per role. */
  default: z.boolean(),
  hardware: hardwareHintsSchema,
  files: z.array(catalogFileSchema).min(1),
});

export const catalogSchema = z
  .strictObject({
    version: z.literal(1),
    models: z.array(catalogModelSchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.models.forEach((model, index) => {
      if (seen.has(model.name)) ctx.addIssue({ code: 'custom', path: ['models', index, 'name'], message: `"${model.name}" appears twice` });
      seen.add(model.name);
      const paths = new Set<string>();
      model.files.forEach((file, fileIndex) => {
        if (paths.has(file.path)) ctx.addIssue({ code: 'custom', path: ['models', index, 'files', fileIndex, 'path'], message: `"${file.path}" appears twice` });
        paths.add(file.path);
      });
    });
    for (const role of MODEL_ROLES) {
      const defaults = catalog.models.filter((model) => model.role === role && model.default);
      if (defaults.length > 1) {
        ctx.addIssue({ code: 'custom', path: ['models'], message: `role ${role} has ${defaults.length} defaults (${defaults.map((m) => m.name).join(', ')}); at most one` });
      }
    }
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/** Parses a catalog; a bad one is rejected with the field that is wrong (`models[2].files[0].sha256: …`). */
export function parseCatalog(json: unknown, where: string): Catalog {
  const result = catalogSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), '');
  throw new ModelStoreError('CATALOG_INVALID', `${field || 'catalog'}: ${issue.message}`, where, 'Fix the catalog file (docs/models.md describes every field).');
}

/** Reads and parses a catalog file. */
export function loadCatalog(path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelStoreError('CATALOG_INVALID', `Cannot read the model catalog: ${(error as Error).message}`, path, 'Check the path (TANDEM_CATALOG, if set, names it).');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelStoreError('CATALOG_INVALID', `The model catalog is not valid JSON: ${(error as Error).message}`, path, 'Fix the JSON syntax.');
  }
  return parseCatalog(json, path);
}

/** The catalog file to use: TANDEM_CATALOG when set (tests, a custom catalog), else the bundled resources/catalog.json. */
export function defaultCatalogPath(): string {
  return process.env.TANDEM_CATALOG ?? join(resourcesDir(), 'catalog.json');
}
