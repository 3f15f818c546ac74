// A torrent's files as a folder tree (the Files tab): folders with the sums of their files' sizes and verified
// bytes, a tick state (all, none, some) and a shared priority or 'mixed'; flattened into rows for what is expanded.

import type { FilePriority, FileSnapshot } from '../api/protocol.ts';

export type Wanted = 'all' | 'none' | 'some';

export interface FileNode {
  readonly kind: 'file';
  /** The last component of the path. */
  readonly name: string;
  /** '/'-joined path inside the tree (the common root folder left out): a key and a label, never split again. */
  readonly path: string;
  readonly file: FileSnapshot;
}

export interface FolderNode {
  readonly kind: 'folder';
  readonly name: string;
  readonly path: string;
  readonly children: readonly TreeNode[];
  readonly length: number;
  readonly verified: number;
  /** Every file index below this folder, in torrent order. */
  readonly fileIndexes: readonly number[];
  readonly wanted: Wanted;
  readonly priority: FilePriority | 'mixed';
}

export type TreeNode = FileNode | FolderNode;

export interface TreeRow {
  readonly node: TreeNode;
  /** 0 for the top level. */
  readonly depth: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

interface Draft {
  readonly name: string;
  readonly path: string;
  readonly folders: Map<string, Draft>;
  readonly files: FileNode[];
}

/**
 * Builds the tree. When every file sits in one common top folder (a multi-file torrent's own name, shown in the
 * panel's heading already), that folder is left out so the tree starts with what is inside it.
 * Folders come before files, each sorted by name (numbers in names compare as numbers).
 */
export function buildFileTree(files: readonly FileSnapshot[]): FolderNode {
  const parts = files.map((f) => (f.path && f.path.length > 0 ? [...f.path] : f.name.split('/').filter((p) => p !== '')));
  const first = parts[0]?.[0];
  const commonRoot = files.length > 0 && first !== undefined && parts.every((p) => p.length >= 2 && p[0] === first);
  const root: Draft = { name: '', path: '', folders: new Map(), files: [] };
  files.forEach((file, i) => {
    const path = commonRoot ? parts[i]!.slice(1) : parts[i]!;
    const leafName = path.at(-1) ?? file.name;
    let dir = root;
    for (const part of path.slice(0, -1)) {
      let next = dir.folders.get(part);
      if (!next) {
        next = { name: part, path: dir.path ? `${dir.path}/${part}` : part, folders: new Map(), files: [] };
        dir.folders.set(part, next);
      }
      dir = next;
    }
    dir.files.push({ kind: 'file', name: leafName, path: dir.path ? `${dir.path}/${leafName}` : leafName, file });
  });
  return finish(root);
}

function finish(d: Draft): FolderNode {
  const folders = [...d.folders.values()].map(finish).sort((a, b) => collator.compare(a.name, b.name));
  const files = [...d.files].sort((a, b) => collator.compare(a.name, b.name));
  const children: TreeNode[] = [...folders, ...files];
  const leaves = [...files.map((f) => f.file), ...folders.flatMap((f) => leavesOf(f))];
  return {
    kind: 'folder',
    name: d.name,
    path: d.path,
    children,
    length: leaves.reduce((n, f) => n + f.length, 0),
    verified: leaves.reduce((n, f) => n + f.verified, 0),
    fileIndexes: leaves.map((f) => f.index).sort((a, b) => a - b),
    wanted: wantedOf(leaves.map((f) => f.priority)),
    priority: priorityOf(leaves.map((f) => f.priority)),
  };
}

function leavesOf(folder: FolderNode): FileSnapshot[] {
  return folder.children.flatMap((c) => (c.kind === 'file' ? [c.file] : leavesOf(c)));
}

/** 'all' when every file is wanted (priority above 0), 'none' when none is, 'some' otherwise (an empty folder: 'none'). */
export function wantedOf(priorities: readonly FilePriority[]): Wanted {
  const on = priorities.filter((p) => p !== 0).length;
  return on === 0 ? 'none' : on === priorities.length ? 'all' : 'some';
}

/** The priority every file shares, or 'mixed'. */
export function priorityOf(priorities: readonly FilePriority[]): FilePriority | 'mixed' {
  const first = priorities[0];
  if (first === undefined) return 'mixed';
  return priorities.every((p) => p === first) ? first : 'mixed';
}

/** The rows to show: every node under an expanded folder, depth-first (folders listed in `collapsed` hide their children). */
export function visibleRows(root: FolderNode, collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (folder: FolderNode, depth: number): void => {
    for (const node of folder.children) {
      rows.push({ node, depth });
      if (node.kind === 'folder' && !collapsed.has(node.path)) walk(node, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}

/** Files shown with their priority overridden by changes the engine has not echoed back yet. */
export function withPending(files: readonly FileSnapshot[], pending: ReadonlyMap<number, FilePriority>): FileSnapshot[] {
  return files.map((f) => {
    const p = pending.get(f.index);
    return p === undefined || p === f.priority ? f : { ...f, priority: p };
  });
}
