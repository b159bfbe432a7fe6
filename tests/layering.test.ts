// Keeps the layers of ARCHITECTURE.md honest: fails, naming file and import, when a folder imports what its runtime cannot or must not.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const SCANNED_ROOTS = ['common', 'main', 'preload', 'renderer'] as const;
/** Fewer files than this means the scan is looking in the wrong place, not that the tree is clean. */
const MIN_SCANNED_FILES = 12;

interface ImportSite {
  specifier: string;
  line: number;
}

/** Every module specifier a file refers to: import/export declarations, `import x = require()`, dynamic import() and require(). */
function importsOf(fileName: string, sourceText: string): ImportSite[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, kind);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined): void => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      sites.push({ specifier: specifier.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      // `import('electron').BrowserWindow` in a type position
      add(node, node.argument.literal as ts.Expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

/** What an import specifier points at, as far as the layer rules care. */
type Target =
  | { kind: 'electron' }
  | { kind: 'node-builtin' }
  | { kind: 'project'; repoPath: string }
  | { kind: 'package' };

const NODE_BUILTINS = new Set(builtinModules);

function classify(importerRepoPath: string, specifier: string): Target {
  if (specifier === 'electron' || specifier.startsWith('electron/')) return { kind: 'electron' };
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) return { kind: 'node-builtin' };
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const absolute = path.resolve(REPO_ROOT, path.dirname(importerRepoPath), specifier);
    return { kind: 'project', repoPath: path.relative(REPO_ROOT, absolute).split(path.sep).join('/') };
  }
  return { kind: 'package' };
}

const isUnder = (repoPath: string, folder: string): boolean => repoPath === folder || repoPath.startsWith(`${folder}/`);

interface LayerRule {
  /** Which files (by path from the repository root) the rule applies to. */
  appliesTo: (repoPath: string) => boolean;
  forbids: (target: Target) => boolean;
  why: string;
}

/** The layer rules, each with the reason from ARCHITECTURE.md. */
const RULES: LayerRule[] = [
  {
    appliesTo: (file) => !isUnder(file, 'main/app') && !isUnder(file, 'preload'),
    forbids: (target) => target.kind === 'electron',
    why: 'only main/app and preload/ run inside Electron; everything else must run on plain Node or in a browser',
  },
  {
    appliesTo: (file) => isUnder(file, 'renderer'),
    forbids: (target) => target.kind === 'node-builtin',
    why: 'the renderer runs in a sandboxed browser page without Node',
  },
  {
    appliesTo: (file) => isUnder(file, 'renderer'),
    forbids: (target) => target.kind === 'project' && (isUnder(target.repoPath, 'main') || isUnder(target.repoPath, 'preload')),
    why: 'the renderer talks to main only through the bridge; shared types live in common/',
  },
  {
    appliesTo: (file) => isUnder(file, 'main') && !isUnder(file, 'main/app'),
    forbids: (target) => target.kind === 'project' && isUnder(target.repoPath, 'main/app'),
    why: 'main/engine, main/cli and the other plain-Node folders must run without Electron, and main/app is Electron',
  },
  {
    appliesTo: (file) => isUnder(file, 'main/engine'),
    forbids: (target) => target.kind === 'project' && !isUnder(target.repoPath, 'main/engine') && !isUnder(target.repoPath, 'common'),
    why: 'main/engine may import only common/: models, perception and voices reach it through the contracts in common/interaction.ts',
  },
  {
    appliesTo: (file) => isUnder(file, 'main/perception'),
    forbids: (target) => target.kind === 'project' && !isUnder(target.repoPath, 'main/perception') && !isUnder(target.repoPath, 'common'),
    why: 'main/perception may import only common/',
  },
  {
    appliesTo: (file) => isUnder(file, 'main/models'),
    forbids: (target) =>
      target.kind === 'project' && !['main/models', 'main/perception', 'common'].some((folder) => isUnder(target.repoPath, folder)),
    why: 'main/models may import only common/ and main/perception',
  },
  {
    appliesTo: (file) => isUnder(file, 'main/background'),
    forbids: (target) => target.kind === 'project' && !isUnder(target.repoPath, 'main/background') && !isUnder(target.repoPath, 'common'),
    why: 'main/background (the background model, in its worker) may import only common/ and its own files; the engine reaches it through common/background.ts',
  },
  {
    appliesTo: (file) => isUnder(file, 'common'),
    forbids: (target) =>
      target.kind === 'node-builtin' ||
      (target.kind === 'project' && ['main', 'preload', 'renderer'].some((folder) => isUnder(target.repoPath, folder))),
    why: 'common/ runs everywhere, so it may depend on no runtime and on no other layer',
  },
  {
    appliesTo: (file) => isUnder(file, 'preload'),
    forbids: (target) => target.kind === 'project' && (isUnder(target.repoPath, 'main') || isUnder(target.repoPath, 'renderer')),
    why: 'the preload is bundled into a sandboxed script and may share only common/ with the other sides',
  },
];

interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  why: string;
}

/** Checks one file's source against the rules. `repoPath` is the file's path from the repository root. */
function checkLayering(repoPath: string, sourceText: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const site of importsOf(repoPath, sourceText)) {
    const target = classify(repoPath, site.specifier);
    for (const rule of RULES) {
      if (rule.appliesTo(repoPath) && rule.forbids(target)) {
        violations.push({ file: repoPath, line: site.line, specifier: site.specifier, why: rule.why });
        break; // one report per import, with the first rule it breaks
      }
    }
  }
  return violations;
}

function sourceFilesUnder(folder: string): string[] {
  const absolute = path.join(REPO_ROOT, folder);
  let entries: string[];
  try {
    entries = readdirSync(absolute);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const child = `${folder}/${name}`;
    if (name === 'node_modules') return [];
    if (statSync(path.join(REPO_ROOT, child)).isDirectory()) return sourceFilesUnder(child);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [child] : [];
  });
}

describe('layering', () => {
  it('detects each kind of violation in an in-memory file (so the scan below cannot pass vacuously)', () => {
    const renderer = checkLayering(
      'renderer/src/bad.tsx',
      [
        "import { readFileSync } from 'node:fs';",
        "import os from 'os';",
        "import { createMainWindow } from '../../main/app/window';",
        "export { dmel } from '../../main/perception/dmel';",
        "const electron = require('electron');",
        "const lazy = () => import('fs/promises');",
        "type W = import('electron').BrowserWindow;",
        "import { TIMELINE_KINDS } from '../../common/timeline';",
        "import { create } from 'zustand';",
      ].join('\n'),
    );
    expect(renderer.map((v) => `${v.line}:${v.specifier}`)).toEqual([
      '1:node:fs',
      '2:os',
      '3:../../main/app/window',
      '4:../../main/perception/dmel',
      '5:electron',
      '6:fs/promises',
      '7:electron',
    ]);

    expect(checkLayering('main/engine/loop.ts', "import { app } from 'electron';\nimport { x } from '../app/window';").map((v) => v.specifier))
      .toEqual(['electron', '../app/window']);
    expect(checkLayering('main/engine/session.ts', "import { DmelStream } from '../perception/dmel';\nimport type { X } from '../models/registry';").map((v) => v.specifier))
      .toEqual(['../perception/dmel', '../models/registry']);
    expect(checkLayering('main/models/harness/harness.ts', "import { Session } from '../../engine/session';").map((v) => v.specifier)).toEqual(['../../engine/session']);
    expect(checkLayering('main/cli/tandem.ts', "import { registerIpcHandlers } from '../app/ipcHandlers';").map((v) => v.specifier))
      .toEqual(['../app/ipcHandlers']);
    expect(checkLayering('main/background/backgroundRunner.ts', "import { Session } from '../engine/session';\nimport { x } from './contextPackage';").map((v) => v.specifier))
      .toEqual(['../engine/session']);
    expect(
      checkLayering('common/bad.ts', "import path from 'node:path';\nimport { a } from '../main/engine/clock';\nimport type { B } from '../renderer/src/App';").map((v) => v.specifier),
    ).toEqual(['node:path', '../main/engine/clock', '../renderer/src/App']);

    // What the layers are allowed to do stays allowed.
    expect(checkLayering('main/app/index.ts', "import { app } from 'electron';\nimport path from 'node:path';\nimport { x } from '../engine/loop';")).toEqual([]);
    expect(checkLayering('preload/index.ts', "import { contextBridge } from 'electron';\nimport { z } from '../common/ipc';")).toEqual([]);
    expect(checkLayering('main/cli/tandem.ts', "import fs from 'node:fs';\nimport { run } from '../engine/session';")).toEqual([]);
  });

  it('finds no forbidden import in common/, main/, preload/ or renderer/', () => {
    const files = SCANNED_ROOTS.flatMap((root) => sourceFilesUnder(root));
    for (const root of SCANNED_ROOTS) {
      expect(files.some((file) => isUnder(file, root)), `no source file found under ${root}/`).toBe(true);
    }
    expect(files.length).toBeGreaterThan(MIN_SCANNED_FILES);

    const violations = files.flatMap((file) => checkLayering(file, readFileSync(path.join(REPO_ROOT, file), 'utf8')));
    const report = violations.map((v) => `${v.file}:${v.line} imports '${v.specifier}': ${v.why}`);
    expect(report).toEqual([]);
  });
});
