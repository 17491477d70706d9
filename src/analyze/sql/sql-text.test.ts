import { describe, expect, it } from 'vitest';
import { DEFAULT_MYSQL_MODE, describeMysqlMode, otherMysqlModes, readGenericSql } from './sql-text.js';

const texts = (sql: string, dialect: 'mysql' | 'sqlite' = 'mysql', mode = DEFAULT_MYSQL_MODE) => readGenericSql(sql, dialect, mode).statements.map((s) => s.text.trim());

describe('MySQL and SQLite text, lexed with the server’s rules', () => {
  it('removes comments and splits at ; outside literals', () => {
    expect(texts("SELECT 'a;b' /* ; */ FROM t # ;\n; DROP TABLE `x;y`")).toEqual(["SELECT 'a;b'   FROM t", 'DROP TABLE `x;y`']);
    expect(texts("SELECT 'a;b' -- ;\n; DELETE FROM t", 'sqlite')).toEqual(["SELECT 'a;b'", 'DELETE FROM t']);
  });

  it('opens MySQL executable comments, with or without a version', () => {
    expect(texts('/*!50000 DROP TABLE users */')).toEqual(['DROP TABLE users']);
    expect(texts('/*!DROP TABLE users*/')).toEqual(['DROP TABLE users']);
    expect(texts('/*M!100100 DROP TABLE users */')).toEqual(['DROP TABLE users']);
    expect(texts("SELECT 1 /*!50000 , '*/' */")).toEqual(["SELECT 1   , '*/'"]);
    // Skipped as an older server would: a plain comment, to the first */.
    expect(texts("SELECT 1 /*!99999 , '*/ ; DROP TABLE users; -- ' */", 'mysql', { ...DEFAULT_MYSQL_MODE, versionedComments: false })).toEqual(['SELECT 1', 'DROP TABLE users']);
    expect(readGenericSql('/*!50000 x */', 'mysql').features.versionedComment).toBe(true);
    expect(readGenericSql('/*! x */', 'mysql').features.versionedComment).toBe(false);
  });

  it('MySQL -- is a comment only before whitespace or a control character; SQLite -- always is', () => {
    expect(texts('SELECT 1 --1; DROP TABLE users')).toEqual(['SELECT 1 - -1', 'DROP TABLE users']);
    expect(texts('SELECT 1 --\t; DROP TABLE users')).toEqual(['SELECT 1']);
    expect(texts('SELECT 1 --')).toEqual(['SELECT 1']);
    expect(texts('SELECT 1 --1; DROP TABLE users', 'sqlite')).toEqual(['SELECT 1']);
    expect(texts("SELECT '--1; x', \"--\" FROM `a--b`")).toEqual(["SELECT '--1; x', \"--\" FROM `a--b`"]);
  });

  it('SQLite strings have no backslash escapes: the literal ends where SQLite ends it', () => {
    expect(texts("SELECT 'a\\'; DROP TABLE users; --'", 'sqlite')).toEqual(["SELECT 'a\\\\'", 'DROP TABLE users']);
    expect(texts('SELECT [a b] FROM t', 'sqlite')).toEqual(['SELECT `a b` FROM t']);
    expect(readGenericSql('SELECT #x', 'sqlite').refused).toMatch(/#/);
  });

  it('MySQL backslash escapes depend on sql_mode; each mode that changes the text is read', () => {
    const features = readGenericSql("SELECT 'a\\'; DROP TABLE users; -- '", 'mysql').features;
    expect(features).toEqual({ backslashInString: true, backslashInDoubleQuoted: false, versionedComment: false });
    const [noEscapes] = otherMysqlModes(features);
    expect(noEscapes).toEqual({ backslashEscapes: false, ansiQuotes: false, versionedComments: true });
    expect(texts("SELECT 'a\\'; DROP TABLE users; -- '")).toEqual(["SELECT 'a\\'; DROP TABLE users; -- '"]);
    expect(texts("SELECT 'a\\'; DROP TABLE users; -- '", 'mysql', noEscapes)).toEqual(["SELECT 'a\\\\'", 'DROP TABLE users']);
    expect(describeMysqlMode(noEscapes!)).toBe('on a server with sql_mode NO_BACKSLASH_ESCAPES');
    expect(otherMysqlModes({ backslashInString: false, backslashInDoubleQuoted: false, versionedComment: false })).toEqual([]);
    // ANSI_QUOTES: "…" is an identifier, which no backslash escapes.
    expect(texts('SELECT "a\\"; DROP TABLE users; -- "', 'mysql', { ...DEFAULT_MYSQL_MODE, ansiQuotes: true })).toEqual(['SELECT `a\\`', 'DROP TABLE users']);
  });

  it('marks what the server refuses: unterminated literals, and stray backslashes', () => {
    const [statement] = readGenericSql("SELECT 'it\\'s'", 'mysql', { ...DEFAULT_MYSQL_MODE, backslashEscapes: false }).statements;
    expect(statement).toMatchObject({ unterminated: true });
    expect(readGenericSql("SELECT 'a' don\\ 'b'", 'mysql').statements[0]).toMatchObject({ strayBackslash: true });
    expect(readGenericSql('SELECT \\N', 'mysql').statements[0]).toMatchObject({ strayBackslash: false });
    expect(readGenericSql('SELECT 1 /*! /* */ */', 'mysql').refused).toMatch(/executable comment/);
  });
});
