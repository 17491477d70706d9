/**
 * MySQL and SQLite text, read the way the server's own lexer reads it, before node-sql-parser sees
 * it. node-sql-parser is a good parser but a loose lexer: it treats `/*!50000 DROP TABLE t *\/` as
 * a comment (MySQL runs it), `--1` as a comment (MySQL reads two minus signs), and a backslash in a
 * SQLite string as an escape (SQLite has none, so `'a\'; DROP TABLE t; --'` ends the string early).
 * Each of those lets SQL that the server runs go unseen. So the text is lexed here with the server's
 * rules and respelt in a form the parser cannot misread: comments removed, executable comments
 * opened, `--1` spelt `- -1`, literals re-quoted. Pure.
 *
 * Some of MySQL's reading depends on the server (sql_mode NO_BACKSLASH_ESCAPES and ANSI_QUOTES,
 * its version for `/*!NNNNN … *\/`, MySQL or MariaDB for `/*M! … *\/`). Airlock cannot see the
 * server, so each setting that changes how this text splits is a separate `MysqlMode` to read it in.
 */

export type GenericDialect = 'mysql' | 'sqlite';

/** The MySQL server settings that change how a text is lexed. */
export interface MysqlMode {
  /** A backslash escapes the next character in '…' and "…" (the default; off under NO_BACKSLASH_ESCAPES). */
  readonly backslashEscapes: boolean;
  /** "…" quotes an identifier, not a string (sql_mode ANSI_QUOTES). */
  readonly ansiQuotes: boolean;
  /**
   * `/*!NNNNN … *\/` and `/*M! … *\/` run (a server at least that version; MariaDB). When false
   * they are plain comments, as on an older server or (for `/*M!`) on MySQL.
   */
  readonly versionedComments: boolean;
}

export const DEFAULT_MYSQL_MODE: MysqlMode = { backslashEscapes: true, ansiQuotes: false, versionedComments: true };

export interface SqlStatementText {
  /** The respelt statement, without its `;`. */
  readonly text: string;
  /** A backslash outside any literal (other than MySQL's `\N`): the server refuses this statement. */
  readonly strayBackslash: boolean;
  /** A literal or comment in it never ends: the server refuses this statement. */
  readonly unterminated: boolean;
}

export interface SqlReading {
  /** The whole respelt text, for node-sql-parser. */
  readonly text: string;
  /** The same, split at each `;` the server sees outside literals and comments. */
  readonly statements: SqlStatementText[];
  /** Something this lexer will not guess at: why (the caller fails closed). */
  readonly refused?: string;
  /** What in the text makes other MySQL modes read it differently (see readingsToCheck). */
  readonly features: { readonly backslashInString: boolean; readonly backslashInDoubleQuoted: boolean; readonly versionedComment: boolean };
}

/** MySQL: the other modes worth reading this text in, given what the default reading found. */
export function otherMysqlModes(features: SqlReading['features']): MysqlMode[] {
  const modes: MysqlMode[] = [];
  for (const backslashEscapes of features.backslashInString ? [true, false] : [true]) {
    // ANSI_QUOTES changes only how "…" ends, and only when backslashes could escape its quote.
    for (const ansiQuotes of features.backslashInDoubleQuoted && backslashEscapes ? [false, true] : [false]) {
      for (const versionedComments of features.versionedComment ? [true, false] : [true]) {
        const mode = { backslashEscapes, ansiQuotes, versionedComments };
        if (JSON.stringify(mode) !== JSON.stringify(DEFAULT_MYSQL_MODE)) modes.push(mode);
      }
    }
  }
  return modes;
}

/** A MySQL mode in plain words, for summaries: "on a server with sql_mode NO_BACKSLASH_ESCAPES". */
export function describeMysqlMode(mode: MysqlMode): string {
  const sqlModes = [mode.backslashEscapes ? '' : 'NO_BACKSLASH_ESCAPES', mode.ansiQuotes ? 'ANSI_QUOTES' : ''].filter(Boolean);
  const withModes = sqlModes.length ? ` with sql_mode ${sqlModes.join(',')}` : '';
  const skips = mode.versionedComments ? '' : `${withModes ? ' and' : ''} that skips versioned /*!NNNNN … */ and MariaDB /*M! … */ comments (an older server, or MySQL)`;
  return `on a server${withModes}${skips}`;
}

const isWhitespaceOrControl = (c: string | undefined): boolean => c === undefined || c <= ' ' || c === '\x7f';

/** Reads MySQL or SQLite text with that server's lexical rules (see the module comment). */
export function readGenericSql(sql: string, dialect: GenericDialect, mode: MysqlMode = DEFAULT_MYSQL_MODE): SqlReading {
  const mysql = dialect === 'mysql';
  const statements: SqlStatementText[] = [];
  const features = { backslashInString: false, backslashInDoubleQuoted: false, versionedComment: false };
  let current = '';
  let strayBackslash = false;
  let unterminated = false;
  let inExecutableComment = false;
  let refused: string | undefined;
  const endStatement = () => {
    statements.push({ text: current, strayBackslash, unterminated });
    current = '';
    strayBackslash = false;
    unterminated = false;
  };

  let i = 0;
  while (i < sql.length && refused === undefined) {
    const c = sql[i]!;
    const next = sql[i + 1];

    // ── Literals: strings and quoted identifiers ──
    if (c === "'" || c === '"' || c === '`' || (c === '[' && !mysql)) {
      const close = c === '[' ? ']' : c;
      const identifier = c === '`' || c === '[' || (c === '"' && (!mysql || mode.ansiQuotes));
      const escapes = mysql && !identifier && mode.backslashEscapes;
      let raw = '';
      let closed = false;
      let j = i + 1;
      while (j < sql.length) {
        const d = sql[j]!;
        if (d === '\\' && !identifier) {
          features.backslashInString = true;
          if (c === '"') features.backslashInDoubleQuoted = true;
        }
        if (escapes && d === '\\' && j + 1 < sql.length) {
          raw += d + sql[j + 1];
          j += 2;
          continue;
        }
        if (d === close) {
          if (close !== ']' && sql[j + 1] === close) {
            raw += d + d;
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        raw += d;
        j++;
      }
      if (!closed) {
        // The server refuses the statement; the parser is given it as it stands, and refuses it too.
        unterminated = true;
        current += c + raw;
      } else if (c === '`' || (c === '"' && !mysql)) {
        current += c + raw + c; // node-sql-parser reads these as the server does (doubled quotes, no escapes)
      } else if (identifier) {
        // [name] (SQLite) and "name" under ANSI_QUOTES: back-quoted, which the parser reads the same way.
        const name = close === ']' ? raw : raw.split(close + close).join(close);
        current += '`' + name.replace(/`/g, '``') + '`';
      } else if (escapes) {
        current += c + raw + c; // read by the parser with the same escapes
      } else {
        // No backslash escapes here (SQLite, NO_BACKSLASH_ESCAPES), but node-sql-parser applies
        // them: double each backslash so that it ends the literal where the server does.
        current += c + raw.replace(/\\/g, '\\\\') + c;
      }
      i = j;
      continue;
    }

    // ── Comments ──
    if (c === '#') {
      if (!mysql) {
        // SQLite reads #name as a parameter; node-sql-parser reads the rest of the line as a comment.
        refused = 'SQLite does not read # as a comment, and the parser here does: the two would see different statements';
        break;
      }
      while (i < sql.length && sql[i] !== '\n') i++;
      current += ' ';
      continue;
    }
    if (c === '-' && next === '-') {
      // MySQL: `--` starts a comment only before whitespace or a control character; `--1` is
      // minus minus one, and what follows on the line runs. SQLite: always a comment.
      if (mysql && !isWhitespaceOrControl(sql[i + 2])) {
        current += '- -';
        i += 2;
        continue;
      }
      while (i < sql.length && sql[i] !== '\n') i++;
      current += ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      if (mysql && inExecutableComment) {
        refused = 'a comment inside a MySQL executable comment /*! … */: servers disagree on where it ends';
        break;
      }
      if (mysql && (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!'))) {
        // An executable comment: MySQL (or MariaDB, for /*M!) runs what is inside it.
        const marker = sql[i + 2] === '!' ? 3 : 4;
        let digits = 0;
        while (digits < 6 && /[0-9]/.test(sql[i + marker + digits] ?? '')) digits++;
        const version = digits >= 5 ? digits : 0;
        const versioned = version > 0 || marker === 4;
        if (versioned) features.versionedComment = true;
        if (!versioned || mode.versionedComments) {
          inExecutableComment = true;
          current += ' ';
          i += marker + version;
          continue;
        }
        // Otherwise a plain comment, as on an older server or MySQL reading MariaDB's /*M!.
      }
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) {
        // MySQL refuses an unclosed comment; SQLite reads it to the end of the text.
        if (mysql) unterminated = true;
        i = sql.length;
      } else {
        i = end + 2;
      }
      current += ' ';
      continue;
    }
    if (mysql && inExecutableComment && c === '*' && next === '/') {
      inExecutableComment = false;
      current += ' ';
      i += 2;
      continue;
    }

    // ── Code ──
    if (c === ';') {
      endStatement();
      i++;
      continue;
    }
    if (c === '\\' && !(mysql && next === 'N')) strayBackslash = true;
    current += c;
    i++;
  }
  endStatement();
  const kept = statements.filter((statement) => statement.text.trim() !== '');
  return { text: kept.map((statement) => statement.text).join(';\n'), statements: kept, features, ...(refused ? { refused } : {}) };
}
