// How the CLI reads and writes a user's file without ever losing it or its nature.
// - Read: the bytes and a stamp (size, modification time, SHA-256) taken from the same open file.
// - Save: a temp file beside the real file (through a symbolic link), written, fsynced, given the
//   original's mode and owner, renamed over the file, then the folder fsynced. A kill at any point
//   leaves either the old file or the new one, plus at most a temp that the next run removes.
// - Refusals (Japanese, before anything is written): a read-only file, a book open in Excel or
//   LibreOffice (their lock files beside it), another teichaku run on the same book (our own lock
//   file, taken for the whole run), a file changed since it was read.

import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';

/** A reason not to read or write the file that the user can act on; the message is Japanese. */
export class FileRefusal extends Error {}

/** What a file was when we read it. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/**
 * The writes a save makes, replaceable so tests can make a disk fill up part-way through
 * (a full disk cannot be had on demand). Nothing else is meant to change them.
 */
export const diskWrites = {
  write(fd: number, data: Buffer): void {
    for (let done = 0; done < data.length;) done += fs.writeSync(fd, data, done, data.length - done);
  },
};

const TEMP_MARK = 'teichaku-save';
const LOCK_SUFFIX = '.teichaku-lock';
/** A temp of ours whose process still seems alive is left alone unless it is older than this. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The path that is really written: a symbolic link is followed to its target (which may not exist yet). */
export function realTarget(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    // Missing file, or a link whose target does not exist yet: follow the links by hand.
    let p = abs;
    for (let hops = 0; hops < 40; hops++) {
      let link: string;
      try {
        if (!fs.lstatSync(p).isSymbolicLink()) return p;
        link = fs.readlinkSync(p);
      } catch {
        return p;
      }
      p = path.resolve(path.dirname(p), link);
    }
    return p;
  }
}

/** The file's bytes and its stamp, both from one open file descriptor. */
export function readWithStamp(file: string): { data: Buffer; stamp: FileStamp } {
  const fd = fs.openSync(file, 'r');
  try {
    const st = fs.fstatSync(fd);
    const data = fs.readFileSync(fd);
    return { data, stamp: { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(data) } };
  } finally {
    fs.closeSync(fd);
  }
}

function quoted(file: string): string {
  return `「${file}」`;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock files Excel and LibreOffice keep beside a book they have open. */
function officeLocks(file: string): { lock: string; program: string }[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  return [
    // Excel: "~$" + the name; for long names Office replaces the first two characters instead.
    { lock: path.join(dir, '~$' + base), program: 'Excel' },
    { lock: path.join(dir, '~$' + base.slice(2)), program: 'Excel' },
    { lock: path.join(dir, `.~lock.${base}#`), program: 'LibreOffice' },
  ];
}

/** Refuses when Excel or LibreOffice has the book open (beside the name given or beside a link's target). */
export function refuseIfOpenElsewhere(file: string): void {
  const places = new Set([path.resolve(file), realTarget(file)]);
  for (const place of places) {
    for (const { lock, program } of officeLocks(place)) {
      if (base(lock) === base(place)) continue; // a two-character name: "~$" + slice(2) is not a lock
      if (!fs.existsSync(lock)) continue;
      throw new FileRefusal(
        `${quoted(file)} は ${program} で開かれているため保存しません（${program} が開いている間は、${program} が次に保存したときに teichaku の変更が消えてしまいます）。` +
          `${program} でこのファイルを閉じてから、もう一度実行してください。` +
          `${program} を閉じても続くときは、${program} が異常終了したときに残した「${base(lock)}」を削除してください。`,
      );
    }
  }
}

function base(p: string): string {
  return path.basename(p);
}

/** Refuses a file the user has marked read-only (or that this user may not write). */
export function refuseIfReadOnly(file: string): void {
  const target = realTarget(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    return; // a new file
  }
  let writable = (st.mode & 0o222) !== 0;
  if (writable && process.getuid && process.getuid() !== 0) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable)
    throw new FileRefusal(
      `${quoted(file)} は読み取り専用になっているため、上書きしません。` +
        `書き込めるようにする（Windows ではファイルのプロパティで「読み取り専用」を外す、Mac・Linux では chmod u+w）か、` +
        `--out 別名.xlsx を付けて別のファイルに保存してください。`,
    );
}

function tempPattern(target: string): RegExp {
  const escaped = base(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Ours: ".<name>.teichaku-save.<pid>.<random>.tmp"; the earlier form ".<name>.<pid>.tmp" too.
  return new RegExp(`^\\.${escaped}\\.(?:${TEMP_MARK}\\.)?(\\d+)(?:\\.[0-9a-f]+)?\\.tmp$`);
}

/** Removes temps an interrupted save of this file left behind (their process is gone, or they are old). */
export function removeStaleTemps(file: string): string[] {
  const target = realTarget(file);
  const dir = path.dirname(target);
  const pattern = tempPattern(target);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    try {
      const old = Date.now() - fs.lstatSync(full).mtimeMs > STALE_TEMP_MS;
      if (Number(m[1]) === process.pid || (isAlive(Number(m[1])) && !old)) continue;
      fs.rmSync(full, { force: true });
      removed.push(full);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

const heldLocks = new Set<string>();
let exitHookInstalled = false;

function releaseAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of heldLocks) {
      try {
        fs.rmSync(lock, { force: true });
      } catch {
        // Exiting anyway; the next run takes a lock whose process is gone.
      }
    }
  });
}

function lockPath(file: string): string {
  const target = realTarget(file);
  return path.join(path.dirname(target), `.${base(target)}${LOCK_SUFFIX}`);
}

interface LockOwner {
  pid: number;
  host: string;
}

function readOwner(lock: string): LockOwner | null {
  try {
    const [pid, host] = fs.readFileSync(lock, 'utf8').split('\n');
    return { pid: Number(pid), host: host ?? '' };
  } catch {
    return null;
  }
}

/**
 * Our lock on a book for one run: created exclusively, holding our process id and host. A lock whose
 * process is gone (same host) is taken over; any other is a refusal saying which run holds it.
 */
export class RunLock {
  private released = false;

  private constructor(readonly lockFile: string) {}

  static acquire(file: string): RunLock {
    const lock = lockPath(file);
    const content = `${process.pid}\n${hostname()}\n${new Date().toISOString()}\n`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = fs.openSync(lock, 'wx', 0o644);
        try {
          fs.writeSync(fd, content);
        } finally {
          fs.closeSync(fd);
        }
        heldLocks.add(lock);
        releaseAllOnExit();
        return new RunLock(lock);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') {
          if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
            throw new FileRefusal(
              `${quoted(file)} のフォルダに書き込めません（権限がないか、読み取り専用の場所です）。書き込めるフォルダに置いてから実行するか、--out で別の場所に保存してください。`,
            );
          throw e;
        }
      }
      const owner = readOwner(lock);
      if (owner && (owner.host !== hostname() || isAlive(owner.pid))) {
        throw new FileRefusal(
          `${quoted(file)} は別の teichaku（プロセス ${owner.pid}${owner.host !== hostname() ? `、コンピューター ${owner.host}` : ''}）が処理中です。` +
            `同じ台帳を同時に処理すると片方の変更が失われるため、実行しません。終わるのを待ってから、もう一度実行してください。` +
            `処理中の teichaku がないのに続くときは「${base(lock)}」を削除してください。`,
        );
      }
      // The process that held it is gone: move the stale lock aside (only one taker succeeds), check
      // that what was moved is really the stale one, and try again.
      const aside = `${lock}.${process.pid}.stale`;
      try {
        fs.renameSync(lock, aside);
      } catch {
        continue; // another run moved or replaced it first
      }
      const moved = readOwner(aside);
      if (moved && moved.host === hostname() && !isAlive(moved.pid)) {
        fs.rmSync(aside, { force: true });
        continue;
      }
      // We moved a live lock taken meanwhile: put it back (fails if yet another run took the place).
      try {
        fs.linkSync(aside, lock);
      } catch {
        // Leave it: its holder still sees its own run through, and we refuse below.
      }
      fs.rmSync(aside, { force: true });
    }
    throw new FileRefusal(
      `${quoted(file)} は別の teichaku が処理中です。終わるのを待ってから、もう一度実行してください。`,
    );
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    heldLocks.delete(this.lockFile);
    const owner = readOwner(this.lockFile);
    if (owner && owner.pid === process.pid && owner.host === hostname()) fs.rmSync(this.lockFile, { force: true });
  }
}

export interface SaveOptions {
  /** The file as it was read: the save is refused if it has changed since. */
  readonly expect?: FileStamp;
  /** Refuse if the file exists (a new file must never replace one that appeared meanwhile). */
  readonly createOnly?: boolean;
}

function changedSince(target: string, expect: FileStamp): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    return true; // deleted or moved away since
  }
  if (st.size !== expect.size || st.mtimeMs !== expect.mtimeMs) return true;
  return sha256(fs.readFileSync(target)) !== expect.sha256;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some systems cannot open or fsync a folder (Windows); the rename itself is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A Japanese sentence for a failed write, by its error code. */
export function writeFailureMessage(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const unchanged = '元のファイルは変更していません。';
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return `${quoted(file)} を保存できませんでした: 保存先のディスクの空き容量が足りません。${unchanged}空きを作ってから、もう一度実行してください。`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return `${quoted(file)} を保存できませんでした: このフォルダに書き込む権限がないか、読み取り専用の場所です。${unchanged}書き込めるフォルダを --out で指定してください。`;
  if (code === 'EBUSY')
    return `${quoted(file)} を保存できませんでした: ほかのプログラムが使用中です。${unchanged}Excel などで開いていれば閉じてから、もう一度実行してください。`;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return `${quoted(file)} を保存できませんでした: 保存先のフォルダがありません。${unchanged}フォルダを確認してください。`;
  return `${quoted(file)} を保存できませんでした${code ? `（${code}）` : ''}。${unchanged}保存先のフォルダと空き容量を確認してから、もう一度実行してください。`;
}

/**
 * Writes `data` as `file`, atomically: temp beside the real file → fsync → rename → fsync the folder.
 * Keeps the existing file's mode and owner; writes through a symbolic link; refuses (FileRefusal)
 * a read-only file, a book open in Excel or LibreOffice, and a file changed since `expect`.
 */
export function saveAtomically(file: string, data: Buffer, options: SaveOptions = {}): void {
  const target = realTarget(file);
  refuseIfOpenElsewhere(file);
  const existing = fs.existsSync(target) ? fs.statSync(target) : null;
  if (existing && options.createOnly)
    throw new FileRefusal(
      `${quoted(file)} がすでにあります。上書きしないよう、書きませんでした。別の名前を指定してください。`,
    );
  if (existing) refuseIfReadOnly(file);
  if (options.expect && changedSince(target, options.expect))
    throw new FileRefusal(
      `${quoted(file)} は teichaku が読み込んだ後に変更されたため、上書きしません（上書きするとその変更が失われます）。` +
        `Excel などで編集中なら保存して閉じてから、もう一度実行してください。`,
    );
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${base(target)}.${TEMP_MARK}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
    if (existing) {
      fs.fchmodSync(fd, existing.mode & 0o7777);
      try {
        fs.fchownSync(fd, existing.uid, existing.gid);
      } catch {
        // Only the owner's group may be kept by a user who is not root; the mode is kept regardless.
      }
    } else {
      // A new file: the usual mode under the user's umask.
      const umask = process.umask();
      fs.fchmodSync(fd, 0o666 & ~umask);
    }
    diskWrites.write(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    if (options.createOnly) {
      // link() fails if the name appeared meanwhile, where rename() would replace it.
      try {
        fs.linkSync(temp, target);
        fs.rmSync(temp, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
        fs.renameSync(temp, target); // file systems without hard links
      }
    } else {
      fs.renameSync(temp, target);
    }
    fsyncDir(dir);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Closing a descriptor we are abandoning.
      }
    }
    fs.rmSync(temp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && options.createOnly)
      throw new FileRefusal(
        `${quoted(file)} がすでにあります。上書きしないよう、書きませんでした。別の名前を指定してください。`,
      );
    throw new FileRefusal(writeFailureMessage(file, e));
  }
}
